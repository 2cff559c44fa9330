"""Pages as they come: what heads a story that is not its headline, and the site's own name.

Every name, site and sentence here is made up.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from diplotui.extract.formats import article_from, spell_label
from diplotui.extract.read import read_text
from diplotui.tui.cli import cli

HEADLINE = "Valdora and Ostrel agree on a ferry link"
LEAD = ("Valdoran Foreign Minister Lena Marsk met her Ostrelian counterpart Piet Harlow in Corvena on Tuesday "
        "for talks on fishing rights and a new ferry link, the Valdoran foreign ministry said in a statement.")
REST = ("Marsk said the two neighbours had agreed on forming a joint commission on the ferry route, and Harlow "
        "invited her to visit Ostrel later in the year to sign the agreement.\n\n"
        "The ministers also discussed the clashes between fishing boats in the northern strait this spring, "
        "according to a note the ministry sent out later.")
BODY = f"{LEAD}\n\n{REST}"


def read_one(text: str):
    (article,) = read_text(text)
    return article


@pytest.mark.parametrize(
    ("above", "outlet"),
    [
        ("Anna Ostrova", None),  # a byline: a person's name alone
        ("Anna Maria Ostrova", None),
        ("Photo: Kell Varga / Harbor Wire", None),  # a photo credit names the photographer's agency
        ("Valdora Times / valdora", "Valdora Times"),  # the site's name, and its name in lower case
        ("Anna Ostrova / Harbor Wire", "Harbor Wire"),  # a reporter and the site
        ("VALDORA TIMES\n\nValdora Times", "Valdora Times"),  # the masthead printed twice
    ],
)
def test_what_stands_above_the_headline_is_not_the_headline(above: str, outlet: str | None) -> None:
    article = read_one(f"{above}\n\n{HEADLINE}\n\n{BODY}")
    assert article.headline == HEADLINE
    assert article.outlet == outlet
    assert article.body.startswith(LEAD)


def test_a_byline_and_a_photo_credit_above_a_story_without_headline() -> None:
    article = read_one(f"Harbor Wire\n\nAnna Ostrova\n\nPhoto: Kell Varga / Harbor Wire\n\n{BODY}")
    assert article.outlet == "Harbor Wire"
    assert article.byline == "Anna Ostrova"
    assert article.headline.startswith("Valdoran Foreign Minister Lena Marsk met")
    assert "Photo" not in article.headline and article.body.startswith(LEAD)


@pytest.mark.parametrize(("headline", "shown"), [
    ("Politics Marsk: ferry link will open next spring", "Marsk: ferry link will open next spring"),
    ("Diplomacy Harlow invites Marsk to Ostrel", "Harlow invites Marsk to Ostrel"),
    ("World leaders gather in Corvena", "World leaders gather in Corvena"),  # a section word that is the headline's
    ("Europe Ministers Meet In Corvena", "Europe Ministers Meet In Corvena"),  # title case: nothing is run in
])
def test_a_section_label_run_into_the_headline_is_dropped(headline: str, shown: str) -> None:
    assert read_one(f"{headline}\n\n{BODY}").headline == shown


@pytest.mark.parametrize("after", ["", "March 14, 2024\n\n", "By Anna Ostrova\n\n"])
def test_a_story_sentence_first_is_the_story_not_the_headline(after: str) -> None:
    article = read_one(f"{LEAD}\n\n{after}{REST}")
    assert article.body.startswith(LEAD)
    assert article.headline != LEAD and article.headline.startswith("Valdoran Foreign Minister")
    assert len(article.headline) <= 125


def test_a_story_sentence_first_keeps_its_officials_and_meeting(tmp_path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "bare.txt").write_text(f"{LEAD}\n\nMarch 14, 2024\n\n{REST}\n", encoding="utf-8")
    (pages / "headed.txt").write_text(f"{HEADLINE}\n\nMarch 14, 2024\n\n{BODY}\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(pages), "--db", str(db)]).exit_code == 0
    dump = json.loads(runner.invoke(cli, ["dump", "--db", str(db)]).output)
    names = {o["id"]: o["name"] for o in dump["officials"]}
    found = {a["file"]: {names[o["official_id"]] for o in a["officials"]} for a in dump["articles"]}
    assert found["bare.txt"] == found["headed.txt"] and {"Lena Marsk", "Piet Harlow"} <= found["bare.txt"]
    reported = {r["article_id"] for e in dump["events"] for r in e["reports"]}
    assert {a["id"] for a in dump["articles"]} <= reported  # both report the meeting


@pytest.mark.parametrize(("title", "text_above", "url", "outlet"), [
    (f"{HEADLINE} | Harbor Wire", "", "https://www.harborwire.net/world/1", "Harbor Wire"),
    (f"{HEADLINE} - Valdora Times", "", "https://news.valdoratimes.co.vd/a/1", "Valdora Times"),
    (f"Ostrel Post: {HEADLINE}", "", "https://ostrelpost.com/a/1", "Ostrel Post"),
    (HEADLINE, "Valdora Times | News\n\n", "https://valdoratimes.com/a/1", "Valdora Times"),
    (HEADLINE, "", "https://www.harborwire.net/world/1", "Harbor Wire"),  # never written: the label spelt out
    (HEADLINE, "", "https://www.kvx.net/world/1", "KVX"),
])
def test_an_unknown_domain_gives_the_name_the_page_writes(title, text_above, url, outlet) -> None:
    article = article_from(f"{text_above}{HEADLINE}\n\n{BODY}", part=1, title=title, url=url)
    assert (article.outlet, article.headline) == (outlet, HEADLINE)


def test_the_site_name_as_the_page_cases_it() -> None:
    article = article_from(f"{HEADLINE}\n\n{BODY}\n\nRead more stories on HarborWire", part=1,
                           url="https://www.harborwire.net/world/1")
    assert article.outlet == "HarborWire"
    assert spell_label("ostrelchronicle") == "Ostrel Chronicle"


def test_a_wire_story_on_a_site_keeps_the_site_as_publisher() -> None:
    text = f"{HEADLINE}\n\nCORVENA, March 14 (Reuters) - {BODY}"
    article = article_from(text, part=1, url="https://www.valdoratimes.com/world/1")
    assert (article.outlet, article.wire) == ("Valdora Times", "Reuters")
    bylined = article_from(f"{HEADLINE}\n\nBy Agence France-Presse\n\n{BODY}", part=1,
                           url="https://harborwire.net/a/1", title=f"{HEADLINE} | Harbor Wire")
    assert (bylined.outlet, bylined.wire) == ("Harbor Wire", "AFP")
    own = article_from(text, part=1, url="https://www.reuters.com/world/1")  # the wire's own page
    assert (own.outlet, own.wire) == ("Reuters", None)


@pytest.mark.parametrize(("stamp", "byline"), [
    ("Anna Ostrova • 14 March 2024", "Anna Ostrova"),  # a reporter and the date, bulleted
    ("By Anna Ostrova | March 14, 2024", "Anna Ostrova"),
    ("14 March 2024 | Anna Ostrova", "Anna Ostrova"),  # ... the other way round: not the headline
    ("Published on: Thu, 03/14/2024 - 10:32", None),  # a weekday between the label and the date
    ("Thursday, March 14, 2024", None),
    ("March 14, 2024 | Updated: March 15, 2024", None),  # the update is no headline
])
def test_publication_stamps_in_more_forms(stamp: str, byline: str | None) -> None:
    article = read_one(f"{HEADLINE}\n\n{stamp}\n\n{BODY}")
    assert (article.published.full, article.headline, article.byline) == ("2024-03-14", HEADLINE, byline)
    assert article.dateline is None  # a weekday is no place


def test_a_readout_date_line_gives_date_and_time_of_publication() -> None:
    article = read_one(f"{HEADLINE}\n\nMarch 14, 2024, 17:00, Corvena Palace, Corvena\n\n{BODY}")
    assert article.published.full == "2024-03-14" and article.headline == HEADLINE


OTHER = ("The ministers also discussed the clashes between fishing boats in the northern strait this spring, "
         "according to a note the ministry sent out later.")


def test_site_chrome_is_removed_by_its_shape() -> None:
    page = (f"{HEADLINE}\n\n{LEAD}\n\nELSEWHERE: Ostrel court halts a strait fishing ban\n\n{HEADLINE}\n\n"
            "Тhе bеst сhеар fеrrу tickets, сliсk hеrе tоdау.\n\n"  # Cyrillic letters among the Latin ones
            f"{REST}\n\nMore | Marsk to visit Ostrel in the autumn\n\n{HEADLINE}\n\n"
            "Ostrel port strike ends after two weeks\nHarlow names a new envoy to Valdora\n\n"
            "Your address stays private. Fields marked are required *\nName *\nSend\n")
    article = read_one(page)
    assert article.headline == HEADLINE
    assert article.body == f"{LEAD}\n\n{REST}"


def test_what_looks_like_chrome_inside_the_story_stays() -> None:
    page = (f"{HEADLINE}\n\n{LEAD}\n\nMarsk: The ferry link will open next spring\n\n{REST}\n\n"
            "QUESTION: When will the commission meet?\n\nThe talks will continue on Friday.\n\n"
            "Lena Marsk, Foreign Minister of Valdora\n")
    article = read_one(page)
    for kept in ("Marsk: The ferry link", "QUESTION: When", "continue on Friday.", "Lena Marsk, Foreign Minister"):
        assert kept in article.body
