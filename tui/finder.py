"""The command palette's finder: officials, events and articles by name as you type."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from diplotui.store.api import (
    ArticleFilter,
    EventFilter,
    articles_page,
    events_page,
    officials_page,
)
from diplotui.store.text import one_line

from .safe import counted, outlet_or, shorten, when

FOUND = 5  # of each kind


def _find(db, text: str) -> tuple[list, list, list]:
    """The best few officials (name or alias, fuzzy), events (a participant or place) and
    articles (full-text search) for what was typed; one read-only connection for the three."""
    officials = officials_page(db, text, limit=FOUND).items
    events = events_page(db, EventFilter(text=text), limit=FOUND).items
    articles = articles_page(db, ArticleFilter(text=text), limit=FOUND).items
    return list(officials), list(events), list(articles)


class Finder(Provider):
    """Ctrl+P, then a name (help lines are markup to the palette: untrusted text is escaped): an
    official opens their page, an event its comparison, an article the reader (Posting's and
    Harlequin's palettes work this way)."""

    async def search(self, query: str) -> Hits:
        text = " ".join(query.split())
        if len(text) < 2:
            return
        app = self.app
        officials, events, articles = await asyncio.to_thread(app.read, _find, text)
        score = 1.0
        for o in officials:
            yield Hit(score, Content(f"Official: {one_line(o.name)}"), partial(app.open_official, o.id),
                      help=escape(one_line(" · ".join(x for x in (o.country, o.title) if x))) or None)
            score *= 0.99
        for e in events:
            label = one_line(f"Event: {when(e.date)} {e.place or ''} {', '.join(e.participants)}")
            yield Hit(score * 0.9, Content(label), partial(app.open_event, e.id),
                      help=f"{e.status or ''} · {counted(e.n_outlets, 'outlet')}")
            score *= 0.99
        for a in articles:
            yield Hit(score * 0.8, Content(f"Article: {shorten(a.headline, 90)}"), partial(app.open_article, a.id),
                      help=escape(one_line(f"{outlet_or(a.outlet)} · {when(a.published)}")))
            score *= 0.99
