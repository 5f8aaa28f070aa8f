"""A small HTTP server on 127.0.0.1 for tests of outbound fetches (harvesting, link checks):
never the internet. Routes map a path (with its query string) to a response or to a
function of the request that returns one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Send the body in pieces of this size with a pause between (for slow-server tests).
    delay_seconds: float = 0.0


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, *, body: bool) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if route is None:
                    reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
                elif callable(route):
                    reply = route(self)
                else:
                    reply = route
                self.send_response(reply.status)
                headers = {"Content-Length": str(len(reply.body)), **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if body and reply.body:
                    if reply.delay_seconds:
                        import time

                        for start in range(0, len(reply.body), 1024):
                            self.wfile.write(reply.body[start : start + 1024])
                            self.wfile.flush()
                            time.sleep(reply.delay_seconds)
                    else:
                        self.wfile.write(reply.body)

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's naming
                # The client may give up (a cap or a deadline): expected in tests.
                with suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(body=True)

            def do_POST(self) -> None:  # noqa: N802 - a form sent to it: the body is read and left
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                with suppress(BrokenPipeError, ConnectionResetError):
                    self._answer(body=False)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        return Handler

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def local_server() -> Iterator[LocalServer]:
    server = LocalServer().start()
    try:
        yield server
    finally:
        server.stop()
