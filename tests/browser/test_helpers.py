"""The browser tests' own helpers, where their contract is not obvious."""

from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import click_and_load
from tests.httpserver import Reply, local_server

pytestmark = pytest.mark.browser

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _after_a_pause(reply: Reply) -> Callable[[BaseHTTPRequestHandler], Reply]:
    def answer(_request: BaseHTTPRequestHandler) -> Reply:
        time.sleep(1)
        return reply

    return answer


@pytest.mark.parametrize("kind", ["link", "form"])
def test_click_and_load_returns_once_a_slow_page_has_loaded(page: Page, kind: str) -> None:
    # The next page is slow twice over, as on a busy server: its answer starts after a pause,
    # then its body comes in pieces. A bare click returns once the answer has begun, when
    # the URL has changed but the document is still loading (what failed a CI run).
    padding = "<p>" + "x" * 1000 + "</p>"
    slow = f"<!doctype html><title>Next</title>{padding * 4}<p id=end>loaded</p>".encode()
    start = (
        b'<!doctype html><title>Start</title><a href="/next">Next</a>'
        b'<form method="post" action="/next"><button>Send</button></form>'
    )
    with local_server() as local:
        local.routes["/start"] = Reply(body=start, headers=HTML)
        local.routes["/next"] = _after_a_pause(Reply(body=slow, headers=HTML, delay_seconds=0.2))
        page.goto(local.url("/start"))
        target = page.get_by_role("link") if kind == "link" else page.get_by_role("button")
        click_and_load(page, target)
        assert page.evaluate("document.readyState") == "complete"
        assert page.url == local.url("/next")
        assert '<p id="end">loaded</p>' in page.content()
