"""Static files in production: hashed names, compressed with gzip and Brotli at
collectstatic, served compressed to browsers that accept it."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command
from whitenoise import WhiteNoise


def _serve(app: WhiteNoise, path: str, encoding: str) -> tuple[str, dict[str, str], bytes]:
    answer: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "HTTP_ACCEPT_ENCODING": encoding,
        "wsgi.input": io.BytesIO(),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }
    body = b"".join(app(environ, start_response))
    return str(answer["status"]), answer["headers"], body  # type: ignore[return-value]


def test_collectstatic_writes_hashed_and_compressed_files_that_are_served_compressed(
    settings, tmp_path: Path
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    css = next(p for p in tmp_path.rglob("*.css") if len(p.suffixes) == 2)  # name.<hash>.css
    assert css.with_name(css.name + ".gz").exists() and css.with_name(css.name + ".br").exists()

    app = WhiteNoise(lambda environ, start: [], root=tmp_path, prefix="static/", max_age=31536000)
    path = "/static/" + css.relative_to(tmp_path).as_posix()
    status, headers, body = _serve(app, path, "br, gzip")
    assert status.startswith("200") and headers["Content-Encoding"] == "br"
    assert "max-age=31536000" in headers["Cache-Control"]
    status, headers, body = _serve(app, path, "gzip")
    assert headers["Content-Encoding"] == "gzip" and body[:2] == b"\x1f\x8b"
    status, headers, body = _serve(app, path, "")
    assert "Content-Encoding" not in headers and body == css.read_bytes()
