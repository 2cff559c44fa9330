"""Fetching articles from the web: pages by URL, and the pages an RSS/Atom feed lists.

Polite by default: a user agent that names the program, one request per host at a
time with a minimum interval between them, timeouts, a few retries with exponential
backoff for what may pass (timeouts, refused connections, 429 and 5xx; a Retry-After
is honoured up to a cap), and a size limit checked while the body streams in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urlsplit

from .read import ReadError

MAX_BYTES = 20 * 1024 * 1024
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")  # fmt: skip


class FetchError(Exception):
    """A URL that could not be fetched; the message is a one-line reason."""


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def user_agent() -> str:
    try:
        version = metadata.version("diplotui")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"diplotui/{version} (news research tool; +https://pypi.org/project/diplotui/)"


@dataclass
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str

    @property
    def kind(self) -> str:
        """'feed', 'html' or 'text', from the content type and, when it is vague, the bytes."""
        ctype = self.content_type
        head = self.content[:2048].lstrip().lower()
        if ctype.startswith(FEED_TYPES) or (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head):
            if not (b"<html" in head or b"<!doctype html" in head):
                return "feed"
        if ctype.startswith("text/plain"):
            return "text"
        return "html"


@dataclass
class Fetcher:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    per_host_interval: float = 1.0  # seconds between two requests to one host
    max_bytes: int = MAX_BYTES
    max_retry_after: float = 60.0
    _last: dict[str, float] = field(default_factory=dict)
    _client: object = None

    def client(self):
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout), follow_redirects=True, max_redirects=10,
                headers={"User-Agent": user_agent(), "Accept": "text/html,application/xhtml+xml,"
                         "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"},
            )  # fmt: skip
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            delay = last + self.per_host_interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        self._last[host] = time.monotonic()

    def get(self, url: str) -> Fetched:
        """The body of ``url``; raises FetchError with a one-line reason."""
        import httpx

        host = urlsplit(url).hostname or ""
        if not host:
            raise FetchError("not a URL with a host")
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self._wait_for(host)
            retry_after = None
            try:
                with self.client().stream("GET", url) as response:
                    if response.status_code == 429 or response.status_code >= 500:
                        reason = f"HTTP {response.status_code} {response.reason_phrase}".strip()
                        retry_after = _retry_after(response.headers.get("retry-after"))
                    elif response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    else:
                        return Fetched(str(response.url), self._body(response),
                                       response.headers.get("content-type", "").lower())  # fmt: skip
            except httpx.TimeoutException:
                reason = f"timed out after {self.timeout:g} s"
            except httpx.TooManyRedirects:
                raise FetchError("too many redirects") from None
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                reason = f"connection failed ({type(exc).__name__})"
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL ({exc})") from None
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}"
            if attempt < self.retries:
                time.sleep(min(max(delay, retry_after or 0), self.max_retry_after))
                delay *= 2
        raise FetchError(f"{reason} (tried {self.retries + 1} times)")

    def _body(self, response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"too large ({int(declared) / 1e6:.0f} MB > {self.max_bytes / 1e6:.0f} MB)")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"too large (over {self.max_bytes / 1e6:.0f} MB)")
            chunks.append(chunk)
        return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None
    published: str | None  # ISO date when the feed gives one


def feed_entries(fetched: Fetched) -> list[FeedEntry]:
    """The article links of an RSS/Atom feed, with their titles and dates."""
    import feedparser

    parsed = feedparser.parse(fetched.content, response_headers={"content-location": fetched.url})
    if parsed.bozo and not parsed.entries:
        raise ReadError(f"not a readable feed ({type(parsed.bozo_exception).__name__})")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or next((lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None)
        if not link or not is_url(link):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = time.strftime("%Y-%m-%d", stamp) if stamp else None
        entries.append(FeedEntry(link, entry.get("title"), published))
    return entries
