"""Fixtures for the browser tests: the site built by each builder, served on 127.0.0.1, driven in Debian's Chromium.

The site is built (strictly) once per session and builder (``builder``: mkdocs, then Zensical; see
tests/builders.py) into a temporary folder and served by Python's http.server on a free port. Every page is opened in a fresh browser context that blocks, and records, any request to another
host; the tests assert that there were none.

BROWSER_TESTS_PROJECT=/some/dir builds the site from that folder instead of the repository. That is how to
check that the tests still catch a broken site, without touching the repository:

    mkdir /tmp/broken && cp -r mkdocs.yml hooks.py docs data templates calc /tmp/broken/  # `watch`ed
    # ... break something in /tmp/broken ...
    BROWSER_TESTS_PROJECT=/tmp/broken .venv/bin/python -m pytest tests/browser
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.builders import BUILDERS, BuildFailed, build_site

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # Chromium refuses to run as root (CI) with its sandbox
    "--disable-gpu",
    "--disable-background-networking",  # without these Chromium calls Google's servers, and is refused
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
SCREENSHOTS = ROOT / "screenshots"  # in .gitignore
TIMEOUT_MS = 10_000


# --- the site -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session", params=BUILDERS)
def builder(request) -> str:
    """Which builder built the site under test: every browser test runs on the site of each."""
    return request.param


@pytest.fixture(scope="session")
def site_dir(builder: str, tmp_path_factory) -> Path:
    """The site, built strictly by ``builder`` from the repository (or BROWSER_TESTS_PROJECT)."""
    project = Path(os.environ.get("BROWSER_TESTS_PROJECT") or ROOT).resolve()
    try:
        site = build_site(builder, project, tmp_path_factory.mktemp(f"site-{builder}"))
    except BuildFailed as failure:
        pytest.fail(str(failure), pytrace=False)
    if project != ROOT:
        print(f"\nbrowser tests: site built by {builder} from {project}")
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    """http://127.0.0.1:PORT of a static server for the built site, on a free port, stopped after the session."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    """URL paths of every page of the built site ("/", "/figures/", "/sources.html", …), 404.html included."""
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        pages.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return pages


# --- the browser ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Install it with `bash tests/browser/ensure_chromium.sh` (never `playwright install`), "
            "or run everything with `make test`, which does that first.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        # A plain launch runs Chromium on a fresh temporary profile, which Playwright deletes afterwards.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """What one browser context did that a reader would suffer from: errors, failed loads, calls elsewhere."""

    origin: str
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in ("http", "https", "ws", "wss") or f"{parts.scheme}://{parts.netloc}" == self.origin

    def problems(self) -> list[str]:
        return (
            [f"request to another host: {url}" for url in self.external]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught exception: {text}" for text in self.page_errors]
            + [f"failed request: {text}" for text in self.failed]
        )

    def clear(self) -> None:
        """Forget what was seen so far (one context visits page after page)."""
        for seen in (self.external, self.console_errors, self.page_errors, self.failed):
            seen.clear()

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "the browser saw:\n  " + "\n  ".join(problems)


@pytest.fixture
def browse(browser: Browser, base_url: str):
    """browse(viewport=DESKTOP, color_scheme="light") -> (page, traffic): a fresh context that blocks other hosts."""
    contexts = []

    def open_page(viewport=DESKTOP, color_scheme="light") -> tuple[Page, Traffic]:
        context = browser.new_context(
            base_url=base_url, viewport=viewport, color_scheme=color_scheme, service_workers="block",
            reduced_motion="reduce")
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        traffic = Traffic(origin=base_url)

        def route(route):
            url = route.request.url
            if traffic.is_local(url):
                route.continue_()
            else:
                if url not in traffic.external:
                    traffic.external.append(url)
                route.abort("blockedbyclient")

        def on_request(request):  # also catches anything that escaped routing
            if not traffic.is_local(request.url) and request.url not in traffic.external:
                traffic.external.append(request.url)

        def on_failed(request):
            failure = request.failure or ""
            # Blocked calls elsewhere are reported as such. A request cut short because the page navigated away
            # (net::ERR_ABORTED) broke nothing a reader sees; a missing file shows as HTTP 404 below.
            if traffic.is_local(request.url) and "ERR_ABORTED" not in failure:
                traffic.failed.append(f"{request.url} ({failure})")

        def on_response(response):
            if response.status >= 400:
                traffic.failed.append(f"{response.url} (HTTP {response.status})")

        context.route("**/*", route)
        context.on("request", on_request)
        context.on("requestfailed", on_failed)
        context.on("response", on_response)
        page = context.new_page()

        def on_console(msg):
            if msg.type == "error":
                where = f"{msg.location.get('url')}:{msg.location.get('lineNumber')}"
                traffic.console_errors.append(f"{msg.text} (at {where})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        return page, traffic

    yield open_page
    for context in contexts:
        context.close()


def wait_for_document(page: Page, path: str | None = None) -> None:
    """Wait until the theme's document$ (Material's, and Zensical's) has emitted the page at `path` (default: the
    current one).

    With navigation.instant a click swaps the page in place, so "load" alone says nothing; document$ emits each
    time a page is ready (and replays the last one to a late subscriber).
    """
    try:
        page.wait_for_function("() => window.document$ !== undefined")
    except PlaywrightTimeoutError:
        raise AssertionError(f"mkdocs-material's JavaScript did not start on {page.url} (no document$)") from None
    page.evaluate("""() => {
        if (window.__documents === undefined) {
            window.__documents = [];
            document$.subscribe(() => window.__documents.push(location.pathname));
        }
    }""")
    page.wait_for_function(
        "path => path === null ? window.__documents.length > 0 : window.__documents.includes(path)", arg=path)


def goto(page: Page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, f"GET {path}: {response and response.status}"
    wait_for_document(page, urlsplit(page.url).path)
