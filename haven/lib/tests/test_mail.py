"""The demo's console e-mail: a Russian message and its link can be read as they are."""

from __future__ import annotations

import io

from django.core.mail import EmailMessage

from haven.lib.mail import ReadableConsoleBackend


def test_a_russian_message_prints_as_text_with_its_link() -> None:
    stream = io.StringIO()
    message = EmailMessage(
        "Haven: жильё найдено", "Откройте ссылку:\nhttp://127.0.0.1:8000/stays/link/abc/\n", to=["a@example.org"]
    )
    assert ReadableConsoleBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert "a@example.org" in printed
    assert "Haven: жильё найдено" in printed
    assert "http://127.0.0.1:8000/stays/link/abc/" in printed
