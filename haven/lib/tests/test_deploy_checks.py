"""Deploy checks that warn about a half-configured bot."""

from __future__ import annotations

from django.test import override_settings

from haven.lib.checks import check_telegram_webhook


def test_a_bot_token_without_a_webhook_secret_is_warned_about():
    with override_settings(HAVEN_TELEGRAM_TOKEN="123:abc", HAVEN_TELEGRAM_WEBHOOK_SECRET=""):
        assert [m.id for m in check_telegram_webhook()] == ["haven.W002"]
    with override_settings(HAVEN_TELEGRAM_TOKEN="123:abc", HAVEN_TELEGRAM_WEBHOOK_SECRET="s" * 40):
        assert check_telegram_webhook() == []
    with override_settings(HAVEN_TELEGRAM_TOKEN="", HAVEN_TELEGRAM_WEBHOOK_SECRET=""):
        assert check_telegram_webhook() == []
