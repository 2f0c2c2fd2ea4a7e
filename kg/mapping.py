"""The mapping layer: an ``Extraction`` becomes quads in its article's named graph."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg import vocab as V
from kg.iris import IriMinter
from kg.models import Entity, Event, Extraction, Mention, Person, Statement, WeaponSystem

_CLASS = {"person": V.PERSON, "country": V.COUNTRY, "weapon": V.WEAPON_SYSTEM}


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=V.XSD_INTEGER)


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=V.XSD_DECIMAL)


def _date(value) -> Literal:
    return Literal(value.isoformat(), datatype=V.XSD_DATE)


class _GraphWriter:
    """Collects the triples of one article graph, with the IRIs of its entities."""

    def __init__(self, extraction: Extraction, minter: IriMinter, run: NamedNode | None) -> None:
        self.x = extraction
        self.minter = minter
        self.run = run
        self.article = minter.article(extraction.article.source)
        self.quads: list[Quad] = []
        self.entity_iri: dict[str, NamedNode] = {
            e.key: minter.entity(e.kind, e.key) for e in extraction.entities()
        }

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, p, o, self.article))

    def evidence(
        self,
        span: Mention,
        sentence: Mention | None = None,
        kind: str = "m",
        confidence: float | None = None,
    ) -> NamedNode:
        """A span of this article: its words and offsets, and the sentence around it.

        The confidence sits on the span too: a Statement or Event reported by several
        articles has one confidence per article, and only the span says which is whose.
        """
        node = self.minter.mention(self.article, span.start, span.end, kind)
        self.add(node, V.RDF_TYPE, V.MENTION)
        self.add(node, V.IN_ARTICLE, self.article)
        self.add(node, V.ANCHOR, Literal(span.text))
        self.add(node, V.START_CHAR, _int(span.start))
        self.add(node, V.END_CHAR, _int(span.end))
        if sentence is not None:
            self.add(node, V.SENTENCE, Literal(sentence.text))
            self.add(node, V.SENTENCE_START, _int(sentence.start))
            self.add(node, V.SENTENCE_END, _int(sentence.end))
        if confidence is not None:
            self.add(node, V.CONFIDENCE, _decimal(confidence))
        self.add(self.article, V.HAS_MENTION, node)
        return node

    def write_article(self) -> None:
        a, art = self.x.article, self.article
        self.add(art, V.RDF_TYPE, V.ARTICLE)
        self.add(art, V.DC_SOURCE, Literal(a.source))
        if a.title:
            self.add(art, V.DC_TITLE, Literal(a.title))
        if a.date:
            self.add(art, V.DC_DATE, _date(a.date))
        if a.publisher:
            self.add(art, V.DC_PUBLISHER, Literal(a.publisher))
        if a.url:
            self.add(art, V.DC_IDENTIFIER, Literal(a.url))
        self.add(art, V.CONTENT_HASH, Literal(a.content_hash))
        if self.run is not None:
            self.add(art, V.PROV_GENERATED_BY, self.run)

    def write_entity(self, e: Entity) -> None:
        node = self.entity_iri[e.key]
        self.add(node, V.RDF_TYPE, _CLASS[e.kind])
        self.add(node, V.RDFS_LABEL, Literal(e.name))
        for alias in sorted(set(e.aliases) - {e.name}):
            self.add(node, V.SKOS_ALT_LABEL, Literal(alias))
        if e.wikidata:
            self.add(node, V.OWL_SAME_AS, NamedNode(V.WD + e.wikidata))
        if isinstance(e, WeaponSystem) and e.category:
            self.add(node, V.CATEGORY, Literal(e.category))
        self.add(self.article, V.MENTIONS, node)
        for m in e.mentions:
            mention = self.evidence(m, confidence=e.confidence)
            self.add(mention, V.REFERS_TO, node)
        if isinstance(e, Person):
            for role in e.roles:
                holding = self.minter.office_holding(node, role.office, role.country)
                self.add(node, V.HELD_OFFICE, holding)
                self.add(holding, V.RDF_TYPE, V.OFFICE_HOLDING)
                self.add(holding, V.OFFICE, Literal(role.office))
                if role.country and role.country in self.entity_iri:
                    self.add(holding, V.OFFICE_COUNTRY, self.entity_iri[role.country])
                elif role.country:
                    self.add(holding, V.OFFICE_COUNTRY, self.minter.entity("country", role.country))
                if role.observed:
                    self.add(holding, V.OBSERVED_ON, _date(role.observed))

    def write_event(self, ev: Event) -> NamedNode:
        node = self.minter.event(ev.key)
        self.add(node, V.RDF_TYPE, V.EVENT)
        self.add(node, V.RDFS_LABEL, Literal(ev.name))
        self.add(node, V.EVENT_TYPE, V.EVENT_TYPES[ev.type])
        if ev.start_date:
            self.add(node, V.START_DATE, _date(ev.start_date))
        if ev.end_date:
            self.add(node, V.END_DATE, _date(ev.end_date))
        if ev.location:
            place = self.minter.place(ev.location)
            self.add(node, V.LOCATION, place)
            self.add(place, V.RDF_TYPE, V.PLACE)
            self.add(place, V.RDFS_LABEL, Literal(ev.location))
            if ev.location_country and ev.location_country in self.entity_iri:
                self.add(place, V.LOCATED_IN, self.entity_iri[ev.location_country])
        for key in ev.participants:
            if key in self.entity_iri:
                self.add(node, V.PARTICIPANT, self.entity_iri[key])
        self.add(node, V.PROV_DERIVED_FROM, self.article)
        self.add(node, V.CONFIDENCE, _decimal(ev.confidence))
        self.add(node, V.EVIDENCE, self.evidence(ev.trigger, ev.sentence, "e", ev.confidence))
        self.add(self.article, V.MENTIONS, node)
        return node

    def write_statement(self, st: Statement, events: dict[str, NamedNode]) -> None:
        node = self.minter.statement(st.speaker, st.text, st.direct)
        self.add(node, V.RDF_TYPE, V.STATEMENT)
        self.add(node, V.TEXT, Literal(st.text))
        self.add(node, V.DIRECT, Literal("true" if st.direct else "false", datatype=V.XSD_BOOLEAN))
        if st.speaker and st.speaker in self.entity_iri:
            self.add(node, V.SPEAKER, self.entity_iri[st.speaker])
        if st.cue:
            self.add(node, V.CUE, Literal(st.cue))
        for key in st.mentions:
            if key in self.entity_iri:
                self.add(node, V.MENTIONS, self.entity_iri[key])
        if st.event and st.event in events:
            self.add(node, V.SAID_AT, events[st.event])
        if self.x.article.date:
            self.add(node, V.DC_DATE, _date(self.x.article.date))
        self.add(node, V.PROV_DERIVED_FROM, self.article)
        self.add(node, V.CONFIDENCE, _decimal(st.confidence))
        self.add(node, V.EVIDENCE, self.evidence(st.span, st.sentence, "s", st.confidence))


def to_quads(
    extraction: Extraction, minter: IriMinter | None = None, run: NamedNode | None = None
) -> list[Quad]:
    """All quads of one article, in the named graph whose IRI is the article's IRI."""
    w = _GraphWriter(extraction, minter or IriMinter(), run)
    w.write_article()
    for entity in extraction.entities():
        w.write_entity(entity)
    events = {ev.key: w.write_event(ev) for ev in extraction.events}
    for st in extraction.statements:
        w.write_statement(st, events)
    return _unique(w.quads)


def _unique(quads: list[Quad]) -> list[Quad]:
    seen: set[Quad] = set()
    return [q for q in quads if not (q in seen or seen.add(q))]


def iter_article_quads(extractions: list[Extraction], minter: IriMinter) -> Iterator[Quad]:
    for x in extractions:
        yield from to_quads(x, minter)
