"""Full-text search: what a user typed as a safe FTS5 query, and the index's date-ordered keys."""

from __future__ import annotations

import re

from .common import Key

MIN_PREFIX = 3
_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\w+)', re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query, or None when nothing is searchable.

    Words and "quoted phrases" become quoted FTS5 strings joined by AND, so no user
    input can be an FTS syntax error; the last bare word is a prefix (search as you type)
    once it has MIN_PREFIX characters: a one- or two-letter prefix stands for thousands of
    index terms whose match lists FTS5 would merge in full (seconds and hundreds of MB
    at a million articles), so it is searched as the word it is.
    """
    parts: list[str] = []
    last_is_word = False
    for match in _PHRASE_OR_WORD.finditer(text or ""):
        phrase, word = match.groups()
        words = re.findall(r"\w+", phrase if phrase is not None else word)
        if not words:
            continue
        parts.append('"' + " ".join(words) + '"')
        last_is_word = word is not None
    if not parts:
        return None
    if last_is_word and len(parts[-1]) - 2 >= MIN_PREFIX:
        parts[-1] += "*"
    return " ".join(parts)



def search_key(key: Key) -> int:
    """``(sort_key, id)`` as the one integer the search index orders by (schema migration 4)."""
    sort_key, article_id = key
    return (_date_number(sort_key, 0) << 32) | article_id


def _date_number(sort_key: str, pad: int) -> int:
    """'2016-04-03' -> 20160403; missing parts ('2016', '2016-04', '') are ``pad``."""
    parts = (sort_key or "").split("-")
    year = int(parts[0]) if parts[0].isdigit() else 0
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else pad
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else pad
    return year * 10000 + month * 100 + day

