"""A built site in a real browser: a local static server (at the root or under a sub-path) and
headless Debian chromium driven by Playwright. Under CI a missing chromium fails the tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    seen: list[str]

    def translate_path(self, path: str) -> str:
        self.seen.append(path)
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "/", seen: list[str] | None = None) -> Iterator[str]:
    """Serve ``directory`` at ``http://127.0.0.1:<port><prefix>``; yields that URL. Every path the
    server is asked for (query included) is appended to ``seen``."""
    handler = type("Handler", (_Quiet,), {"prefix": prefix, "seen": [] if seen is None else seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless chromium; skipped when it is not installed, except under CI, where that fails."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium is not installed ({CHROMIUM}); .ci/run installs it with apt")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def recording_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A page in a fresh context; ``page.requests`` lists every URL it requested."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    try:
        yield page
    finally:
        context.close()


def ready(page: Any, url: str) -> Any:
    """Open the paste page at ``url`` and wait until its matcher is ready."""
    page.goto(url)
    page.wait_for_selector('html[data-kb-ready="true"]')
    return page
