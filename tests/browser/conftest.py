"""Browser tests: Smartby served by a real `smartby serve` process, driven in Debian's Chromium
through Playwright for Python.

The server gets a temporary var dir with a fresh SQLite database, or the PostgreSQL database
named by SMARTBY_BROWSER_DATABASE_URL (an empty one: `make test` points it at a throw-away
server), migrated, with the reference data and the demo content. Requests the pages make to
any host but this machine are refused, so no test depends on the network. Playwright never
downloads a browser here: it starts /usr/bin/chromium (`make test` installs it).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.helpers import AXE_JS, REPO_ROOT, login

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which
# this machine's closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SERVER_START_TIMEOUT = 60
TIMEOUT_MS = 15_000
SCREENSHOTS = REPO_ROOT / "test-results"  # gitignored


@dataclass
class SmartbyServer:
    url: str
    log_path: Path
    blocked_requests: list[str] = field(default_factory=list)

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _smartby(
    args: list[str], env: dict[str, str], timeout: int = 600
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smartby", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _prepare(args: list[str], env: dict[str, str]) -> None:
    result = _smartby(args, env)
    if result.returncode != 0:
        pytest.fail(
            f"`smartby {' '.join(args)}` failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmartbyServer]:
    var_dir = tmp_path_factory.mktemp("smartby-var")
    env = {k: v for k, v in os.environ.items() if k != "SMARTBY_DATABASE_URL"}
    if os.environ.get("SMARTBY_BROWSER_DATABASE_URL"):
        env["SMARTBY_DATABASE_URL"] = os.environ["SMARTBY_BROWSER_DATABASE_URL"]
    env.update(
        SMARTBY_VAR_DIR=str(var_dir),
        SMARTBY_MAP_TILE_URL="",
        # Mail and other tasks run inline: there is no worker in this process tree.
        SMARTBY_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        SMARTBY_LOG_LEVEL="WARNING",
        # As in production: error pages are the site's own, not Django's debug pages.
        SMARTBY_DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    _prepare(["migrate", "--noinput", "--verbosity=0"], env)
    _prepare(["loadrefs"], env)
    if _smartby(["help", "demo"], env).returncode == 0:
        _prepare(["demo"], env)

    port = _free_port()
    log_path = var_dir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "smartby", "serve", "--port", str(port), "--workers", "1"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    smartby = SmartbyServer(url=f"http://127.0.0.1:{port}", log_path=log_path)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"`smartby serve` exited early:\n{smartby.log_tail()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{smartby.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"no answer from /healthz:\n{smartby.log_tail()}", pytrace=False)
            time.sleep(0.3)
        yield smartby
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (or `make setup`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[_failed_key] = report.failed
    return report


_failed_key = pytest.StashKey[bool]()


@pytest.fixture
def new_context(
    request: pytest.FixtureRequest, browser: Browser, server: SmartbyServer
) -> Iterator[Callable[..., BrowserContext]]:
    """Make a browser context that may only reach this machine; closed after the test, with
    a screenshot of each of its pages in test-results/ when the test failed."""
    contexts: list[BrowserContext] = []

    def refuse(route) -> None:
        server.blocked_requests.append(route.request.url)
        route.abort("blockedbyclient")

    def make(**kwargs) -> BrowserContext:
        context = browser.new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.route(lambda url: urlsplit(url).hostname not in LOCAL_HOSTS, refuse)
        contexts.append(context)
        return context

    yield make
    failed = request.node.stash.get(_failed_key, False)
    for context in contexts:
        if failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            for number, page in enumerate(context.pages):
                page.screenshot(path=SCREENSHOTS / f"{name}-{number}.png", full_page=True)
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture(scope="session")
def demo_storage_state(browser: Browser, server: SmartbyServer) -> dict:
    """Cookies of the demo user, logged in once through the login form."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    context.route(
        lambda url: urlsplit(url).hostname not in LOCAL_HOSTS, lambda route: route.abort()
    )
    try:
        page = context.new_page()
        login(page, server.url)
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def demo_page(new_context: Callable[..., BrowserContext], demo_storage_state: dict) -> Page:
    return new_context(storage_state=demo_storage_state).new_page()
