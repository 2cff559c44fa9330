"""Ingest: files in, articles (and what extraction finds in them) stored, one transaction per batch."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import sqlite_utils

from diplotui.store.db import write_transaction
from diplotui.store.write import ArticleRow, Writer

from .read import Article, ReadError, read_bytes

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
MAX_FILE_BYTES = 20 * 1024 * 1024  # a single article file beyond this is refused, not loaded
BATCH_DOCUMENTS = 64


@dataclass
class Summary:
    files_seen: int = 0
    files_read: int = 0
    articles_read: int = 0
    articles_added: int = 0
    articles_replaced: int = 0
    articles_duplicate: int = 0
    files_unchanged: int = 0
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped or self.interrupted else 0

    def lines(self) -> list[str]:
        out = [
            f"files: {self.files_seen} seen, {self.files_read} read, {self.files_unchanged} unchanged, "
            f"{self.duplicates} duplicate, {len(self.skipped)} skipped",
            f"articles: {self.articles_added} added, {self.articles_replaced} replaced"
            + (f", {self.articles_duplicate} already stored from another file" if self.articles_duplicate else ""),
        ]
        out += [f"skipped {path}: {reason}" for path, reason in self.skipped]
        if self.interrupted:
            out.append("interrupted: the last unfinished batch was rolled back; run the same command again to complete")
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


def iter_files(paths: Iterable[str | Path], summary: Summary) -> Iterator[Path]:
    """Every candidate file under ``paths`` (recursively, hidden entries skipped), each once."""
    seen: set[tuple[int, int]] = set()

    def visit(path: Path, explicit: bool) -> Iterator[Path]:
        try:
            st = path.stat()
        except FileNotFoundError:
            reason = "broken symbolic link" if path.is_symlink() else "no such file or directory"
            summary.skipped.append((str(path), reason))
            return
        except OSError as exc:
            summary.skipped.append((str(path), exc.strerror or str(exc)))
            return
        if (st.st_dev, st.st_ino) in seen:
            return  # a second path (symlink, loop, repeated argument) to something already visited
        seen.add((st.st_dev, st.st_ino))
        if stat.S_ISDIR(st.st_mode):
            try:
                entries = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError as exc:
                summary.skipped.append((str(path), exc.strerror or str(exc)))
                return
            for entry in entries:
                if not entry.name.startswith("."):
                    yield from visit(Path(entry.path), explicit=False)
        elif stat.S_ISREG(st.st_mode):
            summary.files_seen += 1
            if path.suffix.lower() in TEXT_SUFFIXES or (explicit and not path.suffix):
                yield path
            else:
                summary.skipped.append((str(path), f"unsupported file type '{path.suffix or 'none'}'"))
        elif explicit:
            summary.skipped.append((str(path), "not a regular file"))

    for p in paths:
        yield from visit(Path(p), explicit=True)


def _read(path: Path, writer: Writer, summary: Summary, in_run: dict[str, str],
          copies: list[tuple[str, str, int, str]], run_articles: set[str]) -> _Pending | None:  # fmt: skip
    """Read one file unless the store already has it; record skips and duplicates.

    ``in_run`` maps the sha256 of files read in this run to their path; a later copy
    of one is queued in ``copies`` and recorded once its original has been written.
    An article whose text another file already gave (the same story saved twice, in
    another encoding or with other site chrome; ``run_articles`` holds this run's
    content hashes) is dropped: the file is recorded, the article stored once.
    """
    key = str(path.resolve())
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(f"too large for one article file ({size / 1e6:.0f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB)")
        data = path.read_bytes()
    except ReadError as exc:
        summary.skipped.append((str(path), str(exc)))
        return None
    except OSError as exc:
        summary.skipped.append((str(path), exc.strerror or str(exc)))
        return None
    sha = hashlib.sha256(data).hexdigest()
    state = writer.document_state(key, sha)
    if state.status == "unchanged":
        summary.files_unchanged += 1
        return None
    if sha in in_run and in_run[sha] != key:
        copies.append((key, path.name, size, sha))
        summary.duplicates += 1
        return None
    if state.status == "duplicate":
        with write_transaction(writer.db):
            if state.document_id is not None:
                writer.remove_document_articles(state.document_id)
            writer.save_document(key, path.name, size, sha, duplicate_of=state.duplicate_of)
        summary.duplicates += 1
        return None
    try:
        articles, encoding = read_bytes(data)
    except ReadError as exc:
        summary.skipped.append((str(path), str(exc)))
        return None
    in_run[sha] = key
    summary.files_read += 1
    summary.articles_read += len(articles)
    fresh = []
    for article in articles:
        digest = article.content_hash
        if digest in run_articles or writer.article_stored_elsewhere(digest, state.document_id):
            summary.articles_duplicate += 1
        else:
            run_articles.add(digest)
            fresh.append(article)
    articles = fresh
    return _Pending(key, path.name, size, sha, encoding, state.status, state.document_id, articles)


def article_row(article: Article) -> ArticleRow:
    pub = article.published
    return ArticleRow(
        part=article.part, headline=article.headline, body=article.body,
        content_hash=article.content_hash, outlet=article.outlet, byline=article.byline,
        dateline=article.dateline, published=pub.full, published_partial=pub.partial,
        published_precision=pub.precision, sort_key=pub.sort_key, url=article.url,
    )  # fmt: skip


def _write_copies(writer: Writer, copies: list[tuple[str, str, int, str]]) -> None:
    """Record files that repeat a file of this run whose original is now stored."""
    for copy in list(copies):
        path, name, size, sha = copy
        state = writer.document_state(path, sha)
        if state.status == "duplicate":
            if state.document_id is not None:
                writer.remove_document_articles(state.document_id)
            writer.save_document(path, name, size, sha, duplicate_of=state.duplicate_of)
            copies.remove(copy)


class Sink(Protocol):
    """Stores what extraction found, inside the batch transaction (see resolve.Resolver)."""

    def on_replace(self, document_id: int) -> None: ...
    def on_article(self, article_id: int, article: Article, extraction: object) -> None: ...
    def on_batch_end(self) -> None: ...


def _write_batch(writer: Writer, batch: list[tuple[_Pending, list]], summary: Summary,
                 sink: Sink | None, copies: list) -> None:  # fmt: skip
    with write_transaction(writer.db):
        added = replaced = 0
        for pending, extractions in batch:
            if pending.document_id is not None:
                if sink is not None:
                    sink.on_replace(pending.document_id)
                writer.remove_document_articles(pending.document_id)
            doc_id = writer.save_document(pending.path, pending.name, pending.size, pending.sha256,
                                          encoding=pending.encoding)  # fmt: skip
            for article, extraction in zip(pending.articles, extractions, strict=True):
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


Extractor = Callable[[Iterable[tuple[Article, object]]], Iterator[tuple[object, object]]]


def no_extraction(items: Iterable[tuple[Article, object]]) -> Iterator[tuple[None, object]]:
    """The extractor used when only articles are wanted: every result is None."""
    for _article, ctx in items:
        yield None, ctx


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    *,
    extractor: Extractor = no_extraction,
    sink: Callable[[Writer], Sink] | None = None,
    progress: Callable[[Path, Summary], None] | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
) -> Summary:
    """Ingest every file under ``paths`` into ``db``.

    Files are read lazily and their articles streamed through ``extractor``
    (which may run many processes); each batch of documents is written in one
    transaction, so an interruption loses at most the unfinished batch.
    ``sink(writer)`` makes the object that stores what extraction found.
    """
    summary = Summary()
    writer = Writer(db)
    store = sink(writer) if sink is not None else None
    files = list(iter_files(paths, summary))
    pendings: dict[int, _Pending] = {}
    in_run: dict[str, str] = {}
    copies: list[tuple[str, str, int, str]] = []
    run_articles: set[str] = set()
    no_articles: list[tuple[_Pending, list]] = []  # files whose every article is stored already

    def items() -> Iterator[tuple[Article, tuple[int, int]]]:
        for n, path in enumerate(files):
            pending = _read(path, writer, summary, in_run, copies, run_articles)
            if progress is not None:
                progress(path, summary)
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
                batch.append((pending, collected.pop(n)))
                del pendings[n]
                if len(batch) + len(no_articles) >= batch_documents:
                    batch += no_articles
                    no_articles.clear()
                    _write_batch(writer, batch, summary, store, copies)
                    batch = []
        batch += no_articles
        if batch:
            _write_batch(writer, batch, summary, store, copies)
    except KeyboardInterrupt:
        summary.interrupted = True
    return summary
