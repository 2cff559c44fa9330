"""Title and trigger patterns are data (JSONL in extract/data), applied by spaCy components."""

from __future__ import annotations

import pytest

from diplotui.extract.gazetteer import load_patterns


@pytest.fixture(scope="module")
def nlp():
    from diplotui.extract import nlp as nlp_mod

    return nlp_mod.load()


def test_every_pattern_line_has_a_unique_id_and_a_label():
    for name in ("titles.jsonl", "triggers.jsonl", "status.jsonl"):
        lines = load_patterns(name)
        ids = [p["id"] for p in lines]
        assert lines and len(ids) == len(set(ids)), name
        assert all(p.get("label") for p in lines), name


def test_the_pipeline_marks_titles_and_trigger_words_with_their_ids(nlp):
    from diplotui.extract.patterns import TITLES, TRIGGERS

    assert TITLES in nlp.pipe_names and TRIGGERS in nlp.pipe_names
    doc = nlp("The Trade Minister of Norland held talks with two Vice-Ministers in Eastport.")
    titles = [(s.text, s.id_, s.label_) for s in doc.spans[TITLES]]
    assert titles == [("Trade Minister", "trade-minister", "TITLE"),
                      ("Vice-Ministers", "vice-minister-hyphenated", "TITLES")]
    assert {(s.text, s.label_) for s in doc.spans[TRIGGERS]} == {("talks", "talks")}


def test_a_title_is_whole_words_only(nlp):
    from diplotui.extract.patterns import TITLES

    doc = nlp("The ex-President and the President-elect spoke.")
    assert [s.text for s in doc.spans[TITLES]] == []


def test_a_new_title_is_one_line_of_data(nlp):
    from diplotui.extract.patterns import TitleMarker

    lines = [*load_patterns("titles.jsonl"), {"id": "grand-vizier", "label": "TITLE", "pattern": "grand vizier",
                                               "level": "summit"}]
    marker = TitleMarker(nlp.vocab, lines, nlp.make_doc)
    doc = nlp.make_doc("The Grand Vizier Omar Tal received them.")
    assert [(s.text, s.id_) for s in marker.spans(doc)] == [("Grand Vizier", "grand-vizier")]


def test_a_doc_made_without_the_components_gets_the_same_marks(nlp):
    import spacy

    from diplotui.extract.patterns import title_spans, trigger_cues

    blank = spacy.blank("en")
    doc = blank("Foreign Minister Lea Dorn met her counterpart by phone.")
    assert [s.text for s in title_spans(doc)] == ["Foreign Minister"]
    assert {cue for _, cue in trigger_cues(doc)} >= {"meet", "by-phone", "phone-call"}


def test_every_data_file_ships_in_the_package():
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    setuptools = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    globs = setuptools["package-data"]["diplotui.extract"]
    for path in (root / "extract" / "data").iterdir():
        assert any(fnmatch.fnmatch(f"data/{path.name}", g) for g in globs), path.name
