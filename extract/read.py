"""Reading article files: decode, clean, drop site chrome, split, and find the metadata.

Pure text processing, no NLP: the result of ``read_file`` is a list of ``Article``s
with headline, outlet, byline, dateline place, publication date and cleaned body.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import string
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from diplotui.store.text import clean_control

from .dates import MONTH, PartialDate, find_date


class ReadError(Exception):
    """A file that cannot be read as an article; the message is a one-line reason."""


@dataclass
class Article:
    part: int
    headline: str
    body: str
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: PartialDate = field(default_factory=PartialDate)
    url: str | None = None

    @property
    def content_hash(self) -> str:
        norm = " ".join((self.headline + "\n" + self.body).split()).lower()
        return hashlib.sha256(norm.encode()).hexdigest()


# --------------------------------------------------------------------------- data files


def load_data(name: str) -> dict:
    """A JSON data file shipped in ``diplotui/extract/data``."""
    return json.loads(resources.files("diplotui.extract").joinpath("data", name).read_text("utf-8"))


@dataclass(frozen=True)
class Outlets:
    by_alias: dict[str, str]
    by_domain: dict[str, str]
    home: dict[str, str]  # a national outlet's country

    def canonical(self, credit: str) -> str | None:
        return self.by_alias.get(" ".join(credit.split()).lower())

    def from_domain(self, host: str) -> str | None:
        host = host.lower().strip(".")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None


@cache
def outlets() -> Outlets:
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    home: dict[str, str] = {}
    for entry in load_data("outlets.json")["outlets"]:
        if entry.get("country"):
            home[entry["name"]] = entry["country"]
        for alias in [entry["name"], *entry.get("aliases", [])]:
            by_alias.setdefault(alias.lower(), entry["name"])
        for domain in entry.get("domains", []):
            by_domain[domain.lower()] = entry["name"]
    return Outlets(by_alias, by_domain, home)


@cache
def _boilerplate() -> tuple[re.Pattern, re.Pattern]:
    data = load_data("boilerplate.json")
    lines = re.compile(r"(?:" + "|".join(data["lines"]) + r")\s*:?", re.I)
    captions = re.compile("|".join(data["caption_markers"]), re.I)
    return lines, captions


# --------------------------------------------------------------------------- decoding

_HANGUL = re.compile("[\uac00-\ud7a3]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; return (text, encoding). Raise ReadError for binaries."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                raise ReadError(f"invalid {enc} text") from None
    if b"\x00" in data[:65536]:
        raise ReadError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
        non_ascii = sum(1 for c in text if ord(c) > 127)
        if non_ascii and len(_HANGUL.findall(text)) >= 0.6 * non_ascii:
            return text, "cp949"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LETTERS = re.compile(r"[^\W\d_]+")


_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_RUNS = re.compile("[\x00-\x7f]+")


def _count_ascii_letters(text: str) -> int:
    data = text.encode("utf-8", "surrogatepass")  # an ASCII byte is never part of a longer character
    return len(data) - len(data.translate(None, _ASCII_LETTERS))


def _count_letters(text: str, end: int | None = None) -> int:
    """The letters (of any script) in ``text[:end]``; counting ASCII bytes in C first is
    ten times faster than matching every run of letters, and reading spent a third of its
    time here."""
    if end is not None:
        text = text[:end]
    if text.isascii():
        return _count_ascii_letters(text)
    return _count_ascii_letters(text) + sum(map(len, _LETTERS.findall(_ASCII_RUNS.sub("", text))))


def looks_binary(text: str) -> bool:
    """Text that decoded but is mostly unprintable (an image or archive read as latin-1)."""
    sample = text[:8192]
    if not sample:
        return False
    bad = len(_UNPRINTABLE.findall(sample))
    return bad > 0.05 * len(sample)


# --------------------------------------------------------------------------- line rules

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:\(?(?:JST|KST|GMT|UTC|EST|EDT|ET|BST|CET|CEST|IST|HKT|SGT|PST|PDT|CST|AEST|AEDT|MSK)\)?)?"
_DATE_PREFIX = r"(?:(?:Posted|Published|Updated|Last updated|Modified|Date|Released)\s*(?:on|:)?\s*)"
_DATE_LINE = re.compile(
    rf"^(?P<label>{_DATE_PREFIX})?(?P<date>(?:[A-Z][a-z]+day,?\s+)?(?:{MONTH}\.?\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}[\s-]+{MONTH}\.?[\s,-]+\d{{4}}|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}))"
    rf"[\s,|-]*(?:{_TIME})?[\s,|-]*(?P<rest>.*)$",
    re.I,
)
_LABEL_ONLY = re.compile(rf"^{_DATE_PREFIX}(?P<rest>.*)$", re.I)
_BYLINE = re.compile(r"^(?:By|BY|Written by|Reporting by)\s+(?P<who>.{1,80})$")
_CREDIT = r"[A-Z][\w.&'-]*(?:[ -][A-Z][\w.&'-]*){0,4}"
_DATELINE_CREDIT = re.compile(
    rf"^(?P<place>[A-Z][\w.'/ -]{{1,40}}?)(?:,\s*(?!{MONTH}\b)(?P<region>[A-Z][\w.' -]{{1,30}}?))?(?:,\s*(?P<pdate>{MONTH}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?))?\s*\((?P<credit>{_CREDIT})\)\s*(?:--|—|–|-|:)?\s*(?P<rest>\S.*)$"
)
_DATELINE_CAPS = re.compile(r"^(?P<place>[A-Z][A-Z.'/ ,-]{1,40}?)\s*(?:--|—|–|-)\s+(?P<rest>\S.*)$")
# trailing credit lines that are not part of the story: "Source: Al Jazeera and news agencies",
# "Editor: …", "(Reporting by …; Editing by …)"
_CREDIT_LINE = re.compile(
    r"^\(?(?:(?P<source>Sources?|Credit|Via)\s*:|(?:Editor|Editors|Edited by|Editing by|Reporting by|Writing by|"
    r"Additional reporting by|Compiled by|Translated by|Translation by)\b)\s*(?P<rest>.{0,120})$",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@(?P<host>[\w-]+(?:\.[\w-]+)+)")
_TRAILING_CREDIT = re.compile(r"\((?P<credit>[^()]{2,40})\)\s*$")
_FOREIGN_ONLY = re.compile(r"^[^A-Za-z]*(?![A-Za-z])[^\W\d_][^A-Za-z]*$")  # letters, none of them Latin (not "2021-04-03 15:22")
_SENTENCE_END = re.compile(r"[.!?\"'”’)\]:]$")
_JOIN_ABBREV = re.compile(r"\b(?:U\.S|U\.K|U\.N|E\.U|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Amb|Prof|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$")
_NEWS_WORD = re.compile(r"\b(?:News|Press|Agency|Times|Post|Daily|Herald|Journal|Tribune|Ilbo|Shimbun)$")


def _is_boilerplate(line: str) -> bool:
    lines, _ = _boilerplate()
    return bool(lines.fullmatch(line))


def _is_caption(line: str) -> bool:
    return bool(_boilerplate()[1].search(line))


def _is_headline_like(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    if line.startswith(("-", "•", "*", "(", '"', "“")):
        return False
    if re.search(r"[.,;]$", line) and not re.search(r"\b[A-Z]\.$", line):
        return False
    return line[0].isupper() or line[0].isdigit()


def _credit_outlet(credit: str, strict: bool) -> str | None:
    """The outlet a parenthesised credit names: a known outlet, or (not strict) a name-like credit."""
    credit = " ".join(credit.split())
    known = outlets().canonical(credit)
    if known:
        return known
    if strict:
        return credit if _NEWS_WORD.search(credit) else None
    if re.fullmatch(_CREDIT, credit) and not re.search(r"\b(?:office|photo|file|time|left|right)\b", credit, re.I):
        return credit
    return None


def _title_case_place(place: str) -> str:
    place = place.strip(" ,")
    if place.isupper():
        return "/".join(" ".join(w.capitalize() for w in part.split()) for part in place.split("/"))
    return place


@dataclass
class _Start:
    """What a line that opens an article's metadata or body tells about the article."""

    kind: str  # "date", "updated", "byline", "dateline"
    body: str | None = None  # text on the line that belongs to the body
    date: PartialDate | None = None
    label: str = ""
    byline: str | None = None
    place: str | None = None
    outlet: str | None = None


def _parse_start(line: str) -> _Start | None:
    m = _DATE_LINE.match(line)
    if m:
        date = find_date(m.group("date"), allow_partial=False)
        rest = m.group("rest").strip(" ,|-")
        label = (m.group("label") or "").strip().lower()
        start = _Start("updated" if label.startswith(("updated", "last", "modified")) else "date",
                       date=date[0] if date else None, label=label)
        if rest:
            by = _BYLINE.match(rest)
            if by:
                start.byline = by.group("who").strip()
            else:
                inner = _parse_start(rest)
                if inner and inner.kind == "dateline":
                    start.body, start.place, start.outlet = inner.body, inner.place, inner.outlet
                elif len(rest.split()) > 6:
                    start.body = rest
        return start
    m = _LABEL_ONLY.match(line)
    if m and find_date(m.group("rest"), allow_partial=False):
        date = find_date(m.group("rest"), allow_partial=False)
        return _Start("updated" if line.lower().startswith(("updated", "last", "modified")) else "date", date=date[0])
    m = _BYLINE.match(line)
    if m and len(line.split()) <= 10:
        return _Start("byline", byline=m.group("who").strip())
    m = _DATELINE_CREDIT.match(line)
    if m and len(m.group("place").split()) <= 4:
        outlet = _credit_outlet(m.group("credit"), strict=False)
        if outlet:
            pdate = find_date(m.group("pdate")) if m.group("pdate") else None
            return _Start("dateline", body=line, place=_title_case_place(m.group("place")),
                          outlet=outlet, date=pdate[0] if pdate else None)
    m = _DATELINE_CAPS.match(line)
    if m and len(m.group("place").split()) <= 4 and any(c.isalpha() for c in m.group("place")):
        return _Start("dateline", body=m.group("rest") and line, place=_title_case_place(m.group("place")))
    return None


# --------------------------------------------------------------------------- the pipeline


def clean_lines(text: str) -> list[str]:
    """Cleaned, non-empty lines with site chrome, captions and repeated lines removed."""
    raw = [" ".join(line.split()) for line in clean_control(text).split("\n")]
    raw = [line for line in raw if line]
    latin = _count_ascii_letters(text[:20000])
    letters = _count_letters(text, 20000) or 1
    mostly_latin = latin / letters > 0.7
    out: list[str] = []
    for i, line in enumerate(raw):
        if _is_boilerplate(line):
            continue
        if mostly_latin and _FOREIGN_ONLY.match(line) and len(line.split()) <= 3:
            continue  # a language switch or a stray name in another script
        if out and out[-1] == line:
            if _is_caption(line):
                out.pop()  # a photo caption printed twice: drop both copies
            continue
        if i + 1 < len(raw) and raw[i + 1] == line and _is_caption(line):
            continue
        out.append(line)
    return out


def _join_paragraphs(lines: list[str]) -> str:
    """Rejoin lines broken inside a sentence; paragraphs are separated by a blank line."""
    paras: list[str] = []
    for line in lines:
        if paras:
            prev = paras[-1]
            broken = not _SENTENCE_END.search(prev) and (line[0].islower() or line[0].isdigit())
            if broken or _JOIN_ABBREV.search(prev) or prev.endswith((",", "-", "—")) and line[0].islower():
                paras[-1] = prev + " " + line
                continue
        paras.append(line)
    return "\n\n".join(paras)


def _segments(lines: list[str]) -> list[list[str]]:
    """Split a file's lines into articles at a headline followed by a date, byline or dateline."""
    segments: list[list[str]] = [[]]
    body_chars = 0
    started = False
    for line in lines:
        start = _parse_start(line)
        if start and started and body_chars >= 150:
            # walk back over the headline (and a kicker/deck) that head this start line
            j = len(segments[-1])
            while j > 0 and _is_headline_like(segments[-1][j - 1]) and len(segments[-1]) - j < 3:
                j -= 1
            if j < len(segments[-1]) and j > 0:
                head = segments[-1][j:]
                del segments[-1][j:]
                segments.append(head)
                body_chars = 0
                started = False
        segments[-1].append(line)
        if start:
            started = True
            if start.body:
                body_chars += len(start.body)
        elif started:
            body_chars += len(line)
    return [s for s in segments if s]


def _parse_segment(lines: list[str], part: int) -> Article | None:
    header: list[str] = []
    body_lines: list[str] = []
    starts: list[_Start] = []
    in_body = False
    for line in lines:
        start = None if in_body else _parse_start(line)
        if not in_body and start is None and len(line.split()) <= 5 and outlets().canonical(line):
            start = _Start("outlet", outlet=outlets().canonical(line))  # "Associated Press" on its own line
        if start:
            starts.append(start)
            if start.kind == "dateline" or start.body:
                in_body = True
                body_lines.append(start.body or line)
            continue
        if in_body or starts:
            in_body = True
            body_lines.append(line)
        else:
            header.append(line)
    if not starts:
        # no metadata lines: a headline-like first line heads the text
        if len(header) > 1 and _is_headline_like(header[0]):
            header, body_lines = header[:1], header[1:]
        else:
            header, body_lines = [], header

    byline = next((s.byline for s in starts if s.byline), None)
    outlet = next((s.outlet for s in starts if s.outlet), None)
    place = next((s.place for s in starts if s.place), None)

    # credit lines at the end: a reporter's address ("name@donga.com") names the outlet
    while body_lines and _EMAIL.search(body_lines[-1]) and len(body_lines[-1].split()) <= 6:
        credit = body_lines.pop()
        host = _EMAIL.search(credit).group("host")
        outlet = outlet or outlets().from_domain(host)
        byline = byline or _EMAIL.sub("", credit).strip(" ,;") or None
    while body_lines and len(body_lines[-1].split()) <= 20 and _CREDIT_LINE.match(body_lines[-1]):
        m = _CREDIT_LINE.match(body_lines.pop())
        if m.group("source") and not outlet:
            for credit in re.split(r"\s*(?:,|;|\band\b|/)\s*", m.group("rest").strip(" .)")):
                outlet = outlets().canonical(credit)
                if outlet:
                    break
    if byline and not outlet:
        # "By Su Yuting CGTN", "By Jane Doe, Reuters"
        for k in range(min(4, len(byline.split()) - 1), 0, -1):
            tail = " ".join(byline.replace(",", " ").split()[-k:])
            known = outlets().canonical(tail)
            if known:
                outlet = known
                byline = " ".join(byline.replace(",", " ").split()[:-k]) or None
                break
    if not outlet and body_lines:
        m = _TRAILING_CREDIT.search(body_lines[-1])
        if m:
            outlet = _credit_outlet(m.group("credit"), strict=True)

    body = _join_paragraphs(body_lines)
    if not body.strip():
        return None
    headline = next((h for h in header if not h.isupper() and len(h.split()) >= 3), None)
    headline = headline or (header[0] if header else body.split("\n")[0][:120])

    full = next((s.date for s in starts if s.kind == "date" and s.date and s.date.full), None)
    full = full or next((s.date for s in starts if s.date and s.date.full), None)
    published = full or next((s.date for s in starts if s.date), None) or PartialDate()
    return Article(part=part, headline=headline, body=body, outlet=outlet, byline=byline,
                   dateline=place, published=published)


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_CODE_CHARS = re.compile(r"[{}\[\]()=<>;_/\\`|#$*+]")
_CODE_LINE = re.compile(
    r"^(?:\$ |>>> |def |class |import |from \S+ import |#include|function |return\b|var |let |const |public |private |"
    r"<\?|<!DOCTYPE|<html|\{|\}|@\w+\()"
)
MIN_PROSE_WORDS = 20


def not_an_article(lines: list[str]) -> str | None:
    """Why these cleaned lines are not news text (source code, a data dump, a manual), or None.

    News is running prose: most of its words stand in lines of eight or more words that
    are mostly letters. Code, CSV/TSV dumps and technical documents are not; they are told
    apart by delimiter-separated lines, code-shaped lines and fenced code blocks.
    """
    words = prose = code = delimited = fences = 0
    for line in lines:
        cjk = 0 if line.isascii() else len(_CJK.findall(line))
        n = line.count(" ") + 1 + cjk // 2  # CJK runs have no spaces: about two characters a word
        letters = _count_letters(line) / max(len(line) - n + 1, 1)  # of the non-space characters
        words += n
        if n >= 8 and letters >= 0.7:
            prose += n
            continue
        if line.startswith(("```", "~~~")):
            fences += 1
        if (line.count(",") >= 3 or line.count("\t") >= 2 or line.count(";") >= 3) and letters < 0.5:
            delimited += 1
        elif _CODE_LINE.match(line) or line.endswith(("{", "}", ";", ")", ":")) and not line.endswith("::") \
                or len(_CODE_CHARS.findall(line)) >= 0.08 * len(line):
            code += 1
    count = len(lines) or 1
    if delimited >= 0.5 * count:
        return "not an article: looks like tabular data (CSV/TSV)"
    if fences >= 2 or code >= max(5, 0.25 * count) and prose < 0.7 * words:
        return "not an article: looks like source code or technical documentation"
    if prose < MIN_PROSE_WORDS or prose < 0.5 * words:
        return "not an article: too little running prose"
    return None


def read_text(text: str) -> list[Article]:
    """All articles in one file's decoded text, numbered from 1 in file order."""
    return _read_lines(clean_lines(text))


def _read_lines(lines: list[str]) -> list[Article]:
    articles: list[Article] = []
    for segment in _segments(lines):
        article = _parse_segment(segment, len(articles) + 1)
        if article:
            articles.append(article)
    return articles


def read_bytes(data: bytes) -> tuple[list[Article], str]:
    """Decode and read a text file's bytes; raise ReadError with a reason when it is no article."""
    if not data:
        raise ReadError("empty file")
    text, encoding = decode(data)
    if looks_binary(text):
        raise ReadError("binary file (not text)")
    if not text.strip():
        raise ReadError("empty file (only whitespace)")
    lines = clean_lines(text)
    reason = not_an_article(lines)
    if reason:
        raise ReadError(reason)
    articles = _read_lines(lines)
    if not articles:
        raise ReadError("no article text found")
    return articles, encoding
