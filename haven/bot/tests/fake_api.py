"""A local stand-in for the Telegram Bot API, for the real python-telegram-bot to talk to.

An aiohttp server on 127.0.0.1 (a free port), in a thread of its own. It answers the
methods Haven uses the way Telegram does (``{"ok": true, "result": ...}``), records
every call with its parameters, refuses a wrong token as Telegram does (401), can be
told to fail a method (to prove that senders retry), and holds updates for getUpdates.
Updates for the webhook are built by ``private_text`` and friends and posted to Django.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

TOKEN = "123456:TEST-token-for-the-fake-api"
BOT = {"id": 123456, "is_bot": True, "first_name": "Haven", "username": "haven_test_bot"}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """Every (label, callback data) of the message's inline keyboard."""
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def _decode(value: str) -> Any:
    """PTB posts each parameter as a form field, objects JSON-encoded."""
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.failing: dict[str, int] = {}  # method -> Telegram's error code to answer with
        self._message_ids = itertools.count(1000)
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.port = 0

    # --- running ---------------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.updates.clear()
            self.failing.clear()

    # --- what was said ---------------------------------------------------------------------------

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        with self._lock:
            found = [c for c in self.calls if c.method == method]
        if chat_id is not None:
            found = [c for c in found if int(c.params.get("chat_id", 0)) == chat_id]
        return found

    def last(self, chat_id: int) -> Call:
        return self.sent(chat_id=chat_id)[-1]

    # --- answering ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        form = await request.post() if request.can_read_body else {}
        params = {key: _decode(str(value)) for key, value in form.items()}
        with self._lock:
            self.calls.append(Call(method, params))
            failing = self.failing.get(method)
        if failing:
            return web.json_response(
                {"ok": False, "error_code": failing, "description": "Internal Server Error: the fake fails"},
                status=failing,
            )
        result = self._result(method, params)
        if result is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.json_response({"ok": True, "result": result})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method in ("sendMessage", "editMessageText"):
            message_id = params.get("message_id") or next(self._message_ids)
            return {
                "message_id": int(message_id), "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", ""),
            }  # fmt: skip
        if method in ("answerCallbackQuery", "setWebhook", "deleteWebhook"):
            return True
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            with self._lock:
                return [u for u in self.updates if u["update_id"] >= offset]
        return None


# --- updates as Telegram sends them ---------------------------------------------------------------

_update_ids = itertools.count(1)


def _user(user_id: int, language: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Alexei", "language_code": language}


def private_text(chat_id: int, text: str, *, language: str = "ru") -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private", "first_name": "Alexei"}, "from": _user(chat_id, language),
        },
    }  # fmt: skip


def group_text(chat_id: int, text: str, *, user_id: int = 777, language: str = "ru") -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "group", "title": "Almaty help"}, "from": _user(user_id, language),
        },
    }  # fmt: skip


def button(chat_id: int, data: str, *, message_id: int = 1, chat_type: str = "private") -> dict[str, Any]:
    """A press of an inline button with ``data`` under message ``message_id``."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)), "from": _user(abs(chat_id), "ru"), "chat_instance": "1", "data": data,
            "message": {
                "message_id": message_id, "date": int(time.time()), "text": "…",
                "chat": {"id": chat_id, "type": chat_type},
            },
        },
    }  # fmt: skip
