"""Ingest: files in, articles (and what extraction finds in them) stored, one transaction per batch."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import sqlite_utils

from diplotui.store.db import write_transaction
from diplotui.store.text import one_line, shown_path
from diplotui.store.write import ArticleRow, Writer

from .dates import PartialDate, find_date
from .fetch import FeedEntry, Fetcher, FetchError, feed_entries, is_url
from .formats import DETECT, TEXT_SUFFIXES, Fields, kind_of, read_document
from .read import Article, ReadError, same_source

__all__ = ["TEXT_SUFFIXES", "Summary", "ingest", "iter_files"]
MAX_FILE_BYTES = 20_000_000  # a single article file (text, web page) beyond this is refused, not loaded
MAX_RECORDS_BYTES = 500_000_000  # a JSON Lines/CSV export (many articles) beyond this is refused
MAX_ARTICLE_CHARS = 5_000_000  # one article's text beyond this is skipped (longer ones run in pieces)
BATCH_DOCUMENTS = 64
MAX_URLS = 10_000  # URLs one run fetches at most (given ones and feeds' links together)
EXPORT_SKIPPED = "a diplotui export (written by `diplotui export` or the app), not an article"

# The top of a Markdown export by tui/export.py: a heading, a blank line, then its first
# table's header ("| Field | Value |" for an article, official or event; the list's columns
# for a search).
_EXPORT_TABLES = (
    b"| Field | Value |\n|---|---|",
    b"| Date | Outlet | Headline | Officials | Meetings | File | Id |\n|",
)


def is_diplotui_export(data: bytes) -> bool:
    """Whether a file is one of diplotui's own Markdown exports (so it is not read as news)."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").lstrip(b"\n")
    if not head.startswith(b"# "):
        return False
    rest = head.split(b"\n", 2)
    return len(rest) == 3 and rest[1] == b"" and rest[2].startswith(_EXPORT_TABLES)


def size_text(n: int) -> str:
    """A size in (decimal) megabytes as the limits are written: "52 MB", "20 MB", "0.3 MB"."""
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n / 1e6:.1f} MB"


@dataclass
class Summary:
    files_seen: int = 0
    files_read: int = 0
    articles_read: int = 0
    articles_added: int = 0
    articles_replaced: int = 0
    articles_duplicate: int = 0
    articles_enriched: int = 0  # copies of stored stories that replace them, having more metadata
    files_unchanged: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    stopped: str | None = None  # why the run stopped before the end (the disk is full), if it did
    urls_known: int = 0  # pages a feed lists that an earlier run ingested
    urls_over: int = 0  # URLs not fetched: the run reached MAX_URLS
    feed_entries: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # files read, by reader (text, html, jsonl, ...)
    records: dict[str, int] = field(default_factory=dict)  # articles read from record files, by reader

    @property
    def exit_code(self) -> int:
        """0 everything read, 1 something skipped (the rest stored), 3 stopped by the store."""
        if self.stopped:
            return 3
        return 1 if self.skipped or self.interrupted or self.urls_over else 0

    def lines(self) -> list[str]:
        out = [
            f"files: {self.files_seen} seen, {self.files_read} read, {self.files_unchanged} unchanged, "
            f"{self.duplicates} duplicate, {len(self.skipped)} skipped",
            f"articles: {self.articles_added} added, {self.articles_replaced} replaced"
            + (f", {self.articles_duplicate} already stored from another file" if self.articles_duplicate else "")
            + (f", {self.articles_enriched} replacing a stored copy that had less metadata"
               if self.articles_enriched else ""),
        ]
        if self.by_kind and set(self.by_kind) != {"text"}:
            out.append("read: " + ", ".join(
                f"{n} {kind}" + (f" ({self.records[kind]} records)" if kind in self.records else "")
                + (f" ({self.feed_entries} links)" if kind == "feed" else "")
                for kind, n in sorted(self.by_kind.items())
            ))
        if self.urls_known:
            out.append(f"urls: {self.urls_known} ingested before, not fetched again")
        if self.urls_over:
            out.append(f"urls: {self.urls_over} not fetched: a run fetches at most {MAX_URLS:,} URLs; "
                       "run the same command again for the rest")
        out += [f"skipped {shown_path(path)}: {one_line(reason)}" for path, reason in self.skipped]
        if self.interrupted:
            out.append("interrupted: the last unfinished batch was rolled back; run the same command again to complete "
                       "(it also finishes grouping what was stored)")
        if self.stopped:
            out.append(f"stopped: {self.stopped}")
        return out


@dataclass
class _Pending:
    """A file read and waiting for extraction and writing."""

    path: str
    name: str
    size: int
    sha256: str
    encoding: str
    state_status: str
    document_id: int | None
    articles: list[Article]
    kind: str = "text"
    url: str | None = None
    held: list[tuple[str, int]] = field(default_factory=list)  # (content hash, part) stored under another source
    richer: set[int] = field(default_factory=set)  # articles (by index) that replace a stored copy with less metadata


_NOT_REGULAR = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def iter_files(paths: Iterable[str | Path], summary: Summary) -> Iterator[Path]:
    """Every candidate file under ``paths`` (recursively, hidden entries skipped), each once.

    The walk keeps its own stack of open folders (no recursion), so a folder nested
    thousands deep is walked like any other, in name order.
    """
    seen: set[tuple[int, int]] = set()

    def skip(path: Path, reason: str) -> None:
        summary.skipped.append((shown_path(path), reason))

    def visit(path: Path, explicit: bool) -> tuple[Path | None, Iterator[Path] | None]:
        """(a file to read, or the entries of a folder to walk), either or neither."""
        try:
            st = path.stat()
        except FileNotFoundError:
            skip(path, "broken symbolic link" if path.is_symlink() else "no such file or directory")
            return None, None
        except OSError as exc:
            skip(path, exc.strerror or str(exc))
            return None, None
        if (st.st_dev, st.st_ino) in seen:
            return None, None  # a second path (symlink, loop, repeated argument) to something already visited
        seen.add((st.st_dev, st.st_ino))
        if stat.S_ISDIR(st.st_mode):
            try:
                entries = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError as exc:
                skip(path, exc.strerror or str(exc))
                return None, None
            return None, iter([Path(e.path) for e in entries if not e.name.startswith(".")])
        if stat.S_ISREG(st.st_mode):
            summary.files_seen += 1
            if kind_of(path.suffix) or (explicit and not path.suffix):
                return path, None
            skip(path, f"unsupported file type '{shown_path(path.suffix) or 'none'}'")
            return None, None
        what = next((name for test, name in _NOT_REGULAR if test(st.st_mode)), "not a regular file")
        skip(path, f"{what}, not a regular file" if what != "not a regular file" else what)
        return None, None

    for p in paths:
        found, entries = visit(Path(p), explicit=True)
        if found is not None:
            yield found
        stack = [entries] if entries is not None else []
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            found, entries = visit(entry, explicit=False)
            if found is not None:
                yield found
            if entries is not None:
                stack.append(entries)


@dataclass
class _Run:
    """What one ingest run remembers while it reads: see :func:`_accept`."""

    writer: Writer
    summary: Summary
    fields: Fields = DETECT
    in_run: dict[str, str] = field(default_factory=dict)  # sha256 of each source read -> its key
    copies: list[tuple[str, str, int, str]] = field(default_factory=list)
    run_articles: dict[str, Article] = field(default_factory=dict)  # this run's stories' metadata, by content hash
    urls: set[str] = field(default_factory=set)  # URLs fetched in this run
    fetches: int = 0  # requests made (each URL once), against MAX_URLS


def _key(path: Path) -> str:
    """A file's key in the store: its resolved path; bytes that are not UTF-8 (which SQLite
    cannot store) as ``\\xNN``."""
    text = str(path)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _read(path: Path, run: _Run) -> _Pending | None:
    """Read one file unless the store already has it; record skips and duplicates."""
    summary = run.summary
    label = shown_path(path)
    kind = kind_of(path.suffix) or "text"
    try:
        size = path.stat().st_size
        if kind in ("jsonl", "csv") and size > MAX_RECORDS_BYTES:
            limit = size_text(MAX_RECORDS_BYTES)
            raise ReadError(f"too large for one export of articles ({size_text(size)} > {limit})")
        if kind not in ("jsonl", "csv") and size > MAX_FILE_BYTES:
            raise ReadError(f"too large for one article file ({size_text(size)} > {size_text(MAX_FILE_BYTES)})")
        data = path.read_bytes()
    except ReadError as exc:
        summary.skipped.append((label, str(exc)))
        return None
    except OSError as exc:
        summary.skipped.append((label, exc.strerror or str(exc)))
        return None
    return _accept(run, _key(path.resolve()), shown_path(path.name), label, data, kind)


def _accept(run: _Run, key: str, name: str, label: str, data: bytes, kind: str, url: str | None = None,
            fallback: FeedEntry | None = None) -> _Pending | None:
    """Read a source's bytes into articles unless the store already has them.

    ``run.in_run`` maps the sha256 of sources read in this run to their key; a later copy
    of one is queued in ``run.copies`` and recorded once its original has been written.
    An article whose text another source already gave (the same story saved twice, in
    another encoding or with other site chrome) is dropped: the source is recorded, the
    article stored once. ``fallback`` is what a feed said of a page it links to.
    """
    writer, summary = run.writer, run.summary
    size = len(data)
    sha = hashlib.sha256(data).hexdigest()
    state = writer.document_state(key, sha)
    if kind == "text" and is_diplotui_export(data):
        summary.skipped.append((label, EXPORT_SKIPPED))
        if state.document_id is None:
            return None
        # read as news by an earlier version: its articles go (the file stays recorded, with none)
        return _Pending(key, name, size, sha, None, "changed", state.document_id, [], kind, url)
    if state.status == "unchanged":
        summary.files_unchanged += 1
        return None
    if sha in run.in_run and run.in_run[sha] != key:
        run.copies.append((key, name, size, sha))
        summary.duplicates += 1
        return None
    if state.status == "duplicate":
        with write_transaction(writer.db):
            if state.document_id is not None:
                writer.hand_over(state.document_id, set())
                writer.remove_document_articles(state.document_id)
                writer.set_held(state.document_id, [])
            writer.save_document(key, name, size, sha, kind=kind, url=url, duplicate_of=state.duplicate_of)
        summary.duplicates += 1
        return None
    try:
        articles, encoding, problems = read_document(kind, data, run.fields, url)
    except ReadError as exc:
        summary.skipped.append((label, str(exc)))
        return None
    summary.skipped += [(f"{label}: {where}", reason) for where, reason in problems]
    if any(len(a.body) > MAX_ARTICLE_CHARS for a in articles):
        long = [a for a in articles if len(a.body) > MAX_ARTICLE_CHARS]
        for a in long:
            where = f"line {a.part}" if kind in ("jsonl", "csv") else f"article {a.part}" if len(articles) > 1 else ""
            summary.skipped.append((f"{label}: {where}" if where else label, f"article too long to extract "
                                    f"({len(a.body):,} characters > {MAX_ARTICLE_CHARS:,})"))
        articles = [a for a in articles if len(a.body) <= MAX_ARTICLE_CHARS]
        if not articles:
            return None
    summary.by_kind[kind] = summary.by_kind.get(kind, 0) + 1
    if kind in ("jsonl", "csv"):
        summary.records[kind] = summary.records.get(kind, 0) + len(articles)
    run.in_run[sha] = key
    summary.files_read += 1
    summary.articles_read += len(articles)
    fresh, held, richer = [], [], set()
    for article in articles:
        if url and not article.url:
            article.url = url
        if fallback is not None:
            _apply_fallback(article, fallback)
        digest = article.content_hash
        earlier = run.run_articles.get(digest)
        if earlier is None and writer.article_stored_elsewhere(digest, state.document_id):
            earlier = next(map(_stored_article, writer.stored_copies(digest, state.document_id)), None)
        if earlier is not None:
            if not merge_copies(article, earlier):
                summary.articles_duplicate += 1
                held.append((digest, article.part))
                continue
            summary.articles_enriched += 1
            richer.add(len(fresh))  # this copy adds metadata: it replaces the stored one
        run.run_articles[digest] = _metadata_of(article)
        fresh.append(article)
    return _Pending(key, name, size, sha, encoding, state.status, state.document_id, fresh, kind, url, held,
                    richer)


# what a copy of a story may know that another lacks (the text is the same)
_METADATA = ("url", "outlet", "wire", "byline", "dateline")


def _metadata_weight(article: Article) -> int:
    return sum(bool(getattr(article, f)) for f in _METADATA) + (2 if article.published.full else
                                                                  1 if article.published.sort_key else 0)


def merge_copies(article: Article, earlier: Article) -> bool:
    """Give ``article`` (a copy of a story that arrived again) the best metadata of both
    copies; return whether it then knows more than ``earlier``, so it replaces it.

    The copy with more metadata (a url, an outlet, a full date, a wire, a byline, a dateline)
    leads; the other fills what it lacks. Both orders of arrival give the same article."""
    lead, other = (article, earlier) if _metadata_weight(article) > _metadata_weight(earlier) else (earlier, article)
    merged = {f: getattr(lead, f) or getattr(other, f) for f in _METADATA}
    if not merged["wire"] and other.outlet and not same_source(other.outlet, merged["outlet"]):
        merged["wire"] = other.outlet  # the other copy's publisher was the agency it credits
    if same_source(merged["wire"], merged["outlet"]):
        merged["wire"] = None  # the other copy's credit names the site itself
    published, source = lead.published, lead.published_source
    if not published.full and (other.published.full or not published.sort_key and other.published.sort_key):
        published, source = other.published, other.published_source
    gains = any(merged[f] != getattr(earlier, f) for f in _METADATA) or published != earlier.published
    for f, value in merged.items():
        setattr(article, f, value)
    article.published, article.published_source = published, source
    return gains


def _metadata_of(article: Article) -> Article:
    """An article's metadata without its text (what a run remembers of each story it read)."""
    return Article(part=article.part, headline="", body="", outlet=article.outlet, byline=article.byline,
                   dateline=article.dateline, published=article.published, url=article.url, wire=article.wire,
                   published_source=article.published_source)


def _partial_date(text: str | None) -> PartialDate:
    """A stored partial date ("2016-04-05", "2016-04", "2016", "--12-12", "--04") read back."""
    if not text:
        return PartialDate()
    if text.startswith("--"):
        nums = [int(x) for x in text[2:].split("-")]
        return PartialDate(None, nums[0], nums[1] if len(nums) > 1 else None)
    nums = [int(x) for x in text.split("-")]
    return PartialDate(*nums)


def _stored_article(row: dict) -> Article:
    """The metadata of a stored article, as an Article (its text is not needed)."""
    return Article(part=row["part"], headline=row["headline"], body="", outlet=row["outlet"], byline=row["byline"],
                   dateline=row["dateline"], published=_partial_date(row["published_partial"]), url=row["url"],
                   wire=row["wire"], published_source=row["published_source"])


def _apply_fallback(article: Article, entry: FeedEntry) -> None:
    """A feed's date for a page that gives none (its title is used only when the page has none)."""
    if not article.published.sort_key and entry.published:
        found = find_date(entry.published, allow_partial=False)
        if found:
            article.published, article.published_source = found[0], "metadata"
    if not article.headline.strip() and entry.title:
        article.headline = one_line(entry.title)


def _fetch(url: str, run: _Run, fetcher: Fetcher, queue: deque,
           fallback: FeedEntry | None = None) -> _Pending | None:
    """Fetch one URL: a page is read as HTML (or text), a feed queues the pages it lists."""
    summary = run.summary
    if url in run.urls:
        return None
    run.urls.add(url)
    if run.writer.has_document(url):
        summary.urls_known += 1  # ingested before: a URL is fetched once
        return None
    if run.fetches >= MAX_URLS:
        summary.urls_over += 1
        return None
    run.fetches += 1
    try:
        fetched = fetcher.get(url, named=fallback is None)  # a feed's link is not the user's word
    except FetchError as exc:
        summary.skipped.append((url, str(exc)))
        return None
    kind = fetched.kind
    if kind == "feed" and fallback is not None:  # feeds are expanded one level: a feed of feeds ends
        summary.skipped.append((url, "a feed linked from a feed; feeds are read one level deep "
                                "(give it as a URL to read its pages)"))
        return None
    if kind == "feed":
        try:
            entries = feed_entries(fetched)
        except ReadError as exc:
            summary.skipped.append((url, str(exc)))
            return None
        summary.by_kind["feed"] = summary.by_kind.get("feed", 0) + 1
        summary.feed_entries += len(entries)
        queue.extend((entry.url, entry) for entry in entries)
        return None
    name = urlsplit(fetched.url).path.rstrip("/").rsplit("/", 1)[-1] or urlsplit(fetched.url).hostname or url
    return _accept(run, url, name, url, fetched.content, kind, url=fetched.url, fallback=fallback)


def article_row(article: Article) -> ArticleRow:
    pub = article.published
    return ArticleRow(
        part=article.part, headline=article.headline, body=article.body,
        content_hash=article.content_hash, outlet=article.outlet, byline=article.byline,
        dateline=article.dateline, published=pub.full, published_partial=pub.partial,
        published_precision=pub.precision, sort_key=pub.sort_key, url=article.url, wire=article.wire,
        published_source=article.published_source if pub.full else None,
    )


def _write_copies(writer: Writer, copies: list[tuple[str, str, int, str]]) -> None:
    """Record files that repeat a file of this run whose original is now stored."""
    for copy in list(copies):
        path, name, size, sha = copy
        state = writer.document_state(path, sha)
        if state.status == "duplicate":
            if state.document_id is not None:
                writer.hand_over(state.document_id, set())
                writer.remove_document_articles(state.document_id)
                writer.set_held(state.document_id, [])
            writer.save_document(path, name, size, sha, duplicate_of=state.duplicate_of)
            copies.remove(copy)


class Sink(Protocol):
    """Stores what extraction found, inside the batch transaction (see resolve.Resolver)."""

    def on_replace(self, document_id: int) -> None: ...
    def on_replace_article(self, article_id: int) -> None: ...
    def on_article(self, article_id: int, article: Article, extraction: object) -> None: ...
    def on_batch_end(self) -> None: ...
    def on_run_end(self) -> None: ...


def _write_batch(writer: Writer, batch: list[tuple[_Pending, list]], summary: Summary,
                 sink: Sink | None, copies: list) -> None:
    with write_transaction(writer.db):
        added = replaced = 0
        for pending, extractions in batch:
            if pending.document_id is not None:
                if sink is not None:
                    sink.on_replace(pending.document_id)
                writer.hand_over(pending.document_id, {a.content_hash for a in pending.articles})
                writer.remove_document_articles(pending.document_id)
            doc_id = writer.save_document(pending.path, pending.name, pending.size, pending.sha256,
                                          kind=pending.kind, encoding=pending.encoding,
                                          url=pending.url)
            writer.set_held(doc_id, pending.held)
            for i, (article, extraction) in enumerate(zip(pending.articles, extractions, strict=True)):
                if i in pending.richer:
                    _supersede(writer, sink, article.content_hash, doc_id)
                article_id = writer.add_article(doc_id, article_row(article))
                if sink is not None:
                    sink.on_article(article_id, article, extraction)
            if pending.state_status == "changed":
                replaced += len(pending.articles)
            else:
                added += len(pending.articles)
        _write_copies(writer, copies)
        if sink is not None:
            sink.on_batch_end()
    summary.articles_added += added
    summary.articles_replaced += replaced


def _supersede(writer: Writer, sink: Sink | None, digest: str, doc_id: int) -> None:
    """Remove the stored copies of a story that a copy with more metadata replaces (what
    they fed, officials and events, is refreshed as when a file changes)."""
    for row in writer.stored_copies(digest):
        if sink is not None:
            sink.on_replace_article(row["id"])
        writer.supersede(row["id"], doc_id)


class ExtractionFailed:
    """An extractor's result for an article it could not extract (its file is then skipped)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


Extractor = Callable[[Iterable[tuple[Article, object]]], Iterator[tuple[object, object]]]


def no_extraction(items: Iterable[tuple[Article, object]]) -> Iterator[tuple[None, object]]:
    """The extractor used when only articles are wanted: every result is None."""
    for _article, ctx in items:
        yield None, ctx


def _tell(progress, stage: str, summary: Summary, files: int = 0) -> None:
    """Tell a progress display that follows stages (one with a ``stage`` method) that ``files``
    files were stored ("stored") or that the run went on to cluster and group ("grouping")."""
    hook = getattr(progress, "stage", None)
    if hook is not None:
        hook(stage, summary, files)


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    *,
    extractor: Extractor = no_extraction,
    sink: Callable[[Writer], Sink] | None = None,
    progress: Callable[[str, Summary], None] | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
    fields: Fields = DETECT,
    fetcher: Fetcher | None = None,
) -> Summary:
    """Ingest every file under ``paths`` (and every page at, or listed by a feed at, a URL) into ``db``.

    Files are read lazily and their articles streamed through ``extractor``
    (which may run many processes); each batch of documents is written in one
    transaction, so an interruption loses at most the unfinished batch.
    ``sink(writer)`` makes the object that stores what extraction found.
    """
    summary = Summary()
    writer = Writer(db)
    store = sink(writer) if sink is not None else None
    run = _Run(writer, summary, fields)
    sources: deque = deque((path, None) for path in iter_files([p for p in paths if not is_url(str(p))], summary))
    urls = [str(p) for p in paths if is_url(str(p))]
    if urls and fetcher is None:
        fetcher = Fetcher()
    sources.extend((url, None) for url in dict.fromkeys(urls))
    pendings: dict[int, _Pending] = {}
    copies = run.copies
    no_articles: list[tuple[_Pending, list]] = []  # sources whose every article is stored already

    def items() -> Iterator[tuple[Article, tuple[int, int]]]:
        n = -1
        while sources:
            source, fallback = sources.popleft()
            n += 1
            if isinstance(source, Path):
                pending = _read(source, run)
            else:
                pending = _fetch(source, run, fetcher, sources, fallback)
            if progress is not None:
                progress(shown_path(source.name if isinstance(source, Path) else source), summary)
            if pending is None:
                continue
            if not pending.articles:
                no_articles.append((pending, []))
                continue
            pendings[n] = pending
            for i, article in enumerate(pending.articles):
                yield article, (n, i)

    collected: dict[int, list] = {}
    batch: list[tuple[_Pending, list]] = []
    try:
        for result, (n, _i) in extractor(items()):
            collected.setdefault(n, []).append(result)
            pending = pendings[n]
            if len(collected[n]) == len(pending.articles):
                results = collected.pop(n)
                del pendings[n]
                failed = next((r for r in results if isinstance(r, ExtractionFailed)), None)
                if failed is not None:  # the file is reported, as one that cannot be read
                    summary.skipped.append((pending.path, failed.reason))
                    summary.files_read -= 1
                    summary.articles_read -= len(pending.articles)
                    continue
                batch.append((pending, results))
                if len(batch) + len(no_articles) >= batch_documents:
                    batch += no_articles
                    no_articles.clear()
                    _write_batch(writer, batch, summary, store, copies)
                    _tell(progress, "stored", summary, len(batch))
                    batch = []
        batch += no_articles
        if batch:
            _write_batch(writer, batch, summary, store, copies)
            _tell(progress, "stored", summary, len(batch))
        if store is not None:
            _tell(progress, "grouping", summary)
            with write_transaction(writer.db):
                store.on_run_end()
    except KeyboardInterrupt:
        summary.interrupted = True
    except sqlite3.OperationalError as exc:  # the disk is full, an I/O error: the batch was rolled back
        full = "full" in str(exc)
        summary.stopped = (
            f"{'the disk is full' if full else 'the database cannot be written'} ({exc}); the unfinished batch "
            "was rolled back and everything stored before is intact; "
            + ("free some space and " if full else "") + "run the same command again to complete"
        )
    return summary
