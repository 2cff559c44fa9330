"""The same story from two sources: the copy with more metadata (a url, a site name, a date,
a wire) enriches the stored article, whichever arrives first.

Every name and sentence here is made up.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from diplotui.extract.dates import PartialDate
from diplotui.extract.ingest import merge_copies
from diplotui.extract.read import Article
from diplotui.tui.cli import cli

HEADLINE = "Valdora and Ostrel foreign ministers meet in Corvena"
BODY = (
    "Valdoran Foreign Minister Lena Marsk met her Ostrelian counterpart Piet Harlow in Corvena today "
    "for talks on fishing rights and a new ferry link, the Valdoran foreign ministry said.\n\n"
    "Marsk said the two neighbours had agreed on forming a joint commission on the ferry route, and "
    "Harlow invited her to visit Ostrel later in the year to sign the agreement.\n\n"
    "The ministers also talked about the situation in the northern strait, where fishing boats of both "
    "countries have clashed several times this spring, according to the statement."
)
URL = "https://www.harborwire.net/world/2024/03/14/valdora-ostrel-talks"


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _normalised(dump: dict) -> dict:
    """A dump with its ids replaced by names, to compare bases built in other orders."""
    names = {o["id"]: o["name"] for o in dump["officials"]}
    where = {a["id"]: (a["file"], a["part"]) for a in dump["articles"]}
    articles = sorted(
        ({**{k: v for k, v in a.items() if k != "id"},
          "officials": sorted(({**o, "official_id": names[o["official_id"]]} for o in a["officials"]),
                              key=lambda o: o["official_id"])} for a in dump["articles"]),
        key=json.dumps)
    officials = sorted(({k: v for k, v in o.items() if k != "id"} for o in dump["officials"]), key=json.dumps)
    events = sorted(
        ({**{k: v for k, v in e.items() if k != "id"},
          "participants": sorted(names[p] for p in e["participants"]),
          "reports": sorted(({**r, "article_id": where[r["article_id"]],
                              "participants": sorted(names[p] for p in r["participants"]),
                              "quotes": [q["text"] for q in r["quotes"]]} for r in e["reports"]), key=json.dumps)}
         for e in dump["events"]), key=json.dumps)
    return {"articles": articles, "officials": officials, "events": events}


def _build(tmp_path, name: str, order: list) -> dict:
    db = tmp_path / f"{name}.db"
    for source in order:
        _cli("ingest", str(source), "--db", str(db))
    return json.loads(_cli("dump", "--db", str(db)))


def test_a_copy_with_more_metadata_enriches_the_stored_article_in_either_order(tmp_path):
    plain = tmp_path / "copies" / "story.txt"
    plain.parent.mkdir()
    plain.write_text(f"{HEADLINE}\n\n{BODY}\n", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    text = f"{HEADLINE}\n\n{BODY}\n"
    records.write_text(json.dumps({"url": URL, "title": HEADLINE, "text": text, "site_name": "Harbor Wire",
                                   "date": "2024-03-14T09:30:00Z"}) + "\n", encoding="utf-8")

    text_first = _build(tmp_path, "text-first", [plain.parent, records])
    records_first = _build(tmp_path, "records-first", [records, plain.parent])

    assert _normalised(text_first) == _normalised(records_first)
    (article,) = text_first["articles"]
    assert article["url"] == URL
    assert article["outlet"] == "Harbor Wire"
    assert article["published"] == "2024-03-14"
    # the meeting is dated from the publication date the richer copy brought
    dates = {r["date"] for e in text_first["events"] for r in e["reports"]}
    assert "2024-03-14" in dates
    assert {"Lena Marsk", "Piet Harlow"} <= {o["name"] for o in text_first["officials"]}


def test_a_copy_with_less_metadata_changes_nothing(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"url": URL, "title": HEADLINE, "text": f"{HEADLINE}\n\n{BODY}\n"}) + "\n",
                       encoding="utf-8")
    plain = tmp_path / "story.txt"
    plain.write_text(f"{HEADLINE}\n\n{BODY}\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    _cli("ingest", str(records), "--db", str(db))
    out = _cli("ingest", str(plain), "--db", str(db))
    assert "1 already stored from another file" in out
    (article,) = json.loads(_cli("dump", "--db", str(db)))["articles"]
    assert article["file"] == "records.jsonl" and article["url"] == URL


def _copy(**fields) -> Article:
    return Article(part=1, headline=HEADLINE, body=BODY, **fields)


def test_merging_two_copies_takes_the_best_of_each_in_either_order():
    site = dict(url=URL, outlet="Harbor Wire", published=PartialDate(2024, 3, 14), published_source="url")
    text = dict(outlet="Reuters", byline="Lena Ostrova", dateline="Corvena")
    for first, second in ((site, text), (text, site)):
        later, earlier = _copy(**second), _copy(**first)
        merged_gains = merge_copies(later, earlier)
        assert merged_gains
        # the site's page leads; the text's agency credit is the wire, not the publisher
        got = (later.url, later.outlet, later.byline, later.dateline)
        assert got == (URL, "Harbor Wire", "Lena Ostrova", "Corvena")
        assert later.published == PartialDate(2024, 3, 14) and later.wire == "Reuters"
    poorer, stored = _copy(outlet="Harbor Wire"), _copy(**site)
    assert not merge_copies(poorer, stored)
