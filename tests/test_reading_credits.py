"""Outlet credits: who published a page (outlet) and whose copy it carries (wire).

Every sentence here is made up; the sites are fictional, the agencies real.
"""

from __future__ import annotations

import importlib.util
import json
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from diplotui.extract.formats import article_from
from diplotui.extract.read import read_text, same_source

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

BODY = (
    "The foreign ministers of the two countries met for talks on Tuesday and agreed to expand "
    "cooperation in trade, energy and maritime security, officials said after the meeting.\n"
    "They also discussed preparations for a leaders' summit planned for later in the year, "
    "according to a statement released by the hosting ministry."
)


def read_one(text: str):
    articles = read_text(text)
    assert len(articles) == 1
    return articles[0]


@pytest.mark.parametrize(
    ("text", "outlet", "wire"),
    [
        # a "By <Agency>" line
        (f"Ministers pledge closer trade ties\n\nBy Agence France-Presse\n\n{BODY}", "AFP", None),
        # a bullet with the agency above the headline, on a site named by its breadcrumb
        (f"Harbour Times | World | Politics\n\n• Reuters\n\nMinisters pledge closer trade ties\n\n{BODY}",
         "Harbour Times", "Reuters"),
        # "Source: <AGENCY>" at the end; an agency the gazetteer does not know still counts
        (f"Ministers pledge closer trade ties\n\n{BODY}\n\nSource: KPLX", "KPLX", None),
        # "--<WIRE>" signed at the end
        (f"Ministers pledge closer trade ties\n\n{BODY}\n\n--UNI\n\nab/cd", "UNI", None),
        # a copyright line
        (f"Ministers pledge closer trade ties\n\n{BODY}\n\nⓒ Yonhap", "Yonhap", None),
        (f"Ministers pledge closer trade ties\n\n{BODY}\n\n(c) 2023 Kyodo. All rights reserved.",
         "Kyodo", None),
        # a mixed-case dateline with a yearless date and a wire
        (f"Ministers pledge closer trade ties\n\nHanoi, Nov 19 (VNA) – {BODY}", "Vietnam News Agency", None),
        # a site and a wire in one dateline credit with the date
        (f"Lakeside Courier\n\nMinisters pledge closer trade ties\n\n"
         f"OSLO (Lakeside Courier News / TASS - 17th November, 2021) {BODY}", "Lakeside Courier", "TASS"),
        # a repost dateline naming the site, and the body the statement is from
        (f"Ministers pledge closer trade ties\n\nWashington, DC (Riverside Gazette) This readout was "
         f"released by the US Department of State:\n\n{BODY}", "Riverside Gazette",
         "U.S. Department of State"),
        # stamps: "<Wire> | Updated: …" and "<WIRE> | <City> | Updated: …"
        (f"Ministers pledge closer trade ties\n\nReuters | Updated: 08-06-2022 09:23 IST\n\n{BODY}", "Reuters", None),
        (f"Ministers pledge closer trade ties\n\nANI | Chennai | Updated: 08-06-2022 09:23 IST | "
         f"Created: 08-06-2022 09:23 IST\n\n{BODY}", "ANI", None),
        # an aggregator's notice names the site; the stamp names the wire
        (f"Ministers pledge closer trade ties\n\nPTI | Updated: 08-06-2022 09:23 IST\n\n{BODY}\n\n"
         "(This story has not been edited by Metro Pulse staff and is auto-generated from a syndicated feed.)",
         "Metro Pulse", "Press Trust of India"),
        # government bodies as publishers: a masthead in capitals, an embassy, a ministry over its country
        (f"MINISTRY OF EXTERNAL AFFAIRS AND TRADE\n\nRepublic of Freedonia\n\nPRESS RELEASE\n\n"
         f"Ministers pledge closer trade ties\n\n12 March 2024\n\n{BODY}",
         "Ministry of External Affairs and Trade (Freedonia)", None),
        (f"Embassy of the Republic of Korea in the Kingdom of Norway\n\nHome / News / Press Releases\n\n"
         f"Ministers pledge closer trade ties\n\n2024-03-12\n\n{BODY}",
         "Embassy of the Republic of Korea in the Kingdom of Norway", None),
        (f"THE WHITE HOUSE\n\nBriefing Room / Statements and Releases\n\nReadout of the President's call\n\n"
         f"March 12, 2024\n\n{BODY}", "The White House", None),
        (f"U.S. DEPARTMENT of STATE\n\nReadout of the Secretary's meeting\n\nOffice of the Spokesperson\n\n"
         f"March 12, 2024\n\n{BODY}", "U.S. Department of State", None),
        # more agency forms: the agency before the stamp, between slashes, after the stamp, after a byline
        (f"Ministers pledge closer trade ties\n\nKYODO NEWS - Mar 12, 2024 - 14:22 | World\n\n{BODY}", "Kyodo", None),
        (f"Ministers pledge closer trade ties\n\nMOSCOW, March 12. /TASS/. {BODY}", "TASS", None),
        (f"Ministers pledge closer trade ties\n\n2024-03-12 14:22:01 Source: Xinhua\n\n{BODY}", "Xinhua", None),
        (f"Ministers pledge closer trade ties\n\nBy Jane Doe | Reuters\n\n{BODY}", "Reuters", None),
        (f"Ministers pledge closer trade ties\n\nWASHINGTON (AP) — {BODY}", "Associated Press", None),
        # a newspaper's closing line names it and dates the page
        (f"Ministers pledge closer trade ties\n\nLAHORE: {BODY}\n\nPublished in Lakeside Courier, March 3rd, 2025",
         "Lakeside Courier", None),
        # a dateline with the full date before the agency's parentheses
        (f"Ministers pledge closer trade ties\n\nVALLETTA, June 3, 2025 (ANSA) -- {BODY}", "ANSA", None),
        (f"Ministers pledge closer trade ties\n\nTUNIS, 4 June 2025 (Anadolu) - {BODY}", "Anadolu Agency", None),
        (f"Ministers pledge closer trade ties\n\n{BODY}\n\n© 2024 The Associated Press. All rights reserved.",
         "Associated Press", None),
    ],
)
def test_credit_forms(text: str, outlet: str, wire: str | None) -> None:
    article = read_one(text)
    assert (article.outlet, article.wire) == (outlet, wire)
    assert "Source:" not in article.body and "--UNI" not in article.body and "ⓒ" not in article.body


def test_a_city_dateline_with_a_colon_and_a_closing_publication_line() -> None:
    article = read_one(f"Ministers pledge closer trade ties\n\nLAHORE: {BODY}\n\n"
                       "Published in Lakeside Courier, March 3rd, 2025")
    assert (article.dateline, article.published.full) == ("Lahore", "2025-03-03")
    assert "Published in" not in article.body
    # a transcript's label is no dateline
    article = read_one(f"Ministers pledge closer trade ties\n\nQUESTION: {BODY}")
    assert article.dateline is None


def test_a_city_in_capitals_with_its_country_and_a_dash_is_a_dateline() -> None:
    article = read_one(f"Ministers pledge closer trade ties\n\nMOMBASA, Kenya — {BODY}")
    assert article.dateline == "Mombasa"
    assert article.body.startswith("MOMBASA, Kenya — The foreign ministers")
    # two acronyms and a dash are a headline's shorthand, not a city and its country
    assert read_one(f"Ministers pledge closer trade ties\n\nUS, China - {BODY}").dateline is None


def test_a_dateline_with_a_full_date_and_an_agency() -> None:
    article = read_one(f"Ministers pledge closer trade ties\n\nVALLETTA, June 3, 2025 (ANSA) -- {BODY}")
    assert (article.dateline, article.published.full) == ("Valletta", "2025-06-03")
    assert article.body.startswith("VALLETTA, June 3, 2025 (ANSA) -- The foreign ministers")
    # a region between the city and the date
    article = read_one(f"Ministers pledge closer trade ties\n\nMOMBASA, Kenya, July 9, 2025 – {BODY}")
    assert (article.dateline, article.published.full) == ("Mombasa", "2025-07-09")


@pytest.mark.parametrize(
    "caption",
    [
        "Both envoys greet each other ahead of Tuesday's meeting. (Reuters/Anna Lindqvist)",
        "Both envoys greet each other ahead of Tuesday's meeting. [Photo/Xinhua]",
        "Both envoys greet each other ahead of Tuesday's meeting. (AP/Marco Bellini)",
        "Picture: AFP",
    ],
)
def test_a_photo_credit_is_not_the_outlet(caption: str) -> None:
    article = read_one(f"Ministers pledge closer trade ties\n\n{caption}\n\n{BODY}")
    assert article.outlet is None and article.wire is None


def test_a_photo_credit_does_not_replace_the_real_credit() -> None:
    article = read_one(f"Ministers pledge closer trade ties\n\n{BODY}\n\nThe ministers meet. (EPA/Jan Novak)"
                       "\n\nSource: Bernama")
    assert article.outlet == "Bernama"


def test_a_person_byline_is_not_an_outlet() -> None:
    article = read_one(f"Ministers pledge closer trade ties\n\nBy Maria Santos, diplomatic correspondent\n\n{BODY}")
    assert article.outlet is None
    assert article.byline == "Maria Santos, diplomatic correspondent"


def test_a_site_reprinting_a_wire_keeps_both_and_the_wire_alone_is_the_outlet() -> None:
    reprint = article_from(f"Ministers pledge closer trade ties\n\nSEOUL, June 8 (Yonhap) -- {BODY}", part=1,
                           url="https://www.lakesidecourier.example/2022/06/08/ministers/", site="Lakeside Courier")
    assert (reprint.outlet, reprint.wire) == ("Lakeside Courier", "Yonhap")
    own = article_from(f"Ministers pledge closer trade ties\n\nSEOUL, June 8 (Yonhap) -- {BODY}", part=1,
                       url="https://en.yna.co.kr/view/AEN20220608001200315")
    assert (own.outlet, own.wire) == ("Yonhap", None)
    # a site the gazetteer does not know, naming only the wire: the site still published it
    # (its domain's name), the wire's credit does not replace it
    unknown = article_from(f"Ministers pledge closer trade ties\n\nSEOUL, June 8 (Yonhap) -- {BODY}", part=1,
                           url="https://www.lakesidecourier.example/a/123")
    assert (unknown.outlet, unknown.wire) == ("Lakeside Courier", "Yonhap")
    # ... named as the page writes it when it does
    named = article_from(f"Ministers pledge closer trade ties\n\nSEOUL, June 8 (Yonhap) -- {BODY}\n\n"
                         "Follow the LakesideCourier for more", part=1, url="https://www.lakesidecourier.example/a/123")
    assert (named.outlet, named.wire) == ("LakesideCourier", "Yonhap")
    # nothing names the site: its domain's main label stands for it, readable
    unnamed = article_from(f"Ministers pledge closer trade ties\n\n{BODY}", part=1,
                           url="https://www.unknown-site.example/a/123")
    assert (unnamed.outlet, unnamed.wire) == ("Unknown Site", None)


def test_same_source() -> None:
    assert same_source("Indus Courier", "Indus Courier News")
    assert same_source("PTI", "Press Trust of India")
    assert not same_source("Reuters", "Lakeside Courier")
    assert not same_source("The Times", "Korea Times")


def test_headlines_are_never_site_chrome() -> None:
    for chrome in ("Home > China News", "Press Releases", "Go to Contents", "Go to Contents Go to Navigation",
                   "Left Menu", "Harbour Times | World | Politics", "Home | News & Events | Remarks"):
        article = read_one(f"{chrome}\n\nMinisters pledge closer trade ties\n\nMarch 12, 2024\n\n{BODY}")
        assert article.headline == "Ministers pledge closer trade ties", chrome


def test_a_lead_label_is_part_of_one_story() -> None:
    other = ("Parliament passes the annual budget\n\nMarch 11, 2024\n\nLawmakers approved the budget on Monday "
             "after a long debate over spending on schools, hospitals and roads in the provinces, the speaker said.")
    text = (f"{other}\n\n(LEAD) Ministers pledge closer trade ties\n\nMarch 12, 2024\n\n"
            f"SEOUL, March 12 (Yonhap) -- {BODY}")
    articles = read_text(text)
    assert [a.headline for a in articles] == ["Parliament passes the annual budget",
                                               "(LEAD) Ministers pledge closer trade ties"]


def test_the_gazetteer_covers_every_region() -> None:
    from importlib import resources

    data = json.loads(resources.files("diplotui.extract").joinpath("data", "outlets.json").read_text("utf-8"))
    entries = data["outlets"]
    agencies = {e["name"] for e in entries if e.get("kind") == "agency"}
    assert len(entries) >= 300 and len(agencies) >= 100
    for name in ("Reuters", "AFP", "Xinhua", "TASS", "WAM", "African News Agency", "Agencia Brasil", "AAP",
                 "Anadolu Agency", "Press Trust of India", "Antara", "MENA", "Prensa Latina"):
        assert name in agencies, name
    assert all(e.get("domains") is not None and e["aliases"] is not None for e in entries)


# ---------------------------------------------------------------- 24.9: no reading pattern backtracks
# The figures are benchmarks/bench_reading.py's (a linear pattern takes about a millisecond on
# these 10,000-character lines); here only a guard against catastrophic backtracking: a call
# still running after HANG seconds is interrupted (the regex engine checks for signals) and
# fails the test with the pattern's name, where it would otherwise hang the suite.

HANG = 5.0


def _bench_reading():
    spec = importlib.util.spec_from_file_location("bench_reading", BENCHMARKS / "bench_reading.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench_reading()


@contextmanager
def hang_guard(what: str):
    def fire(signum, frame):
        raise TimeoutError(f"still running after {HANG} s: {what}")

    if not hasattr(signal, "setitimer"):  # no interval timer (Windows): a hang hangs
        yield
        return
    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, HANG)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _no_pattern_hangs(lines: list[str]) -> None:
    for line in lines:
        for pattern in bench.reading_patterns():
            for call in (pattern.search, pattern.fullmatch, pattern.match):
                with hang_guard(f"{call.__name__} of {pattern.pattern[:80]!r} on {line[:40]!r}"):
                    call(line)


@pytest.mark.parametrize("line", bench.ADVERSARIAL, ids=range(len(bench.ADVERSARIAL)))
def test_no_reading_pattern_hangs_on_adversarial_lines(line: str) -> None:
    _no_pattern_hangs([line])


def test_no_reading_pattern_hangs_on_random_lines() -> None:
    _no_pattern_hangs(bench.random_lines())


def test_reading_a_file_of_adversarial_lines_does_not_hang() -> None:
    with hang_guard("read_text on a file of the adversarial lines"):
        bench.time_hostile_file()


def test_reprints_of_one_wire_are_one_independent_source() -> None:
    from diplotui.store.api import EventComparison, ReportView

    def report(article_id: int, outlet: str, wire: str | None) -> ReportView:
        return ReportView(id=article_id, article_id=article_id, event_id=1, outlet=outlet, headline="h",
                          published="2022-06-08", file="f.txt", part=1, date="2022-06-08", place=None,
                          status="held", kind=None, mode=None, participants=(), named=(), sentences=(),
                          quotes=(), wire=wire)

    reports = (report(1, "Harbour Times", "Reuters"), report(2, "Metro Pulse", "Reuters"),
               report(3, "Reuters", None), report(4, "Lakeside Courier", None), report(5, "", None))
    assert EventComparison(event=None, reports=reports).n_sources == 3  # Reuters, Lakeside Courier, the unnamed one


@pytest.mark.parametrize("headline", ["President Hosts Visiting Prime Minister For Talks", "Leaders Meet Press",
                                      "Foreign Ministry Spokesperson Briefs Press"])
def test_a_title_case_headline_is_not_a_masthead(headline: str) -> None:
    article = read_one(f"{headline}\n\nMarch 12, 2024\n\n{BODY}")
    assert (article.headline, article.outlet) == (headline, None)
    masthead = read_one(f"Harbour Press\n\n{headline}\n\nMarch 12, 2024\n\n{BODY}")
    assert (masthead.headline, masthead.outlet) == (headline, "Harbour Press")
