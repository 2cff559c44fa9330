"""Exports of what the app shows: an article, an official, an event comparison, a list of articles.

Pure functions over the read queries (no Textual), so the command line uses them as cheaply
as the app. Markdown is GitHub-flavoured; every piece of article text goes through
:func:`inline` or :func:`cell`, so a headline or quote cannot open a heading, a list, a
link, raw HTML or a code span, nor break a table. Every fact carries its source: outlet,
date, headline and file.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from pathlib import Path

from diplotui.store import queries as q
from diplotui.store.text import clean_control

EXPORT_LIST_MAX = 10_000  # articles in one exported list (keyset-paged reads, never all at once)

# CommonMark lets a backslash escape any ASCII punctuation; these build structure anywhere in a line
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
# and these only at the start of a line (or of a list item, a quote, a cell)
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


def inline(text: str | None) -> str:
    """Untrusted text as literal Markdown on one line: no structure, no HTML, no links, no code."""
    flat = " ".join(clean_control(text or "").split())
    out = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), flat)
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), out)


def cell(text: str | None) -> str:
    """A table cell: inline-escaped (``|`` included), line breaks as spaces, empty as an en dash."""
    value = inline(text)
    return value if value else "–"


def paragraphs(text: str | None) -> str:
    """An article body: its paragraphs kept, each escaped as literal text."""
    paras = [p for p in re.split(r"\n\s*\n|\n", clean_control(text or "")) if p.strip()]
    return "\n\n".join(inline(p) for p in paras)


def table(header: list[str], rows: Iterable[list[str | None]]) -> str:
    """A GFM table; header and cells are escaped here."""
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return "\n".join(lines)


def source(outlet: str | None, published: str | None, headline: str | None, file: str | None) -> str:
    """Where a fact comes from, as one line of text (escaped by the caller)."""
    parts = [outlet or "unknown outlet", q.date_words(published), f"“{headline}”" if headline else None,
             file and f"file {file}"]  # fmt: skip
    return ", ".join(p for p in parts if p)


def _when(date: str | None) -> str | None:
    """A date in a table cell as people write it ("2 Apr (year unknown)"); None stays "–"."""
    return q.date_words(date) if date else None


def _file_ref(file: str | None, part: int) -> str | None:
    """A source file, with the article's position when the file holds several ("003.txt#2")."""
    return f"{file}#{part}" if part > 1 else file


def _report_source(r: q.ReportView) -> str:
    return source(r.outlet, r.published, r.headline, _file_ref(r.file, r.part))


# ---------------------------------------------------------------------------- Markdown


def article_md(db, article_id: int) -> str:
    a = q.article_detail(db, article_id)
    if a is None:
        raise LookupError(f"no article with id {article_id}")
    out = [f"# {inline(a.headline) or 'Untitled article'}", ""]
    out.append(table(["Field", "Value"], [
        ["Outlet", a.outlet], ["Published", _when(a.published)], ["Byline", a.byline],
        ["Dateline", a.dateline],
        ["File", _file_ref(a.file, a.part)], ["URL", a.url], ["Article id", str(a.id)],
    ]))  # fmt: skip
    out += ["", "## Officials", ""]
    if a.officials:
        out.append(table(["Official", "As written", "Title as written", "Country"], [
            [o.name, "; ".join(o.as_written), o.title, o.country] for o in a.officials
        ]))  # fmt: skip
    else:
        out.append("No officials found.")
    out += ["", "## Meetings", ""]
    if a.reports:
        out.append(table(["Date", "Participants", "Place", "Status", "Kind", "Mode", "Event"], [
            [_when(r.date), ", ".join(r.participants), r.place, r.status, r.kind, r.mode,
             str(r.event_id) if r.event_id is not None else None]
            for r in a.reports
        ]))  # fmt: skip
        for r in a.reports:
            out += ["", f"- {inline(', '.join(r.participants))}: " + " ".join(inline(s) for s in r.sentences)]
    else:
        out.append("No meetings found.")
    out += ["", "## Text", "", paragraphs(a.body), "", f"Source: {inline(_article_source(a))}", ""]
    return "\n".join(out)


def _article_source(a: q.ArticleDetail) -> str:
    return source(a.outlet, a.published, a.headline, _file_ref(a.file, a.part))


def official_md(db, official_id: int) -> str:
    d = q.official_detail(db, official_id)
    if d is None:
        raise LookupError(f"no official with id {official_id}")
    o = d.official
    out = [f"# {inline(o.name)}", ""]
    out.append(table(["Field", "Value"], [
        ["Title", o.title], ["Country", o.country], ["Official id", str(o.id)],
        ["Mentions", str(o.n_mentions)], ["Articles", str(o.n_articles)], ["Meetings", str(o.n_events)],
    ]))  # fmt: skip
    out += ["", "## Names", ""]
    out.append(table(["Name as written", "Times seen"], [[a, str(n)] for a, n in d.aliases]))
    out += ["", "## Titles over time", ""]
    out.append(table(["Title", "First seen", "Last seen", "Articles"], [
        [t.title, _when(t.first_seen), _when(t.last_seen), str(t.n)] for t in d.titles
    ]) if d.titles else "No titles recorded.")  # fmt: skip
    out += ["", "## Meetings", ""]
    meetings, truncated = meetings_of(db, official_id)
    if not meetings:
        out.append("No meetings recorded.")
    else:
        rows, sources = [], []
        for e in meetings:
            comparison = q.event_comparison(db, e.id)
            reports = comparison.reports if comparison else ()
            rows.append([_when(e.date), ", ".join(e.counterparts(official_id)), e.place, e.status, e.kind, e.mode,
                         "; ".join(dict.fromkeys(r.outlet or "unknown outlet" for r in reports)), str(e.id)])
            sources += [(e.id, r) for r in reports]
        out.append(table(["Date", "Counterparts", "Place", "Status", "Kind", "Mode", "Reported by", "Event"], rows))
        if truncated:
            out += ["", f"The first {len(meetings)} meetings."]
        out += ["", "### Sources", ""]
        out += [f"- Event {eid}: {inline(_report_source(r))}" for eid, r in sources]
    out.append("")
    return "\n".join(out)


def event_md(db, event_id: int) -> str:
    c = q.event_comparison(db, event_id)
    if c is None:
        raise LookupError(f"no event with id {event_id}")
    e = c.event
    title = " – ".join(x for x in (_when(e.date), ", ".join(e.participants), e.place) if x)
    out = [f"# Meeting: {inline(title) or f'event {e.id}'}", ""]
    out.append(table(["Field", "Value"], [
        ["Date", _when(e.date)], ["Place", e.place], ["Status", e.status], ["Kind", e.kind], ["Mode", e.mode],
        ["Participants", ", ".join(e.participants)], ["Reports", str(e.n_reports)],
        ["Outlets", str(e.n_outlets)], ["Event id", str(e.id)],
    ]))  # fmt: skip
    out += ["", "## As each outlet reported it", ""]
    header = ["Fact", *[f"{r.outlet or 'unknown outlet'} ({q.date_words(r.published)})" for r in c.reports], "Agree?"]
    rows = []
    for fact in c.facts:
        values = list(fact.values)
        if fact.name == "participants":  # names as each outlet wrote them
            values = [", ".join(r.named) or v for r, v in zip(c.reports, values, strict=True)]
        elif fact.name == "date":
            values = [_when(v) for v in values]
        mark = "≠ differs" if fact.disagree else ("only one source" if fact.single_source else "yes")
        rows.append([fact.name, *values, mark])
    out.append(table(header, rows))
    out += ["", "Facts marked ≠ differ between outlets; – means the outlet does not say.", ""]
    for r in c.reports:
        out += [f"## {inline(r.outlet or 'unknown outlet')}", "", f"Source: {inline(_report_source(r))}", ""]
        out += [f"> {inline(s)}" if s.strip() else ">" for s in r.sentences]
        if r.quotes:
            out += ["", "Quotes:", ""]
            out += [f"- “{inline(text)}”" + (f" — {inline(speaker)}" if speaker else "") for text, speaker in r.quotes]
        out.append("")
    return "\n".join(out)


def _read_all(fetch, key_of, limit: int) -> tuple[list, bool]:
    """Rows of a keyset-paged query, page by page up to ``limit``; True when more remain."""
    items: list = []
    after = None
    while len(items) < limit:
        page = fetch(after=after, limit=min(q.PAGE, limit - len(items)))
        items += page.items
        if not page.more or not page.items:
            return items, False
        after = key_of(page.items[-1])
    return items, True


def articles_of(db, flt: q.ArticleFilter, limit: int = EXPORT_LIST_MAX) -> tuple[list[q.ArticleItem], bool]:
    """The articles a filter shows, newest first, read page by page up to ``limit``."""
    return _read_all(lambda **paging: q.articles_page(db, flt, **paging), lambda a: a.key, limit)


def meetings_of(db, official_id: int, limit: int = EXPORT_LIST_MAX) -> tuple[list[q.EventItem], bool]:
    """An official's meetings in date order, read page by page up to ``limit``."""
    return _read_all(lambda **paging: q.official_timeline(db, official_id, **paging), q.timeline_key, limit)


def search_md(db, flt: q.ArticleFilter, limit: int = EXPORT_LIST_MAX) -> str:
    items, truncated = articles_of(db, flt, limit)
    described = flt.describe() or "all articles"
    out = [f"# Articles: {inline(described)}", ""]
    files = _files(db, [a.id for a in items])
    out.append(table(["Date", "Outlet", "Headline", "Officials", "Meetings", "File", "Id"], [
        [_when(a.published), a.outlet, a.headline, str(a.n_officials), str(a.n_meetings), files.get(a.id), str(a.id)]
        for a in items
    ]))  # fmt: skip
    note = f"{len(items)} article{'' if len(items) == 1 else 's'}" + (f" (the first {limit}; narrow the filter for the rest)" if truncated else "")
    out += ["", inline(note), ""]
    return "\n".join(out)


def _files(db, ids: list[int]) -> dict[int, str]:
    conn = q._conn(db)
    out: dict[int, str] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for aid, name, part_no in conn.execute(
            f"""SELECT a.id, d.name, a.part FROM articles a JOIN documents d ON d.id = a.document_id
                WHERE a.id IN ({",".join("?" * len(part))})""", part):  # fmt: skip
            out[aid] = f"{name}#{part_no}" if part_no > 1 else name
    return out


# ---------------------------------------------------------------------------- JSON


def _plain(obj):
    if dataclasses.is_dataclass(obj):
        return {k: _plain(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


def export_json(db, kind: str, target) -> str:
    """The same selection as JSON (the query objects as they are)."""
    if kind == "article":
        data = q.article_detail(db, target)
    elif kind == "official":
        data = q.official_detail(db, target)
        if data is not None:
            data = {**_plain(data), "meetings": _plain(meetings_of(db, target)[0])}
    elif kind == "event":
        c = q.event_comparison(db, target)
        data = None if c is None else {**_plain(c), "facts": [
            {**_plain(f), "disagree": f.disagree, "single_source": f.single_source} for f in c.facts]}  # fmt: skip
    else:
        items, truncated = articles_of(db, target)
        data = {"filter": _plain(target), "articles": _plain(items), "truncated": truncated}
    if data is None:
        raise LookupError(f"no {kind} with id {target}")
    return json.dumps({"kind": kind, **(_plain(data) if not isinstance(data, dict) else data)},
                      ensure_ascii=False, indent=2) + "\n"  # fmt: skip


def export_md(db, kind: str, target) -> str:
    return {"article": article_md, "official": official_md, "event": event_md, "search": search_md}[kind](db, target)


def default_name(kind: str, target, label: str = "") -> str:
    """A file name for an export: kind, id or filter words, and a slug of the label."""
    if kind == "search":
        label = label or (target.describe() if target else "") or "all"
        ident = ""
    else:
        ident = f"-{target}"
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40]
    return f"diplotui-{kind}{ident}{'-' + slug if slug else ''}.md"


# ---------------------------------------------------------------------------- writing a file


class ExportWriteError(Exception):
    """An export that was not written; the message is a one-line reason naming the path."""


class ExportExists(ExportWriteError):
    """The path holds a file already and ``overwrite`` was not given: ask, then call again with it."""


def write_export(path: str | Path, text: str, *, overwrite: bool = False, database: str | Path | None = None,
                 make_dirs: bool = False) -> Path:  # fmt: skip
    """Write ``text`` (UTF-8) to ``path``: a new file, or an existing one only with ``overwrite``
    (ExportExists otherwise, so the caller can ask); never the database ``database``."""
    target = Path(path).expanduser()
    shown = str(target)
    if database is not None and target.resolve() == Path(database).expanduser().resolve():
        raise ExportWriteError(f"{shown} is the database diplotui is reading; an export never writes there")
    if target.is_dir():
        raise ExportWriteError(f"cannot write {shown}: it is a folder")
    if target.exists() and not overwrite:
        raise ExportExists(f"{shown} exists; use --force to replace it")
    try:
        if make_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise ExportWriteError(f"cannot write {shown}: {exc.strerror or exc}") from None
    return target
