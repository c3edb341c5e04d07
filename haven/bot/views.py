"""The bot's webhook (Telegram posts each update here), and a host's page to link her chat."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from telegram import Update
from telegram.error import TelegramError

from haven.bot import dialogue, services, telegram

logger = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 256 * 1024  # an update is a few kilobytes; Telegram sends no files in it


@csrf_exempt  # Telegram cannot send a CSRF token: the secret header is the proof instead
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    secret = settings.HAVEN_TELEGRAM_WEBHOOK_SECRET
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not secret or not telegram.is_on() or not constant_time_compare(given, secret):
        return HttpResponseForbidden()
    if len(request.body) > MAX_UPDATE_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        data = json.loads(request.body)
        update = Update.de_json(data) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError):  # what de_json raises on wrong shapes
        update = None
    if update is None:
        return JsonResponse({"error": "not an update"}, status=400)
    try:
        outs = dialogue.handle(update)
    except Exception:
        # An update no dialogue expects (odd callback data, say): logged without its
        # content, and acknowledged, or Telegram would send it again and again.
        logger.exception("bot: update %s could not be handled", update.update_id)
        return JsonResponse({})
    try:
        telegram.deliver(outs)
    except TelegramError as exc:
        # The change is made; sending the update again would not bring the answer back.
        logger.warning("bot: could not answer update %s: %s", update.update_id, type(exc).__name__)
    return JsonResponse({})


@require_http_methods(["GET", "POST"])
@login_required
def connect(request: HttpRequest) -> HttpResponse:
    """A one-time key for the host to send to the bot (by a t.me link, or typed)."""
    context: dict[str, str] = {"bot_on": "1" if telegram.is_on() else ""}
    if request.method == "POST" and telegram.is_on():
        key = services.new_host_key(user=request.user)
        name = telegram.username()
        context.update(key=key, link=f"https://t.me/{name}?start={key}" if name else "")
    return render(request, "bot/connect.html", context)
