"""The radar chart of a self-assessment, drawn on the server as SVG (no JavaScript).

Eight axes, one per principle, rings at 0/25/50/75/100, a polygon per series. The chart is
an image with a title and a description that give the figures in words; the page shows the
same figures as a table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SIZE = 440
CENTRE = SIZE / 2
RADIUS = 150
RINGS = (25, 50, 75, 100)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    css_class: str  # radar-own, radar-median, radar-previous
    dashed: bool = False


def point(index: int, count: int, score: float, radius: float = RADIUS) -> tuple[float, float]:
    """Where `score` (0–100) lies on axis `index` of `count`; axis 0 points up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(100.0, score)) / 100
    return round(CENTRE + r * math.cos(angle), 1), round(CENTRE + r * math.sin(angle), 1)


def _polygon(values: Sequence[float | None]) -> str:
    count = len(values)
    return " ".join(
        f"{x},{y}" for x, y in (point(i, count, v or 0.0) for i, v in enumerate(values))
    )


def radar_svg(
    *, labels: Sequence[str], series: Sequence[Series], title: str, description: str, uid: str
) -> SafeString:
    count = len(labels)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {SIZE} {SIZE}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(description)}</desc>',
    ]
    for ring in RINGS:
        parts.append(
            f'<polygon points="{_polygon([ring] * count)}" fill="none" stroke="#c5cbd3" '
            'stroke-width="1"/>'
        )
    for i in range(count):
        x, y = point(i, count, 100)
        parts.append(
            f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x}" y2="{y}" stroke="#c5cbd3" '
            'stroke-width="1"/>'
        )
        lx, ly = point(i, count, 100, radius=RADIUS + 22)
        anchor = "middle" if abs(lx - CENTRE) < 5 else ("start" if lx > CENTRE else "end")
        parts.append(
            f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" dominant-baseline="middle">'
            f"{escape(labels[i])}</text>"
        )
    for ring in RINGS:
        _x, y = point(0, count, ring)
        parts.append(f'<text x="{CENTRE + 4}" y="{y - 2}" class="radar-ring">{ring}</text>')
    styles = {
        "radar-own": 'fill="#1f5fa8" fill-opacity="0.18" stroke="#1f5fa8" stroke-width="2.5"',
        "radar-median": 'fill="none" stroke="#5b3c00" stroke-width="2"',
        "radar-previous": 'fill="none" stroke="#4a5360" stroke-width="1.5"',
    }
    for item in series:
        if all(v is None for v in item.values):
            continue
        dash = ' stroke-dasharray="6 4"' if item.dashed else ""
        parts.append(
            f'<polygon class="{escape(item.css_class)}" points="{_polygon(item.values)}" '
            f"{styles.get(item.css_class, '')}{dash}><title>{escape(item.name)}</title></polygon>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
