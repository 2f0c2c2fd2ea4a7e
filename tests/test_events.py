"""Events: detection per type, generic mentions, arguments, merging, keys, statement links."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kg.events import event_key, find_events, link_statements, load_lexicon
from kg.models import Article, Country, Event, Mention, Person, Statement

ANCHOR = date(2019, 11, 20)  # a Wednesday

PERSONS = {
    "Q1": ("Ivan Petrov", ["Ivan Petrov", "Petrov"]),
    "Q2": ("Ravi Kumar", ["Ravi Kumar", "Kumar"]),
    "Q3": ("Anna Berg", ["Anna Berg", "Berg"]),
    "Q4": ("Tom Hale", ["Tom Hale", "Hale"]),
}
COUNTRIES = {
    "Q159": ("Russia", ["Russia", "Russian", "Moscow"]),
    "Q668": ("India", ["India", "Indian"]),
    "Q30": ("United States", ["United States", "American"]),
    "Q212": ("Ukraine", ["Ukraine", "Ukrainian"]),
}


def _mentions(text: str, forms: list[str]) -> list[Mention]:
    found: list[Mention] = []
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(form)}\b", text):
            if not any(o.start <= m.start() < o.end for o in found):
                found.append(Mention(start=m.start(), end=m.end(), text=m.group()))
    return sorted(found, key=lambda m: m.start)


def _article(body: str, day: date | None = ANCHOR, title: str = "") -> Article:
    return Article(source="test", title=title, body=body, date=day)


def _entities(article: Article) -> tuple[list[Person], list[Country]]:
    text = article.text
    persons = [
        Person(key=k, name=name, mentions=ms)
        for k, (name, forms) in PERSONS.items()
        if (ms := _mentions(text, forms))
    ]
    countries = [
        Country(key=k, name=name, mentions=ms)
        for k, (name, forms) in COUNTRIES.items()
        if (ms := _mentions(text, forms))
    ]
    return persons, countries


def _events(nlp, body: str, day: date | None = ANCHOR) -> list[Event]:
    article = _article(body, day)
    persons, countries = _entities(article)
    return find_events(nlp(article.text), article, persons, countries)


def test_lexicon_covers_every_event_type():
    lex = load_lexicon()
    types = set(lex.nouns.values()) | set(lex.verbs.values()) | {t for _, t in lex.phrases}
    assert types == {
        "summit", "visit", "meeting", "talks", "forum", "commission_session",
        "news_conference", "interview", "exercise", "signing", "delivery", "other",
    }


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "event_type"),
    [
        ("The leaders met at the BRICS summit in Johannesburg on Tuesday.", "summit"),
        ("Ivan Petrov arrived in New Delhi on Tuesday for a two-day visit.", "visit"),
        ("Ravi Kumar visited Moscow on Monday.", "visit"),
        ("Ravi Kumar met Ivan Petrov in Moscow on Monday.", "meeting"),
        ("Ivan Petrov and Ravi Kumar held talks in New Delhi on Tuesday.", "talks"),
        ("Ivan Petrov spoke at the Moscow investment forum on Monday.", "forum"),
        (
            "Ivan Petrov spoke at a session of the Russian-Indian intergovernmental "
            "commission in Moscow on Tuesday.",
            "commission_session",
        ),
        ("Ivan Petrov told a news conference in Moscow on Tuesday that ties are strong.",
         "news_conference"),
        ("In an interview with Anna Berg on Monday, Ivan Petrov praised the deal.", "interview"),
        ("Ivan Petrov told the Daily Courier in an interview that the deal was done.",
         "interview"),
        ("Indian and Russian troops began the joint exercise Indra-2019 on Monday.", "exercise"),
        ("Russia and India signed an agreement on Tuesday to build frigates.", "signing"),
        ("Russia will deliver the first batch of missiles to India on December 4.", "delivery"),
        ("Tom Hale recalled the Cold War.", "other"),
        ("Tom Hale signed the defence spending bill on Tuesday.", "signing"),
        ("Ivan Petrov and Tom Hale signed a letter of intent in Oslo on Tuesday.", "signing"),
        ("Anna Berg inaugurated the new submarine factory on Friday.", "other"),
        ("Russia fired a salvo of cruise missiles at Kyiv on Tuesday.", "other"),
        ("Ivan Petrov spoke at the opening of the Thessaloniki International Fair.", "other"),
    ],
)
def test_find_events_detects_each_type(nlp, body, event_type):
    events = _events(nlp, body)
    assert [e.type for e in events] == [event_type]


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "The two leaders hold regular meetings.",
        "Summits are held annually.",
        "Future talks may follow.",
        "Both sides favour more visits by officials.",
        "The agenda of the summit has not been disclosed.",
        "The squadron belongs to Carrier Strike Group 2.",
        "Ivan Petrov never visited.",
        "A plane carrying fuel arrived in India on Monday.",
        "The defence minister repeated India's call for an inquiry.",
        "The UN urged Pyongyang to heed the united call of the international community.",
    ],
)
def test_generic_mentions_are_not_events(nlp, body):
    assert _events(nlp, body) == []


@pytest.mark.model
def test_visit_has_date_location_country_and_participants(nlp):
    (event,) = _events(nlp, "Russian President Ivan Petrov visited India on Tuesday.")
    assert event.type == "visit"
    assert event.start_date == date(2019, 11, 19)
    assert event.location == "India"
    assert event.location_country == "Q668"
    assert {"Q1", "Q159", "Q668"} <= set(event.participants)
    assert event.name == "Ivan Petrov's visit to India"


@pytest.mark.model
def test_range_gives_start_and_end_and_future_weekday_looks_ahead(nlp):
    events = _events(nlp, "Ivan Petrov will hold talks with Ravi Kumar in Moscow on Friday. "
                          "The summit in New Delhi is set for December 4-5.")
    by_type = {e.type: e for e in events}
    assert by_type["talks"].start_date == date(2019, 11, 22)
    assert (by_type["summit"].start_date, by_type["summit"].end_date) == (
        date(2019, 12, 4), date(2019, 12, 5))


@pytest.mark.model
def test_no_article_date_gives_no_event_date(nlp):
    (event,) = _events(nlp, "Ravi Kumar met Ivan Petrov in Moscow on Monday.", day=None)
    assert event.start_date is None


@pytest.mark.model
def test_possessive_pronoun_resolves_to_previous_person(nlp):
    (event,) = _events(nlp, "Ivan Petrov praised India. He said his talks with Ravi Kumar in "
                            "New Delhi went well.")
    assert event.type == "talks"
    assert event.participants[:2] == ["Q1", "Q2"]


@pytest.mark.model
def test_same_event_told_twice_is_merged(nlp):
    events = _events(nlp, "Ivan Petrov arrived in New Delhi on Tuesday for a two-day visit. "
                          "During the visit, he toured a factory. "
                          "The visit was his first since 2017.")
    assert [e.type for e in events] == ["visit"]


@pytest.mark.model
def test_visit_and_summit_during_it_are_two_events(nlp):
    events = _events(nlp, "Ivan Petrov arrived in New Delhi on Tuesday for a two-day visit. "
                          "He attended the India-Russia summit in New Delhi on Tuesday.")
    assert sorted(e.type for e in events) == ["summit", "visit"]


@pytest.mark.model
def test_coordinated_named_summits_are_two_events(nlp):
    events = _events(nlp, "Ivan Petrov skipped both the G20 and COP26 summit this year.")
    assert sorted(e.name for e in events) == ["COP26 summit", "G20 summit"]


@pytest.mark.model
def test_war_with_possessive_party_is_other_event(nlp):
    (event,) = _events(nlp, "Tom Hale said Russia's invasion of Ukraine changed everything.")
    assert event.type == "other"
    assert {"Q159", "Q212"} <= set(event.participants)


@pytest.mark.model
def test_headline_triggers_are_left_to_the_body(nlp):
    article = _article("Ravi Kumar praised the ties on Monday.", title="Kumar Visit To Moscow")
    persons, countries = _entities(article)
    assert find_events(nlp(article.text), article, persons, countries) == []


@pytest.mark.model
def test_trigger_and_sentence_mentions_point_into_article_text(nlp):
    article = _article("Ravi Kumar met Ivan Petrov in Moscow on Monday.")
    persons, countries = _entities(article)
    (event,) = find_events(nlp(article.text), article, persons, countries)
    assert article.text[event.trigger.start : event.trigger.end] == event.trigger.text == "met"
    assert event.sentence.text.startswith("Ravi Kumar met")
    assert event.key == event_key(event, [c.key for c in countries])


@pytest.mark.model
def test_events_are_stable_for_identical_input(nlp):
    body = "Ivan Petrov visited India on Tuesday. He later met Ravi Kumar in New Delhi."
    assert _events(nlp, body) == _events(nlp, body)


@pytest.mark.model
def test_same_visit_told_by_two_articles_gets_one_key(nlp):
    first = _events(nlp, "Russian President Ivan Petrov arrived in India on Tuesday for a visit.")
    second = _events(nlp, "Ivan Petrov, Russia's president, visited India on Tuesday, "
                          "his office said.", day=date(2019, 11, 21))
    assert [e.key for e in first] == [e.key for e in second]


def _event(**fields) -> Event:
    mention = Mention(start=0, end=5, text="visit")
    base = {"key": "", "name": "Ivan Petrov's visit to India", "type": "visit",
            "trigger": mention, "sentence": mention, "participants": ["Q1", "Q159", "Q668"]}
    return Event(**(base | fields))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"start_date": date(2019, 11, 19), "location_country": "Q668"},
         {"start_date": date(2019, 11, 19), "location_country": "Q668",
          "participants": ["Q668"], "name": "Petrov's trip"}, True),
        ({"start_date": date(2019, 11, 19), "location_country": "Q668"},
         {"start_date": date(2019, 11, 20), "location_country": "Q668"}, False),
        ({"start_date": date(2019, 11, 19)}, {"start_date": date(2019, 11, 19), "type": "summit"},
         False),
        ({"name": "BRICS summit", "type": "summit"},
         {"name": "BRICS summit", "type": "summit", "participants": ["Q1", "Q159", "Q668"]}, True),
        ({"name": "BRICS summit", "type": "summit"}, {"name": "G20 summit", "type": "summit"},
         False),
    ],
)
def test_event_key_identifies_the_same_event_across_articles(a, b, same):
    countries = ["Q159", "Q668"]
    assert (event_key(_event(**a), countries) == event_key(_event(**b), countries)) is same


def test_event_key_is_deterministic_whatever_the_participant_order():
    one = _event(start_date=date(2019, 11, 19), participants=["Q159", "Q668"])
    two = _event(start_date=date(2019, 11, 19), participants=["Q668", "Q159"])
    assert event_key(one) == event_key(two)


def _statement(article: Article, sentence: str) -> Statement:
    start = article.text.index(sentence)
    span = Mention(start=start, end=start + len(sentence), text=sentence)
    return Statement(text=sentence, direct=False, speaker="Q1", span=span, sentence=span)


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "said", "event_type"),
    [
        ("Ivan Petrov arrived in New Delhi on Tuesday for the India-Russia summit. "
         "Ties are strong, Petrov told the summit.", "Ties are strong, Petrov told the summit.",
         "summit"),
        ("In an interview with Anna Berg on Monday, Ivan Petrov said ties were strong.",
         "In an interview with Anna Berg on Monday, Ivan Petrov said ties were strong.",
         "interview"),
        ("Ivan Petrov met Ravi Kumar in Moscow on Monday. Petrov said at the meeting that "
         "trade will grow.", "Petrov said at the meeting that trade will grow.", "meeting"),
    ],
)
def test_link_statements_sets_the_occasion(nlp, body, said, event_type):
    article = _article(body)
    persons, countries = _entities(article)
    doc = nlp(article.text)
    events = find_events(doc, article, persons, countries)
    (linked,) = link_statements([_statement(article, said)], events)
    assert linked.event == next(e.key for e in events if e.type == event_type)


@pytest.mark.model
def test_link_statements_leaves_statement_without_occasion_alone(nlp):
    body = "Ivan Petrov met Ravi Kumar in Moscow on Monday. Petrov later said trade will grow."
    article = _article(body)
    persons, countries = _entities(article)
    doc = nlp(article.text)
    events = find_events(doc, article, persons, countries)
    (linked,) = link_statements([_statement(article, "Petrov later said trade will grow.")],
                                events)
    assert linked.event is None


# -- participants: the event's own clause, pronouns by the clause they sit in -----------------


def _by_type(events: list[Event], event_type: str) -> Event:
    (event,) = [e for e in events if e.type == event_type]
    return event


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "event_type", "inside", "outside"),
    [
        # a coordinated clause is not the visit's: the statue's namesake takes no part
        ("During his visit to Moscow on Monday, Ivan Petrov toured a plant and laid a wreath "
         "at the statue of Tom Hale.", "visit", {"Q1"}, {"Q4"}),
        # a war the talks happen amid is no party to them
        ("Ivan Petrov and Ravi Kumar held talks in Moscow on Tuesday amid the Ukraine war.",
         "talks", {"Q1", "Q2"}, {"Q212"}),
        # the visit as subject of an ordinary verb keeps to its own phrase
        ("The visit of Ivan Petrov to India comes days after a border clash with Ukraine.",
         "visit", {"Q1"}, {"Q212"}),
        # the one who reports a visit is not on it
        ("Ravi Kumar said that Ivan Petrov would visit India in December.", "visit",
         {"Q1", "Q668"}, {"Q2"}),
        # 'X invited Y to visit': Y makes the visit
        ("Ravi Kumar invited Ivan Petrov to visit India on Friday.", "visit", {"Q1"}, {"Q2"}),
        # who speaks of the talks is not in them
        ("Tom Hale said of Monday's talks between Ivan Petrov and Ravi Kumar that they went "
         "well.", "talks", {"Q1", "Q2"}, {"Q4"}),
    ],
)
def test_participants_come_from_the_events_own_clause(nlp, body, event_type, inside, outside):
    event = _by_type(_events(nlp, body), event_type)
    assert inside <= set(event.participants)
    assert not outside & set(event.participants)


@pytest.mark.model
def test_war_takes_countries_not_the_persons_who_mention_it(nlp):
    events = _events(nlp, "Ivan Petrov and Ravi Kumar held talks in Moscow on Tuesday amid "
                          "the Ukraine war.")
    war = _by_type(events, "other")
    assert war.start_date is None
    assert not {"Q1", "Q2"} & set(war.participants)


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "event_type", "person", "not_person"),
    [
        # a pronoun in a fronted phrase looks ahead to its clause's subject
        ("Ravi Kumar met Anna Berg on Monday. In his meeting with Tom Hale on Tuesday, "
         "Ivan Petrov praised the ties.", "talks_or_meeting", "Q1", "Q2"),
        # a subject pronoun takes the last subject, not the last name ('the statue of Hale')
        ("Ivan Petrov laid a wreath at the statue of Tom Hale. He is on a three-day visit to "
         "India.", "visit", "Q1", "Q4"),
    ],
)
def test_pronoun_resolves_by_the_clause_it_sits_in(nlp, body, event_type, person, not_person):
    events = _events(nlp, body)
    if event_type == "talks_or_meeting":
        (event,) = [e for e in events if e.start_date == date(2019, 11, 19)]
    else:
        event = _by_type(events, event_type)
    assert person in event.participants
    assert not_person not in event.participants


# -- days: only the event's own ----------------------------------------------------------------


@pytest.mark.model
def test_possessive_takes_the_subject_of_its_own_clause(nlp):
    body = "Ravi Kumar extended an invitation to Tom Hale during his visit to Moscow in 2018."
    assert _by_type(_events(nlp, body), "visit").name == "Ravi Kumar's visit to Moscow"



@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "event_type", "day"),
    [
        # the arrival's day is not that of the talks it is for
        ("Ivan Petrov arrived in Moscow on Sunday for talks with Ravi Kumar.", "talks", None),
        # Friday is the last day of the visit, the meeting's day
        ("On the final day of his three-day visit to India, Ivan Petrov met Ravi Kumar on "
         "Friday.", "visit", None),
        ("On the final day of his three-day visit to India, Ivan Petrov met Ravi Kumar on "
         "Friday.", "meeting", date(2019, 11, 15)),
        # a purpose clause's day is not the visit's
        ("Ivan Petrov will pay a visit to Moscow to attend the Victory Day parade on June 24.",
         "visit", None),
        ("Ivan Petrov will pay a visit to Moscow to attend the Victory Day parade on June 24.",
         "other", date(2020, 6, 24)),
        # a relative clause's talks do not take the arrival's day
        ("Ivan Petrov arrived in India on Tuesday for a visit during which he will hold talks "
         "with Ravi Kumar.", "talks", None),
        # the day of a decision is not that of the talks decided on
        ("The ministers agreed yesterday to resume talks with Ivan Petrov.", "talks", None),
        # 'six weeks after': the main clause's day is not the signing's
        ("The deal came on Tuesday, six weeks after India signed an agreement with Russia.",
         "signing", None),
        # a day the event no longer takes place on
        ("The Victory Day parade in Moscow, originally scheduled on May 9, was held on June 24.",
         "other", date(2019, 6, 24)),
        # told as past, a day-month after the article's date is last year's
        ("Ivan Petrov has called Tom Hale the mastermind of the Dec. 7 attacks on Ukraine.",
         "other", date(2018, 12, 7)),
        ("Earlier in the day, Ivan Petrov arrived in New Delhi.", "visit", ANCHOR),
    ],
)
def test_event_takes_only_its_own_day(nlp, body, event_type, day):
    assert _by_type(_events(nlp, body), event_type).start_date == day


# -- detection -------------------------------------------------------------------------------


@pytest.mark.model
def test_named_commission_session_with_ordinal_is_found_and_named(nlp):
    body = ("The trip is part of Ivan Petrov's participation in the 21st session of the "
            "India-Russia Inter-Governmental Commission on Military Cooperation in Moscow.")
    event = _by_type(_events(nlp, body), "commission_session")
    assert event.name == ("21st session of the India-Russia Inter-Governmental Commission on "
                          "Military Cooperation")
    assert "Q1" in event.participants


@pytest.mark.model
def test_commission_meeting_named_by_the_commission_is_one_session(nlp):
    body = ("Ivan Petrov and Ravi Kumar co-chaired the 19th India-Russia Inter-Governmental "
            "Commission on Military and Technical Cooperation meeting on Wednesday.")
    (event,) = _events(nlp, body)
    assert event.type == "commission_session"
    assert event.start_date == ANCHOR
    assert event.name.startswith("19th India-Russia Inter-Governmental Commission")


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "event_type", "name"),
    [
        ("Ivan Petrov attended the Victory Day parade in Moscow on Tuesday.", "other", None),
        ("India was close to Russia during the Cold War years.", "other", "Cold War"),
        ("Ivan Petrov said at a press conference that ties were strong.", "news_conference",
         None),
        ("An agreement on frigates was signed by India and Russia on Tuesday.", "signing", None),
        ("The defence agreement inked on December 6, 2018 in New Delhi covers ten years.",
         "signing", None),
        ("The first batch of Russian missiles was delivered to India.", "delivery", None),
        ("India signed an agreement with Russia to buy frigates.", "signing", None),
        ("Ivan Petrov inaugurated the biennial aerospace exhibition, Wings Asia, in New Delhi "
         "on Monday.", "other", "Wings Asia"),
        ("Ivan Petrov will lead the delegation-level talks.", "talks", None),
    ],
)
def test_find_events_detects_more_ways_of_telling(nlp, body, event_type, name):
    (event,) = _events(nlp, body)
    assert event.type == event_type
    if name:
        assert event.name == name


@pytest.mark.model
def test_speaker_at_a_press_conference_takes_part(nlp):
    (event,) = _events(nlp, "Ivan Petrov said at a press conference that ties were strong.")
    assert event.participants == ["Q1"]


@pytest.mark.model
def test_passive_and_participle_signings_keep_day_place_and_parties(nlp):
    (signed,) = _events(nlp, "An agreement on frigates was signed by India and Russia on "
                             "Tuesday.")
    assert signed.start_date == date(2019, 11, 19)
    assert {"Q159", "Q668"} <= set(signed.participants)
    (inked,) = _events(nlp, "The defence agreement inked on December 6, 2018 in New Delhi "
                            "covers ten years.")
    assert (inked.start_date, inked.location) == (date(2018, 12, 6), "New Delhi")


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "Countries that have signed treaties face limits.",
        "Ivan Petrov discussed the agenda of the Cold War Museum.",
    ],
)
def test_still_no_event_in_generic_text(nlp, body):
    assert _events(nlp, body) == []


@pytest.mark.model
def test_capitalised_common_words_make_no_name(nlp):
    (event,) = _events(nlp, "Ivan Petrov arrived in India on Monday for a two-day State Visit.")
    assert event.type == "visit"
    assert event.name == "Ivan Petrov's visit to India"


# -- merging ---------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "types"),
    [
        # the verb and the noun it arrives for
        ("Ivan Petrov arrived in India on Monday for a two-day State Visit.", ["visit"]),
        # a later mention whose parties are already the event's
        ("Indian and Russian warships began a drill in the Bay of Bengal on Friday. Indian "
         "destroyers are participating in the drill.", ["exercise"]),
        # names that share their proper words
        ("Russia will hold the Kavkaz-2020 strategic exercise on September 15. India withdrew "
         "from the Kavkaz-2020 military exercises.", ["exercise"]),
        # one war under two words, with the same party
        ("Ivan Petrov spoke amid the Ukraine war. Since the Ukraine conflict began, prices "
         "rose.", ["other"]),
        # one show under two words
        ("Ivan Petrov inaugurated the aerospace exhibition, Wings Asia, on Monday. He praised "
         "the five-day air show.", ["other"]),
        # different months: two calls
        ("Ivan Petrov's July 25 call with Ravi Kumar worried Tom Hale. Hale also recalled a "
         "September conversation between Petrov and Kumar in Moscow.", ["talks", "talks"]),
    ],
)
def test_mentions_merge_into_events(nlp, body, types):
    assert sorted(e.type for e in _events(nlp, body)) == types


def test_event_modules_doctests_pass():
    import doctest

    import kg.event_lexicon
    import kg.event_names

    for module in (kg.event_lexicon, kg.event_names):
        assert doctest.testmod(module).failed == 0


@pytest.mark.model
def test_evidence_sentence_has_no_surrounding_blank_lines(nlp):
    article = _article(
        "Ravi Kumar met Ivan Petrov in Moscow on Monday.\n\nThe talks lasted an hour."
    )
    persons, countries = _entities(article)
    events = find_events(nlp(article.text), article, persons, countries)
    assert events
    for event in events:
        assert event.sentence.text == event.sentence.text.strip()
        assert article.text[event.sentence.start : event.sentence.end] == event.sentence.text


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("The annual drills, called Iron Lotus, will be held near the coast.", "Iron Lotus"),
        ("The exercises, dubbed Sea Falcon 2020, began with a landing.", "Sea Falcon 2020"),
        ("The forum, known as the Delta Dialogue, opened with a keynote.", "Delta Dialogue"),
    ],
)
def test_a_name_given_with_called_dubbed_or_known_as_names_the_event(nlp, body, name):
    article = _article(body)
    persons, countries = _entities(article)
    names = [e.name for e in find_events(nlp(article.text), article, persons, countries)]
    assert names == [name]


@pytest.mark.model
@pytest.mark.parametrize("bound", ["until November 28", "up to November 28"])
def test_a_date_that_only_closes_the_period_is_the_end_date(nlp, bound):
    article = _article(f"The Russian and Indian navies will hold exercises {bound}.")
    persons, countries = _entities(article)
    (event,) = find_events(nlp(article.text), article, persons, countries)
    assert (event.start_date, event.end_date) == (None, date(2019, 11, 28))


# -- held-out fixes: ceremonies, deals, launches, placed summits, stances, duplicates ------


@pytest.mark.parametrize(
    ("body", "event_type", "words"),
    [
        ("The frigate Zorvan was formally commissioned into the Indian Navy at the Kestrel "
         "Dockyard in Mumbai on Sunday.", "other", "commissioning"),
        ("In a formal induction ceremony on Friday, the Russian Air Force took in its new "
         "Falko jets.", "other", "induction ceremony"),
        ("India received a first batch of Russian Talon fighter jets on Monday.",
         "delivery", "delivery of first batch"),
        ("Ivan Petrov attended the handover ceremony of the Orlan frigate on Monday.",
         "delivery", "handover ceremony"),
    ],
)
def test_commissioning_induction_and_handover_are_events(nlp, body, event_type, words):
    events = _events(nlp, body)
    assert [e.type for e in events] == [event_type]
    assert words in events[0].name.lower()
    assert events[0].start_date is not None


def test_a_fly_past_attended_by_a_person_is_an_event(nlp):
    events = _events(nlp, "The Falko jets were inducted in a fly-past attended by Ivan Petrov.")
    assert [e.type for e in events] == ["other"]
    assert "Q1" in events[0].participants


def test_a_country_signing_a_deal_is_one_signing(nlp):
    body = ("India has signed a deal for 40 Russian-made Talon fighter jets, officials said. "
            "The agreement was signed by Tom Hale as Ravi Kumar held talks in Moscow.")
    signings = [e for e in _events(nlp, body) if e.type == "signing"]
    assert len(signings) == 1
    assert "Q668" in signings[0].participants


@pytest.mark.parametrize(
    "body",
    [
        "Russia launched a new ballistic missile on Wednesday.",
        "Russia's most recent missile launch is absolutely intolerable, Tom Hale said.",
    ],
)
def test_a_specific_missile_launch_is_an_other_event(nlp, body):
    events = _events(nlp, body)
    assert [e.type for e in events] == ["other"]
    assert "Q159" in events[0].participants


def test_generic_missile_launches_are_no_event(nlp):
    body = "Russia is prohibited from carrying out ballistic missile launches under the treaty."
    assert _events(nlp, body) == []


def test_a_summit_placed_and_dated_by_its_relative_clause(nlp):
    body = ("Trade will be the main theme of the Velora summit, which will take place in "
            "Brussels on May 25, Tom Hale said.")
    events = _events(nlp, body)
    assert [(e.type, e.location) for e in events] == [("summit", "Brussels")]
    assert events[0].start_date == date(2020, 5, 25)


@pytest.mark.parametrize("verb", ["will likely frown on", "condemned", "warned against",
                                  "criticised"])
def test_who_frowns_on_or_condemns_an_event_is_no_party_to_it(nlp, verb):
    body = f"India {verb} the Velora drills held by Russia near Ukraine last week."
    events = _events(nlp, body)
    assert [e.type for e in events] == ["exercise"]
    assert "Q668" not in events[0].participants


def test_the_invasion_of_a_country_is_named_for_the_invaded(nlp):
    body = ("Tom Hale said Russia has armed the rebels since the beginning of the invasion "
            "of Ukraine.")
    wars = [e for e in _events(nlp, body) if e.type == "other"]
    assert [e.name for e in wars] == ["Invasion of Ukraine"]


def test_bare_plural_attacks_placed_in_a_country_are_no_event(nlp):
    body = "Russia spent most of these drones on attacks on critical infrastructure in Ukraine."
    assert _events(nlp, body) == []


@pytest.mark.parametrize(
    ("body", "event_type"),
    [
        ("Ravi Kumar met Ivan Petrov on the first day of Kumar's Caspian trip on November 3. "
         "Later Tom Hale signed the papers on the first day of a visit to the Caspian.", "visit"),
        ("Ravi Kumar and Ivan Petrov signed a declaration following a meeting between the two "
         "leaders at the annual India-Russia Leaders' Meeting in Perth.", "meeting"),
    ],
)
def test_one_trip_or_meeting_told_twice_is_one_event(nlp, body, event_type):
    events = [e for e in _events(nlp, body) if e.type == event_type]
    assert len(events) == 1


@pytest.mark.model
@pytest.mark.parametrize("topic", ["to discuss arms deliveries", "to review the planned exercises"])
def test_an_event_noun_that_is_only_a_topic_is_no_event(nlp, topic):
    article = _article(f"Ravi Kumar met Ivan Petrov in Moscow on Monday {topic}.")
    persons, countries = _entities(article)
    events = find_events(nlp(article.text), article, persons, countries)
    assert [e.type for e in events] == ["meeting"]


@pytest.mark.model
def test_a_bracketed_abbreviation_stays_inside_an_events_name(nlp):
    body = ("The two leaders last met in the city of Tianjin during the Pacific Trade Forum "
            "Organization (PTFO) summit in September. There, they held a private conversation.")
    names = {e.name for e in _events(nlp, body) if e.type == "summit"}
    assert names == {"Pacific Trade Forum Organization (PTFO) summit"}


@pytest.mark.model
def test_the_two_leaders_and_the_two_countries_stand_for_the_pair_named_before(nlp):
    body = ("Ivan Petrov spoke with Ravi Kumar by phone in May. The two leaders met in "
            "Kazan on Tuesday.\n\nRussia and India have long traded arms. The two countries "
            "signed an agreement on Friday.")
    events = {e.type: e for e in _events(nlp, body)}
    assert set(events["meeting"].participants) >= {"Q1", "Q2"}
    assert set(events["signing"].participants) == {"Q159", "Q668"}


@pytest.mark.model
def test_a_country_word_that_only_places_a_city_is_no_party(nlp):
    body = "Ivan Petrov and Ravi Kumar met in the Indian city of Chennai on Tuesday."
    (meeting,) = [e for e in _events(nlp, body) if e.type == "meeting"]
    assert "Q668" not in meeting.participants and {"Q1", "Q2"} <= set(meeting.participants)


@pytest.mark.model
def test_the_recent_coup_is_one_occurrence_recent_coups_are_not(nlp):
    one = _events(nlp, "Ministers met in Abuja on Monday to discuss the recent coup in Niger.")
    assert [e.type for e in one if e.type == "other"] == ["other"]
    many = _events(nlp, "Analysts said recent coups in the region had shaken investors.")
    assert [e for e in many if e.type == "other"] == []


@pytest.mark.model
def test_who_in_a_relative_clause_making_a_visit_is_the_person_it_follows(nlp):
    body = "Ravi Kumar met Ivan Petrov, who made a surprise visit to Kyiv on Tuesday."
    visits = [e for e in _events(nlp, body) if e.type == "visit"]
    assert [e.participants[:1] for e in visits] == [["Q1"]]


@pytest.mark.model
def test_one_countrys_unnamed_drills_told_twice_are_one_exercise(nlp):
    body = ("Ravi Kumar warned on Thursday that Russia's military drills near the border "
            "threatened peace.\n\nAfter Russia started military drills near the border, "
            "Ukraine raised its alert.")
    assert len([e for e in _events(nlp, body) if e.type == "exercise"]) == 1


@pytest.mark.model
def test_the_summit_of_the_body_takes_the_name_the_headline_gives(nlp):
    article = _article("Leaders agreed on Wednesday to spend more, but the summit also exposed "
                       "rifts over Ukraine.", title="Key takeaways from the Arctic Council summit")
    persons, countries = _entities(article)
    events = find_events(nlp(article.text), article, persons, countries)
    assert [(e.type, e.name) for e in events] == [("summit", "Arctic Council summit")]


@pytest.mark.model
def test_a_headline_name_does_not_replace_the_bodys_own_name(nlp):
    article = _article("Troops began the Iron Wolf exercise on Monday. The exercise ends in May.",
                       title="NATO exercise in Poland deters Russia")
    persons, countries = _entities(article)
    events = find_events(nlp(article.text), article, persons, countries)
    assert [e.name for e in events if e.type == "exercise"] == ["Iron Wolf exercise"]


@pytest.mark.model
def test_talks_a_delegation_is_sent_to_a_place_for_are_held_there(nlp):
    body = "The army has sent a delegation to the Saudi city of Jeddah for ceasefire talks."
    (talks,) = [e for e in _events(nlp, body) if e.type == "talks"]
    assert talks.location == "Jeddah"
