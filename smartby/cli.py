"""The `smartby` command: serve, worker, plus every Django management command
(loadrefs, demo, migrate, check --deploy, ...)."""

from __future__ import annotations

import argparse
import os
import sys


def _serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="smartby serve")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--workers", default=os.environ.get("SMARTBY_WEB_WORKERS", "2"))
    args = parser.parse_args(argv)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "smartby.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]
    run()


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartby.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "serve":
        _serve(argv[1:])
        return
    if argv and argv[0] == "worker":
        argv = ["db_worker", *argv[1:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["smartby", *argv])


if __name__ == "__main__":
    main()
