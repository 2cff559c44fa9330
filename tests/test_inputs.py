"""Real-world inputs: saved web pages, JSON Lines and CSV exports, URLs and feeds.

Web tests run against a local server on 127.0.0.1 (tests/web_support.py); nothing here
reaches the internet.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from kb_builder import ingest as ingest_text
from web_support import SEEDS, Route, Site, rss, seed_pages

from diplotui.extract.fetch import Fetcher
from diplotui.extract.formats import Fields, read_csv, read_html, read_jsonl
from diplotui.extract.ingest import ingest
from diplotui.extract.pipeline import ingest_files
from diplotui.store.db import open_db
from diplotui.store.dump import dump
from diplotui.tui.cli import cli

BODY = (
    "SEOUL, April 3 (Yonhap) -- South Korea's foreign minister met his Japanese counterpart in Seoul on "
    "Sunday to discuss security cooperation and trade, officials said. The two ministers agreed to meet "
    "again later this year, the foreign ministry said."
)
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ministers meet in Seoul</title>
<meta property="article:published_time" content="2016-04-03T10:00:00+09:00">
<link rel="canonical" href="https://en.yna.co.kr/view/AEN20160403000100315"></head>
<body><nav>Home | World | Sports</nav><article><h1>Ministers meet in Seoul</h1><p>{BODY}</p>
<p>The talks lasted two hours and covered a wide range of issues, from tariffs to tourism.</p></article>
<footer>Copyright Yonhap. All rights reserved.</footer></body></html>"""


def fast_fetcher(**kw) -> Fetcher:
    return Fetcher(**{"timeout": 2.0, "retries": 2, "backoff": 0.05, "per_host_interval": 0.0, **kw})


# ---------------------------------------------------------------------------- formats, one by one


def test_a_web_page_gives_its_main_text_and_metadata():
    [article] = read_html(PAGE.encode())
    assert article.headline == "Ministers meet in Seoul"
    assert "South Korea's foreign minister met" in article.body.split("\n")[0]
    assert "Copyright" not in article.body and "Sports" not in article.body
    assert article.published.full == "2016-04-03"
    assert article.outlet == "Yonhap"  # no site name: the canonical URL's domain, through the outlet data file
    assert article.url == "https://en.yna.co.kr/view/AEN20160403000100315"
    assert article.dateline == "Seoul"  # read from the text as for plain files


def test_a_page_date_and_site_name_beat_what_the_text_says():
    page = PAGE.replace("</title>", '</title><meta property="og:site_name" content="The Korea Herald">')
    page = page.replace("2016-04-03T10:00:00", "2016-04-04T10:00:00")
    [article] = read_html(page.encode())
    assert article.outlet == "The Korea Herald" and article.published.full == "2016-04-04"


def test_json_lines_records_with_common_names_and_bad_lines_reported():
    lines = [
        json.dumps({"headline": "Ministers meet", "body": BODY, "link": "https://www.reuters.com/world/x",
                    "published_at": "2016-04-03T01:00:00Z", "source": {"id": "reuters", "name": "Reuters"}}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No text here", "url": "https://example.org/a"}),
        json.dumps({"title": "Short", "text": "Too short to be an article."}),
        "",
        json.dumps({"title": "Second", "text": BODY.replace("Sunday", "Monday"), "site": "koreaherald.com"}),
    ]
    articles, problems = read_jsonl("\n".join(lines).encode())
    assert [a.headline for a in articles] == ["Ministers meet", "Second"]
    first, second = articles
    assert first.outlet == "Reuters" and first.url == "https://www.reuters.com/world/x"
    assert first.published.full == "2016-04-03"
    assert second.outlet == "The Korea Herald" and second.part == 7  # the line number
    assert [where for where, _ in problems] == ["line 2", "line 3", "line 4", "line 5"]
    reasons = dict(problems)
    assert "not valid JSON" in reasons["line 2"] and "not an object" in reasons["line 3"]
    assert "no text" in reasons["line 4"] and "too short" in reasons["line 5"]


def test_csv_with_named_columns_and_a_malformed_row():
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Story", "Heading", "When", "Paper", "Address"])
    w.writerow([BODY, "Ministers meet", "April 3, 2016", "Yonhap", "https://en.yna.co.kr/a"])
    w.writerow(["", "Empty", "", "", ""])
    w.writerow([BODY + " Extra.", "Again", "2016/04/05", "AP", "https://apnews.com/b"])
    fields = Fields(text="story", title="heading", date="when", source="paper", url="address")
    articles, problems = read_csv(out.getvalue().encode(), fields)
    assert [(a.headline, a.outlet, a.published.full) for a in articles] == [
        ("Ministers meet", "Yonhap", "2016-04-03"), ("Again", "Associated Press", "2016-04-05"),
    ]
    assert problems == [("line 3", "no text (field story)")]
    broken = out.getvalue() + '"' + BODY + '"junk,x,y,z,w\n' + out.getvalue().split("\n", 1)[1]
    articles, problems = read_csv(broken.encode(), fields)
    assert len(articles) == 4  # the rows after the malformed one are read
    assert problems[1][0] == "line 5" and "malformed CSV" in problems[1][1]


def test_a_csv_without_a_text_column_is_refused_with_the_reason(tmp_path):
    (tmp_path / "prices.csv").write_text("date,price\n2016-01-01,3\n")
    db = open_db(tmp_path / "kb.db")
    summary = ingest(db, [tmp_path / "prices.csv"])
    assert summary.articles_added == 0
    assert summary.skipped == [(str(tmp_path / "prices.csv"),
                                "no text column in the header (looked for text, body, content, maintext, …; "
                                "name it with --text-field)")]


# ---------------------------------------------------------------------------- a mixed folder, end to end


def test_a_folder_mixing_text_html_jsonl_and_csv_ingests_in_one_command(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    pages = seed_pages()
    (folder / "plain.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[0].read_bytes())
    (folder / "page.html").write_text(pages[-1][1], encoding="utf-8")
    records = [{"title": "Ministers meet", "text": BODY, "url": "https://en.yna.co.kr/r1"},
               {"title": "Broken"}]
    (folder / "export.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (folder / "export.csv").write_text(
        "headline,content,publish_date,outlet\n"
        f'"Talks in Tokyo","{BODY.replace("Seoul", "Tokyo").replace("SEOUL", "TOKYO")}",2017-05-01,Kyodo\n'
    )
    db_path = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db_path), "-j", "1"])
    assert result.exit_code == 1, result.output  # one bad record, everything else in
    assert "read: 1 csv (1 records), 1 html, 1 jsonl (1 records), 1 text" in result.output
    assert "export.jsonl: line 2: no text" in result.output
    data = dump(open_db(db_path, readonly=True))
    by_file = {}
    for a in data["articles"]:
        by_file.setdefault(a["file"], []).append(a)
    assert set(by_file) == {"plain.txt", "page.html", "export.jsonl", "export.csv"}
    assert by_file["export.jsonl"][0]["url"] == "https://en.yna.co.kr/r1"
    assert by_file["export.jsonl"][0]["outlet"] == "Yonhap"
    assert by_file["export.csv"][0]["outlet"].startswith("Kyodo")
    assert by_file["export.csv"][0]["published"] == "2017-05-01"


# ---------------------------------------------------------------------------- URLs and feeds


def _facts(data: dict) -> tuple[set, set]:
    names = {o["id"]: o["name"] for o in data["officials"]}
    officials = {(o["name"], o["country"], tuple(o["titles"])) for o in data["officials"]}
    events = {
        (frozenset(names[p] for p in e["participants"]), e["date"], e["date_partial"], e["place"], e["status"])
        for e in data["events"]
    }
    return officials, events


@pytest.fixture(scope="module")
def seeds_as_text(tmp_path_factory):
    path = tmp_path_factory.mktemp("text") / "kb.db"
    ingest_text(path, SEEDS)
    return dump(open_db(path, readonly=True))


def test_the_seeds_served_as_pages_and_a_feed_give_the_same_officials_and_events(tmp_path, seeds_as_text):
    pages = seed_pages()
    with Site() as site:
        for path, page, _title in pages:
            site.routes[path] = Route(page.encode())
        site.routes["/feed.xml"] = Route(rss(site, [(p, t) for p, _, t in pages]), "application/rss+xml")
        db = open_db(tmp_path / "web.db")
        summary = ingest_files(db, [site.url("/feed.xml")], processes=1, fetcher=fast_fetcher())
        assert summary.skipped == [] and summary.articles_added == len(pages) == 8
        assert summary.by_kind == {"feed": 1, "html": 8}
        web = dump(db)
        assert _facts(web) == _facts(seeds_as_text)
        assert all(a["url"] and a["url"].startswith("http://127.0.0.1:") for a in web["articles"])
        assert any("diplotui/" in agent for agent in site.agents)

        again = ingest_files(db, [site.url("/feed.xml")], processes=1, fetcher=fast_fetcher())
        assert again.articles_added == 0 and again.urls_known == 8
        assert all(site.hits[p] == 1 for p, _, _ in pages)  # an ingested URL is not fetched again
        assert site.hits["/feed.xml"] == 2  # the feed is, for new links


def test_timeouts_http_errors_and_retries(tmp_path):
    with Site() as site:
        site.routes["/slow.html"] = Route(PAGE.encode(), delay=1.5)
        site.routes["/gone.html"] = Route(b"gone", status=410)
        site.routes["/flaky.html"] = Route(PAGE.encode(), fail_first=2)
        site.routes["/huge.html"] = Route(b"<html>" + b"x" * 5000 + b"</html>")
        urls = [site.url(p) for p in ("/slow.html", "/gone.html", "/missing.html", "/flaky.html", "/huge.html")]
        db = open_db(tmp_path / "kb.db")
        summary = ingest(db, urls, fetcher=fast_fetcher(timeout=0.3, retries=2, max_bytes=4000))
        reasons = dict(summary.skipped)
        assert reasons[urls[0]].startswith("timed out after 0.3 s (tried 3 times)")
        assert reasons[urls[1]] == "HTTP 410 Gone"
        assert reasons[urls[2]] == "HTTP 404 Not Found"
        assert reasons[urls[4]].startswith("too large")
        assert urls[3] not in reasons and summary.articles_added == 1  # 503, 503, then the page
        assert site.hits["/flaky.html"] == 3 and site.hits["/gone.html"] == 1  # a 4xx is not retried
        stored = db.execute("SELECT d.path, d.url, d.kind FROM documents d").fetchall()
        assert stored == [(urls[3], urls[3], "html")]


def test_the_command_line_takes_urls_and_a_url_file(tmp_path):
    with Site() as site:
        site.routes["/a.html"] = Route(PAGE.encode())
        listing = tmp_path / "urls.txt"
        listing.write_text(f"# my reading list\n{site.url('/a.html')}\n\n{site.url('/nothing.html')}\n")
        result = CliRunner().invoke(cli, ["ingest", "--urls", str(listing), "--db", str(tmp_path / "kb.db"),
                                          "--timeout", "2", "--host-delay", "0", "-j", "1"])
        assert result.exit_code == 1, result.output
        assert "articles: 1 added" in result.output and "nothing.html: HTTP 404 Not Found" in result.output
        bad = tmp_path / "bad.txt"
        bad.write_text("ftp://example.org/x\n")
        result = CliRunner().invoke(cli, ["ingest", "--urls", str(bad), "--db", str(tmp_path / "kb.db")])
        assert result.exit_code == 2 and "line 1: not an http(s) URL" in result.output
