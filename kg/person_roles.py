"""Role phrases and whom they mean: 'the Russian leader', "Russia's defense chief", 'the
ambassador' join the person of the article they stand for -- by title, apposition, the office
the gazetteer says the person holds on the article's date, or an earlier phrase -- and never
make a person of their own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.countries import CountryMention
from kg.entity_support import (
    government_seats,
    is_capitalised,
    is_possessive,
    quoted_spans,
    role_groups,
    role_kind_words,
    role_kinds,
    title_words,
)
from kg.gazetteer import Gazetteer
from kg.models import Article
from kg.person_clusters import Cluster, link
from kg.person_names import APPOS_WINDOW, Name, NameFinder

# words that make a role someone else's: a "Deputy Defence Minister" is not the defence minister
SUBORDINATE = frozenset({"vice", "deputy", "former", "ex", "assistant", "under", "junior"})
# a role phrase points back at most this many paragraphs ("the spokesman" -> Peskov)
ROLE_WINDOW = 3
INDEFINITE = frozenset({"a", "an", "another"})
POSSESSIVE_DETS = frozenset({"his", "her", "its", "their"})
ROLE_DETERMINERS = POSSESSIVE_DETS | {"the"}  # what opens a role phrase ("the/his minister")
RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
# words that qualify a role phrase without naming the role ("the senior diplomat")
LOOSE_MODIFIERS = frozenset({"senior", "top", "new", "current", "then", "acting", "incumbent"})


@dataclass(frozen=True)
class _RolePhrase:
    """'the Kremlin spokesman': tokens ``start:end``, the office or role group it names, the
    country, its head word and title words, and whether it is a lesser role ('the deputy
    minister')."""

    start: int
    end: int
    office: str | None
    country: str | None
    group: str | None
    head: str
    words: frozenset[str]
    subordinate: bool


class RoleResolver:
    """The role phrases of one article and the persons they stand for."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        gazetteer: Gazetteer,
        countries: list[CountryMention],
        names: NameFinder,
    ) -> None:
        self.doc = doc
        self.article = article
        self.gazetteer = gazetteer
        self.names = names
        self.country_at = {i: c for c in countries for i in range(c.start, c.end)}
        self.titles = title_words()
        self.offices = _office_nouns(gazetteer)
        self.name_token_set: set[int] = set()
        self.title_token_set: set[int] = set()
        self.quotes = quoted_spans(article.text, article.body_start)
        self._unnamed: list[tuple[int, str]] | None = None
        self.paragraph_starts = [0] + [m.start() for m in re.finditer(r"(?<=\n)[^\n]",
                                                                       article.text)]

    def add_role_phrases(self, clusters: list[Cluster]) -> None:
        """Attach 'the Russian leader', "Russia's defense chief", 'the ambassador' to the person
        of the article they stand for; never make a person from them."""
        for c in clusters:
            entry = link(c, self.gazetteer)
            held = self.gazetteer.offices_of(entry.key, self.article.date) if entry else []
            if self.article.date is not None:
                c.held = held
            if entry is not None and entry.country:
                c.countries.add(entry.country)
            for n in c.names:
                if n.title:
                    c.words.update(_title_words(n.title))
                    role = self._role_of_title(n)
                    if role is not None and role[1] is None:
                        # "President Trump": the gazetteer knows which country's president
                        role = next(((o, k) for o, k in held if o == role[0]), role)
                    if role is not None:
                        c.roles.append(role)
                self._describe(c, n)
            c.countries.update(k for _, k in (*c.roles, *c.held, *c.described) if k)
        self.name_token_set = {i for c in clusters for n in c.names for i in range(n.start, n.end)}
        # a title already belongs to the name it stands before ("Deputy Defence Minister Col
        # General X"): no word of it opens a role phrase of its own
        self.title_token_set = {
            i for c in clusters for n in c.names for i in range(n.mstart, n.start)
        }
        # every mention so far, names and resolved phrases; _latest picks the ones a phrase
        # may point back to
        seen = [(n.mstart, n.end, c) for c in clusters for n in c.names]
        for phrase in self._role_phrases():
            target = self._resolve_role(phrase, clusters, seen)
            if target is None:
                continue
            target.phrases.append((phrase.start, phrase.end))
            target.words.update(phrase.words)
            if phrase.office and not phrase.subordinate:
                target.roles.append((phrase.office, phrase.country))
            seen.append((phrase.start, phrase.end, target))

    def _antecedent_at(self, i: int, phrase: int) -> bool:
        """Whether a mention at token ``i`` may be what a role phrase at token ``phrase``
        points back to: outside quotations, unless the phrase is quoted too."""
        return not self._quoted(self.doc[i].idx) or self._quoted(self.doc[phrase].idx)

    def _quoted(self, offset: int) -> bool:
        k = bisect.bisect_right(self.quotes, (offset, float("inf"))) - 1
        return k >= 0 and self.quotes[k][0] <= offset < self.quotes[k][1]

    def _paragraph(self, i: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, self.doc[i].idx) - 1

    def _describe(self, cluster: Cluster, name: Name) -> None:
        """Read an apposition after a name ('Dmitry Peskov, the press secretary of the
        President of Russia,', 'X, Russia's deputy foreign minister,') into the cluster's role
        words, offices and countries."""
        doc = self.doc
        i = name.end
        if i + 1 >= len(doc) or doc[i].text != "," or not (
            doc[i + 1].pos_ == "DET" or doc[i + 1].i in self.country_at
            or doc[i + 1].lower_.rstrip(".") in self.titles
        ):
            return
        words: set[str] = set()
        office, country, complement = None, None, False
        end = i + 1
        while end < min(len(doc), i + 1 + APPOS_WINDOW * 2) and not (
            doc[end].is_punct or doc[end].is_space or doc[end].pos_ in ("VERB", "AUX")
            or doc[end].lower_ in RELATIVE
        ):
            end += 1
        if end >= len(doc) or not (doc[end].text in (",", ".", ";", ")") or doc[end].is_space):
            return  # "Blinken, Qatari PM say ...": a list of subjects, no apposition
        for j in range(i + 1, end):
            tok = doc[j]
            if j in self.country_at:
                country = country or self.country_at[j].entry.id
                continue
            if is_possessive(tok):
                words.clear()  # "X, the Russian president's aide": the president is another
                office = None
                continue
            if tok.lower_ in ("of", "to"):
                complement = True  # "press secretary of the President": not his own office
            if complement:
                continue
            word = tok.lower_.rstrip(".")
            if word in self.titles or word in role_groups() or word in role_kind_words():
                words.add(word)
            found, _ = self._office_at(j)
            if found and office is None:
                office = found
        if not words:
            return
        cluster.words.update(words)
        if office is not None and not words & SUBORDINATE:
            cluster.described.append((office, country))
        if country is not None:
            cluster.countries.add(country)

    def _role_phrases(self) -> list[_RolePhrase]:
        """Each role phrase without a name, in text order."""
        doc = self.doc
        out = []
        covered: set[int] = set()  # the rest of an office noun already read ("prime minister")
        kinds = role_kinds()
        groups = role_groups()
        for tok in doc:
            low = tok.lower_
            if low not in self.offices and low not in groups and low not in kinds:
                continue
            if tok.i in self.name_token_set or tok.i in self.title_token_set or tok.i in covered:
                continue
            office, n_words = self._office_at(tok.i)
            group = None
            if office is None:
                group = groups.get(low)
                if group is None and low in kinds and tok.pos_ == "NOUN":
                    group = low
            if office is None and group is None:
                continue
            end = tok.i + n_words if office else tok.i + 1
            covered.update(range(tok.i, end))
            head = doc[end - 1].lower_
            if end < len(doc) and (self.names.name_start_token(doc[end]) or doc[end].text == "("):
                continue  # a title: "President Putin"
            while end < len(doc) and doc[end].is_lower and self.titles.get(doc[end].lower_) == (
                "head"
            ):
                end += 1  # "the director general"
            if end < len(doc) and doc[end].is_lower and doc[end].pos_ == "NOUN":
                continue  # a modifier: "the chief guest"
            after_country = None
            if end < len(doc) and doc[end].lower_ in ("of", "to"):
                after_country = self._complement_country(end + 1)
                if after_country is None:
                    continue  # "the head of Rosneft", "ambassador to the EU"
            start, country = self._role_start(tok.i)
            if start is None and tok.i > 0 and doc[tok.i - 1].lower_.rstrip(".") in self.titles:
                continue  # the end of a longer title: "Deputy Defense Minister of Russia"
            if after_country is not None:
                start = tok.i if start is None else start
                country = country or after_country[0]
                end = after_country[1]
            if start is None:
                continue
            words = {doc[i].lower_.rstrip(".") for i in range(start, tok.i + max(n_words, 1))}
            words = {w for w in words if w not in LOOSE_MODIFIERS and (
                w in self.titles or w in groups or w in kinds or w in self.offices)}
            words.add(head)
            out.append(_RolePhrase(
                start, end, office, country, group, head, frozenset(words),
                self._subordinate(start, tok.i),
            ))
        return out

    def _complement_country(self, i: int) -> tuple[str, int] | None:
        """The country a role's complement names and where it ends: 'of Russia', 'to India',
        'of the President of the Russian Federation'; None for any other complement."""
        doc = self.doc
        for _ in range(2):
            if i < len(doc) and doc[i].lower_ == "the" and i not in self.country_at:
                i += 1
            if i in self.country_at:
                mention = self.country_at[i]
                return mention.entry.id, mention.end
            # "of the President of ...": a title standing for the office holder's office
            j = i
            while j < len(doc) and doc[j].lower_ != "of" and (
                doc[j].lower_.rstrip(".") in self.titles
            ):
                j += 1
            if j == i or j >= len(doc) or doc[j].lower_ != "of":
                return None
            i = j + 1
        return None

    def _subordinate(self, start: int, head: int) -> bool:
        """Whether the title run before a role head makes it a lesser or past role: 'Russia
        Deputy Defence Minister', 'the former prime minister', 'Vice Foreign Minister'."""
        doc = self.doc
        if any(doc[i].lower_.rstrip(".") in SUBORDINATE for i in range(start, head)):
            return True
        if doc[start].lower_ in ROLE_DETERMINERS:
            return False
        i = start - 1
        while i >= 0 and doc[i].lower_.rstrip(".") in self.titles:
            if doc[i].lower_.rstrip(".") in SUBORDINATE:
                return True
            i -= 1
        return False

    def _office_at(self, i: int) -> tuple[str | None, int]:
        doc = self.doc
        for office, noun in self.offices.get(doc[i].lower_, ()):
            n = len(noun)
            if tuple(t.lower_ for t in doc[i : i + n]) == noun:
                if i > 0 and doc[i - 1].lower_ in ("vice", "deputy", "former", "ex", "-"):
                    return None, 0
                return office, n
        return None, 0

    def _role_start(self, i: int) -> tuple[int | None, str | None]:
        """Start of the role phrase whose head word is at ``i`` and the country it names;
        None when the head has no determiner or country word before it."""
        doc = self.doc
        j = i
        country = None
        seats = government_seats()
        while j > 0:
            prev = doc[j - 1]
            if prev.i in self.country_at:
                country = self.country_at[prev.i].entry.id
                j = self.country_at[prev.i].start
                continue
            if is_possessive(prev) and j - 2 >= 0 and doc[j - 2].i in self.country_at:
                j -= 1
                continue
            if prev.lower_ in ("new", "top", "chief", "current", "then", "acting", "incumbent"):
                j -= 1
                continue
            word = prev.lower_.rstrip(".")
            if word in ("of", "for"):
                break  # "the inauguration of Iran's new president"
            if word in SUBORDINATE or self.titles.get(word) == "modifier":
                j -= 1
                continue
            if (is_capitalised(prev) and prev.is_alpha and j - 1 > prev.sent.start
                    and prev.pos_ == "PROPN" and prev.i not in self.name_token_set):
                country = country or seats.get(prev.text)
                j -= 1  # "the Rosatom CEO", "the Kremlin spokesman"
                continue
            break
        if j > 0 and doc[j - 1].lower_ in ROLE_DETERMINERS:
            return j - 1, country
        if j > 0 and (doc[j - 1].lower_ in INDEFINITE or doc[j - 1].pos_ == "NUM"):
            return None, None  # "a Russian official", "two US officials": someone unnamed
        if country is not None:
            return j, country
        return None, None

    def _resolve_role(
        self, phrase: _RolePhrase, clusters: list[Cluster], seen: list[tuple[int, int, Cluster]],
    ) -> Cluster | None:
        found = self._resolve_back(phrase, clusters, seen)
        if found is None and not phrase.subordinate:
            found = self._named_next_in_lede(phrase, clusters)
        return found

    def _named_next_in_lede(self, phrase: _RolePhrase, clusters: list[Cluster]) -> Cluster | None:
        """A delayed identification: 'The Japanese minister in charge of Okinawa said ...' in
        the first paragraph, with nobody named before it, and the minister named as the
        subject opening the next paragraph ('Ichita Yamamoto, in Manila ..., said')."""
        doc = self.doc
        # 'The Japanese minister ... said', or headline style 'Russian ambassador to India said'
        if (doc[phrase.start].lower_ != "the" and not self._opens_sentence(phrase)) or (
                self._quoted(doc[phrase.start].idx)):
            return None
        body = next((t.i for t in doc if t.idx >= self.article.body_start), None)
        if body is None or self._paragraph(phrase.start) != self._paragraph(body):
            return None
        names = sorted((n.mstart, n.end, c) for c in clusters for n in c.names
                       if n.mstart >= body)
        if not names or names[0][0] < phrase.start:
            return None
        start, end, cluster = names[0]
        if self._paragraph(start) != self._paragraph(phrase.start) + 1:
            return None
        if start != doc[start].sent.start or not self._is_subject(start, end):
            return None
        kind = role_kinds().get(phrase.head, frozenset()) | {phrase.head}
        roles = cluster.words | {o for o, _ in cluster.all_roles}
        if roles and not (roles & kind or phrase.office in roles):
            return None  # titled otherwise: not the one the phrase describes
        if not self._country_fits(cluster, phrase.country):
            return None
        return cluster

    def _resolve_back(
        self, phrase: _RolePhrase, clusters: list[Cluster], seen: list[tuple[int, int, Cluster]],
    ) -> Cluster | None:
        """The person a role phrase means: the one named last before it (outside quotations,
        within a few paragraphs) whose title, description or office fits it; failing that, for
        a phrase that names its country, the one person titled so or the office's holder on the
        article's date."""
        named = self._apposed_name(phrase.end, clusters, opens=self._opens_sentence(phrase))
        if named is not None:
            return named  # "the Defence Secretary, Ajay Kumar,"
        if phrase.subordinate:
            # "the deputy minister" is someone named with that title, never the minister
            fits = [c for c in clusters if phrase.words <= c.words]
            return self._latest(fits, phrase, seen)
        if phrase.office is None:
            kind = role_kinds().get(phrase.head, frozenset())
            fits = [c for c in clusters if self._country_fits(c, phrase.country) and (
                any(role_groups().get(w) == phrase.group for w in c.words)
                or (c.words | {o for o, _ in c.all_roles}) & kind
            )]
            return self._latest(fits, phrase, seen) or self._only_fit(fits, phrase, seen)
        offices = {phrase.office}
        if phrase.office == "leader":
            entry = self.gazetteer.country_by_id(phrase.country) if phrase.country else None
            offices = {entry.leader_office} if entry else {
                "head_of_state", "head_of_government", "leader"}
        country = phrase.country
        fits = [c for c in clusters if any(
            o in offices and (country is None or k is None or k == country)
            for o, k in c.all_roles)]
        # "the defence minister" means Defence Minister X rather than Defence Secretary Y
        agreeing = [c for c in fits if phrase.head in c.words]
        if agreeing and len(agreeing) < len(fits):
            fits = agreeing
        if country is None:
            return self._latest(fits, phrase, seen) or self._only_fit(fits, phrase, seen)
        exact = [c for c in fits if any(o in offices and k == country for o, k in c.all_roles)]
        found = self._latest(exact, phrase, seen)
        if found is not None:
            return found
        titled = [c for c in exact
                  if any(self._antecedent_at(n.mstart, phrase.start) for n in c.names)]
        if len(titled) == 1:
            return titled[0]
        holder = self.gazetteer.holder(phrase.office, country, self.article.date)
        if holder is not None:
            named = [c for c in clusters if link(c, self.gazetteer) is not None
                     and link(c, self.gazetteer).key == holder.key]
            if named:
                return named[0]
        return self._latest(fits, phrase, seen)

    def _opens_sentence(self, phrase: _RolePhrase) -> bool:
        """Whether the role phrase is the first thing in its sentence ("Greece's Prime
        Minister, Kyriakos Mitsotakis met ...")."""
        return phrase.start == self.doc[phrase.start].sent.start

    def _apposed_name(self, i: int, clusters: list[Cluster], opens: bool = False
                      ) -> Cluster | None:
        """The person whose name follows a role phrase ending at token ``i`` after a comma."""
        doc = self.doc
        if i + 1 >= len(doc) or doc[i].text != ",":
            return None
        for c in clusters:
            for n in c.names:
                # closed like an apposition: not "the President and Foreign Minister of
                # Ukraine, X and Y, respectively" nor "as the minister, X termed ..."; a phrase
                # opening its sentence names the subject after it even when no comma closes it
                if n.mstart == i + 1 and (
                    (opens and doc[n.end - 1].dep_ in ("nsubj", "nsubjpass", "appos"))
                    or n.end >= len(doc) or doc[n.end].text in (",", ".", ";", ")")
                    or doc[n.end].is_space
                ):
                    return c
        return None

    def _only_fit(
        self, fits: list[Cluster], phrase: _RolePhrase, seen: list[tuple[int, int, Cluster]],
    ) -> Cluster | None:
        """The one person the article names with an office before a phrase naming that
        office further back than the window ('the president' when the article's only president
        was named six paragraphs earlier)."""
        if len(fits) != 1:
            return None
        cluster = fits[0]
        before = [i for i, _, c in seen if c is cluster and i < phrase.start
                  and self._antecedent_at(i, phrase.start)]
        if not before or self._unnamed_before(phrase, seen, cluster):
            return None
        return cluster

    def _country_fits(self, cluster: Cluster, country: str | None) -> bool:
        return country is None or not cluster.countries or country in cluster.countries

    def _latest(
        self, fits: list[Cluster], phrase: _RolePhrase, seen: list[tuple[int, int, Cluster]],
    ) -> Cluster | None:
        """Of the clusters that fit a role phrase, the one mentioned last before it within
        ROLE_WINDOW paragraphs, unless an unnamed person ('a Hamas leader') came in between."""
        if not fits or (len(fits) > 1 and self.doc[phrase.start].lower_ in POSSESSIVE_DETS):
            return None  # "his head of state" is not the person 'his' stands for
        ids = {id(c) for c in fits}
        para = self._paragraph(phrase.start)
        before = [(i, e, c) for i, e, c in seen if i < phrase.start and id(c) in ids
                  and para - self._paragraph(i) <= ROLE_WINDOW
                  and self._antecedent_at(i, phrase.start)]
        if not before:
            return None
        # the person the text is about: the last one named in the phrase's own sentence, else
        # the last subject ("Peskov said ...") rather than someone mentioned since in passing
        # ("... listened to the envoy. The official also said"), else whom the same words
        # meant last time ("the president ... the new Ukrainian president ... the president")
        doc = self.doc
        sent_start = doc[phrase.start].sent.start
        text = doc[phrase.start:phrase.end].text.lower()
        local = [(i, c) for i, _, c in before if i >= sent_start]
        subjects = [(i, c) for i, e, c in before if self._is_subject(i, e)]
        same = [(i, c) for i, e, c in before if doc[i:e].text.lower() == text]
        _, cluster = max(local or subjects or same or [(i, c) for i, _, c in before],
                         key=lambda x: x[0])
        if self._unnamed_before(phrase, seen, cluster):
            return None
        return cluster

    def _is_subject(self, start: int, end: int) -> bool:
        """Whether the mention at tokens ``start:end`` is the subject of a clause of its own,
        not of what someone is reported to have said ('told ... that the president was')."""
        root = self.doc[start:end].root
        if root.dep_ not in ("nsubj", "nsubjpass"):
            return False
        quoted = self._quoted(root.idx)
        node = root.head
        while node.head.i != node.i:
            if quoted and not self._quoted(node.head.idx):
                break  # a quotation's own clause: "'..., Putin conveyed ...,' he said"
            if node.dep_ == "ccomp":
                return False
            node = node.head
        return True

    def _unnamed_before(
        self, phrase: _RolePhrase, seen: list[tuple[int, int, Cluster]], cluster: Cluster,
    ) -> bool:
        """Whether an unnamed person came into the text as a subject before the phrase ('A
        Hamas leader added ...', 'an official familiar with ... said') and the cluster was not
        called by the phrase's head word since: then the phrase means that person."""
        doc = self.doc
        if self._unnamed is None:  # (token, head word) of 'a Hamas leader', 'an official'
            self._unnamed = [
                (tok.i, tok.lower_) for tok in doc if tok.dep_ in ("nsubj", "nsubjpass")
                and tok.pos_ == "NOUN" and any(
                    t.lower_ in INDEFINITE for t in doc[max(0, tok.i - 3):tok.i])
            ]
        unnamed = max((k for k, word in self._unnamed if word == phrase.head
                       and k < phrase.start), default=None)
        if unnamed is None:
            return False
        return not any(
            c is cluster and unnamed < k and phrase.head in doc[k:e].text.lower().split()
            for k, e, c in seen if k < phrase.start
        )

    def _role_of_title(self, name: Name) -> tuple[str, str | None] | None:
        doc = self.doc
        office = None
        for i in range(name.mstart, name.start):
            found, _ = self._office_at(i)
            if found:
                office = found
        if office is None:
            return None
        country = None
        for i in range(name.mstart, name.start):
            if i in self.country_at:
                country = self.country_at[i].entry.id
        if country is None:
            title = doc[name.mstart : name.start].text
            for seat, qid in government_seats().items():
                if seat in title:
                    country = qid
        return office, country


def _title_words(title: str) -> set[str]:
    """The lower-case words of a title ('Russian Deputy Foreign Minister' -> deputy, foreign,
    minister, russian)."""
    return {w.lower().rstrip(".") for w in title.split()}


def _office_nouns(gazetteer: Gazetteer) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """First word -> (office, noun as lower-case words) for every office noun, longest first."""
    pairs = []
    for office, nouns in gazetteer.role_nouns().items():
        for noun in nouns:
            pairs.append((office, tuple(noun.lower().split())))
    pairs.sort(key=lambda p: -len(p[1]))
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for office, words in pairs:
        if words:
            index.setdefault(words[0], []).append((office, words))
    return index
