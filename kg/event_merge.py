"""Event candidates of one article and how they merge: mentions of the same event are one
event, a visit and the summit held during it stay two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Span, Token

from kg.event_names import fold, proper_words


@dataclass
class Candidate:
    """One mention of a possible event: its trigger, and what the sentence says about it."""

    type: str
    head: Token
    start: int  # token index of the trigger's first token
    end: int
    sent: Span
    name: str | None = None
    label: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    location: str | None = None
    place_country: str | None = None
    participants: list[str] = field(default_factory=list)
    anchored: list[str] = field(default_factory=list)  # participants tied by syntax
    anchored_persons: set[str] = field(default_factory=set)
    definite: bool = False
    specific: bool = False
    month: int | None = None  # 'a September conversation': the month, when no day is known


def _compatible(a: Candidate, b: Candidate) -> bool:
    if a.type != b.type:
        return False
    if a.type == "other" and _family(a) != _family(b):
        return False  # a war and an attack are both 'other' but never one event
    if a.start_date and b.start_date and a.start_date != b.start_date:
        return False
    month_a = a.start_date.month if a.start_date else a.month
    month_b = b.start_date.month if b.start_date else b.month
    if month_a and month_b and month_a != month_b:
        return False  # 'a September conversation' is not the July 25 call
    if a.name and b.name and fold(a.name) != fold(b.name):
        return not _distinct_names(a.name, b.name)
    if a.location and b.location:
        la, lb = fold(a.location), fold(b.location)
        same_country = a.place_country is not None and a.place_country == b.place_country
        return la in lb or lb in la or same_country
    return True


def _family(cand: Candidate) -> str:
    """The trigger word without plural: 'attacks' and 'attack' tell the same kind of event."""
    lemma = cand.head.lemma_.lower()
    if lemma == "ceremony":  # 'induction ceremony': the kind is the first word
        lemma = cand.head.doc[cand.start].lemma_.lower()
    return {"conflict": "war", "airstrike": "strike", "airshow": "show", "exhibition": "show",
            "expo": "show", "commission": "commissioning", "induct": "induction",
            "fly-past": "induction", "flypast": "induction", "test": "launch",
            "test-fire": "launch"}.get(lemma, lemma)


def _distinct_names(a: str, b: str) -> bool:
    """'BRICS summit' and 'G20 summit' differ; 'Kavkaz-2020 exercise' and 'Kavkaz-2020 military
    exercises', 'ongoing Ukraine war' and 'Ukraine conflict' do not: the proper words of one
    are among the other's."""
    pa, pb = proper_words(a), proper_words(b)
    if pa and pb:
        return not (pa <= pb or pb <= pa)
    ta, tb = set(fold(a).split()), set(fold(b).split())
    return not (ta <= tb or tb <= ta)


def _same_event(cluster: list[Candidate], cand: Candidate) -> bool:
    """Whether ``cand`` tells the event ``cluster`` already holds."""
    if not all(_compatible(c, cand) for c in cluster):
        return False
    first = cluster[0]
    if cand.start_date and any(c.start_date == cand.start_date for c in cluster):
        return True
    if any(_governs(c.head, cand.head) or _governs(cand.head, c.head) for c in cluster):
        return True  # 'arrived in India for a State Visit': the verb and its noun
    mentioned = cand.definite or any(c.dep_ == "poss" for c in cand.head.children)
    if mentioned and cand.type != "other" and not cand.name and not cand.start_date and (
        cand.anchored and set(cand.anchored) <= {
            k for c in cluster for k in [*c.anchored, c.place_country]}
    ):
        return True  # 'India's ships joined the drills': the drills already told
    if cand.name and any(c.name and not _distinct_names(c.name, cand.name) for c in cluster):
        return True
    if any(_place_in_name(a, b) or _place_in_name(b, a) for c in cluster for a, b in ((c, cand),)):
        return True  # 'Macron's Gulf trip' ... 'a visit to the Gulf'; 'Niger coup', 'coup in Niger'

    placed = cand.location is None or any(c.location for c in cluster) or not first.name
    bare = not cand.name and not cand.anchored
    if bare and cand.definite and placed:
        return True  # 'the summit', 'the visit': the last one of that type
    if bare and not cand.location:
        return True  # 'negotiations ... today': a later, barer mention of the same event
    if cand.type == "other" and cand.anchored and any(
        set(c.anchored) == set(cand.anchored) for c in cluster
    ):
        return True  # 'the Ukraine war' ... 'the Ukraine conflict': one war, the same parties
    if cand.type == "exercise" and cand.anchored and not cand.name and any(
            set(c.anchored) == set(cand.anchored) for c in cluster):
        return True  # "China's drills" told twice: one country's unnamed drills are one
    shared = set(cand.anchored) & {k for c in cluster for k in c.anchored}
    shared_persons = cand.anchored_persons & {k for c in cluster for k in c.anchored_persons}
    if (shared_persons or len(shared) >= 2) and (not cand.name or not first.name):
        return True
    return bool(cand.location and any(c.location == cand.location for c in cluster))


def _place_in_name(named: Candidate, placed: Candidate) -> bool:
    """The place of one mention is a proper word of the other's name ('Gulf trip', 'Gulf')."""
    if not named.name or not placed.location or named.location:
        return False
    return fold(placed.location) in proper_words(named.name) or fold(placed.location) in {
        fold(w) for w in proper_words(named.name)}


def _governs(verb: Token, noun: Token) -> bool:
    """'arrived ... for a visit', 'met ... at a meeting': the noun restates the verb's event."""
    if verb.pos_ != "VERB" or noun.pos_ not in ("NOUN", "PROPN"):
        return False
    return noun.head is verb or (noun.dep_ == "pobj" and noun.head.head is verb)


def merge(cands: list[Candidate], country_keys: set[str]) -> list[list[Candidate]]:
    clusters: list[list[Candidate]] = []
    for cand in cands:
        for cluster in reversed(clusters):
            if _same_event(cluster, cand):
                cluster.append(cand)
                break
        else:
            clusters.append([cand])
    kept = [c for c in clusters if any(m.specific for m in c)]
    return _absorb_talks(kept, country_keys)


def _absorb_talks(
    clusters: list[list[Candidate]], country_keys: set[str]
) -> list[list[Candidate]]:
    """Talks between the same two persons as a meeting are that meeting ('held talks with')."""
    meetings = [c for c in clusters if c[0].type == "meeting"]
    out: list[list[Candidate]] = []
    for cluster in clusters:
        host = None
        if cluster[0].type == "talks":
            persons = {k for m in cluster for k in m.anchored if k not in country_keys}
            for meeting in meetings:
                theirs = {k for m in meeting for k in m.anchored if k not in country_keys}
                dates = {m.start_date for m in [*meeting, *cluster] if m.start_date}
                if len(persons & theirs) >= 2 and len(dates) <= 1:
                    host = meeting
                    break
        if host is None:
            out.append(cluster)
        else:
            host.extend(cluster)
    return out
