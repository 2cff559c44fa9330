"""Fetching articles from the web: pages by URL, and the pages an RSS/Atom feed lists.

Polite by default: a user agent that names the program, one request per host at a
time with a minimum interval between them, timeouts, a few retries with exponential
backoff for what may pass (timeouts, refused connections, 429 and 5xx; a Retry-After
is honoured up to a cap), and a size limit checked while the body streams in and is
decompressed (one gzip or deflate coding, decoded here within the limit).

Bounded: each URL has a total deadline (all attempts, redirects and the body), so a
server that sends a byte a second cannot hold an ingest. Contained: a redirect or a feed
link is not followed to a loopback, private, link-local (cloud metadata) or otherwise
non-public address, checked on the address the host name resolves to, unless the user
named that host and port; a redirect to anything but http(s) is refused, not retried.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urljoin, urlsplit

from .read import ReadError

MAX_BYTES = 20_000_000
MAX_REDIRECTS = 10
DEADLINE = 120.0  # seconds for one URL, whatever the server does
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")


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


def _origin(url: str) -> tuple[str, int]:
    """(host, port) of a URL, the port filled in from the scheme."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port or (443 if parts.scheme.lower() == "https" else 80)


def _non_public(address: str) -> tuple[str, str] | None:
    """(address, kind) for an IP address that is not on the public internet, else None."""
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_global:
        return None
    kind = ("loopback" if ip.is_loopback else "link-local (cloud metadata)" if ip.is_link_local
            else "private" if ip.is_private else "non-public")
    return str(ip), kind


def _inside(host: str, port: int) -> tuple[str, str] | None:
    """(address, kind) when ``host`` is or resolves to an address that is not on the public
    internet (loopback, private, link-local, …); None for a public one or a name that does not
    resolve (the request then fails as it would anyway)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    return next((found for info in infos if (found := _non_public(info[4][0]))), None)


@dataclass
class Fetcher:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    per_host_interval: float = 1.0  # seconds between two requests to one host
    max_bytes: int = MAX_BYTES
    max_retry_after: float = 60.0
    deadline: float = DEADLINE  # seconds for one URL in all (attempts, redirects, body)
    _last: dict[str, float] = field(default_factory=dict)
    _client: object = None
    _named: set[tuple[str, int]] = field(default_factory=set)  # (host, port) the user named

    def client(self):
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout), follow_redirects=False,
                headers={"User-Agent": user_agent(), "Accept": "text/html,application/xhtml+xml,"
                         "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                         "Accept-Encoding": ACCEPT_ENCODING},
            )
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

    def _check(self, url: str, how: str) -> None:
        """Refuse ``url`` (reached by ``how``: "redirected to", "links to") when its address is
        not public and the user did not name its host and port."""
        host, port = _origin(url)
        if (host, port) in self._named:
            return
        inside = _inside(host, port)
        if inside is not None:
            address, kind = inside
            raise FetchError(f"refused: {how} {host}:{port}, a {kind} address ({address}); only such "
                             "addresses named on the command line are fetched")

    def _check_peer(self, url: str, response, how: str) -> None:
        """The address actually connected to, checked as :meth:`_check` checked the name's: a
        name that resolved to a public address before the request and to an inside one for
        it (DNS rebinding) gets no further than the response's headers."""
        if _origin(url) in self._named:
            return
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        inside = _non_public(peer[0]) if peer else None
        if inside is not None:
            host, port = _origin(url)
            raise FetchError(f"refused: {how} {host}:{port}, which answered from a {inside[1]} address "
                             f"({inside[0]}); only such addresses named on the command line are fetched")

    def get(self, url: str, named: bool = True) -> Fetched:
        """The body of ``url``; raises FetchError with a one-line reason.

        ``named``: the user gave this URL (its host and port may then be anything, and its
        redirects may stay there); a feed's link is not named and is checked like a redirect.
        """
        import httpx

        host = urlsplit(url).hostname or ""
        if not host:
            raise FetchError("not a URL with a host")
        if named:
            self._named.add(_origin(url))
        else:
            self._check(url, "links to")
        end = time.monotonic() + self.deadline
        delay = self.backoff
        for attempt in range(self.retries + 1):
            retry_after = None
            try:
                return self._attempt(url, end)
            except _Retry as exc:
                reason, retry_after = exc.reason, exc.retry_after
            except httpx.TimeoutException:
                reason = f"timed out after {self.timeout:g} s"
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                reason = f"connection failed ({type(exc).__name__})"
            except httpx.InvalidURL as exc:
                raise FetchError(f"invalid URL ({exc})") from None
            except httpx.UnsupportedProtocol as exc:
                raise FetchError(f"unsupported URL ({exc})") from None
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}"
            if time.monotonic() >= end:
                raise FetchError(f"gave up after {self.deadline:g} s in all ({reason})")
            if attempt < self.retries:
                pause = min(max(delay, retry_after or 0), self.max_retry_after, max(end - time.monotonic(), 0))
                time.sleep(pause)
                delay *= 2
        raise FetchError(f"{reason} (tried {self.retries + 1} times)")

    def _attempt(self, url: str, end: float) -> Fetched:
        """One try: the request and its redirects (each checked), then the body, before ``end``."""
        import httpx

        how = "links to"
        for hop in range(MAX_REDIRECTS + 1):
            how = "redirected to" if hop else how
            self._wait_for(urlsplit(url).hostname or "")
            left = end - time.monotonic()
            if left <= 0:
                raise FetchError(f"gave up after {self.deadline:g} s in all")
            timeout = httpx.Timeout(min(self.timeout, left))
            with self.client().stream("GET", url, timeout=timeout) as response:
                self._check_peer(url, response, how)
                status = response.status_code
                if response.has_redirect_location:
                    target = urljoin(str(response.url), response.headers["location"].strip())
                    scheme = urlsplit(target).scheme.lower()
                    if scheme not in ("http", "https"):
                        raise FetchError(f"refused: redirected to a {scheme or 'relative'}: URL (only http and "
                                         "https are followed)")
                    self._check(target, "redirected to")
                    url = target
                    continue
                if status == 429 or status >= 500:
                    raise _Retry(f"HTTP {status} {response.reason_phrase}".strip(),
                                 _retry_after(response.headers.get("retry-after")))
                if status >= 400:
                    raise FetchError(f"HTTP {status} {response.reason_phrase}".strip())
                return Fetched(str(response.url), self._body(response, end),
                               response.headers.get("content-type", "").lower())
        raise FetchError("too many redirects")

    def _body(self, response, end: float = float("inf")) -> bytes:
        """The body as sent (raw bytes) and decoded here, so that the size limit holds for the
        decoded bytes while they are decoded: a few kB of compressed spaces never grow past it."""
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"too large ({int(declared) / 1e6:.0f} MB > {self.max_bytes / 1e6:.0f} MB)")
        decoder = _Decoder(response.headers.get("content-encoding", ""), self.max_bytes)
        chunks, size, received = [], 0, 0
        for raw in response.iter_raw():
            received += len(raw)
            if received > self.max_bytes:
                raise FetchError(f"too large (over {self.max_bytes / 1e6:.0f} MB)")
            if time.monotonic() > end:
                raise FetchError(f"gave up after {self.deadline:g} s in all ({received:,} bytes received)")
            chunk = decoder.feed(raw)
            size += len(chunk)
            chunks.append(chunk)
        chunks.append(decoder.flush())
        return b"".join(chunks)


ACCEPT_ENCODING = "gzip, deflate"  # the codings _Decoder undoes within a bound (never br or zstd)


class _Decoder:
    """Undoes one Content-Encoding (gzip or deflate) with a bound on what it produces.

    Each input is decompressed with ``max_length`` set to what is left under the limit, so
    memory stays at the limit however well the body compresses; more output than that is
    refused. A stacked encoding (``gzip, gzip``: a bomb's way to compress spaces twice) and
    codings we did not ask for are refused before any byte is decoded.
    """

    def __init__(self, header: str, limit: int) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
        if len(codings) > 1:
            raise FetchError(f"refused: the body is compressed {len(codings)} times "
                             f"(Content-Encoding: {', '.join(codings)[:80]}); "
                             "only one gzip or deflate is read")
        self.coding = codings[0] if codings else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise FetchError(f"refused: unsupported Content-Encoding {self.coding[:40]!r} (gzip and deflate are read)")
        self.limit = limit
        self.size = 0
        self.raw_deflate = False  # deflate sent without its zlib header (as some servers do)
        self.members = 0  # gzip members after the first
        self._obj = self._new() if self.coding else None

    def _new(self):
        if self.coding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self.raw_deflate else zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS | 16)

    def _take(self, out: bytes) -> bytes:
        self.size += len(out)
        if self.size > self.limit:
            raise FetchError(f"too large (over {self.limit / 1e6:.0f} MB decompressed)")
        return out

    def feed(self, data: bytes) -> bytes:
        if self._obj is None:
            return self._take(data)
        out = []
        for _ in range(len(data) + 2):  # each round consumes input or ends it: bounded
            if not data:
                break
            try:
                piece = self._obj.decompress(data, self.limit - self.size + 1)
            except zlib.error:
                if self.coding == "deflate" and not self.raw_deflate and self.size == 0:
                    self.raw_deflate = True
                    self._obj = self._new()
                    continue
                if self.members:
                    break  # bytes after the last gzip member that are not one: ignored, as gzip does
                raise FetchError(f"the body is not valid {self.coding} data") from None
            out.append(self._take(piece))
            if self._obj.eof:  # a gzip body may hold several members, one after another
                data = self._obj.unused_data
                if data and self.coding != "deflate":
                    self._obj, self.members = self._new(), self.members + 1
                    continue
                break
            data = self._obj.unconsumed_tail
        return b"".join(out)

    def flush(self) -> bytes:
        if self._obj is None:
            return b""
        return self._take(self._obj.flush(self.limit - self.size + 1))


class _Retry(Exception):
    """An answer worth asking again for (429, 5xx), with the server's Retry-After if any."""

    def __init__(self, reason: str, retry_after: float | None) -> None:
        self.reason, self.retry_after = reason, retry_after


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
