"""`smartby seed --scale N [--seed S] [--flush]`: fill the database with deterministic
synthetic data; scale 1 is roughly today's Norway (see smartby.demo.seed)."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from smartby.demo.seed import SeedError, SeedReport, parse_scale, seed_database


def _scale(value: str) -> float:
    try:
        return parse_scale(value)
    except SeedError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = (
        "Fill the database with deterministic synthetic data: --scale 1 is roughly today's "
        "Norway (5,000 cases, 2,000 datasets, 10,000 people ...), --scale 100 a hundred times "
        "that. Refuses a database that already has cases unless --flush is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            required=True,
            type=_scale,
            metavar="N",
            help="Size relative to today's Norway: a number greater than 0 (0.01, 1, 100).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed (default 1): the same scale and seed give the same rows.",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help=(
                "Empty the whole database first (every table, people included, like "
                "`smartby flush`), reload the reference data, then seed."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        try:
            report = seed_database(
                scale=options["scale"],
                seed=options["seed"],
                flush=options["flush"],
                out=(lambda line: None) if quiet else self.stdout.write,
            )
        except SeedError as error:
            raise CommandError(str(error)) from None
        if not quiet:
            self._summary(report)

    def _summary(self, report: SeedReport) -> None:
        write = self.stdout.write
        write("")
        write(f"{'table':44} {'rows':>12} {'seconds':>9}")
        for table in sorted(report.rows, key=lambda t: -report.seconds.get(t, 0.0)):
            rows = report.rows[table]
            write(f"{table:44} {rows:>12,} {report.seconds.get(table, 0.0):>9.1f}")
        for table, seconds in sorted(report.seconds.items()):
            if table not in report.rows:
                write(f"{table:44} {'':>12} {seconds:>9.1f}")
        write("")
        for step, seconds in report.steps.items():
            write(f"step {step:39} {seconds:>22.1f}")
        for note in report.notes:
            write(f"note: {note}")
        write(
            f"Seeded scale {report.scale:g} with seed {report.seed} in "
            f"{report.total_seconds:.1f} s."
        )
