"""Meeting reports in one article: sentences with a meeting trigger, their participants, place,
date expression and status, merged across the sentences that describe the same meeting.

The stages, each a module deciding one thing and passing typed records (``records``):
``triggers`` (which words name a meeting), ``participants`` (who met whom), ``status`` (held,
planned, proposed), ``places`` (where), ``dating`` (which date text is the meeting's), ``kinds``
(kind, level, sides), ``visits`` (a person's visit as a meeting), ``sentences`` (one sentence's
candidates) and ``reports`` (one report per meeting per article). ``article`` runs them:
``find_meetings`` in the worker on a spaCy Doc, ``finish_reports`` where the article's metadata
is known. Relative dates ("on Tuesday", "last April") are resolved by ``extract/dates.py``.
"""

from ..dates import RELATIVE_DATE as _DATE_RELATIVE
from ..dates import date_window, resolve_date
from ..dates import dates_conflict as _dates_conflict
from ..officials import BODY_START
from .article import drop_caches, find_meetings, finish_reports, model_text
from .kinds import _KIND_WORDS, _kind_words
from .places import _places, date_line_city
from .status import _status
from .triggers import _trigger_spans

__all__ = [
    "BODY_START",
    "date_line_city",
    "date_window",
    "drop_caches",
    "find_meetings",
    "finish_reports",
    "model_text",
    "resolve_date",
    # what the rule tests call directly
    "_DATE_RELATIVE",
    "_KIND_WORDS",
    "_dates_conflict",
    "_kind_words",
    "_places",
    "_status",
    "_trigger_spans",
]
