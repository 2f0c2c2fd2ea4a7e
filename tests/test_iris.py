import doctest

import pytest

import kg.iris
from kg.iris import IriMinter, normalise_text, slugify


def test_iris_doctests_pass():
    assert doctest.testmod(kg.iris).failed == 0


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Sergei Shoigu", "sergei-shoigu"), ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
     ("the S-400 Triumf", "s-400-triumf"), ("F/A-18 Super Hornet", "f-a-18-super-hornet"),
     ("   ", "unnamed")],
)
def test_slugify_normalises_names(name, slug):
    assert slugify(name) == slug


def test_entity_iri_is_the_same_for_spelling_variants_without_qid():
    m = IriMinter()
    assert m.entity("weapon", "S-400 Triumf") == m.entity("weapon", "s-400  triumf")
    assert m.entity("person", "Q7747").value.endswith("/person/Q7747")


def test_statement_iri_ignores_case_and_punctuation_but_not_speaker():
    m = IriMinter()
    a = m.statement("Q7747", "We are ready, he said.", True)
    assert a == m.statement("Q7747", "we are ready he said", True)
    assert a != m.statement("Q58217", "We are ready, he said.", True)
    assert a != m.statement("Q7747", "We are ready, he said.", False)


def test_normalise_text_keeps_words_only():
    assert normalise_text("“Highly on the agenda,” — yes!") == "highly on the agenda yes"


def test_base_iri_is_configurable():
    m = IriMinter("http://example.org/kg")
    assert m.article("a.txt").value.startswith("http://example.org/kg/article/")
