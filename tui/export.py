"""Exports of what the app shows: an article, an official, an event comparison, a list of articles.

Pure functions over the read queries (no Textual), so the command line uses them as cheaply
as the app. Markdown is GitHub-flavoured; every piece of article text goes through
:func:`inline` or :func:`cell`, so a headline or quote cannot open a heading, a list, a
link, raw HTML or a code span, nor break a table. Every fact carries its source: outlet,
date, headline and file.
"""

from __future__ import annotations

import dataclasses
import errno
import itertools
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from diplotui.store.api import Base
from diplotui.store.text import clean_control
from diplotui.store.views.article import ArticleDetail, ReportView
from diplotui.store.views.articles import ArticleFilter, ArticleItem
from diplotui.store.views.common import date_words
from diplotui.store.views.events import EventItem

from .safe import NO_OUTLET

EXPORT_LIST_MAX = 10_000  # articles in one exported list (keyset-paged reads, never all at once)

# CommonMark lets a backslash escape any ASCII punctuation; these build structure anywhere in a line
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
# and these only at the start of a line (or of a list item, a quote, a cell)
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")


# GitHub's autolinks need no brackets: "scheme://", "www." and "name@host" in plain text become
# links. A backslash before the ":", "." or "@" leaves the text as it reads and links nothing.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(:)(?=//)|(?<![\w.\-])([Ww]{3})(\.)|(?<=[\w.+-])(@)(?=[\w-])")


def _unlink(m: re.Match) -> str:
    return "\\:" if m.group(1) else m.group(2) + "\\." if m.group(2) else "\\@"


def inline(text: str | None) -> str:
    """Untrusted text as literal Markdown on one line: no structure, no HTML, no links, no code."""
    flat = " ".join(clean_control(text or "").split())
    out = _AUTOLINK.sub(_unlink, _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), flat))
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
    parts = [outlet or NO_OUTLET, date_words(published), f"“{headline}”" if headline else None,
             file and f"file {file}"]
    return ", ".join(p for p in parts if p)


def _when(date: str | None) -> str | None:
    """A date in a table cell as people write it ("2 Apr (year unknown)"); None stays "–"."""
    return date_words(date) if date else None


def _file_ref(file: str | None, part: int) -> str | None:
    """A source file, with the article's position when the file holds several ("003.txt#2")."""
    return f"{file}#{part}" if part > 1 else file


def _report_source(r: ReportView) -> str:
    return source(r.outlet, r.published, r.headline, _file_ref(r.file, r.part))


# ---------------------------------------------------------------------------- Markdown


def article_md(db, article_id: int) -> str:
    a = Base.of(db).article(article_id)
    if a is None:
        raise LookupError(f"no article with id {article_id}")
    out = [f"# {inline(a.headline) or 'Untitled article'}", ""]
    out.append(table(["Field", "Value"], [
        ["Outlet", a.outlet or NO_OUTLET], ["Published", _when(a.published)], ["Byline", a.byline],
        ["Dateline", a.dateline],
        ["File", _file_ref(a.file, a.part)], ["URL", a.url], ["Article id", str(a.id)],
    ]))
    out += ["", "## Officials", ""]
    if a.officials:
        out.append(table(["Official", "As written", "Title as written", "Country"], [
            [o.name, "; ".join(o.as_written), o.title, o.country] for o in a.officials
        ]))
    else:
        out.append("No officials found.")
    out += ["", "## Meetings", ""]
    if a.reports:
        out.append(table(["Date", "Participants", "Place", "Status", "Kind", "Mode", "Event"], [
            [_when(r.date), ", ".join(r.participants), r.place, r.status, r.kind, r.mode,
             str(r.event_id) if r.event_id is not None else None]
            for r in a.reports
        ]))
        for r in a.reports:
            out += ["", f"- {inline(', '.join(r.participants))}: " + " ".join(inline(s) for s in r.sentences)]
    else:
        out.append("No meetings found.")
    out += ["", "## Text", "", paragraphs(a.body), "", f"Source: {inline(_article_source(a))}", ""]
    return "\n".join(out)


def _article_source(a: ArticleDetail) -> str:
    return source(a.outlet, a.published, a.headline, _file_ref(a.file, a.part))


def official_md(db, official_id: int) -> str:
    base = Base.of(db)
    d = base.official(official_id)
    if d is None:
        raise LookupError(f"no official with id {official_id}")
    o = d.official
    out = [f"# {inline(o.name)}", ""]
    out.append(table(["Field", "Value"], [
        ["Title", o.title], ["Country", o.country], ["Official id", str(o.id)],
        ["Mentions", str(o.n_mentions)], ["Articles", str(o.n_articles)], ["Meetings", str(o.n_events)],
    ]))
    out += ["", "## Names", ""]
    out.append(table(["Name as written", "Times seen"], [[a, str(n)] for a, n in d.aliases]))
    out += ["", "## Titles over time", ""]
    out.append(table(["Title", "First seen", "Last seen", "Articles"], [
        [t.title, _when(t.first_seen), _when(t.last_seen), str(t.n)] for t in d.titles
    ]) if d.titles else "No titles recorded.")
    out += ["", "## Meetings", ""]
    meetings, truncated = meetings_of(base, official_id)
    if not meetings:
        out.append("No meetings recorded.")
    else:
        rows, sources = [], []
        for e in meetings:
            comparison = base.comparison(e.id)
            reports = comparison.reports if comparison else ()
            rows.append([_when(e.date), ", ".join(e.counterparts(official_id)), e.place, e.status, e.kind, e.mode,
                         "; ".join(dict.fromkeys(r.outlet or NO_OUTLET for r in reports)), str(e.id)])
            sources += [(e.id, r) for r in reports]
        out.append(table(["Date", "Counterparts", "Place", "Status", "Kind", "Mode", "Reported by", "Event"], rows))
        if truncated:
            out += ["", f"The first {len(meetings)} meetings."]
        out += ["", "### Sources", ""]
        out += [f"- Event {eid}: {inline(_report_source(r))}" for eid, r in sources]
    out.append("")
    return "\n".join(out)


def event_md(db, event_id: int) -> str:
    c = Base.of(db).comparison(event_id)
    if c is None:
        raise LookupError(f"no event with id {event_id}")
    e = c.event
    title = " – ".join(x for x in (_when(e.date), ", ".join(e.participants), e.place) if x)
    out = [f"# Meeting: {inline(title) or f'event {e.id}'}", ""]
    out.append(table(["Field", "Value"], [
        ["Date", _when(e.date)], ["Place", e.place], ["Status", e.status], ["Kind", e.kind], ["Mode", e.mode],
        ["Participants", ", ".join(e.participants)], ["Reports", str(e.n_reports)],
        ["Outlets", str(e.n_outlets)], ["Independent sources", str(c.n_sources)], ["Event id", str(e.id)],
    ]))
    out += ["", "## As each outlet reported it", ""]
    header = ["Fact", *[f"{r.outlet or NO_OUTLET} ({date_words(r.published)})" for r in c.reports], "Agree?"]
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
        out += [f"## {inline(r.outlet or NO_OUTLET)}", "", f"Source: {inline(_report_source(r))}", ""]
        out += [f"> {inline(s)}" if s.strip() else ">" for s in r.sentences]
        if r.quotes:
            out += ["", "Quotes:", ""]
            out += [f"- “{inline(text)}”" + (f" — {inline(speaker)}" if speaker else "") for text, speaker in r.quotes]
        out.append("")
    return "\n".join(out)


def _upto(rows, limit: int) -> tuple[list, bool]:
    """At most ``limit`` of ``rows`` (read lazily); True when more remain."""
    items = list(itertools.islice(rows, limit + 1))
    return items[:limit], len(items) > limit


def articles_of(db, flt: ArticleFilter, limit: int = EXPORT_LIST_MAX) -> tuple[list[ArticleItem], bool]:
    """The articles a filter shows, newest first, read page by page up to ``limit``."""
    return _upto(Base.of(db).all_articles(flt), limit)


def meetings_of(db, official_id: int, limit: int = EXPORT_LIST_MAX) -> tuple[list[EventItem], bool]:
    """An official's meetings in date order, read page by page up to ``limit``."""
    return _upto(Base.of(db).all_meetings(official_id), limit)


def search_md(db, flt: ArticleFilter, limit: int = EXPORT_LIST_MAX) -> str:
    items, truncated = articles_of(db, flt, limit)
    described = flt.describe() or "all articles"
    out = [f"# Articles: {inline(described)}", ""]
    files = Base.of(db).article_files([a.id for a in items])
    out.append(table(["Date", "Outlet", "Headline", "Officials", "Meetings", "File", "Id"], [
        [_when(a.published), a.outlet or NO_OUTLET, a.headline, str(a.n_officials), str(a.n_meetings),
         files.get(a.id), str(a.id)]
        for a in items
    ]))
    note = f"{len(items)} article{'' if len(items) == 1 else 's'}"
    if truncated:
        note += f" (the first {limit}; narrow the filter for the rest)"
    out += ["", inline(note), ""]
    return "\n".join(out)


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
    base = Base.of(db)
    if kind == "article":
        data = base.article(target)
    elif kind == "official":
        data = base.official(target)
        if data is not None:
            data = {**_plain(data), "meetings": _plain(meetings_of(base, target)[0])}
    elif kind == "event":
        c = base.comparison(target)
        data = None if c is None else {**_plain(c), "facts": [
            {**_plain(f), "disagree": f.disagree, "single_source": f.single_source} for f in c.facts]}
    else:
        items, truncated = articles_of(base, target)
        data = {"filter": _plain(target), "articles": _plain(items), "truncated": truncated}
    if data is None:
        raise LookupError(f"no {kind} with id {target}")
    return json.dumps({"kind": kind, **(_plain(data) if not isinstance(data, dict) else data)},
                      ensure_ascii=False, indent=2) + "\n"


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

# what SQLite writes at the start of a database and of its write-ahead log
_SQLITE_MAGIC = (b"SQLite format 3\x00", b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


class ExportWriteError(Exception):
    """An export that was not written; the message is a one-line reason naming the path."""


class ExportExists(ExportWriteError):
    """The path holds a file already and ``overwrite`` was not given: ask, then call again with it."""


def database_files(database: str | Path) -> list[Path]:
    """The files SQLite keeps for a database: the file, its -wal, -shm and -journal (existing or not)."""
    real = os.path.realpath(Path(database).expanduser())
    return [Path(real + suffix) for suffix in ("", "-wal", "-shm", "-journal")]


def _refuse_database(shown: str, real: Path, st: os.stat_result | None, database: str | Path | None) -> None:
    """Raise when ``real`` is the open database or one of its files, by path or by inode (a hard link)."""
    if database is None:
        return
    for protected in database_files(database):
        same = protected == real
        if not same and st is not None:
            try:
                other = protected.stat()
                same = (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino)
            except OSError:
                pass
        if same:
            suffix = protected.name[len(database_files(database)[0].name):]
            what = f"the database's {suffix} file" if suffix else "the database diplotui is reading"
            raise ExportWriteError(f"{shown} is {what}; an export never writes there")


def _is_sqlite(real: Path) -> bool:
    try:
        with open(real, "rb") as f:
            head = f.read(16)
    except OSError:
        return False
    return head.startswith(_SQLITE_MAGIC)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def write_export(path: str | Path, text: str, *, overwrite: bool = False, database: str | Path | None = None,
                 make_dirs: bool = False) -> Path:
    """Write ``text`` (UTF-8) to ``path`` the way a user expects a file to be written, and
    return the path written (a symbolic link's target when ``path`` is a link).

    - Never the database ``database`` nor its -wal/-shm/-journal (also through a symbolic or
      hard link), nor any SQLite database or WAL file, whatever ``overwrite`` says.
    - A new file is created (never replacing one that appears meanwhile); ``make_dirs``
      creates missing parent folders.
    - An existing regular file is replaced only with ``overwrite`` (raises ExportExists
      otherwise, so the caller can ask); it keeps its mode and owner and every hard link
      to it, and is refused when the user may not write it or it is read-only (no write bit).
      It is replaced atomically (a new file renamed over it) when it has one link and its
      folder is writable, otherwise rewritten in place.
    - A symbolic link is followed: its target is written, the link stays.
    - A character device (``/dev/null``, a terminal) or a pipe (FIFO, ``>(cmd)``) is written
      through, as a shell redirection would; a block device, a socket or a folder is refused.

    Raises ExportWriteError (or ExportExists) with a one-line reason; nothing is changed then.
    """
    given = Path(path).expanduser()
    shown = str(given)
    try:
        st = given.stat()  # through symbolic links
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ExportWriteError(f"cannot write {shown}: {exc.strerror or exc}") from None
    # a pipe's or terminal's path (/dev/fd/63, /dev/stdout) names no file to resolve
    streamed = st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode))
    real = given if streamed else Path(os.path.realpath(given))
    _refuse_database(shown, real, st, database)
    data = text.encode("utf-8")
    try:
        if st is None:
            return _create(real, data, shown, make_dirs)
        mode = st.st_mode
        if stat.S_ISDIR(mode):
            raise ExportWriteError(f"cannot write {shown}: it is a folder")
        if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            what = "a block device (a disk)" if stat.S_ISBLK(mode) else "a socket"
            raise ExportWriteError(f"cannot write {shown}: it is {what}")
        if streamed:
            fd = os.open(real, os.O_WRONLY | os.O_NOCTTY)
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)
            return real
        if _is_sqlite(real):
            raise ExportWriteError(f"{shown} is a SQLite database; an export never replaces one")
        if not overwrite:
            raise ExportExists(f"{shown} exists; use --force to replace it")
        if not os.access(real, os.W_OK) or not mode & 0o222:
            raise ExportWriteError(f"cannot write {shown}: the file is read-only")
        ours = os.geteuid() in (0, st.st_uid)  # a new file would change another user's file's owner
        if st.st_nlink == 1 and ours and os.access(real.parent, os.W_OK | os.X_OK):
            _replace(real, data, st)
        else:  # a hard-linked file stays one file; a file in a read-only folder is rewritten
            _rewrite(real, data)
        return real
    except ExportWriteError:
        raise
    except OSError as exc:
        raise ExportWriteError(f"cannot write {shown}: {exc.strerror or exc}") from None


def _create(real: Path, data: bytes, shown: str, make_dirs: bool) -> Path:
    if not real.parent.is_dir():
        if not make_dirs:
            raise ExportWriteError(f"cannot write {shown}: folder {real.parent} does not exist")
        real.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOCTTY, 0o666)
    except FileExistsError:
        raise ExportExists(f"{shown} exists; use --force to replace it") from None
    try:
        _write_all(fd, data)
    except BaseException:
        os.close(fd)
        real.unlink(missing_ok=True)  # a half-written new file (disk full) is not left behind
        raise
    os.close(fd)
    return real


def _rewrite(real: Path, data: bytes) -> None:
    """Rewrite a file in place without losing it to a full disk: the space the new content
    needs beyond the old is reserved first (``posix_fallocate``, which fails before anything
    changes), the old content is kept in memory, and written back should the write still fail."""
    try:
        fd, readable = os.open(real, os.O_RDWR | os.O_NOCTTY), True
    except PermissionError:  # a file we may write but not read: no copy to put back
        fd, readable = os.open(real, os.O_WRONLY | os.O_NOCTTY), False
    try:
        old = _read_all(fd) if readable else b""
        if not readable:
            os.lseek(fd, 0, os.SEEK_END)
            old_size = os.lseek(fd, 0, os.SEEK_CUR)
            if len(data) > old_size and hasattr(os, "posix_fallocate"):
                os.posix_fallocate(fd, 0, len(data))
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
            return
        if len(data) > len(old) and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                    os.ftruncate(fd, len(old))  # nothing was written: the file is as it was
                    raise
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, data)
            os.ftruncate(fd, len(data))
        except OSError:
            os.lseek(fd, 0, os.SEEK_SET)  # put the old content back (its blocks are still there)
            _write_all(fd, old)
            os.ftruncate(fd, len(old))
            raise
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _replace(real: Path, data: bytes, st: os.stat_result) -> None:
    """A new file with the old one's mode (and owner, when we may set it) renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(fd, st.st_uid, st.st_gid)
                except PermissionError:
                    pass  # only root may give a file away; the content is still the user's to write
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
