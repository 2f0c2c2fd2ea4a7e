"""Pydantic models of what kg reads and extracts.

Data flows one way: ``Article`` -> spaCy ``Doc`` -> ``Extraction`` -> quads. Every extracted
fact keeps ``Mention`` spans: character offsets into ``Article.text`` (title + blank line + body).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, Field

EventType = Literal[
    "summit", "visit", "meeting", "talks", "forum", "commission_session", "news_conference",
    "interview", "exercise", "signing", "delivery", "other",
]
EntityKind = Literal["person", "country", "weapon"]


class Mention(BaseModel):
    """A span of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


class Article(BaseModel):
    """One news article as read from a file, a URL or a JSON line."""

    source: str = Field(description="path or URL it was read from; content hash when neither")
    title: str = ""
    body: str
    date: dt.date | None = None
    url: str | None = None
    publisher: str | None = None

    @property
    def text(self) -> str:
        """The analysed text: the title, a blank line, then the body."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def body_start(self) -> int:
        """Offset in ``text`` where the body begins (statements come from the body only)."""
        return len(self.title) + 2 if self.title else 0

    @property
    def content_hash(self) -> str:
        """SHA-256 of the normalised content: tells whether an article changed."""
        norm = " ".join(f"{self.title}\n{self.body}".split())
        meta = f"{self.date}|{self.url}|{self.publisher}"
        return hashlib.sha256(f"{meta}\n{norm}".encode()).hexdigest()


class Entity(BaseModel):
    """A Person, Country or WeaponSystem as found in one article."""

    kind: EntityKind
    key: str = Field(description="identity across articles: 'Q…' when known, else a slug")
    name: str = Field(description="canonical (fullest) name")
    wikidata: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    confidence: float = 1.0


class RoleObservation(BaseModel):
    """An office a person was seen holding, e.g. Russia's defence minister on 2018-12-13."""

    office: str
    country: str | None = None
    observed: dt.date | None = None


class Person(Entity):
    kind: EntityKind = "person"
    roles: list[RoleObservation] = Field(default_factory=list)


class Country(Entity):
    kind: EntityKind = "country"


class WeaponSystem(Entity):
    kind: EntityKind = "weapon"
    category: str | None = None


class Statement(BaseModel):
    """Something a person said: a direct quotation or a reported (indirect) claim."""

    text: str
    direct: bool
    speaker: str | None = Field(default=None, description="key of a Person, None when unknown")
    cue: str | None = Field(default=None, description="lemma of the speech verb, e.g. 'say'")
    span: Mention = Field(description="the quoted or reported words")
    sentence: Mention = Field(description="the sentence(s) that carry the evidence")
    mentions: list[str] = Field(default_factory=list, description="entity keys inside the text")
    event: str | None = Field(default=None, description="key of the Event it was said at")
    confidence: float = 1.0


class Event(BaseModel):
    """A specific, dated or named occurrence: a summit, a visit, talks, a signing, ..."""

    key: str
    name: str
    type: EventType = "other"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    location: str | None = None
    location_country: str | None = Field(default=None, description="key of the place's Country")
    participants: list[str] = Field(default_factory=list, description="Person/Country keys")
    trigger: Mention
    sentence: Mention
    confidence: float = 1.0


class Extraction(BaseModel):
    """Everything extracted from one article."""

    article: Article
    persons: list[Person] = Field(default_factory=list)
    countries: list[Country] = Field(default_factory=list)
    weapons: list[WeaponSystem] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)

    def entities(self) -> list[Entity]:
        return [*self.persons, *self.countries, *self.weapons]
