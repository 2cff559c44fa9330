"""Reading article files: decode, clean, drop site chrome, split, and find the metadata.

Pure text processing, no NLP: the result of ``read_file`` is a list of ``Article``s
with headline, outlet, byline, dateline place, publication date and cleaned body.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import string
from dataclasses import dataclass, field

from diplotui.store.text import clean_control

from .dates import DATE_PATTERNS, MONTH, PartialDate, date_of_match, find_date
from .gazetteer import NAME_RE as _NAME
from .gazetteer import boilerplate, city_places, country_names, credit_patterns, outlets


class ReadError(Exception):
    """A file that cannot be read as an article; the message is a one-line reason."""


@dataclass
class Article:
    """An article as read from a file or a page, before it is stored (the extract layer's one).

    Its date is a PartialDate and its content hash is derived; ``store.write.ArticleRow`` is
    the same article as the store's columns (the store does not import extract), and
    ``store.views`` has what is read back for a list row and for the reader."""

    part: int
    headline: str
    body: str
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: PartialDate = field(default_factory=PartialDate)
    url: str | None = None
    wire: str | None = None  # whose copy the page carries, when not the outlet's own
    published_source: str | None = None  # how the date was found: text, url, metadata, inferred
    credit: str | None = None  # the strongest credit in the text (an agency or the site)
    date_place: str | None = None  # the place a date line names after its time ("The Kremlin, Moscow")

    @property
    def content_hash(self) -> str:
        norm = " ".join((self.headline + "\n" + self.body).split()).lower()
        return hashlib.sha256(norm.encode()).hexdigest()


# --------------------------------------------------------------------------- data files


# --------------------------------------------------------------------------- decoding

# single-byte Latin code pages charset-normalizer may pick for text that is Windows-1252
# (English or French news reads the same in most of them; cp1252 is by far the commonest)
_WESTERN = frozenset({"cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_2", "iso8859_15", "iso8859_9",
                      "iso8859_13", "iso8859_4", "cp1254", "cp1257", "mac_roman", "mac_latin2"})
# UTF-8 read as Windows-1252 ("CÃ´te dâ€™Ivoire"): a lead byte and its continuation bytes
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}")


def _unmangle(match: re.Match) -> str:
    try:
        return match.group().encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return match.group()


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text decoded as Windows-1252, only where the bytes re-decode as UTF-8."""
    if "\u00c3" not in text and "\u00e2" not in text and "\u00c2" not in text:
        return text
    return _MOJIBAKE.sub(_unmangle, text)


def _guess(data: bytes) -> tuple[str, str]:
    """Text that is not UTF-8: the encoding charset-normalizer finds (GBK, Shift-JIS, cp1251,
    EUC-KR …), Windows-1252 for Western single-byte text, latin-1 when nothing fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in _WESTERN:
        encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; return (text, encoding). Raise ReadError for binaries."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError:
                raise ReadError(f"invalid {enc} text") from None
    if b"\x00" in data[:65536]:
        raise ReadError("binary file (contains NUL bytes)")
    try:
        return repair_mojibake(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _guess(data)


def decode_lines(data: bytes) -> tuple[str, str]:
    """Decode a file of independent lines (JSON Lines): a file that is not UTF-8 as a whole
    is decoded line by line, so one line in another encoding is read in its own and does
    not turn every good line into mojibake."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    try:
        return repair_mojibake(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:65536]:
        raise ReadError("binary file (contains NUL bytes)")
    lines, others = [], set()
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            text, encoding = _guess(raw)
            lines.append(text)
            others.add(encoding)
    return "\n".join(lines), "utf-8" + (f" (some lines {', '.join(sorted(others))})" if others else "")


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
#
# Every pattern here runs on untrusted lines: words are matched possessively and every
# repetition is bounded, so no pattern backtracks more than linearly (a line of
# "SEOUL (A-A-A-…" or one 80,000-letter word reads in microseconds).

_TZ = (r"(?:JST|KST|GMT|UTC|EST|EDT|ET|BST|CET|CEST|EET|EEST|IST|HKT|SGT|PST|PDT|PT|CST|CDT|CT|MST|MDT|"
       r"AEST|AEDT|AWST|MSK|WIB|WITA|WIT|ICT|PHT|SAST|WAT|CAT|EAT|GST|AST|NZST|NZDT|PKT|BDT|NPT)")
_US_TZ = re.compile(r"\b(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT)\b")
# what a date stamp holds besides its date: ISO stamps, times, time zones, separators
_STAMP_NOISE = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}T[\d:.]{{5,15}}(?:Z|[+-]\d{{1,2}}:?\d{{2}})?|\d{{1,2}}[:h.]\d{{2}}(?::\d{{2}})?"
    rf"(?:\s?[AaPp]\.?\s?[Mm]\b\.?)?|\b[AaPp]\.?[Mm]\b\.?|\b{_TZ}\b|\(|\)|[|:,;\[\]•·/–—-]+|\b\d{{1,4}}\b"
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_BYLINE = re.compile(r"(?:By|BY|Written by|Reporting by)\s+(?P<who>.{1,80})")
_CREDIT = r"[A-Z][\w.&'’-]{0,40}+(?: [A-Z][\w.&'’-]{0,40}+){0,4}"
_WORD = r"[A-Z\u00C0-\u00DE][\w.'’-]{0,40}+"
_DATELINE_CREDIT = re.compile(
    rf"(?P<place>{_WORD}(?:[ /][A-Za-z][\w.'’-]{{0,40}}+){{0,3}}?)"
    rf"(?:,\s?(?!{MONTH}\b)(?P<region>{_WORD}(?: {_WORD}){{0,3}}))?"
    rf"(?:,\s?(?P<pdate>{MONTH}\.?\s?\d{{1,2}}(?:,\s?\d{{4}})?))?"
    r"\s?\((?P<credit>[^()]{2,80})\)\s?(?:--|—|–|-|:)?\s?(?P<rest>\S.*)"
)
# the agency between slashes after the date: "MOSCOW, March 3. /TASS/. Text"
_DATELINE_SLASHES = re.compile(
    rf"(?P<place>{_WORD}(?: {_WORD}){{0,3}}),\s?(?P<pdate>{MONTH}\.?\s?\d{{1,2}}(?:,\s?\d{{4}})?)\.?\s?"
    r"/(?P<credit>[A-Z][\w&' -]{1,40})/\.?\s?(?P<rest>\S.*)"
)
# the agency's parentheses after a dateline's full date, then the story
_AFTER_DATE_CREDIT = re.compile(r"\s?\((?P<credit>[^()]{2,80})\)\s?(?:--|—|–|-|:)\s?\S")
_DATELINE_COLON = re.compile(r"(?P<place>[A-Z][A-Z.'’ -]{1,30}[A-Z]):\s(?P<rest>\S.*)")
# "BEIJING -- …", "MANILA, Philippines — …": a city in capitals, perhaps its country after a comma
_DATELINE_CAPS = re.compile(r"(?P<place>[A-Z][A-Z.'/ ,-]{1,40}?)(?:,\s?(?P<region>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}))?"
                            r"\s?(?:--|—|–|-)\s(?P<rest>\S.*)")
# trailing lines that are not part of the story: "Editor: …", "(Reporting by …; Editing by …)",
# "Source: the foreign ministry" (a source that names no outlet)
_CREDIT_LINE = re.compile(
    r"\(?(?:Sources?\s*:|(?:Editor|Editors|Edited by|Editing by|Reporting by|Writing by|Additional reporting by|"
    r"Compiled by|Translated by|Translation by|Reporter|Issued by)\b)\s*:?\s*.{0,120}",
    re.I,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}+@(?P<host>[\w-]{1,63}+(?:\.[\w-]{1,63}+){1,5})")
_TRAILING_CREDIT = re.compile(r"\((?P<credit>[^()]{2,40})\)\s*$")
# letters, none of them Latin (not "2021-04-03 15:22")
_FOREIGN_ONLY = re.compile(r"^[^A-Za-z]*(?![A-Za-z])[^\W\d_][^A-Za-z]*$")
_SENTENCE_END = re.compile(r"[.!?\"'”’)\]:]$")
_JOIN_ABBREV = re.compile(r"\b(?:U\.S|U\.K|U\.N|E\.U|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Amb|Prof|No|"
                          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.$")
_NEWS_WORD = re.compile(r"\b(?:News|Press|Agency|Times|Post|Daily|Herald|Journal|Tribune|Ilbo|Shimbun)$")
# an edition label heading a headline: "(LEAD) …", "(2nd LD) …", "(URGENT) …"; part of the story
_STORY_LABEL = re.compile(r"\((?:LEAD|\d+(?:st|nd|rd|th) LD|URGENT|UPDATE(?: \d+)?|Update(?: \d+)?|AMENDED|CORRECTED|"
                          r"News Focus|News Analysis|[A-Z][A-Za-z]{1,12}(?: [A-Za-z]{1,12}){0,2})\) ")
_BREADCRUMB_SPLIT = re.compile(r"\s+[|>»›/]\s+|\s+\|\s*|\s*\|\s+")
_CONNECTORS = frozenset("of the and for in on at to de du des la le el da do di del y et & und der die".split())


def _is_boilerplate(line: str) -> bool:
    lines, _ = boilerplate()
    return bool(lines.fullmatch(line))


def _is_caption(line: str) -> bool:
    return bool(boilerplate()[1].search(line))


def _story_sentence(line: str) -> bool:
    """A line of the story, not a headline: a long sentence ending as sentences do, or a run
    of sentences too long for any headline."""
    words = line.count(" ") + 1
    return words > 35 or words >= 14 and bool(re.search(r"[a-z\d][.!?][\"'”’]?$", line)) and "," in line \
        or words >= 20 and bool(re.search(r"[.!?][\"'”’]?$", line))


def _is_headline_like(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200:
        return False
    if line.startswith(("-", "•", "*", '"', "“")) or line.startswith("(") and not _STORY_LABEL.match(line):
        return False
    if re.search(r"[.,;]$", line) and not re.search(r"\b[A-Z]\.$", line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] == "("


# --------------------------------------------------------------------------- credits


_STATE_OF = re.compile(r"(?:the )?(?:[a-z']{1,20}+ ){0,3}(?:republic|kingdom|state|commonwealth|federation|"
                       r"principality|sultanate|emirates?|union) of (?:the )?(?P<name>[^\W\d_][\w' -]{1,40})", re.I)


def _country_of_line(line: str) -> str | None:
    """The country a line is nothing but the name of ("Republic of Ghana", "JAPAN")."""
    if len(line) > 60:
        return None
    if country := country_names().get(line.lower().removeprefix("the ")):
        return country
    if m := _STATE_OF.fullmatch(line):
        return country_names().get(m.group("name").lower()) or name_case(m.group("name")).title()
    return None


def _known(name: str) -> str:
    return outlets().canonical(name) or name


def _agency_like(name: str) -> bool:
    """A credited name that is an agency, not a person: known, an acronym, or says so."""
    return bool(outlets().canonical(name) or re.fullmatch(r"[A-Z]{2,6}(?:-[A-Z]{2,6})?", name)
                or credit_patterns().agency_word.search(name))


def _norm_tokens(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", name.lower())) - {"the", "news", "online", "english", "agency"}


def same_source(a: str | None, b: str | None) -> bool:
    """Whether two outlet names are one source ("Indus Dispatch" and "Indus Dispatch News")."""
    if not a or not b:
        return False
    if _known(a).lower() == _known(b).lower():
        return True
    ta, tb = _norm_tokens(_known(a)), _norm_tokens(_known(b))
    if not ta or not tb:
        return False
    return ta == tb or min(len(ta), len(tb)) >= 2 and (ta <= tb or tb <= ta)  # not "Times" in "Korea Times"


def name_case(name: str) -> str:
    """An all-capitals name in title case ("U.S. DEPARTMENT of STATE" -> "U.S. Department of State")."""
    if sum(c.isupper() for c in name) < 0.6 * sum(c.isalpha() for c in name):
        return name
    words = []
    for i, w in enumerate(name.split()):
        low = w.lower()
        if "." in w or len(w) <= 2 and w.isupper() and low not in _CONNECTORS:
            words.append(w)
        elif i and low in _CONNECTORS:
            words.append(low)
        else:
            words.append(w[:1].upper() + w[1:].lower())
    return " ".join(words)


def _name_shaped(line: str, max_words: int) -> bool:
    words = line.split()
    return 1 <= len(words) <= max_words and "'s " not in line and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS for w in words
    )


def _masthead(line: str) -> str | None:
    """The site a header line names: a masthead ("Indus Dispatch", "MINISTRY OF …") or a
    breadcrumb's first crumb ("Africa Newsroom | World | Diplomacy"); "" for a line of
    section names only ("Home > News > World"); None for any other line."""
    if len(line) > 160:
        return None
    c = credit_patterns()
    if c.photo.search(line):
        return None  # a photo credit names the photographer's agency, not the site
    crumbs = [x.strip() for x in _BREADCRUMB_SPLIT.split(line) if x.strip()]
    if len(crumbs) >= 2:
        if any(len(x.split()) > 6 for x in crumbs):
            return None
        section = [x.lower() in c.sections or _country_of_line(x) is not None for x in crumbs]
        if all(section) or crumbs[0].lower() in c.sections:
            return ""
        if not section[0] and any(section[1:]) and _name_shaped(crumbs[0], 6):
            return _known(c.suffix.sub("", crumbs[0]))
        # a site's name beside a reporter's name or its own name in lower case
        # ("Lena Marsk / Harbor Wire", "Valdora Times / valdora"): the site
        news = [x for x in crumbs if outlets().canonical(x) or _name_shaped(x, 5) and c.news_word_end.search(x)]
        if len(crumbs) == 2 and len(news) == 1 and all(
                x in news or _name_shaped(x, 4) or re.fullmatch(r"[a-z][a-z0-9.-]{1,40}", x)
                for x in crumbs):
            return _known(c.suffix.sub("", news[0]))
        return None
    if line.lower() in c.sections:
        return ""
    if known := (len(line.split()) <= 8 and outlets().canonical(line)):
        return known
    if not _name_shaped(line, 12):
        return None
    if c.government.search(line) and not _DIGIT.search(line):
        return name_case(line)
    bare = c.suffix.sub("", line)
    if len(bare.split()) <= 4 and c.news_word_end.search(name_case(bare)):
        return name_case(bare)
    return None


def _line_credit(line: str) -> tuple[str, str, str] | None:
    """(rule id, role, name) for a line that is a credit ("Source: WAM", "--IANS", "ⓒ Yonhap")."""
    if len(line) > 240:
        return None
    c = credit_patterns()
    for rule in c.lines:
        m = rule.pattern.fullmatch(line)
        if not m:
            continue
        name = m.group("name").strip(" .,;:")
        if not name or c.photo.search(line) or rule.agency_only and not _agency_like(name):
            continue
        return rule.id, rule.role, _known(name)
    return None


def _anywhere_credits(line: str) -> list[tuple[str, str, str]]:
    """Credits inside a sentence: an aggregator's "not edited by <Site> staff", a repost's
    "a statement ... issued by <Body>" line."""
    low = line.lower()
    if "edited by" not in low and " by " not in low:
        return []
    out = []
    for rule in credit_patterns().anywhere:
        if m := rule.pattern.search(line):
            out.append((rule.id, rule.role, _known(m.group("name").strip(" .,;:"))))
    return out


def _dateline_credit(credit: str) -> tuple[str | None, str | None]:
    """(site, credit) in a dateline's parentheses: "(Yonhap)" gives a credit, "(Harbor
    Wire News / Sputnik - 9th June, 2021)" a site and the wire whose copy it is."""
    credit = " ".join(credit.split())
    head = re.split(r"\s[-–—]\s|,\s", credit, maxsplit=1)[0]
    parts = [p.strip() for p in re.split(r"\s/\s", head) if p.strip()]
    good = [p for p in parts if _credit_name(p)]
    if len(parts) == 2 and len(good) == 2:
        return _known(parts[0]), _known(parts[1])
    if len(parts) == 1 and good and (head == credit or find_date(credit[len(head):], allow_partial=False)):
        return None, _known(parts[0])
    return None, None


def _credit_name(credit: str) -> bool:
    """A parenthesised credit that names an outlet: not a caption marker, a photographer or a time."""
    if outlets().canonical(credit):
        return True
    return bool(re.fullmatch(_CREDIT, credit)) and len(credit) >= 2 and not re.search(
        r"\b(?:office|photo|file|time|left|right|center|centre|front|back|L|R|C|AP Photo|Getty Images)\b", credit, re.I
    ) and not credit_patterns().photo.search(f"({credit})")


def _strict_credit(credit: str) -> str | None:
    """The outlet a trailing "(…)" names: a known outlet, or a name that says it is news."""
    credit = " ".join(credit.split())
    if known := outlets().canonical(credit):
        return known
    return credit if _NEWS_WORD.search(credit) and re.fullmatch(_CREDIT, credit) else None


def _title_case_place(place: str) -> str:
    place = place.strip(" ,")
    if place.isupper():
        return "/".join(" ".join(w.capitalize() for w in part.split()) for part in place.split("/"))
    return place


@dataclass
class _Start:
    """What a line that opens an article's metadata or body tells about the article."""

    kind: str  # "date", "updated", "byline", "dateline", "outlet"
    body: str | None = None  # text on the line that belongs to the body
    date: PartialDate | None = None
    label: str = ""
    byline: str | None = None
    place: str | None = None
    outlet: str | None = None  # a credit in the dateline ("(Yonhap)")
    site: str | None = None  # a site named beside the wire ("(Site News / Wire - date)")
    headline: str | None = None  # a headline on the date's line ("date 2021-10-06 Headline")
    date_place: str | None = None  # where the stamp says the item was filed ("…, 17:00, The Kremlin, Moscow")


# a stamp's time then the place it was filed from: ", 17:00, The Kremlin, Moscow"
_STAMP_PLACE = re.compile(
    r"\s*,?\s*\d{1,2}[:.]\d{2}\s*,\s*(?P<place>[A-Z][^,\d]{1,40}(?:,\s*[A-Z][^,\d]{1,40}){0,2}?)\s*"
)


def _date_line(line: str) -> _Start | None:
    """A line that is a publication stamp: a date with only labels, times, zones and credits
    around it ("Updated:2021-04-15", "All News 09:34 March 18, 2021", "PTI | Updated:
    08-06-2022 09:23 IST", "تاريخ النشر: 09 Nov 2021"), possibly followed by the headline
    or the body."""
    head = line[:120]
    if not _YEAR.search(head, 0, 90):  # every full date has a year; a stamp's starts early
        return None
    found = find_date(head, allow_partial=False, month_first=bool(_US_TZ.search(head)))
    if not found or found[1].start() > 60:
        return None
    date, m = found
    prefix, rest = line[: m.start()], line[m.end():]
    labels = credit_patterns().labels
    place = None
    words = _STAMP_NOISE.sub(" ", prefix).split()
    credit = byline = None
    who = re.fullmatch(r"\s*(?:(?:By|BY)\s+)?(?P<who>[^|•·]{3,60}?)\s*(?:[|•·]|(?<=\S)\s[-–—]|,)\s*(?:[^|•·\w]*\s*)?",
                       prefix)
    if who and (_name_only(who.group("who")) and who.group("who").lower() not in city_places()
                and (re.match(r"\s*By\s", prefix, re.I) or not prefix.rstrip().endswith(","))):
        byline, words = who.group("who"), []  # "Anna Ostrova • 14 March 2024", "By Anna Ostrova | March 14, 2024"
    if words and "|" not in prefix and not all(w.lower() in labels or not w.isascii() for w in words):
        # "Accra, 14th March 2024", "NAIROBI, Kenya, July 9, 2025"
        pm = re.fullmatch(rf"(?P<place>[A-Z][\w.'’-]{{0,40}}+(?: [A-Z][\w.'’-]{{0,40}}+){{0,3}}),"
                          rf"(?:\s?(?!{MONTH}\b){_WORD}(?: {_WORD}){{0,3}},)?\s*", prefix)
        unlabelled = " ".join(w for w in words if w.lower() not in labels)
        if pm:
            place = _title_case_place(pm.group("place"))
        elif len(words) <= 5 and (known := outlets().canonical(unlabelled)):
            credit = known  # "KYODO NEWS - Mar 3, 2024"
        else:
            return None
    label = " ".join(w.lower() for w in words if w.lower() in labels)
    start = _Start("updated" if re.search(r"\b(?:updated|update|modified)\b", label) and "published" not in label
                   else "date", date=date, label=label, place=place, outlet=credit, byline=byline)
    if not place and (sp := _STAMP_PLACE.fullmatch(rest)):
        start.date_place = sp.group("place").strip()  # the place of that day's meeting, not a dateline
        return start
    rest_words = [w for w in _STAMP_NOISE.sub(" ", rest).split() if w.lower() not in labels and not w.isdigit()]
    if not rest_words or all(find_date(w) or w.lower() in labels for w in rest_words):
        return start
    if place and (cm := _AFTER_DATE_CREDIT.match(rest)):
        site, credit = _dateline_credit(cm.group("credit"))
        if credit:  # "BERLIN, June 12, 2025 (Xinhua) -- Text": a dateline with its agency
            start.kind, start.body, start.outlet, start.site = "dateline", line, credit, site
            return start
    text = re.sub(rf"^(?:\s|{_STAMP_NOISE.pattern})*", "", rest).strip()
    if not text:
        return start
    if (again := find_date(text, allow_partial=False)) and not [
            w for w in _STAMP_NOISE.sub(" ", text[: again[1].start()] + " " + text[again[1].end():]).split()
            if w.lower() not in labels]:
        return start  # "March 14, 2024 | Updated: March 15, 2024"
    if by := _BYLINE.fullmatch(text):
        start.byline = by.group("who").strip()
    elif _name_only(text.strip(" |•·")):
        start.byline = text.strip(" |•·")  # "14 March 2024 | Anna Ostrova"
    elif found := _line_credit(text):
        start.outlet = start.outlet or found[2]  # "2024-03-03 14:22 Source: Xinhua"
    elif (inner := _parse_start(text)) and inner.kind == "dateline":
        start.body, start.place, start.outlet, start.site = inner.body, inner.place, inner.outlet, inner.site
    elif "," in text and all(_name_shaped(p.strip(), 4) for p in text.split(",")):
        # a readout's place after its date and time ("…, 17:00, Corvena Palace, Corvena")
        start.place = start.place or text
    elif _is_headline_like(text) and not _SENTENCE_END.search(text):
        start.headline = text
    elif len(text.split()) > 6:
        start.body = text
    return start


def _parse_start(line: str) -> _Start | None:
    if start := _date_line(line):
        return start
    m = _BYLINE.fullmatch(line)
    if m and len(line.split()) <= 10:
        return _Start("byline", byline=m.group("who").strip())
    m = _DATELINE_CREDIT.fullmatch(line)
    if m and len(m.group("place").split()) <= 4:
        site, credit = _dateline_credit(m.group("credit"))
        if credit:
            pdate = find_date(m.group("pdate")) if m.group("pdate") else None
            return _Start("dateline", body=line, place=_title_case_place(m.group("place")),
                          outlet=credit, site=site, date=pdate[0] if pdate else None)
    m = _DATELINE_SLASHES.fullmatch(line)
    if m and _credit_name(m.group("credit")):
        pdate = find_date(m.group("pdate"))
        return _Start("dateline", body=line, place=_title_case_place(m.group("place")),
                      outlet=_known(m.group("credit")), date=pdate[0] if pdate else None)
    m = _DATELINE_CAPS.fullmatch(line)
    if m and len(m.group("place").split()) <= 4 and any(c.isalpha() for c in m.group("place")) \
            and not (m.group("region") and m.group("place").lower() in country_names()):  # "US, China - …"
        return _Start("dateline", body=m.group("rest") and line, place=_title_case_place(m.group("place")))
    m = _DATELINE_COLON.fullmatch(line)
    if m and m.group("place").lower() in city_places():  # "ISLAMABAD: …", a known city (not "QUESTION: …")
        return _Start("dateline", body=line, place=_title_case_place(m.group("place")))
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
        if _is_boilerplate(line) and not _line_credit(line):  # a copyright line is chrome that names the outlet
            continue
        if mostly_latin and _FOREIGN_ONLY.match(line) and len(line.split()) <= 3 and not _YEAR.search(line):
            continue  # a language switch or a stray name in another script (not a stamp in one)
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


_CREDIT_RANK = {"dateline": 0, "stamp": 1, "by": 2, "byline": 2, "bullet": 3, "source": 4, "signoff": 5,
                "copyright": 6, "trailing": 7}


def _leading_chrome(lines: list[str]) -> int:
    """How many of the first lines of a body are short site chrome (mastheads, breadcrumbs,
    section labels) printed between the date and the story."""
    n = 0
    for line in lines[:6]:
        if len(line.split()) > 12 or _SENTENCE_END.search(line) and not line.isupper():
            break
        if _masthead(line) is None and _line_credit(line) is None and not line.isupper() and not _name_only(line) \
                and not credit_patterns().photo.search(line):
            break
        n += 1
    return n


def parse_segment(lines: list[str], part: int) -> Article | None:
    header: list[str] = []
    body_lines: list[str] = []
    starts: list[_Start] = []
    credits: list[tuple[int, str]] = []  # (rank of the form, name): whose copy
    in_body = False
    for line in lines:
        start = None if in_body else _parse_start(line)
        if start:
            starts.append(start)
            if start.kind in ("date", "updated") and (found := _line_credit(line)):
                credits.append((_CREDIT_RANK.get(found[0], 9), found[2]))  # "PTI | Updated: …"
                start.headline = None  # the rest of "Source: Xinhua | date | Editor: …" is no headline
            if start.kind == "dateline" or start.body:
                in_body = True
                body_lines.append(start.body or line)
            continue
        if in_body or starts:
            in_body = True
            body_lines.append(line)
        else:
            header.append(line)
    # a long sentence of the story printed first, where a headline would be: it is the story's
    # (its officials and meetings are read with the rest), and the headline is made from it
    if starts and any(map(_story_sentence, header)):
        body_lines = [h for h in header if _story_sentence(h)] + body_lines
        header = [h for h in header if not _story_sentence(h)]
    if not starts:
        # no metadata lines: a headline-like first line heads the text (one before the story starts)
        story = next((i for i, h in enumerate(header) if _story_sentence(h)), len(header))
        first = next((i for i, h in enumerate(header[:story]) if _masthead(h) is None and _is_headline_like(h)
                      and not _name_only(h) and not credit_patterns().photo.search(h)), None)
        if first is not None and first + 1 < len(header):
            header, body_lines = header[: first + 1], header[first + 1:]
        else:
            header, body_lines = [], header
    chrome = _leading_chrome(body_lines)
    header, body_lines = header + body_lines[:chrome], body_lines[chrome:]

    # credits: whose page (site) and whose copy (credits, strongest form first)
    sites: list[str] = []
    guessed: list[tuple[str, str]] = []  # (line, site) for mastheads known by their words only
    wires: list[str] = []
    dates: list[PartialDate] = []  # a date on a credit line ("Source: Ministry of Trade, June 4, 2022")
    skip: set[int] = set()
    for i, line in enumerate(header):
        site = _masthead(line)
        if site:
            country = _country_of_line(header[i + 1]) if i + 1 < len(header) else None
            if country and credit_patterns().government.search(site) and country.lower() not in site.lower():
                site = f"{site} ({country})"  # "MINISTRY OF FOREIGN AFFAIRS" over "Republic of Ghana"
            sites.append(site)
            if not outlets().canonical(line) and _is_headline_like(line) \
                    and len(line.split()) >= 3:  # not a two-word masthead, "Harbor Wire"
                guessed.append((line, site))  # a masthead by its words only: maybe the headline
        if site is not None:
            skip.add(i)
    for s in starts:
        if s.site:
            sites.append(s.site)
        if s.outlet:
            credits.append((_CREDIT_RANK["dateline"], s.outlet))
    kept: list[str] = []
    for i, line in enumerate(header + body_lines):
        in_header = i < len(header)
        found = _line_credit(line)
        if found:
            rule, role, name = found
            (sites if role == "site" else wires if role == "wire" else credits).append(
                name if role != "credit" else (_CREDIT_RANK.get(rule, 9), name))  # type: ignore[arg-type]
            skip.add(i)
            if rule in ("source", "published-in") and (when := find_date(line, allow_partial=False)):
                dates.append(when[0])
            continue
        for _rule, role, name in _anywhere_credits(line):
            (sites if role == "site" else wires).append(name)
        if not in_header:
            kept.append(line)
    body_lines = kept
    header = [h for i, h in enumerate(header) if i not in skip]

    byline = next((s.byline for s in starts if s.byline), None) \
        or next((h for h in header[:4] if _name_only(h)), None)  # a reporter's name alone above the story
    place = next((s.place for s in starts if s.place), None)
    if byline and _agency_like(byline) and len(byline.split()) <= 5 and _CREDITED.fullmatch(byline):
        credits.append((_CREDIT_RANK["by"], _known(byline)))  # "By AFP", "By African News Agency"
        byline = None

    # credit lines at the end: a reporter's address ("name@donga.com") names the outlet
    while body_lines and len(body_lines[-1].split()) <= 6 and (m := _EMAIL.search(body_lines[-1])):
        credit = body_lines.pop()
        if site := outlets().from_domain(m.group("host")):
            sites.append(site)
        byline = byline or _EMAIL.sub("", credit).strip(" ,;") or None
    while body_lines and len(body_lines[-1].split()) <= 20 and _CREDIT_LINE.fullmatch(body_lines[-1]):
        body_lines.pop()
    body_lines = _without_chrome(body_lines, header)
    if byline:
        # "By Su Yuting CGTN", "By Jane Doe, Reuters", "By Jane Doe | Reuters"
        words = re.sub(r"[,|/•·]", " ", byline).split()
        for k in range(min(4, len(words) - 1), 0, -1):
            known = outlets().canonical(" ".join(words[-k:]))
            if known:
                credits.append((_CREDIT_RANK["byline"], known))
                byline = " ".join(words[:-k]) or None
                break
    last = body_lines[-1] if body_lines else ""
    if last and (m := _TRAILING_CREDIT.search(last)) and not credit_patterns().photo.search(last):
        if credit := _strict_credit(m.group("credit")):
            credits.append((_CREDIT_RANK["trailing"], credit))

    body = _join_paragraphs(body_lines)
    if not body.strip():
        return None
    headline = next((s.headline for s in starts if s.headline), None)
    candidates = [h for h in header if not h.isupper() and len(h.split()) >= 3 and _country_of_line(h) is None
                  and not credit_patterns().photo.search(h) and not _BYLINE.fullmatch(h)
                  and not (h.endswith(".") and len(h.split()) > 4)]
    if not headline and not candidates and len(body_lines) > 1 and _is_headline_like(body_lines[0]) \
            and not _SENTENCE_END.search(body_lines[0]) and len(body_lines[1]) > len(body_lines[0]) \
            and not _name_only(body_lines[0]) and not credit_patterns().photo.search(body_lines[0]):
        headline, body_lines = body_lines[0], body_lines[1:]  # the headline printed under the date
        body = _join_paragraphs(body_lines)
    headline = headline or next(iter(candidates), None)
    if not headline and guessed:
        # the only headline-like line looked like a masthead ("President Hosts Prime Minister"
        # in title case): it is the headline, and names no site
        headline, site = guessed[-1]  # a masthead comes first, the headline after it
        sites.remove(site)
    if headline and candidates and headline == candidates[0] and _name_only(headline) and len(candidates) > 1:
        headline = candidates[1]  # a reporter's name above the headline
    if not headline:
        shown = [h for h in header if not credit_patterns().photo.search(h) and not _name_only(h)
                 and not _BYLINE.fullmatch(h) and _masthead(h) is None]
        headline = shown[0] if shown else _first_sentence(body)
    headline = _without_section(headline)

    credits.sort(key=lambda c: c[0])
    named = [c for _, c in credits]
    outlet = sites[0] if sites else (named[0] if named else None)
    wire = next((c for c in [*named, *wires] if not same_source(c, outlet)), None)

    full = next((s.date for s in starts if s.kind == "date" and s.date and s.date.full), None)
    full = full or next((s.date for s in starts if s.date and s.date.full), None)
    published = full or next((d for d in dates if d.full), None) or next((s.date for s in starts if s.date), None) \
        or PartialDate()
    source = "text" if published.full else None
    if not published.full and published.month and published.day:
        if year := _year_from_text(published, body):
            published, source = PartialDate(year, published.month, published.day), "inferred"
    return Article(part=part, headline=headline, body=body, outlet=outlet, byline=byline,
                   dateline=place, published=published, wire=wire, published_source=source,
                   credit=named[0] if named else None,
                   date_place=next((s.date_place for s in starts if s.date_place), None))


_CREDITED = re.compile(_NAME)
# a word mixing Latin letters with Cyrillic or Greek look-alikes ("сhеар" with a Cyrillic с, е, а, р)
_MIXED_SCRIPT = re.compile(r"(?<=[A-Za-z])[\u0370-\u03ff\u0400-\u04ff]|(?<=[\u0370-\u03ff\u0400-\u04ff])[A-Za-z]")
# "ALSO SEE: …", "Related: …", "READ MORE - …": a label, then another story's headline
_LINK_LABEL = re.compile(
    r"\A(?P<label>[^\W\d][\w'’]{0,15}+(?: [\w'’]{1,15}+){0,2}+)\s?(?::|\s[-–—|»›>])\s?(?P<rest>\S.*)"
)
_STORY_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _homoglyph_spam(line: str) -> bool:
    """A line whose words mix scripts letter by letter: spam written to slip past filters."""
    if line.isascii():
        return False
    words = line.split()
    mixed = sum(bool(_MIXED_SCRIPT.search(w)) for w in words)
    return mixed >= 2 and mixed >= 0.3 * len(words)


def _story_line(line: str) -> bool:
    """A paragraph of the story: a sentence that ends as sentences do, or a long run of text."""
    n = line.count(" ") + 1
    return n > 14 or n >= 5 and bool(_STORY_END.search(line)) and not line.endswith("*")


def _trailing_chrome(line: str) -> bool:
    """A line after the story's last paragraph that is chrome by its shape: a few words ("Send",
    "sk/arm"), a form's field ("Name *"), a link's or a label's capitalised words ending no
    sentence ("- Harlow names new envoy", "Related articles"); not a signature ("Name, Title")."""
    if _story_line(line) or "," in line and _name_shaped(line.replace(",", ""), 10):
        return False
    shown = line.lstrip("-–—•·»*► ").strip()
    return line.count(" ") < 3 or line.endswith("*") or shown[:1].isupper() or shown[:1] == "("


def _without_chrome(lines: list[str], header: list[str]) -> list[str]:
    """The body without site chrome, by its shape (no list of the strings sites print): spam
    in mixed scripts; a short line printed again (the headline repeated under the story); a
    label and another story's headline between the paragraphs ("ALSO SEE: …"), the label
    being no word of the story; and after the story's last paragraph, the short lines that
    end no sentence (related links, share buttons, a comment form)."""
    seen = {h.lower() for h in header}
    text = "\n".join(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        if _homoglyph_spam(line):
            continue
        key = line.lower()
        if key in seen and len(line.split()) <= 25:
            continue
        seen.add(key)
        if i and len(line) <= 200 and (m := _LINK_LABEL.fullmatch(line)) and not _STORY_END.search(line) \
                and m.group("rest")[:1].isupper() and text.count(m.group("label")) == 1:
            continue
        out.append(line)
    while len(out) > 1 and _trailing_chrome(out[-1]) and any(map(_story_line, out[:-1])):
        out.pop()
    return out
_PERSON_WORD = re.compile(r"(?:[A-Z](?:['’][A-Z])?[a-z]{1,20}+(?:[A-Z][a-z]{1,20}+)?(?:-[A-Z]?[a-z]{1,20}+)?|[A-Z]\."
                          r"|(?:de|da|van|von|der|al|el|bin|ibn|le|la|di)(?:-[A-Z][a-z]+)?)")


def _name_only(line: str) -> bool:
    """A line that is a person's name alone ("Anna Ostrova"): a reporter's byline, not a headline."""
    words = line.split()
    if not 2 <= len(words) <= 4 or not all(_PERSON_WORD.fullmatch(w) for w in words) or not words[0][0].isupper():
        return False
    c = credit_patterns()
    return not any(w.lower() in c.sections or w.lower() in _CONNECTORS for w in words) \
        and line.lower() not in city_places() and _country_of_line(line) is None \
        and not c.government.search(line) and not c.news_word_end.search(line) and outlets().canonical(line) is None


def _first_sentence(body: str) -> str:
    """A headline for a story printed without one: its first sentence, cut at a word near 120 characters."""
    first = body.split("\n")[0]
    m = re.match(r".{20,}?[.!?](?=\s+[A-Z\"“])", first[:300])
    first = m.group() if m else first
    if len(first) > 120:
        first = first[:120].rsplit(" ", 1)[0] + " …"
    return first


def _without_section(headline: str) -> str:
    """A headline without a section's name run into it ("Politics Marsk: ferry deal signed"):
    the section word is dropped when a capitalised word follows it in a headline written in
    sentence case (so "World leaders meet" and "Europe Ministers Meet" are kept)."""
    words = headline.split()
    if len(words) < 4 or words[0].lower() not in credit_patterns().sections or not words[1][:1].isupper():
        return headline
    rest = [w for w in words[2:] if w[:1].isalpha()]
    if not rest or sum(w[0].islower() for w in rest) < 0.5 * len(rest):
        return headline
    return " ".join(words[1:])


def _year_from_text(date: PartialDate, body: str) -> int | None:
    """The year of a yearless dateline ("SEOUL, June 8 (Yonhap)") when the article prints the
    same month and day with a year elsewhere (a caption's "on June 8, 2022") and no other year."""
    years = set()
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(body):
            found = date_of_match(m)
            if found and found.month == date.month and found.day == date.day:
                years.add(found.year)
    return years.pop() if len(years) == 1 else None


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
        article = parse_segment(segment, len(articles) + 1)
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
