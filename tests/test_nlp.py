"""Model loading and kg's own pipeline component."""

from __future__ import annotations

import pytest

from kg.errors import ModelError
from kg.nlp import load_model, model_info

pytestmark = pytest.mark.model


def test_a_blank_line_always_ends_a_sentence(nlp):
    text = "Putin praises ties with India\n\nThe Russian leader said the talks went well."
    doc = nlp(text)
    starts = [s.start_char for s in doc.sents if s.text.strip()]
    assert text.index("The Russian") in starts


def test_a_single_line_break_is_left_to_the_parser(nlp):
    doc = nlp("The minister said that the deal\nwould be signed next week.")
    assert len([s for s in doc.sents if s.text.strip()]) == 1


def test_model_is_loaded_once_per_process():
    assert load_model() is load_model()


def test_component_runs_before_the_parser():
    names = load_model().pipe_names
    assert names.index("kg_paragraph_breaks") < names.index("parser")


def test_model_info_names_the_package_and_version():
    name, version = model_info(load_model())
    assert name.startswith("en_core_web_sm") and version.startswith("3.")


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match="KG_SPACY_MODEL"):
        load_model("no_such_model_xyz")


def test_a_paragraph_after_a_headline_keeps_its_first_words_together(nlp):
    text = "Navies to drill together\n\nBrazil and Chile will hold joint naval drills next month."
    doc = nlp(text)
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sents[-1] == "Brazil and Chile will hold joint naval drills next month."


def test_a_short_first_sentence_still_ends_at_its_full_stop(nlp):
    doc = nlp("Title line\n\nYes. The minister agreed to the plan.")
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert "The minister agreed to the plan." in sents


def test_double_primes_split_off_words_like_quotation_marks(nlp):
    assert [t.text for t in nlp("new F-35\u2033 fighters")] == ["new", "F-35", "\u2033", "fighters"]
