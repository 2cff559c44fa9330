"""Safe text: the one path untrusted article text takes before it is stored or shown."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls; bidi embeddings/overrides/isolates and
# the Arabic letter mark; and characters that draw nothing but can hide, reorder or pad what a
# reader sees (zero-width space, word joiner, invisible math operators, soft hyphen, combining
# grapheme joiner, Hangul fillers, Mongolian vowel separator, Khmer inherent vowels, musical
# formatting controls, BOM, interlinear annotation).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a]"
)
# A whole ANSI/VT escape sequence (CSI ... final byte, OSC ... BEL/ST), so that its printable
# remainder ("[2J") does not survive as garbage after ESC is removed. A string sequence (OSC,
# DCS, SOS, PM, APC) ends at its terminator on the same line, within 8 kB; one that never ends
# loses only its introducer and numeric parameter, not the text after it.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|[\x1b][\]PX^_][^\x07\x1b\x9c\n]{0,8192}(?:\x07|\x1b\\|\x9c)"  # OSC, DCS, SOS, PM, APC, terminated
    r"|\x1b\]\d*;?"  # OSC never terminated: its introducer and parameter
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c\n]{0,8192}(?:\x07|\x1b\\|\x9c)"  # 8-bit OSC
    r"|\x9d\d*;?"  # 8-bit OSC never terminated
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes (and the introducer of an unterminated DCS/SOS/PM/APC)
)
# Zero-width (non-)joiners and tag characters: meaningful only in context (see _joiner, _tags)
_JOINERS = re.compile("[\u200c\u200d]")
_ANY_TAG = re.compile("[\U000e0000-\U000e007f]")
_TAGS = re.compile("(\U0001f3f4[\U000e0020-\U000e007e]{1,16}\U000e007f)|[\U000e0000-\U000e007f]")


def _is_letter_or_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


def _joiner(m: re.Match) -> str:
    """Keep a ZWNJ/ZWJ where it shapes something: inside a word of a script that joins letters
    (Arabic, Persian, the Indic scripts, …: letters and marks from U+0590 on, on both sides),
    or, for ZWJ, between two emoji of a sequence (family, profession, flag sequences).
    Anywhere else (Latin text, word edges, runs of them) it only pads and is dropped."""
    text, i = m.string, m.start()
    if i == 0 or m.end() >= len(text):
        return ""
    before, after = text[i - 1], text[m.end()]
    if (before >= "\u0590" and after >= "\u0590" and _is_letter_or_mark(before) and _is_letter_or_mark(after)):
        return m.group(0)
    if m.group(0) == "\u200d" and unicodedata.category(after) == "So" and (
        unicodedata.category(before) in ("So", "Sk") or before == "\ufe0f"):
        return m.group(0)
    return ""


def clean_control(text: str) -> str:
    """Remove terminal escape sequences and control/format characters; keep \\t and \\n.

    Line endings are normalised to \\n and the text to Unicode NFC. Zero-width joiners stay
    only where a script or an emoji sequence needs them (see :func:`_joiner`), tag characters
    only inside an emoji flag sequence.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _UNSAFE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS.sub(_joiner, text)
    if _ANY_TAG.search(text):
        text = _TAGS.sub(lambda m: m.group(1) or "", text)
    return unicodedata.normalize("NFC", text)


def one_line(text: str | None, limit: int | None = None) -> str:
    """Safe text squeezed onto one line (for list cells and titles), optionally shortened."""
    if not text:
        return ""
    flat = " ".join(clean_control(text).split())
    if limit is not None and len(flat) > limit:
        flat = flat[: max(limit - 1, 0)] + "…"
    return flat


def shown_path(path: object) -> str:
    """A file name or path as one visible line: bytes that are not UTF-8 (kept by Python as
    lone surrogates) as ``\\xNN``, and control characters (a newline in a name) as escapes,
    so a name can neither fail to print nor forge a line of output."""
    text = str(path)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if _NAME_UNSAFE.search(text):
        text = _NAME_UNSAFE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
    return text


_NAME_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)


def fullest_title(titles: list[str]) -> str | None:
    """The first of an article's titles for one person, or a later one that holds all its words
    and more: a headline's "Secretary Holm" and the body's "Secretary of State Lena Holm" give
    "Secretary of State"."""
    best = titles[0] if titles else None
    for title in titles[1:]:
        if set(best.lower().split()) < set(title.lower().split()):
            best = title
    return best


def body_title(found: list[tuple[str, bool]]) -> str | None:
    """``fullest_title`` of one person's titles in an article, given in text order with whether
    each is in the body: the body's first, since a headline shortens them ("FM A", "Minister A
    Meets …")."""
    return fullest_title([t for t, in_body in found if in_body] + [t for t, in_body in found if not in_body])
