"""Article -> Extraction: the NLP stage, a function of its input with no global state."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.entities import find_entities
from kg.events import find_events, link_statements
from kg.gazetteer import Gazetteer
from kg.models import Article, Extraction
from kg.quotes import find_statements


def extract_doc(doc: Doc, article: Article, gazetteer: Gazetteer) -> Extraction:
    """Everything kg finds in one parsed article."""
    persons, countries, weapons = find_entities(doc, article, gazetteer)
    entities = [*persons, *countries, *weapons]
    statements = find_statements(doc, article, persons, entities)
    events = find_events(doc, article, persons, countries)
    statements = link_statements(statements, events)
    return Extraction(
        article=article, persons=persons, countries=countries, weapons=weapons,
        events=events, statements=statements,
    )


class Extractor:
    """Holds the loaded model and gazetteer; feeds articles through ``nlp.pipe`` in batches."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, batch_size: int = 16) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.batch_size = batch_size

    def extract(self, article: Article) -> Extraction:
        return extract_doc(self.nlp(article.text), article, self.gazetteer)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
        """Parsed docs in input order; extraction itself is left to the caller so that one
        article's failure does not stop the batch."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield article, doc
