"""Direct quotations: finding quoted spans, telling speech from scare quotes, attribution."""

from __future__ import annotations

import re

import pytest

from kg.models import Article, Mention, Person
from kg.quotes import find_quotes, find_statements

TITLE = "Bridge news"


def person(text: str, key: str, *forms: str) -> Person:
    """A Person whose mentions are every occurrence of ``forms`` in ``text``."""
    mentions: list[Mention] = []
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(re.escape(form), text):
            if not any(x.start <= m.start() < x.end for x in mentions):
                mentions.append(Mention(start=m.start(), end=m.end(), text=form))
    return Person(key=key, name=forms[0], mentions=mentions)


def statements(nlp, body: str, people: dict[str, tuple[str, ...]] | None = None):
    article = Article(source="test", title=TITLE, body=body)
    text = article.text
    persons = [person(text, key, *forms) for key, forms in (people or {}).items()]
    return find_statements(nlp(text), article, persons, list(persons))


BERG = {"berg": ("Anna Berg", "Berg")}
SPRING = "We will finish the bridge by spring"


def direct(found):
    return [(s.text.rstrip(",. "), s.speaker) for s in found if s.direct]


# ---------------------------------------------------------------------- finding quoted spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "the road is open" today.', ["the road is open"]),
        ("He said “the road is open” today.", ["the road is open"]),
        ("He said «the road is open» today.", ["the road is open"]),
        ("He said ‘the road is open’ today.", ["the road is open"]),
        ("He said 'the road is open' today.", ["the road is open"]),
        ("“The plan,” she said, “is ready.”", ["The plan,", "is ready."]),
        ("She said ''sincerely'' twice.", ["sincerely"]),
    ],
)
def test_find_quotes_reads_every_kind_of_quotation_mark(text, expected):
    assert [text[q.start:q.end] for q in find_quotes(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia’s plan didn’t change, and the ministers’ talks went on.",
        "Russia's plan didn't change, and the ministers' talks went on.",
        "The ’90s were hard for the Joneses’ firm.",
    ],
)
def test_find_quotes_does_not_take_apostrophes_for_quotation_marks(text):
    assert find_quotes(text) == []


def test_find_quotes_keeps_apostrophes_inside_a_single_quoted_span():
    text = "‘It’s Russia’s turn now,’ she said."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["It’s Russia’s turn now,"]


def test_find_quotes_finds_a_nested_quotation_inside_a_double_quoted_one():
    text = "“I heard him ask, ‘Is it done?’ and then he left,” she said."
    quotes = find_quotes(text)
    assert [(text[q.start:q.end], q.depth) for q in quotes] == [
        ("I heard him ask, ‘Is it done?’ and then he left,", 0),
        ("Is it done?", 1),
    ]


def test_find_quotes_leaves_a_quotation_open_at_the_end_of_its_paragraph():
    text = "“The first part runs on.\n\n“The second part ends here,” she said."
    quotes = find_quotes(text)
    assert [(text[q.start:q.end], q.closed) for q in quotes] == [
        ("The first part runs on.", False),
        ("The second part ends here,", True),
    ]


# ---------------------------------------------------------------------- attribution patterns


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "quote"),
    [
        ('"We will finish the bridge by spring," Anna Berg said.', SPRING),
        ('"We will finish the bridge by spring," said Anna Berg.', SPRING),
        ('Anna Berg said: "We will finish the bridge by spring."', SPRING),
        ('Anna Berg said "we will finish the bridge by spring."', SPRING.lower()),
        ('Anna Berg told reporters that "the bridge will be finished by spring."',
         "the bridge will be finished by spring"),
        ('According to Anna Berg, "the bridge will be finished by spring."',
         "the bridge will be finished by spring"),
        ("“We will finish the bridge by spring,” Berg told reporters on Monday.",
         SPRING),
        ("Berg, who runs the works department, said «the bridge is nearly ready».",
         "the bridge is nearly ready"),
        ("‘We will finish the bridge by spring,’ Berg said.", SPRING),
        ('"We will finish the bridge by spring," the city quoted Berg as saying.',
         SPRING),
    ],
)
def test_quotes_attribute_each_pattern_to_the_named_speaker(nlp, body, quote):
    assert direct(statements(nlp, body, BERG)) == [(quote, "berg")]


@pytest.mark.model
def test_quotes_attribute_pronoun_to_previous_speaker(nlp):
    body = ("Tom Hale opened the meeting at noon.\n\n"
            "Anna Berg spoke after him about the budget.\n\n"
            '"We are ready to start the work," she said.')
    people = {**BERG, "hale": ("Tom Hale", "Hale")}
    assert direct(statements(nlp, body, people)) == [("We are ready to start the work", "berg")]


@pytest.mark.model
def test_quotes_attribute_role_phrase_to_its_person(nlp):
    body = ('Anna Berg toured the site on Monday. "The bridge will open in May," '
            "the mayor told reporters.")
    people = {"berg": ("Anna Berg", "Berg", "the mayor")}
    assert direct(statements(nlp, body, people)) == [("The bridge will open in May", "berg")]


@pytest.mark.model
def test_quotes_split_by_attribution_are_two_statements_of_one_speaker(nlp):
    body = '"We are ready," Berg said. "The work starts tomorrow morning."'
    assert direct(statements(nlp, body, BERG)) == [
        ("We are ready", "berg"), ("The work starts tomorrow morning", "berg"),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        # a quotation running over two paragraphs: the first one stays open
        '"The first stage of the work went well and cost less than planned.\n\n'
        '"The second stage will start in the spring," Berg said.',
        # an unattributed quotation paragraph after the speaker's quotation
        '"The first stage of the work went well and cost less than planned," Berg said.\n\n'
        '"The second stage will start in the spring."',
    ],
)
def test_quotes_continue_the_speaker_across_paragraphs(nlp, body):
    found = direct(statements(nlp, body, BERG))
    assert [speaker for _, speaker in found] == ["berg", "berg"]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        '"The talks were useful and frank," the Foreign Ministry said in a statement.',
        'Officials said "the border will stay closed for another week."',
        '"We will not comment on the talks," a senior official told reporters.',
    ],
)
def test_quotes_from_organisations_or_unnamed_sources_have_no_speaker(nlp, body):
    found = direct(statements(nlp, body, BERG))
    assert len(found) == 1 and found[0][1] is None


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        'The government launched its "Build Green Homes" campaign on Monday.',
        'The so-called "iron wall" plan was dropped last year.',
        'The film "Lost Roads Home" opened in cinemas on Friday.',
        'The group known as the "Night Owls" met in secret.',
        'A driver in a "new" car waited outside.',
        '"Our Town Forever"\n\nThe council met on Tuesday.',
        'Anna Berg spoke at a rally where supporters of the "green wave" gathered.',
        'The renamed "spring shield drills" began on Monday, the army said.',
    ],
)
def test_quotes_skip_scare_quotes_titles_slogans_and_names(nlp, body):
    assert direct(statements(nlp, body, BERG)) == []


@pytest.mark.model
def test_quotes_label_a_person_gave_in_speech_is_a_statement(nlp):
    body = 'Anna Berg called the delay "a disgrace" on Monday.'
    assert direct(statements(nlp, body, BERG)) == [("a disgrace", "berg")]


@pytest.mark.model
def test_quotes_come_from_the_body_only(nlp):
    article = Article(source="test", title='Berg: "Bridge ready"', body="The bridge opened.")
    persons = [person(article.text, "berg", "Berg")]
    assert find_statements(nlp(article.text), article, persons, persons) == []


@pytest.mark.model
def test_quotes_carry_offsets_cue_sentence_and_mentions(nlp):
    body = '"Anna Berg and the city agree," Tom Hale said.'
    people = {**BERG, "hale": ("Tom Hale", "Hale")}
    article = Article(source="test", title=TITLE, body=body)
    persons = [person(article.text, key, *forms) for key, forms in people.items()]
    (s,) = [s for s in find_statements(nlp(article.text), article, persons, persons) if s.direct]
    assert article.text[s.span.start:s.span.end] == s.text == "Anna Berg and the city agree,"
    assert s.speaker == "hale" and s.cue == "say" and s.mentions == ["berg"]
    assert s.sentence.text == body


@pytest.mark.model
def test_quotes_run_on_into_a_paragraph_without_a_new_opening_mark(nlp):
    body = ("“The first stage of the work went well and cost less than planned.\n\n"
            "The second stage will start in the spring and end in the autumn,” Berg wrote.")
    assert direct(statements(nlp, body, BERG)) == [
        ("The first stage of the work went well and cost less than planned", "berg"),
        ("The second stage will start in the spring and end in the autumn", "berg"),
    ]
    assert [s for s in statements(nlp, body, BERG) if not s.direct] == []


def test_find_quotes_closes_a_run_on_quotation_at_its_first_closing_mark():
    text = "“The first part runs on.\n\nThe second part ends here,” she said."
    assert [(text[q.start:q.end], q.closed) for q in find_quotes(text)] == [
        ("The first part runs on.", False),
        ("The second part ends here,", True),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "people", "expected"),
    [
        # a clause ending in a colon introduces the quotation, whatever its verb
        ('Tom Hale probed: "Were the accounts checked? Were they checked twice?"',
         {"hale": ("Tom Hale", "Hale")},
         [("Were the accounts checked? Were they checked twice?", "hale")]),
        # an embedded post signed by its author
        ("“The bridge opens on Monday, so come and see it.” — Anna Berg (@annaberg) "
         "June 22, 2020", BERG, [("The bridge opens on Monday, so come and see it", "berg")]),
        # 'continue to' is not the speech verb 'continued'
        ('Anna Berg noted that the city will continue to press builders to use '
         '"every available crane" on the site.', BERG, [("every available crane", "berg")]),
        # an 'it' subject after the quotation does not hide the speaker before it
        ('Anna Berg added that it "has to be finished soon," stressing the cost of delays.',
         BERG, [("has to be finished soon", "berg")]),
    ],
)
def test_quotes_find_the_speaker_beyond_the_speech_verb_lexicon(nlp, body, people, expected):
    assert direct(statements(nlp, body, people)) == expected


@pytest.mark.model
def test_quotes_skip_a_short_title_with_the_sentence_full_stop_inside(nlp):
    body = '"We will finish the bridge by spring," Anna Berg said on "Face the Town."'
    assert direct(statements(nlp, body, BERG)) == [(SPRING, "berg")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('Anna Berg praised the "remarkable" work of the engineers.',
         [("remarkable", "berg")]),
        ('Anna Berg denied that she had formed an "informal" committee.', []),
    ],
)
def test_quotes_quoted_adjective_counts_only_as_what_the_cue_acts_on(nlp, body, expected):
    assert direct(statements(nlp, body, BERG)) == expected


@pytest.mark.model
def test_quotes_attribute_an_absolute_phrase_with_a_speech_participle(nlp):
    # the parser may tag 'warning' as a noun with the name as its compound
    body = ('The two towns also criticised the plan, with Omar Zabadi warning of '
            '"serious delays".')
    people = {"zabadi": ("Omar Zabadi", "Zabadi")}
    assert direct(statements(nlp, body, people)) == [("serious delays", "zabadi")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the verb right before the comma, with its particle, introduces the quotation
        ('Anna Berg fired back, "I thank the member for his kind remarks."',
         [("I thank the member for his kind remarks", "berg")]),
        # quoted words in the clause of a noun for words belong to its possessor
        ("Tom Hale commented on Anna Berg’s words that the bridge is now “much safer than in "
         "the past”.", [("much safer than in the past", "berg")]),
    ],
)
def test_quotes_attribute_words_to_who_said_them(nlp, body, expected):
    people = {**BERG, "hale": ("Tom Hale", "Hale")}
    assert direct(statements(nlp, body, people)) == expected


@pytest.mark.model
def test_quotes_keep_a_quotation_its_speech_verb_introduces_without_a_subject(nlp):
    body = ('During his final remarks, Hale, a councillor, concluded by saying, "I yield to '
            'Ms. Berg for question time."')
    assert [text for text, _ in direct(statements(nlp, body, BERG))] == [
        "I yield to Ms. Berg for question time",
    ]


@pytest.mark.model
def test_quotes_do_not_take_a_speaker_from_the_next_sentence(nlp):
    # a quotation ending in a full stop ends its sentence
    body = ('Anna Berg rated the plan "a basic mistake that will cost the town dearly." The '
            "budget, according to Tom Hale, was too small.")
    people = {**BERG, "hale": ("Tom Hale", "Hale")}
    assert "hale" not in [speaker for _, speaker in direct(statements(nlp, body, people))]


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a named event or work is not speech ...
        ('Anna Berg said at the conference "Towns and Rivers: A New Agenda for Linden," that '
         "the bridge was safe.", []),
        # ... but words addressed to one are
        ('Anna Berg told the forum "we will finish the bridge by spring."',
         [(SPRING.lower(), "berg")]),
        # a clause joined by "and" after the quotation does not attribute it
        ('The council said that the work would end "this week," and Anna Berg posted a photo '
         "of the bridge.", [("this week", None)]),
        # an organisation's verb inside what a person is reported to say
        ('Anna Berg emphasized that the council would respond to the request "at the right '
         'moment."', [("at the right moment", "berg")]),
    ],
)
def test_quotes_tell_the_governing_speech_verb(nlp, body, expected):
    assert direct(statements(nlp, body, BERG)) == expected


@pytest.mark.model
def test_quotes_cited_as_saying_gives_the_speaker(nlp):
    body = ('Anna Berg opened the bridge on Monday.\n\n"Our towns are closer than ever and the '
            'trade is growing fast," the agency cited her as saying.')
    assert direct(statements(nlp, body, BERG)) == [
        ("Our towns are closer than ever and the trade is growing fast", "berg"),
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("second", "speaker"),
    [
        ("That was the message from Tom Hale, who spoke to a crowd in the square.", "hale"),
        ("That was the message from families in the square on Thursday.", None),
    ],
)
def test_quotes_a_sentence_pointing_back_names_the_source(nlp, second, speaker):
    body = ('"We will finish the bridge by spring," Anna Berg said.\n\n'
            '"Time is running out for the old bridge." ' + second)
    people = {**BERG, "hale": ("Tom Hale", "Hale")}
    assert direct(statements(nlp, body, people)) == [
        (SPRING, "berg"), ("Time is running out for the old bridge", speaker),
    ]


@pytest.mark.model
def test_quotes_take_a_bare_attribution_after_a_full_stop(nlp):
    body = '"We will finish the bridge by spring." Anna Berg said on Monday.'
    assert direct(statements(nlp, body, BERG)) == [(SPRING, "berg")]


def test_a_partial_quote_inside_a_reported_clause_is_the_reporters_speakers(nlp):
    body = (
        "Anna Berg briefed reporters on Monday.\n\n"
        "According to her, the rebels are now considering new drones "
        '"capable of causing more losses."'
    )
    assert direct(statements(nlp, body, BERG)) == [("capable of causing more losses", "berg")]


def test_a_partial_quote_with_its_own_speech_verb_keeps_that_verbs_speaker(nlp):
    body = (
        "Anna Berg briefed reporters on Monday.\n\n"
        'According to her, the rebels said they would "fight to the end."'
    )
    assert direct(statements(nlp, body, BERG)) == [("fight to the end", None)]


@pytest.mark.parametrize("source", [
    "a release from the minister's office read",
    "the joint statement said",
])
def test_a_quotation_from_a_document_has_no_person_speaker(nlp, source):
    body = (
        "Anna Berg welcomed the treaty on Thursday.\n\n"
        f'"This treaty will deepen our partnership," {source}.'
    )
    expected = [("This treaty will deepen our partnership", None)]
    assert direct(statements(nlp, body, BERG)) == expected


def test_a_subject_reported_by_an_organisation_is_a_later_pronouns_antecedent(nlp):
    body = (
        "Anna Berg is scheduled to visit Oslo next week, the ministry confirmed on Friday. "
        "During the visit, she is expected to meet Ivan Petrov, whom she has described as "
        'her "old friend," on several topics.'
    )
    people = {**BERG, "petrov": ("Ivan Petrov", "Petrov")}
    assert direct(statements(nlp, body, people)) == [("old friend", "berg")]


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('Anna Berg said on Thursday she had "frank" discussions with the mayor.',
         [("frank", "berg")]),
        ('Anna Berg said the two sides held "constructive" and "forward-looking" talks.',
         [("constructive", "berg"), ("forward-looking", "berg")]),
        ('Anna Berg urged the council to halt its "reckless and costly" plans.',
         [("reckless and costly", "berg")]),
        ('Anna Berg blamed the council for having "abandoned" the bridge.',
         [("abandoned", "berg")]),
    ],
)
def test_quotes_an_adjective_quoted_in_the_reported_clause_is_a_partial_quotation(
    nlp, body, expected
):
    assert direct(statements(nlp, body, BERG)) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        'Anna Berg denied that she had formed an "irregular" channel to the mayor.',
        'Anna Berg disputed the notion that she had been part of what was portrayed as an '
        '"irregular" channel.',
    ],
)
def test_quotes_a_word_the_speaker_denies_or_others_used_is_no_quotation_of_hers(nlp, body):
    assert direct(statements(nlp, body, BERG)) == []


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "\u2033We will finish the bridge by spring,\u2033 Anna Berg said.",
        "Anna Berg spoke on Monday.\n\n\u201dWe will finish the bridge by spring,\u201d she said.",
    ],
)
def test_quotes_double_primes_and_a_paragraph_opened_with_a_closing_mark(nlp, body):
    assert direct(statements(nlp, body, BERG)) == [(SPRING, "berg")]


@pytest.mark.model
def test_quotes_a_paragraph_opening_with_a_connective_carries_on_the_speaker(nlp):
    body = ('Anna Berg said the council was calm "because the bridge is nearly done."\n\n'
            'But this "does not mean that we will stop checking every cable on it."')
    assert direct(statements(nlp, body, BERG)) == [
        ("because the bridge is nearly done", "berg"),
        ("does not mean that we will stop checking every cable on it", "berg"),
    ]


@pytest.mark.model
def test_quotes_he_after_according_to_x_is_x(nlp):
    body = ("Last week, Mayor Tom Hale confirmed that the bridge was open.\n\n"
            "The city will add two more lanes, according to Anna Berg.\n\n"
            '"We will finish the bridge by spring," she said.')
    people = {**BERG, "hale": ("Tom Hale", "Hale")}
    assert direct(statements(nlp, body, people)) == [(SPRING, "berg")]
