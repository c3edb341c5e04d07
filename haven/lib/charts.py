"""Small charts drawn on the server as inline SVG: no script, a few hundred bytes each.

A bar chart of one or two series over labelled columns (days, nights), with the largest
value written at the top, readable on a phone; colours come from haven.css classes so
that the page's stylesheet decides them. Each chart carries a text title and the
numbers as a table for screen readers and for people who prefer numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, TOP, BOTTOM = 320, 140, 14, 18


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css: str  # a class of haven.css: "bar-a", "bar-b"


def bars(title: str, labels: Sequence[str], series: Sequence[Series], *, label_every: int = 1) -> SafeString:
    """An SVG bar chart: ``labels`` along the bottom, one bar per series in each column."""
    columns = max(1, len(labels))
    peak = max([v for s in series for v in s.values] + [1])
    slot = WIDTH / columns
    width = max(1.0, slot / (len(series) + 0.6))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<text x="0" y="10" class="chart-peak">{_number(peak)}</text>',
        f'<line x1="0" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}" class="chart-axis"/>',
    ]
    plot = HEIGHT - TOP - BOTTOM
    for i in range(columns):
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else 0
            h = plot * value / peak
            x = i * slot + 0.3 * width + j * width
            parts.append(
                f'<rect x="{x:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" width="{width * 0.9:.1f}" height="{h:.1f}" '
                f'class="{escape(s.css)}"><title>{escape(s.name)} · {escape(labels[i])}: {_number(value)}</title></rect>'
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{i * slot + slot / 2:.1f}" y="{HEIGHT - 5}" class="chart-label" text-anchor="middle">'
                f"{escape(labels[i])}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
