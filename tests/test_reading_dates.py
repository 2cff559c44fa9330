"""Publication dates in the forms pages print them, from URLs, and how each was found.

Every sentence here is made up; the sites are fictional.
"""

from __future__ import annotations

import pytest

from diplotui.extract.dates import find_date
from diplotui.extract.formats import _csv_delimiter, article_from, read_csv, read_jsonl, url_date
from diplotui.extract.read import decode, read_text

BODY = (
    "The foreign ministers of the two countries met for talks on Tuesday and agreed to expand "
    "cooperation in trade, energy and maritime security, officials said after the meeting.\n"
    "They also discussed preparations for a leaders' summit planned for later in the year, "
    "according to a statement released by the hosting ministry."
)
HEAD = "Ministers pledge closer trade ties"


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        ("Updated:2021-04-15", "2021-04-15"),
        ("Updated:2023-11-24 17:05", "2023-11-24"),
        ("All News 09:34 March 18, 2021", "2021-03-18"),
        ("Published : June 10, 2022 - 16:10", "2022-06-10"),
        ("UPDATED: 5:47 p.m. ET 2024-01-26", "2024-01-26"),
        ("Last updated 11:02 a.m. ET on 2023-09-14", "2023-09-14"),
        ("Published: January 30, 2024 10:43 AM2024-01-30T10:43:22+5:30", "2024-01-30"),
        ("10:43 AM2024-01-30T10:43:22+5:30", "2024-01-30"),
        ("Reuters | Updated: 08-06-2022 09:23 IST", "2022-06-08"),  # day first
        ("23.05.2022 | 11:05", "2022-05-23"),
        ("04/05/2022 - 09h30", "2022-05-04"),
        ("Posted 04/05/2022 9:30 a.m. EDT", "2022-04-05"),  # a US zone: month first
        ("Tue 17th November, 2021 | 10:52 PM", "2021-11-17"),
        ("Lisbon, 17th November 2021", "2021-11-17"),
        ("تاريخ النشر: 17 Nov 2021", "2021-11-17"),
        ("เผยแพร่: 17 Nov 2021", "2021-11-17"),
        ("Friday, 17 November 2021 18:21 WIB", "2021-11-17"),
        ("发布时间：2021年11月17日 14:22", "2021-11-17"),
        ("입력 2021년 11월 17일 14:22", "2021-11-17"),
        ("Updated 17.11.2021, 14:22 CET", "2021-11-17"),
        ("November 17, 2021 at 3:22 pm EDT", "2021-11-17"),
    ],
)
def test_stamp_forms(stamp: str, published: str) -> None:
    article = read_text(f"{HEAD}\n\n{stamp}\n\n{BODY}")[0]
    assert article.published.full == published
    assert article.published_source == "text"
    assert article.headline == HEAD


def test_a_leading_date_line_with_the_headline_on_it() -> None:
    article = read_text(f"date 2021-11-15 {HEAD}\n\n{BODY}")[0]
    assert article.published.full == "2021-11-15" and article.headline == HEAD


def test_a_date_on_the_source_line() -> None:
    article = read_text(f"{HEAD}\n\n{BODY}\n\nSource: The White House, February 10, 2023")[0]
    assert article.published.full == "2023-02-10" and article.outlet == "The White House"


def test_numeric_dates_day_first_unless_told() -> None:
    assert find_date("08-06-2022")[0].full == "2022-06-08"
    assert find_date("08-06-2022", month_first=True)[0].full == "2022-08-06"
    assert find_date("13/06/2022", month_first=True)[0].full == "2022-06-13"  # no 13th month


@pytest.mark.parametrize(
    ("url", "full"),
    [
        ("https://www.harbourtimes.example/2021/11/19/ministers-meet/", "2021-11-19"),
        ("https://www.harbourtimes.example/view.php?ud=20211117000512", "2021-11-17"),
        ("https://en.yna.co.kr/view/AEN20220608001200315", "2022-06-08"),
        ("https://www.harbourtimes.example/en/politics/20240126-164666/ministers/", "2024-01-26"),
        ("https://www.harbourtimes.example/2021-04/15/c_162553.htm", "2021-04-15"),
        ("https://www.harbourtimes.example/a/202311/24/WS65601a2b8a31.html", "2023-11-24"),
        ("https://www.harbourtimes.example/article/2093345-ministers-meet", None),
        ("https://www.harbourtimes.example/news/233221/ministers", None),
    ],
)
def test_url_dates(url: str, full: str | None) -> None:
    found = url_date(url)
    assert (found.full if found else None) == full


def test_a_record_dated_only_by_its_url() -> None:
    article = article_from(f"{HEAD}\n\n{BODY}", part=1, url="https://www.harbourtimes.example/2021/11/19/x/")
    assert (article.published.full, article.published_source) == ("2021-11-19", "url")
    given = article_from(f"{HEAD}\n\n{BODY}", part=1, url="https://www.harbourtimes.example/2021/11/19/x/",
                         date="2021-11-18T09:00:00Z")
    assert (given.published.full, given.published_source) == ("2021-11-18", "metadata")
    text = article_from(f"{HEAD}\n\nPublished: 20 November 2021\n\n{BODY}", part=1,
                        url="https://www.harbourtimes.example/2021/11/19/x/")
    assert (text.published.full, text.published_source) == ("2021-11-20", "text")


def test_a_yearless_dateline_completed_only_from_unambiguous_evidence() -> None:
    dateline = f"{HEAD}\n\nSEOUL, June 8 (Yonhap) -- {BODY}"
    assert read_text(dateline)[0].published.full is None  # nothing gives the year: kept partial
    assert read_text(dateline)[0].published.partial == "--06-08"
    caption = f"{dateline}\n\nThe two ministers in Seoul on June 8, 2022, before their talks."
    article = read_text(caption)[0]
    assert (article.published.full, article.published_source) == ("2022-06-08", "inferred")
    two_years = f"{caption}\n\nThey last met on June 8, 2019, in Tokyo."
    assert read_text(two_years)[0].published.full is None  # two candidate years: no guess
    by_month = article_from(dateline, part=1, url="https://www.harbourtimes.example/2022/06/story-1/")
    assert (by_month.published.full, by_month.published_source) == ("2022-06-08", "inferred")
    other_month = article_from(dateline, part=1, url="https://www.harbourtimes.example/2022/07/story-1/")
    assert other_month.published.full is None


# ---------------------------------------------------------------- encodings and exports


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("gbk", "中国外交部长周三在北京会见了来访的外长。双方就双边关系和共同关心的国际问题交换了意见。"),
        ("shift_jis", "外務大臣は水曜日に東京で来日中の外相と会談しました。両国は協力の強化を確認しました。"),
        ("cp1251", "Министр иностранных дел встретился в Москве с коллегой и обсудил двусторонние отношения."),
        ("cp949", "외교부 장관은 수요일 서울에서 방한 중인 외교장관과 회담을 갖고 협력 강화를 확인했다."),
        ("cp1252", "Le ministre des Affaires étrangères a rencontré son homologue à Genève, "
                   "où ils ont évoqué l’énergie."),
    ],
)
def test_encodings_decode_correctly(encoding: str, text: str) -> None:
    decoded, _found = decode((text * 3).encode(encoding))
    assert decoded == text * 3


def test_mojibake_is_repaired_where_certain() -> None:
    decoded, _ = decode("Côte d’Ivoire".encode().decode("cp1252").encode())
    assert decoded == "Côte d’Ivoire"


def test_one_latin1_line_does_not_turn_a_utf8_jsonl_into_mojibake() -> None:  # 24.13
    body = BODY.replace("\n", " ")
    good = f'{{"text": "Ministers met in Genève on Tuesday. {body}", "url": "https://x.example/2021/11/19/a/"}}'
    bad = f'{{"text": "Ministers met in Genève on Monday. {body}"}}'.encode("latin-1")
    articles, problems = read_jsonl(good.encode() + b"\n" + bad + b"\n" + good.encode() + b"\n")
    assert not problems and len(articles) == 3
    assert all("Genève" in a.body for a in articles)


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_delimiters_are_sniffed(delimiter: str) -> None:
    rows = [["title", "text", "date"], [HEAD, BODY.replace("\n", " "), "2022-06-08"]]
    data = "\n".join(delimiter.join(f'"{c}"' for c in row) for row in rows).encode()
    assert _csv_delimiter(data.decode()) == delimiter
    articles, problems = read_csv(data)
    assert not problems and articles[0].published.full == "2022-06-08"
