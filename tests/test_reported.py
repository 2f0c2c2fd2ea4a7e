"""Indirect statements and the speech-verb lexicon."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.tokens import Doc

from kg.models import Article, Mention, Person
from kg.quotes import find_statements
from kg.reported import Attributor, LexiconError, load_speech_verbs

TITLE = "City news"
BERG = {"berg": ("Anna Berg", "Berg")}


def person(text: str, key: str, *forms: str) -> Person:
    """A Person whose mentions are every occurrence of ``forms`` in ``text``."""
    mentions: list[Mention] = []
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(re.escape(form), text):
            if not any(x.start <= m.start() < x.end for x in mentions):
                mentions.append(Mention(start=m.start(), end=m.end(), text=form))
    return Person(key=key, name=forms[0], mentions=mentions)


def found(nlp, body: str, people=BERG, direct: bool | None = False):
    article = Article(source="test", title=TITLE, body=body)
    persons = [person(article.text, key, *forms) for key, forms in people.items()]
    out = find_statements(nlp(article.text), article, persons, list(persons))
    for s in out:
        assert article.text[s.span.start:s.span.end] == s.text
    return [(s.text, s.speaker, s.cue) for s in out if direct is None or s.direct == direct]


def test_lexicon_has_speech_cognition_and_label_verbs():
    verbs = load_speech_verbs()
    assert "speech" in verbs["say"]
    assert "cognition" in verbs["believe"]
    assert "label" in verbs["call"]
    assert "object" in verbs["praise"]


def test_lexicon_reports_a_missing_file(tmp_path):
    with pytest.raises(LexiconError):
        load_speech_verbs(tmp_path / "missing.txt")


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "clause", "cue"),
    [
        ("Anna Berg said that the bridge would open in May.", "the bridge would open in May",
         "say"),
        ("Anna Berg said the bridge would open in May.", "the bridge would open in May", "say"),
        ("The bridge would open in May, Anna Berg said.", "The bridge would open in May", "say"),
        ("According to Anna Berg, the bridge would open in May.",
         "the bridge would open in May", "accord"),
        ("Anna Berg stressed that the costs had fallen sharply.",
         "the costs had fallen sharply", "stress"),
        ("Anna Berg told the council on Monday that the costs had fallen sharply.",
         "the costs had fallen sharply", "tell"),
        ("Anna Berg praised the engineers' careful work on the project.",
         "the engineers' careful work on the project", "praise"),
    ],
)
def test_reported_finds_clause_of_person_speaker(nlp, body, clause, cue):
    assert found(nlp, body) == [(clause, "berg", cue)]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "The ministry said the bridge would open in May.",
        "Officials said the bridge would open in May.",
        "A senior official said the bridge would open in May.",
        "The city hopes the bridge will open in May.",
        "The bridge opened in May after a long delay.",
    ],
)
def test_reported_ignores_organisations_unnamed_sources_and_plain_sentences(nlp, body):
    assert found(nlp, body) == []


@pytest.mark.model
def test_reported_resolves_a_pronoun_speaker(nlp):
    body = "Anna Berg visited the site on Monday. She said the work was on schedule."
    assert found(nlp, body) == [("the work was on schedule", "berg", "say")]


@pytest.mark.model
def test_reported_partial_quote_gives_direct_and_indirect(nlp):
    body = 'Anna Berg said the bridge was "almost finished" after months of delays.'
    assert found(nlp, body, direct=None) == [
        ('the bridge was "almost finished" after months of delays', "berg", "say"),
        ("almost finished", "berg", "say"),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        '"The bridge is almost finished," Anna Berg said.',
        'Anna Berg said: "The bridge is almost finished."',
        'Anna Berg said that "the bridge is almost finished."',
        'Anna Berg described the bridge as "almost finished."',
    ],
)
def test_reported_whole_predicate_quote_is_direct_only(nlp, body):
    statements = found(nlp, body, direct=None)
    assert [s for s in statements if "almost finished" in s[0]]
    assert found(nlp, body, direct=False) == []


@pytest.mark.model
def test_reported_clause_stays_inside_its_paragraph(nlp):
    body = "Anna Berg said the bridge would open in May\n\nThe council met on Tuesday."
    assert found(nlp, body) == [("the bridge would open in May", "berg", "say")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "clauses"),
    [
        # a conjunct of the speech verb, not of the clause's own verb
        ("Anna Berg emphasized that the bridge is safe and expressed her thanks to the "
         "engineers.", ["the bridge is safe"]),
        ("Anna Berg said she had no deadline for the work but insisted that the bridge "
         "would open soon.", ["she had no deadline for the work", "the bridge would open soon"]),
        # the speech verb's participle after a comma
        ("Anna Berg spoke on Monday. She emphasised that the Linden-Borg relationship is "
         "“very strong”, and has lived up to the responsibilities of a special partnership, "
         "adding that the old ties have further strengthened with the recent visits.",
         ["the Linden-Borg relationship is “very strong”, and has lived up to the "
          "responsibilities of a special partnership",
          "the old ties have further strengthened with the recent visits"]),
        ("Anna Berg says the engineers will meet again soon, as she again calls for more "
         "money.", ["the engineers will meet again soon"]),
    ],
)
def test_reported_clause_ends_where_the_speaker_goes_on(nlp, body, clauses):
    assert [text for text, _, _ in found(nlp, body)] == clauses


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "clause"),
    [
        # the parser hangs the gerund subject on the speech verb
        ("Works Secretary Anna Berg arrived at the town hall today and said improving "
         "discipline, training and morale are the main lines of effort she will pursue.",
         "improving discipline, training and morale are the main lines of effort she will "
         "pursue"),
        # a clause that belongs to a noun of the speech verb's object
        ("Anna Berg expressed her belief that the bridge would open in May.",
         "the bridge would open in May"),
        # the clause takes in the closing mark of the quotation it ends in
        ('Anna Berg said the bridge was nearly "ready to open."',
         'the bridge was nearly "ready to open."'),
    ],
)
def test_reported_clause_takes_in_all_its_words(nlp, body, clause):
    assert [text for text, speaker, _ in found(nlp, body) if speaker == "berg"] == [clause]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "Anna Berg did not say when the bridge would open.",
        'When asked if the bridge would open in May, Anna Berg said, "We will see."',
        # the main clause after the comma is not what was said
        "The mayors met in Linden on Friday and while Tom Hale mentioned an “agreement” at "
        "the news conference and Anna Berg said “great progress” was made, there was no "
        "mention of a date.",
    ],
)
def test_reported_ignores_negated_passive_and_run_on_cues(nlp, body):
    assert found(nlp, body) == []


@pytest.mark.model
def test_reported_according_to_a_role_with_the_name_after_a_place(nlp):
    body = ("According to the second-ranking works official in Linden, Anna Berg, the proposal "
            "accepted by the council includes three phases.")
    assert found(nlp, body) == [
        ("the proposal accepted by the council includes three phases", "berg", "accord"),
    ]


def parsed(rows: list[tuple[str, str, int, str, str]]) -> Doc:
    """A hand-parsed doc from (word + following space, lemma, head, dep, pos) rows."""
    words = [w.rstrip(" ") for w, *_ in rows]
    return Doc(spacy.blank("en").vocab, words=words,
               spaces=[w.endswith(" ") for w, *_ in rows],
               lemmas=[r[1] for r in rows], heads=[r[2] for r in rows],
               deps=[r[3] for r in rows], pos=[r[4] for r in rows])


def test_attributor_prefers_the_subject_in_the_speech_verbs_paragraph():
    # "Linden:\nMinister Anna Berg said it is late.": the parser took the dateline for a
    # second subject of "said"
    doc = parsed([
        ("Linden", "Linden", 6, "nsubj", "PROPN"), (":", ":", 0, "punct", "PUNCT"),
        ("\n", "\n", 1, "dep", "SPACE"), ("Minister ", "minister", 5, "compound", "PROPN"),
        ("Anna ", "Anna", 5, "compound", "PROPN"), ("Berg ", "Berg", 6, "nsubj", "PROPN"),
        ("said ", "say", 6, "ROOT", "VERB"), ("it ", "it", 8, "nsubj", "PRON"),
        ("is ", "be", 6, "ccomp", "AUX"), ("late", "late", 8, "acomp", "ADJ"),
        (".", ".", 6, "punct", "PUNCT"),
    ])
    berg = person(doc.text, "berg", "Minister Anna Berg")
    attributor = Attributor(doc, [berg], 0)
    assert attributor.subject_of(doc[6]).text == "Berg"
    assert attributor.speaker_of(doc[6]).key == "berg"


def test_attributor_ends_a_reported_clause_at_its_paragraph():
    # "Tom Hale said it was done.\nAnna Berg agreed.": a parse that runs the second
    # paragraph into the first one's reported clause leaves Berg a speaker of her own
    doc = parsed([
        ("Tom ", "Tom", 1, "compound", "PROPN"), ("Hale ", "Hale", 2, "nsubj", "PROPN"),
        ("said ", "say", 2, "ROOT", "VERB"), ("it ", "it", 5, "nsubjpass", "PRON"),
        ("was ", "be", 5, "auxpass", "AUX"), ("done", "do", 2, "ccomp", "VERB"),
        (".", ".", 5, "punct", "PUNCT"), ("\n", "\n", 6, "dep", "SPACE"),
        ("Anna ", "Anna", 9, "compound", "PROPN"), ("Berg ", "Berg", 10, "nsubj", "PROPN"),
        ("agreed", "agree", 5, "conj", "VERB"), (".", ".", 10, "punct", "PUNCT"),
    ])
    attributor = Attributor(doc, [person(doc.text, "berg", "Anna Berg")], 0)
    assert not attributor.inside_reported_clause(doc[9])
    assert attributor.antecedent(len(doc.text)) == "berg"


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a participle of a noun reports the noun's words, not the sentence subject's
        ("Anna Berg refuted media reports suggesting that the bridge was unsafe.",
         [("media reports suggesting that the bridge was unsafe", "berg", "refute")]),
        # a bare object reports no claim
        ("Anna Berg emphasized the point to reporters on Monday.", []),
        # 'according to' inside the clause: the whole sentence
        ("The budget, according to Anna Berg, was far too small.",
         [("The budget, according to Anna Berg, was far too small", "berg", "accord")]),
        # a phrase set off by a comma between the verb and the clause opens the clause
        ("Anna Berg said during the flood, the town gave a lot of support to the builders.",
         [("during the flood, the town gave a lot of support to the builders", "berg",
           "say")]),
        ("Anna Berg conveyed that she looked forward to the opening.",
         [("she looked forward to the opening", "berg", "convey")]),
    ],
)
def test_reported_clause_and_speaker_edge_cases(nlp, body, expected):
    assert found(nlp, body) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a clause before its attribution may end in a partial quotation ...
        ("Despite many warnings, the builders were “not stopping this noisy work” she said.",
         ["Despite many warnings, the builders were “not stopping this noisy work”"]),
        # ... but not in a quotation set off as a sentence of its own
        ("Berg has already changed her story once — “I now do remember,” she said, talking "
         "about the budget.", []),
    ],
)
def test_reported_clause_before_the_attribution_ending_in_a_quotation(nlp, body, expected):
    body = "Anna Berg spoke on Monday. " + body
    assert [text for text, speaker, _ in found(nlp, body) if speaker == "berg"] == expected


@pytest.mark.model
def test_reported_attribution_that_interrupts_the_sentence_gives_both_parts(nlp):
    body = ('And while the storm makes a difference "in the short run," Berg said, in the long '
            "run, both towns are still looking for a deal.")
    body = "Anna Berg spoke on Monday. " + body
    assert [text for text, _, _ in found(nlp, body)] == [
        'the storm makes a difference "in the short run,"',
        "in the long run, both towns are still looking for a deal",
    ]


@pytest.mark.model
def test_an_attribution_opening_a_relative_clause_reports_only_the_clause(nlp):
    body = ("Anna Berg spoke on Monday. The talks come a week before a summit in Oslo where, "
            "Berg said, the two towns will sign a water deal.")
    assert [text for text, _, _ in found(nlp, body)] == [
        "the two towns will sign a water deal",
    ]


@pytest.mark.model
def test_reported_clause_lies_within_its_sentence(nlp):
    body = 'Anna Berg said the bridge was nearly "ready to open." The council met later.'
    article = Article(source="test", title=TITLE, body=body)
    persons = [person(article.text, "berg", "Anna Berg")]
    (s,) = [s for s in find_statements(nlp(article.text), article, persons, persons)
            if not s.direct]
    assert s.sentence.start <= s.span.start and s.span.end <= s.sentence.end


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        'Speaking in Rome, Anna Berg said, "The bridge is almost finished," citing a new '
        'report from the city engineers.',
        'Anna Berg said "the bridge is almost finished," including the approach roads, '
        'as well as the ramps.',
    ],
)
def test_a_quoted_sentence_opening_the_content_is_direct_only(nlp, body):
    assert [s[1] for s in found(nlp, body, direct=True)] == ["berg"]
    assert found(nlp, body, direct=False) == []


@pytest.mark.model
def test_a_clause_coordinated_after_a_quoted_sentence_is_reported(nlp):
    body = ('Anna Berg told the council that "bridges show who our friends are," and that '
            'the city had proven itself to be one.')
    assert found(nlp, body) == [("the city had proven itself to be one", "berg", "tell")]


@pytest.mark.model
def test_an_agency_reporting_after_a_relative_clause_is_not_the_person_in_it(nlp):
    body = ("The mayor spoke by phone with council chair Anna Berg, who confirmed that the "
            "bridge would open in May, the city news agency of the region reported.")
    assert found(nlp, body) == [("the bridge would open in May", "berg", "confirm")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Anna Berg clarified that the bridge would open in May.",
         [("the bridge would open in May", "berg", "clarify")]),
        ("Asked whether she thinks the bridge is safe, Anna Berg answered that the bridge "
         "would open in May.", [("the bridge would open in May", "berg", "answer")]),
    ],
)
def test_answers_and_clarifications_are_statements_the_question_is_not(nlp, body, expected):
    assert found(nlp, body) == expected


@pytest.mark.model
def test_a_that_clause_the_parser_hung_on_a_noun_before_it_is_the_reported_clause(nlp):
    body = "Anna Berg stressed after the summit that Norway remains committed to its goals."
    assert found(nlp, body) == [("Norway remains committed to its goals", "berg", "stress")]


@pytest.mark.model
def test_a_relative_clause_missing_its_object_is_no_reported_clause(nlp):
    body = ("Anna Berg said she wanted to agree on areas of cooperation that both cities "
            "could pursue.")
    assert all(s[0] != "both cities could pursue" for s in found(nlp, body))


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Anna Berg had earlier hinted at building a second bridge over the river.",
         [("building a second bridge over the river", "berg", "hint")]),
        ('"We will sign soon," Anna Berg said, without naming the buyer.', []),
        ("Anna Berg warned that if the council delays again, the bridge will close.",
         [("if the council delays again, the bridge will close", "berg", "warn")]),
    ],
)
def test_hints_circumstances_and_conditions(nlp, body, expected):
    assert found(nlp, body) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "The bridge will open in May, Anna Berg was quoted as saying.",
        "The bridge will open in May, Anna Berg was quoted as saying by the city paper.",
    ],
)
def test_a_clause_before_was_quoted_as_saying_is_reported(nlp, body):
    assert found(nlp, body) == [("The bridge will open in May", "berg", "say")]
