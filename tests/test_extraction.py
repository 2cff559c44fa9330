"""Officials and meetings on the seeds, scored against the gold annotation, plus name rules."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from diplotui.extract.dates import PartialDate
from diplotui.extract.meetings import (
    _KIND_WORDS,
    _kind_words,
    _status,
    _trigger_spans,
    resolve_date,
)
from diplotui.extract.names import same_person, surname
from diplotui.extract.officials import country_in
from diplotui.extract.quality import score
from diplotui.tui.cli import cli


@pytest.fixture(scope="module")
def seed_dump(tmp_path_factory, seed_dir) -> dict:
    db = tmp_path_factory.mktemp("kb") / "seeds.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(seed_dir), "--db", str(db), "--processes", "1"])
    assert result.exit_code == 0, result.output
    return json.loads(runner.invoke(cli, ["dump", "--db", str(db)]).output)


def test_seed_quality_meets_targets(seed_dump, gold):
    s = score(seed_dump, gold)
    assert s["officials"]["f1"] >= 0.95
    assert s["identity"]["f1"] >= 0.95
    assert s["title_accuracy"] >= 0.85
    # countries by attachment only: the dateline no longer lends its country (issue 21); four
    # domestic officials the seed texts give no country for wait for resolution to fill them
    assert s["country_accuracy"] >= 0.85
    assert s["meetings"]["f1"] >= 0.85
    assert s["grouping"]["f1"] >= 0.90
    assert s["status_accuracy"] >= 0.90


def _official(dump, name):
    return next(o for o in dump["officials"] if o["name"] == name or name in o["aliases"])


def test_spellings_resolve_to_one_official_with_titles_over_time(seed_dump):
    blinken = _official(seed_dump, "Tony Blinken")
    assert {blinken["name"], *blinken["aliases"]} >= {"Antony Blinken", "Tony Blinken", "Antony Bliken"}
    assert blinken["country"] == "United States"
    assert blinken["titles"][:2] == ["Deputy Secretary of State", "Secretary of State"]
    assert _official(seed_dump, "Lim Sung-nam") is _official(seed_dump, "Lim Seong-nam")
    assert _official(seed_dump, "Kim Jong-un") is _official(seed_dump, "Kim Jong Un")


def test_people_sharing_a_surname_stay_apart(seed_dump):
    kims = {o["id"] for o in seed_dump["officials"] if surname(o["name"]) == "Kim"}
    assert len(kims) >= 3  # Kim Jong Un, Kim Kyou-hyun, Kevin Kim
    parks = [o["name"] for o in seed_dump["officials"] if o["name"].startswith("Park")]
    assert sorted(parks) == ["Park Geun-hye", "Park Il"]


def test_model_mistakes_and_reporters_are_not_officials(seed_dump):
    names = {o["name"] for o in seed_dump["officials"]} | {a for o in seed_dump["officials"] for a in o["aliases"]}
    for wrong in ("COVID-19", "Yonhap", "Jiji", "Foriegn", "Ikura Guesthouse", "S. Korean", "Su Yuting", "옥현주"):
        assert wrong not in names


def test_short_forms_resolve_within_the_article(seed_dump):
    by_file = {(a["file"], a["part"]): a for a in seed_dump["articles"]}
    names = {o["id"]: o["name"] for o in seed_dump["officials"]}
    nation = by_file[("001_34619f7877ea231f.txt", 1)]
    written = {names[o["official_id"]]: o["as_written"] for o in nation["officials"]}
    assert "Kim" in written["Kevin Kim"] and "Kim" not in written["Kim Jong Un"]
    assert "Park" in written["Park Il"]
    yonhap = by_file[("000_62ed515fa276ed97.txt", 1)]
    written = {names[o["official_id"]]: o["as_written"] for o in yonhap["officials"]}
    assert "Kim" in written["Kim Kyou-hyun"]


def test_xiamen_meeting_is_one_event_reported_by_three_outlets(seed_dump):
    names = {o["id"]: o["name"] for o in seed_dump["officials"]}
    articles = {a["id"]: a for a in seed_dump["articles"]}
    [event] = [e for e in seed_dump["events"] if e["place"] == "Xiamen"]
    assert event["date"] == "2021-04-03" and event["status"] == "held"
    assert {names[p] for p in event["participants"]} == {"Chung Eui-yong", "Wang Yi"}
    statuses = {articles[r["article_id"]]["outlet"]: r["status"] for r in event["reports"]}
    assert statuses == {None: "held", "CGTN": "planned", "Reuters": "held"}


def test_blinken_events(seed_dump):
    blinken = _official(seed_dump, "Antony Blinken")["id"]
    mine = [e for e in seed_dump["events"] if blinken in e["participants"]]
    summary = {(e["date"] or e["date_partial"], e["place"], e["status"]) for e in mine}
    assert ("2016-01-16", "Tokyo", "held") in summary
    assert ("2016-04", "Seoul", "planned") in summary
    assert ("2016-10-27", "Tokyo", "held") in summary
    assert any(d == "2021-03" for d, _, _ in summary)  # the two-plus-two with Chung Eui-yong


@pytest.mark.parametrize(
    "a,b,same",
    [("Antony Blinken", "Tony Blinken", True), ("Antony Blinken", "Antony Bliken", True),
     ("Lim Sung-nam", "Lim Seong-nam", True), ("Kim Jong-un", "Kim Jong Un", True),
     ("Kim Jong Un", "Kim Kyou-hyun", False), ("Kevin Kim", "Kim Jong Un", False),
     ("Park Il", "Park Geun-hye", False), ("Cho Tae-yong", "Cho Tae-yul", False)],
)  # fmt: skip
def test_same_person(a, b, same):
    assert same_person(a, b) is same


@pytest.mark.parametrize(
    "text,status,expected",
    [("on Thursday", "held", "2016-10-27"), ("Jan. 16", "held", "2016-01-16"),
     ("next Tuesday", "planned", "2016-11-01"), ("last April", "held", "2016-04"),
     ("last month", "held", "2016-09"), ("sometime in April", "planned", "2017-04")],
)  # fmt: skip
def test_relative_dates_resolve_against_publication(text, status, expected):
    published = PartialDate(2016, 10, 28)  # a Friday
    assert resolve_date(text, published, status).partial == expected


def test_relative_dates_without_publication_date_stay_unknown():
    assert resolve_date("on Tuesday", PartialDate(None, 12, 12), "held").partial is None


@pytest.mark.parametrize(
    "text, status",
    [
        ("The two ministers Met in Seoul on Tuesday.", "held"),
        ("THE FOREIGN MINISTERS WILL MEET NEXT WEEK", "planned"),
        ("Tokyo Hopes To Hold a summit soon", "proposed"),
    ],
)
def test_status_words_are_found_in_any_case(text, status):
    assert _status(text) == status


def test_meeting_words_in_any_case_keep_their_positions():
    # "İ" lowers to two characters: the patterns search lowered text, whose positions must
    # still be the original's
    text = "İİİ officials from Ankara MET with their counterparts for TRILATERAL Talks"
    assert [(family, text[s:e]) for family, s, e in _trigger_spans(text)] == [("meeting", "MET"), ("meeting", "Talks")]
    assert _kind_words(text, _KIND_WORDS) == "trilateral"


def test_countries_are_found_in_any_case():
    assert country_in("SOUTH KOREA'S vice foreign minister") == "South Korea"
    assert country_in("the İstanbul-born JAPANESE diplomat") == "Japan"
