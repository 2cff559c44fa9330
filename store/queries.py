"""The read queries of the app and the exports, by their old import path.

They live in :mod:`diplotui.store.views`, one module per view; this module re-exports them so
code written against ``diplotui.store.queries`` keeps working. New code imports the view module
or uses :class:`diplotui.store.api.Base`.
"""

from __future__ import annotations

from .lookup import match_officials as _match_officials
from .views.article import (
    ArticleDetail,
    ArticleOfficial,
    MentionView,
    ReportView,
    _quotes,
    _reports,
    article_detail,
)
from .views.articles import (
    ARTICLE_COLS,
    ArticleFilter,
    ArticleItem,
    articles_page,
    outlets,
)
from .views.common import (
    _MONTHS,
    _PARTIAL,
    PAGE,
    UNDATED_WORD,
    Key,
    Page,
    _conn,
    _keyset,
    _like,
    date_words,
    show_date,
)
from .views.compare import (
    FACTS,
    EventComparison,
    Fact,
    _fact_value,
    event_comparison,
)
from .views.events import (
    _EVENT_COLS,
    TIMELINE_END,
    UNDATED,
    EventFilter,
    EventItem,
    _event_items,
    _event_where,
    counterparts,
    events_count,
    events_page,
    events_per_month,
    official_articles,
    official_months,
    official_timeline,
    timeline_key,
)
from .views.officials import (
    OfficialDetail,
    OfficialItem,
    TitleSpan,
    _official_items,
    official_detail,
    officials_page,
)
from .views.search import (
    _PHRASE_OR_WORD,
    MIN_PREFIX,
    _date_number,
    fts_query,
    search_key,
)

__all__ = [
    "ARTICLE_COLS",
    "ArticleDetail",
    "ArticleFilter",
    "ArticleItem",
    "ArticleOfficial",
    "EventComparison",
    "EventFilter",
    "EventItem",
    "FACTS",
    "Fact",
    "Key",
    "MIN_PREFIX",
    "MentionView",
    "OfficialDetail",
    "OfficialItem",
    "PAGE",
    "Page",
    "ReportView",
    "TIMELINE_END",
    "TitleSpan",
    "UNDATED",
    "UNDATED_WORD",
    "_EVENT_COLS",
    "_MONTHS",
    "_PARTIAL",
    "_PHRASE_OR_WORD",
    "_conn",
    "_date_number",
    "_event_items",
    "_event_where",
    "_fact_value",
    "_keyset",
    "_like",
    "_match_officials",
    "_official_items",
    "_quotes",
    "_reports",
    "article_detail",
    "articles_page",
    "counterparts",
    "date_words",
    "event_comparison",
    "events_count",
    "events_page",
    "events_per_month",
    "fts_query",
    "official_articles",
    "official_detail",
    "official_months",
    "official_timeline",
    "officials_page",
    "outlets",
    "search_key",
    "show_date",
    "timeline_key",
]
