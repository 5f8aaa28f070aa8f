"""The availability chart of a distribution, drawn on the server as SVG (no JavaScript).

One mark per link check of the last 30 days, placed by its time: a filled circle for a
success, a cross for a failure (told apart by shape, not colour alone). The image has a
title that says the figures in words; the page repeats them as text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from smartby.catalog.models import LinkCheck

DAYS = 30
WIDTH = 248
HEIGHT = 28
PAD = 4


def availability_summary(checks: Sequence[LinkCheck]) -> str:
    good = sum(1 for c in checks if c.ok)
    return ngettext(
        "%(good)s of %(total)s check succeeded in the last 30 days.",
        "%(good)s of %(total)s checks succeeded in the last 30 days.",
        len(checks),
    ) % {"good": good, "total": len(checks)}


def availability_svg(checks: Sequence[LinkCheck], now: datetime | None = None) -> SafeString:
    """An inline SVG of `checks` (oldest first) over the 30 days up to `now`."""
    end = now or timezone.now()
    start = end - timedelta(days=DAYS)
    span = (end - start).total_seconds()
    inner = WIDTH - 2 * PAD
    marks = []
    for check in checks:
        offset = min(max((check.checked_at - start).total_seconds() / span, 0.0), 1.0)
        x = PAD + offset * inner
        if check.ok:
            marks.append(f'<circle class="avail-ok" cx="{x:.1f}" cy="9" r="3"/>')
        else:
            marks.append(f'<path class="avail-fail" d="M{x - 3:.1f} 16 l6 6 m0 -6 l-6 6"/>')
    label = escape(availability_summary(checks))
    return mark_safe(  # noqa: S308 - numbers and escaped text only
        f'<svg class="availability-chart" role="img" aria-label="{label}" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f"<title>{label}</title>"
        f'<line class="avail-axis" x1="{PAD}" y1="{HEIGHT - 2}" x2="{WIDTH - PAD}" '
        f'y2="{HEIGHT - 2}"/>' + "".join(marks) + "</svg>"
    )
