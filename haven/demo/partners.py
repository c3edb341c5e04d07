"""What the demo says about the partner API: where it is, and how to make a token (tokens
are kept as hashes, so none can be printed later)."""

from __future__ import annotations

from urllib.parse import urljoin


def report_lines(base: str) -> list[str]:
    return [
        f"Partner API: {urljoin(base, 'api/v1/docs')} (schema {urljoin(base, 'api/v1/openapi.json')}); make a token "
        'with `uv run python manage.py api_token "Red Crescent" almaty --write` (printed once), then',
        f'  curl -H "Authorization: Bearer hv_…" {urljoin(base, "api/v1/regions/almaty/nights?days=7")}',
    ]
