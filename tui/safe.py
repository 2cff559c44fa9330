"""Untrusted text made safe to show: always a rich ``Text`` (never markup), never a control code."""

from __future__ import annotations

from rich.text import Text

from diplotui.store.api import date_words
from diplotui.store.text import clean_control, one_line


def cell(value: object, limit: int | None = None, style: str = "") -> Text:
    """One line of untrusted text for a table cell, a title or a notification."""
    return Text(one_line("" if value is None else str(value), limit), style=style, no_wrap=True, overflow="ellipsis")


def same_length(text: str) -> str:
    """``clean_control`` that keeps every character offset: unsafe characters become U+FFFD.

    Mentions point into article bodies by character offset, so the reader cannot let
    cleaning shift the text.
    """
    cleaned = clean_control(text)
    if len(cleaned) == len(text):
        return cleaned
    out = []
    for ch in text:
        safe = clean_control(ch)
        out.append(safe if len(safe) == 1 else "\ufffd")
    return "".join(out)


def block(value: str | None) -> Text:
    """Multi-line untrusted text (an article body, a sentence, a quote)."""
    return Text(clean_control(value or ""))


def or_dash(value: str | None) -> str:
    return value if value else "—"


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, singular for one: "1 report", "1,234 reports"."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"


NO_OUTLET = "unknown outlet"  # one wording for a missing outlet, on screen and in exports


def outlet_or(value: str | None) -> str:
    return value or NO_OUTLET


def when(value: str | None) -> str:
    """A full or partial date as people write it ("2 Apr (year unknown)"), or "undated"."""
    return date_words(value)


def short_when(value: str | None) -> str:
    """``when`` for a list's Date column, at most 10 cells: a date without its year as "2 Apr ?"."""
    words = date_words(value)
    return words.replace(" (year unknown)", " ?")


def shorten(value: str | None, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word and ended with "…" when cut."""
    line = one_line(value or "")
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + "…"
