"""Inputs other than plain text: saved web pages, and JSON Lines / CSV exports of articles.

Each reader turns one file's bytes into articles. Metadata that comes with the source
(a page's title, publication date, site name and canonical URL; a record's title, date,
source and url) takes precedence over what is guessed from the text; what the source
does not give is read from the text as for plain files (datelines, credits, bylines).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from diplotui.store.text import one_line

from .dates import PartialDate, find_date
from .gazetteer import city_places, country_names, gazetteer, load_data, outlets
from .read import (
    Article,
    ReadError,
    clean_lines,
    decode,
    decode_lines,
    looks_binary,
    name_case,
    parse_segment,
    same_source,
)

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
MIN_RECORD_WORDS = 20  # a record's text shorter than this is no article (a teaser, a stub)

# the names export tools give each field, most specific first
COMMON_FIELDS = {
    "text": ("text", "body", "content", "maintext", "article_text", "full_text", "fulltext", "article", "story",
             "description"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "canonical_url", "source_url", "href", "uri"),
    "date": ("date", "published", "publish_date", "published_at", "date_publish", "pubdate", "pub_date",
             "publication_date", "datetime", "published_date", "created_at", "time", "timestamp"),
    "source": ("source", "outlet", "site", "site_name", "sitename", "publisher", "source_name", "media",
               "domain", "hostname"),
}


@dataclass(frozen=True)
class Fields:
    """Field (column or key) names given on the command line; None means: detect it."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None

    def explicit(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


DETECT = Fields()  # every field found by its common names


def kind_of(suffix: str) -> str | None:
    """The reader for a file suffix: 'text', 'html', 'jsonl', 'csv', or None (unsupported)."""
    suffix = suffix.lower()
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES),
                           ("csv", CSV_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


# ---------------------------------------------------------------------------- one article from text + metadata


def _one_line(value: object) -> str | None:
    if isinstance(value, dict):  # {"source": {"id": "reuters", "name": "Reuters"}}
        value = value.get("name") or value.get("title") or value.get("id")
    if value is None or isinstance(value, (list, dict, bool)):
        return None
    text = one_line(str(value))
    return text or None


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def outlet_of(site: str | None, url: str | None) -> str | None:
    """The outlet a source names: a known site name, else a known domain, else the site name as given."""
    known = outlets()
    if site and (name := known.canonical(site)):
        return name
    if (host := _host(url)) and (name := known.from_domain(host)):
        return name
    if site and (name := known.from_domain(site)):  # a site name that is a domain ("yna.co.kr")
        return name
    return site


# ---------------------------------------------------------------------------- a site's own name

# second-level labels under a country code ("co.uk", "com.au", "gov.ua"): not the site's name
_SECOND_LEVEL = frozenset("co com org net gov edu ac or ne go gob gouv mil nic info biz news".split())
# what separates a page title from the site's name: "Headline | Site", "Headline - Site", "Site: Headline"
_TITLE_PARTS = re.compile(r"\s+(?:[|–—·»•]|-{1,2}|::)\s+")
_NAME_WORDS = re.compile(r"[^\W_]+(?:['’.&-][^\W_]+)*")


def _squash(name: str) -> str:
    """A name's letters and digits only, lower case, without a leading "the" ("The Harbor Wire" -> "harborwire")."""
    return re.sub(r"[\W_]+", "", re.sub(r"^\s*the\s+", "", name, flags=re.I).lower())


# subdomains that name no site: a language, a device, a service
_GENERIC_LABELS = frozenset("www www1 www2 m mobile amp en eng english news edition web beta secure".split())


def site_labels(host: str | None) -> list[str]:
    """The labels of a domain that may name the site, the registered one first: ["harborwire"]
    of "news.harborwire.net" and of "www.harborwire.co.uk", ["archives", "valdorapress"] of
    "valdorapress.archives.gov"."""
    labels = [x for x in (host or "").lower().strip(".").split(".") if x]
    if len(labels) < 2 or not all(re.fullmatch(r"[a-z0-9-]{1,63}", x) for x in labels):
        return []
    labels.pop()
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return [x for x in reversed(labels) if not x.isdigit() and x not in _GENERIC_LABELS]


def main_label(host: str | None) -> str | None:
    """The registered label of a domain: "harborwire" of "news.harborwire.net"."""
    labels = site_labels(host)
    return labels[0] if labels else None


def _names_label(name: str, label: str) -> bool:
    """Whether a name written on the page is the one its domain spells ("Harbor Wire", "HarborWire"
    for harborwire; "Valdora Times News" for valdoratimes)."""
    squashed = _squash(name)
    return bool(squashed) and (squashed == label or len(label) >= 5 and squashed.startswith(label)
                               and len(squashed) - len(label) <= 6 and len(name.split()) <= 6)


def _written(name: str) -> str:
    name = " ".join(name.split()).strip(" .,;:|-–—")
    return name_case(name) if name.isupper() and len(name) > 4 else name


def site_name(label: str, title: str | None, lines: list[str]) -> str | None:
    """The name a site gives itself that its domain's main label spells, as the page writes it:
    a part of the page title ("Headline | Harbor Wire"), a short line of the page (a masthead,
    a copyright line), else the label written inside the text ("HarborWire"); None when the page
    never writes it."""
    parts = _title_parts(title or "")
    for part in parts[1:] + parts[:1]:
        if _names_label(part, label):
            return _written(part)
    for line in [x[:300] for x in [*lines[:8], *lines[-8:]]]:  # a masthead or a copyright line is short
        for words in re.split(r"\s[|•·–—-]\s|[©ⓒ]|\(c\)|\d{4}|[.,;:]\s", line):
            words = words.strip()
            if words and len(words.split()) <= 6 and _names_label(words, label):
                return _written(words)
    # the label written in the text, else most of it ("White House" for "valdorawhitehouse")
    n = len(label)
    spans = [(0, n)] + [(a, a + k) for k in range(n - 1, max(5, -(-3 * n // 5)) - 1, -1) for a in (n - k, 0)]
    for a, b in spans:
        if not any(c.isalpha() for c in label[a:b]):
            continue
        pattern = re.compile(r"(?<![\w.@/-])" + r"[\s.-]?".join(map(re.escape, label[a:b])) + r"(?![\w@-]|\.\w)", re.I)
        for line in lines[:400]:
            if (m := pattern.search(line, 0, 5000)) and (b - a == n or m.group()[0].isupper() and " " in m.group()):
                return _written(m.group())
    return None


@cache
def _label_words() -> frozenset[str]:
    """Words a site's domain label is made of ("harbor" + "wire"): the words news sites are
    named with, section names, and one-word country and city names (four letters or more)."""
    data = load_data("credits.json")
    words = {w.lower() for key in ("news_words", "section_words", "agency_words") for w in data[key]}
    words |= set(country_names()) | set(city_places())
    return frozenset(w for w in words if len(w) >= 4 and w.isalpha() and w.isascii())


def spell_label(label: str) -> str:
    """A domain label written as words: split at the words of news-site names, places and
    sections it contains, the rest kept whole ("nipponherald" -> "Nippon Herald",
    "asiaprimenews" -> "Asia Prime News", "unknown-site" -> "Unknown Site")."""
    words = _label_words()
    out = []
    for chunk in filter(None, re.split(r"[-_]+", label)):
        n = len(chunk)
        best: list[tuple[int, int, list[str]]] = [(0, 0, [])] + [(-1, 0, [])] * n  # (letters covered, -pieces, pieces)
        for i in range(n):
            covered, pieces, parts = best[i]
            if covered < 0:
                continue
            for j in range(i + 4, min(n, i + 16) + 1):
                if chunk[i:j] in words and (covered + j - i, pieces - 1) > best[j][:2]:
                    best[j] = (covered + j - i, pieces - 1, [*parts, chunk[i:j]])
            # a letter of no known word: it joins the piece before it when that piece is one as well
            tail = parts[-1] if parts and parts[-1] not in words else None
            glued = [*parts[:-1], tail + chunk[i]] if tail is not None else [*parts, chunk[i]]
            cost = pieces if tail is not None else pieces - 1
            if (covered, cost) > best[i + 1][:2]:
                best[i + 1] = (covered, cost, glued)
        out += best[n][2] if best[n][0] > 0 else [chunk.upper() if len(label) <= 4 else chunk]  # "abc": an acronym
    return " ".join(w[:1].upper() + w[1:] for w in out)


def outlet_of_host(host: str | None, title: str | None, lines: list[str]) -> str | None:
    """A readable name for a site the gazetteer does not know: its name as the page writes
    it, else its domain's main label spelt as words ("nipponherald.com" -> "Nippon Herald")."""
    labels = site_labels(host)
    if not labels:
        return None
    return next(filter(None, (site_name(label, title, lines) for label in labels)), None) or spell_label(labels[0])


def _title_parts(title: str) -> list[str]:
    """A page title's parts: "Headline | Site", "Headline - Site", "Site: Headline"."""
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2 and (m := re.match(r"([^:]{2,40}):\s+(?=\S)", title)):
        parts = [m.group(1), title[m.end():]]
    return parts


def split_title(title: str, site: str | None, label: str | None) -> str:
    """A page title without the site's name beside the headline ("Headline | Harbor Wire")."""
    parts = _title_parts(title)
    if len(parts) < 2:
        return title
    for end in (-1, 0):
        part = parts[end]
        if gazetteer().title_re.fullmatch(part):
            continue  # "… - President": who said it
        if (site and same_source(part, site)) or (label and _names_label(part, label)) or outlets().canonical(part):
            rest = parts[:-1] if end == -1 else parts[1:]
            if sum(len(p.split()) for p in rest) >= 3:
                return " | ".join(rest) if len(rest) > 1 else rest[0]
    return title


# ---------------------------------------------------------------------------- dates in URLs

# dates written without separators in a URL: "?ud=20211117…", "/AEN20220608001200315",
# "/20240126-164666/", "/20211006/"; a run of digits after "/" is an id unless it is exactly a date
_URL_COMPACT = re.compile(
    r"(?:(?<=[=A-Za-z_])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
    r"|(?<=[/_-])(?P<y2>(?:19|20)\d\d)(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<=/)(?P<y3>(?:19|20)\d\d)(?P<m3>0[1-9]|1[0-2])/(?P<d3>0[1-9]|[12]\d|3[01])(?!\d))"
)
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>0?[1-9]|1[0-2])(?:/|$)")


@cache
def _url_options():  # noqa: ANN202 - htmldate's options object
    from htmldate.utils import Extractor

    latest = dt.datetime.now() + dt.timedelta(days=2)
    return Extractor(False, latest, dt.datetime(1995, 1, 1), True, "%Y-%m-%d")


def url_date(url: str | None) -> PartialDate | None:
    """The date a page's URL carries: a full date (htmldate's URL reader for "/2021/11/19/"
    and "/2021-04/15/", compact forms such as "ud=20211117" or "AEN20220608…" here), else a
    year and month ("/2021/11/"), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    from htmldate.extractors import extract_url_date

    found = extract_url_date(url, _url_options())
    if found:
        y, m, d = map(int, found.split("-"))
        return PartialDate(y, m, d)
    where = parts.path + ("?" + parts.query if parts.query else "")
    this_year = dt.date.today().year
    for m in _URL_COMPACT.finditer(where[:2000]):
        y, mo, d = (m.group(k) or m.group(k + "2") or m.group(k + "3") for k in ("y", "m", "d"))
        try:
            date = dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
        if 1995 <= date.year <= this_year + 1:
            return PartialDate(date.year, date.month, date.day)
    if (m := _URL_MONTH.search(where[:2000])) and 1995 <= int(m.group("y")) <= this_year + 1:
        return PartialDate(int(m.group("y")), int(m.group("m")))
    return None


def _date_from_url(article: Article, url: str) -> None:
    """Date an article the text does not fully date from its URL: the URL's full date, or
    the year of a yearless dateline when the URL gives that month of one year."""
    if article.published.full:
        return
    found = url_date(url)
    if found is None:
        return
    pub = article.published
    if found.full:
        article.published, article.published_source = found, "url"
    elif pub.month and pub.day and pub.year is None and pub.month == found.month:
        article.published, article.published_source = PartialDate(found.year, pub.month, pub.day), "inferred"


def article_from(text: str, *, part: int, title: object = None, url: object = None, date: object = None,
                 site: object = None) -> Article | None:
    """One article from a text and the metadata that came with it (any of which may be missing)."""
    title_s, url_s, date_s, site_s = _one_line(title), _one_line(url), _one_line(date), _one_line(site)
    lines = clean_lines(text)
    if site_s and " " not in site_s and "." in site_s and not outlets().canonical(site_s) \
            and not outlets().from_domain(site_s):
        site_s, url_s = None, url_s or f"https://{site_s}/"  # a record's "domain" field: read as its url's host
    host = _host(url_s) if url_s and url_s.lower().startswith(("http://", "https://")) else None
    label = main_label(host)
    if title_s:
        title_s = split_title(title_s, site_s or outlet_of(None, url_s), label)
    if title_s and (not lines or " ".join(lines[0].split()).lower() != title_s.lower()):
        lines = [title_s, *lines]  # the headline heads the text, as in a plain file
    if not lines:
        return None
    article = parse_segment(lines, part)
    if article is None:
        return None
    if title_s:
        article.headline = title_s
    if date_s and (found := find_date(date_s, allow_partial=False)):
        article.published, article.published_source = found[0], "metadata"
    outlet = outlet_of(site_s, url_s)
    if not outlet and label and not (article.outlet and _names_label(article.outlet, label)):
        if article.outlet and article.outlet != article.credit:
            outlet = article.outlet  # a masthead the page prints, under a domain that spells something else
        else:
            # the site, named as the page writes it, whose page carries the credited agency's copy
            outlet = outlet_of_host(host, _one_line(title), lines)
    if outlet:
        if same_source(outlet, article.outlet) and not site_s and len(article.outlet or "") > len(outlet):
            outlet = article.outlet  # the page names itself more fully than its domain's entry
        if not same_source(outlet, article.outlet) and article.credit and not article.wire:
            article.wire = article.credit  # a site's page crediting an agency's copy
        article.outlet = outlet
    if same_source(article.wire, article.outlet):
        article.wire = None
    if url_s and url_s.lower().startswith(("http://", "https://")):
        article.url = url_s
        _date_from_url(article, url_s)
        if not article.outlet and (host := _host(url_s)):
            article.outlet = outlet_of_host(host, _one_line(title), lines) or host.removeprefix("www.")
    return article


# ---------------------------------------------------------------------------- HTML


# Scripts, style sheets, templates and comments are no article text; a big one (an inline bundle
# of 10 MB) is a node beyond libxml2's limit, which loses the page. JSON-LD metadata (date,
# author) is kept.
_SCRIPTS = re.compile(rb"<(script|style|template)\b([^>]*)>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_LD_JSON_MAX = 1_000_000
# A terminal escape sequence written into a page (raw ESC, or as &#27; / &#x1b;): the parser drops
# the ESC byte itself (no XML character) and would keep the rest ("]8;;http://…\Click"), so
# whole sequences go before parsing, as clean_control removes them from text.
_ESC = rb"(?:\x1b|&#0*27;|&#[xX]0*1[bB];)"
_BEL = rb"(?:\x07|&#0*7;|&#[xX]0*7;)"
_PAGE_ESCAPES = re.compile(
    _ESC + rb"\[[0-?]*[ -/]*[@-~]"  # CSI
    + rb"|" + _ESC + rb"[\]PX^_](?:(?!" + _ESC + rb"|" + _BEL + rb")[^\n]){0,8192}(?:" + _BEL + rb"|" + _ESC + rb"\\)"
    + rb"|" + _ESC + rb"\]\d*;?"  # OSC never terminated: its introducer and parameter
    + rb"|" + _ESC + rb"[@-Z\\-_]"  # other two-byte escapes
)


def _page_markup(data: bytes) -> bytes:
    """The page without scripts (but small JSON-LD), style sheets, templates, comments and terminal
    escape sequences."""
    if any(tag in data for tag in (b"<script", b"<style", b"<template", b"<!--", b"<SCRIPT", b"<STYLE")):
        data = _SCRIPTS.sub(lambda m: m.group(0) if m.group(2) and b"ld+json" in m.group(2).lower()
                            and len(m.group(0)) <= _LD_JSON_MAX else b"", data)
    if b"\x1b" in data or b"&#" in data:
        data = _PAGE_ESCAPES.sub(b"", data)
    return data


def read_html(data: bytes, url: str | None = None) -> list[Article]:
    """The article of a saved web page: main text and metadata by trafilatura."""
    import trafilatura

    if not data.strip():
        raise ReadError("empty file")
    text, _encoding = decode(data)  # raises ReadError for binary data
    if looks_binary(text):
        raise ReadError("binary file (not text)")
    data = _page_markup(data)
    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml and trafilatura fail in many ways on broken markup
        raise ReadError(f"not a readable web page ({type(exc).__name__})") from None
    if doc is None:
        raise ReadError("no article text found in the web page")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if len(text.split()) < MIN_RECORD_WORDS:
        raise ReadError("no article text found in the web page")
    article = article_from(text, part=1, title=meta.get("title"), url=meta.get("url") or url,
                           date=meta.get("date"), site=meta.get("sitename"))
    if article is None:
        raise ReadError("no article text found in the web page")
    if not article.byline and (author := _one_line(meta.get("author"))):
        article.byline = author
    return [article]


# ---------------------------------------------------------------------------- JSON Lines and CSV


class RecordError(Exception):
    """One record that cannot be read; the rest of the file is."""


def _pick(record: dict, fields: Fields) -> dict[str, object]:
    """The record's text, title, url, date and source, by the given names or the common ones."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    given = fields.explicit()
    picked: dict[str, object] = {}
    for role, names in COMMON_FIELDS.items():
        if role in given:
            picked[role] = record.get(given[role], lowered.get(given[role].lower()))
            continue
        for name in names:
            value = lowered.get(name)
            if value not in (None, "", [], {}):
                picked[role] = value
                break
    return picked


def _record_article(record: object, fields: Fields, part: int) -> Article:
    if not isinstance(record, dict):
        raise RecordError(f"not an object but {type(record).__name__}")
    picked = _pick(record, fields)
    text = picked.get("text")
    if not isinstance(text, str) or not text.strip():
        wanted = fields.text or "/".join(COMMON_FIELDS["text"][:3])
        raise RecordError(f"no text (field {wanted})")
    if looks_binary(text):
        raise RecordError("the text is binary data")
    if len(text.split()) < MIN_RECORD_WORDS:
        raise RecordError(f"text too short for an article ({len(text.split())} words)")
    for value in picked.values():
        if isinstance(value, str) and _SURROGATE.search(value):  # "\ud800" escapes: no text, cannot be stored
            raise RecordError("a string holds an unpaired surrogate escape (such as \\ud800), not text")
    article = article_from(text, part=part, title=picked.get("title"), url=picked.get("url"),
                           date=picked.get("date"), site=picked.get("source"))
    if article is None:
        raise RecordError("no article text")
    return article


Problem = tuple[str, str]  # (where in the file, e.g. "line 7", reason)
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSONL_LINES = re.compile("\r\n|\r|\n")


def _jsonl_rows(text: str) -> Iterator[tuple[int, object, str | None]]:
    """(line number, record, error) for every non-blank line of a JSON Lines text.

    Lines end at "\n", "\r\n" or "\r" only (no JSON string holds a raw CR or LF): a raw
    U+2028, U+2029 or U+0085 is valid inside a JSON string (``json.dumps(ensure_ascii=False)``
    writes them), where ``str.splitlines`` would cut the record in two."""
    for number, line in enumerate(_JSONL_LINES.split(text), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON ({exc.msg})"
        except RecursionError:  # the decoder recurses per level: 100,000 "[" would stop the whole run
            yield number, None, "nested too deeply to be an article record"
        except ValueError as exc:  # an integer of more digits than Python converts (4,300)
            yield number, None, f"not readable JSON ({one_line(str(exc), 80)})"


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, row, error) for every row; a malformed row is reported and the next one read."""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader has not counted the line it failed on
            yield reader.line_num + 1, None, f"malformed CSV ({exc})"
            continue
        if None in row:  # more cells than header columns
            yield reader.line_num, None, "more cells than the header has columns"
            continue
        yield reader.line_num, row, None


def _records(rows: Iterable[tuple[int, object, str | None]], fields: Fields) -> tuple[list[Article], list[Problem]]:
    """An article per good record (numbered by its line), a problem per bad one."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for number, record, error in rows:
        try:
            if error:
                raise RecordError(error)
            articles.append(_record_article(record, fields, part=number))
        except RecordError as exc:
            problems.append((f"line {number}", str(exc)))
        except (ValueError, RecursionError) as exc:  # a value no reader expects: this record only
            problems.append((f"line {number}", f"not readable ({type(exc).__name__}: {one_line(str(exc), 80)})"))
    return articles, problems


def _csv_delimiter(text: str) -> str:
    """The delimiter of a CSV export: sniffed from its first lines (",", ";", tab or "|"),
    else the commoner of tab and comma in the header."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(text[:20000], delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def read_jsonl(data: bytes, fields: Fields = DETECT) -> tuple[list[Article], list[Problem]]:
    """One article per line of a JSON Lines file; a bad line is reported and skipped."""
    return _records(_jsonl_rows(decode_lines(data)[0]), fields)


def _csv_text(text: str, fields: Fields, delimiter: str | None) -> tuple[list[Article], list[Problem]]:
    if "\x00" in text:
        raise ReadError("binary file (not text)")
    header = text.split("\n", 1)[0]
    delimiter = delimiter or _csv_delimiter(text)
    columns = {c.strip().lower() for c in next(csv.reader([header], delimiter=delimiter), [])}
    wanted = [fields.text.lower()] if fields.text else list(COMMON_FIELDS["text"])
    if not columns & set(wanted):
        names = ", ".join(wanted[:4]) + (", …" if len(wanted) > 4 else "")
        raise ReadError(f"no text column in the header (looked for {names}; name it with --text-field)")
    csv.field_size_limit(64 * 1024 * 1024)
    return _records(_csv_rows(text, delimiter), fields)


def read_csv(data: bytes, fields: Fields = DETECT, delimiter: str | None = None) -> tuple[list[Article], list[Problem]]:
    """One article per row of a CSV (or TSV) export with a header row."""
    return _csv_text(decode(data)[0], fields, delimiter)


def read_document(kind: str, data: bytes, fields: Fields = DETECT, url: str | None = None,
                  ) -> tuple[list[Article], str | None, list[Problem]]:
    """Articles of one file of ``kind`` (see :func:`kind_of`): (articles, encoding, bad records).

    Raises ReadError when the file as a whole is no article (or holds no good record).
    """
    from .read import read_bytes

    if kind == "html":
        return read_html(data, url), None, []
    if kind in ("jsonl", "csv"):
        if not data.strip():
            raise ReadError("empty file")
        # decoded once, for the records and the document's encoding; JSON Lines line by line
        text, encoding = decode_lines(data) if kind == "jsonl" else decode(data)
        if kind == "jsonl":
            articles, problems = _records(_jsonl_rows(text), fields)
        else:
            articles, problems = _csv_text(text, fields, None)
        if not articles:
            reason = f"no readable record ({problems[0][0]}: {problems[0][1]})" if problems else "no records"
            raise ReadError(reason)
        return articles, encoding, problems
    articles, encoding = read_bytes(data)
    return articles, encoding, []
