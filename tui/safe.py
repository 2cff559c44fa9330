"""Untrusted text made safe to show: always a rich ``Text`` (never markup), never a control code."""

from __future__ import annotations

from rich.text import Text

from diplotui.store.text import clean_control, one_line


def cell(value: object, limit: int | None = None, style: str = "") -> Text:
    """One line of untrusted text for a table cell, a title or a notification."""
    return Text(one_line("" if value is None else str(value), limit), style=style, no_wrap=True)


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
    """``n`` and the noun, singular for one: "1 report", "3 reports"."""
    return f"{n} {noun if n == 1 else noun + 's'}"
