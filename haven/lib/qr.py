"""QR codes as inline SVG (segno): no image file, no script, sized by the page's CSS."""

from __future__ import annotations

import segno


def svg(data: str, scale: int = 5) -> str:
    return str(segno.make(data, error="m").svg_inline(scale=scale, border=2, dark="#111", light="#fff", omitsize=True))
