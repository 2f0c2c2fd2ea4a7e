"""The one place that mints IRIs for resources.

One real-world entity gets one IRI in every article: from its Wikidata ID when known, else
from its normalised canonical name.

>>> minter = IriMinter("https://w3id.org/kg-news/resource/")
>>> minter.entity("person", "Q7747").value
'https://w3id.org/kg-news/resource/person/Q7747'
>>> minter.entity("weapon", "S-400 Triumf").value
'https://w3id.org/kg-news/resource/weapon/s-400-triumf'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid

from pyoxigraph import NamedNode

from kg.vocab import RESOURCE

_QID = re.compile(r"^Q\d+$")


def slugify(name: str) -> str:
    """Lowercase ASCII words joined by hyphens: 'Sergei Shoigu' -> 'sergei-shoigu'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"^the\s+", "", ascii_name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


def short_hash(*parts: str, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:length]


def normalise_text(text: str) -> str:
    """Words of a quotation, lowercased, without punctuation: the identity of what was said."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text))


class IriMinter:
    """Mints resource IRIs under a base (``KG_BASE_IRI``)."""

    def __init__(self, base: str = RESOURCE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    def article(self, source: str) -> NamedNode:
        return self._iri(f"article/{short_hash(source)}")

    def entity(self, kind: str, key: str) -> NamedNode:
        local = key if _QID.match(key) else slugify(key)
        return self._iri(f"{kind}/{local}")

    def statement(self, speaker_key: str | None, text: str, direct: bool) -> NamedNode:
        """Same speaker and same words (ignoring case and punctuation) -> same Statement."""
        kind = "q" if direct else "r"
        return self._iri(f"statement/{short_hash(speaker_key or '', normalise_text(text), kind)}")

    def event(self, key: str) -> NamedNode:
        return self._iri(f"event/{short_hash(key)}")

    def place(self, name: str) -> NamedNode:
        return self._iri(f"place/{slugify(name)}")

    def mention(self, article: NamedNode, start: int, end: int, kind: str = "m") -> NamedNode:
        """A span of one article; ``kind`` keeps entity, quote and event spans apart."""
        return NamedNode(f"{article.value}/{kind}/{start}-{end}")

    def office_holding(self, person: NamedNode, office: str, country: str | None) -> NamedNode:
        return NamedNode(f"{person.value}/office/{slugify(office)}-{slugify(country or 'x')}")

    def run(self) -> NamedNode:
        return self._iri(f"run/{uuid.uuid4()}")

    def runs_graph(self) -> NamedNode:
        return self._iri("runs")

    def agent(self) -> NamedNode:
        return self._iri("agent/kg")
