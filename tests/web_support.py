"""A local web server for the URL and feed tests (nothing reaches the internet), and the
seed articles rendered as web pages and an RSS feed."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from diplotui.extract.read import _segments, clean_lines, decode, parse_segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering (for timeouts)
    fail_first: int = 0  # answer 503 this many times first (for retries)
    headers: dict[str, str] = field(default_factory=dict)  # more headers (Location, for redirects)
    trickle: float = 0.0  # when set, the body goes a byte at a time, this many seconds apart (a slow server)


class Site:
    """A threaded HTTP server on 127.0.0.1 serving ``routes`` (a path none of them has goes to
    ``fallback``, when set, which may answer it); it counts the requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.fallback: Callable[[str], Route | None] | None = None
        self.hits: dict[str, int] = {}
        self.agents: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                site.agents.add(self.headers.get("User-Agent", ""))
                route = site.routes.get(self.path)
                if route is None and site.fallback is not None:
                    route = site.fallback(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    time.sleep(route.delay)  # the slowness under test (a late answer), not a wait
                status = 503 if site.hits[self.path] <= route.fail_first else route.status
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body)))
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if not route.trickle:
                        self.wfile.write(route.body)
                        return
                    for i in range(len(route.body)):
                        self.wfile.write(route.body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(route.trickle)  # the slowness under test (the server's pace), not a wait
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def seed_pages() -> list[tuple[str, str, str]]:
    """Every seed article as (slug, HTML page, headline): the article's own lines as paragraphs,
    with the headline, date and outlet read from the text as the page's metadata."""
    pages = []
    for path in sorted(SEEDS.glob("*.txt")):
        text, _ = decode(path.read_bytes())
        for n, segment in enumerate(_segments(clean_lines(text)), start=1):
            article = parse_segment(segment, n)
            if article is None:
                continue
            meta = [f'<meta property="og:title" content="{html.escape(article.headline)}">']
            if article.published.full:
                meta.append(f'<meta property="article:published_time" content="{article.published.full}T09:00:00Z">')
            if article.outlet:
                meta.append(f'<meta property="og:site_name" content="{html.escape(article.outlet)}">')
            paras = "\n".join(f"<p>{html.escape(line)}</p>" for line in segment)
            page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{html.escape(article.headline)}</title>{"".join(meta)}</head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/politics">Politics</a></nav></header>
<main><article>{paras}</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Weather: rain expected tomorrow</a></li></ul></aside>
<footer><p>Copyright 2024. All rights reserved.</p></footer></body></html>"""
            pages.append((f"/news/{path.stem}-{n}.html", page, article.headline))
    return pages


def rss(site: Site, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed linking to ``items`` (path, title)."""
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{site.url(path)}</link><guid>{site.url(path)}</guid></item>"
        for path, title in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Diplomacy</title>'
        f"<link>{site.url('/')}</link><description>Test feed</description>{entries}</channel></rss>"
    ).encode()
