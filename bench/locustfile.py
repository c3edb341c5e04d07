"""Haven under load: arrivals register and look up their case code, visitors take queue
tickets and watch them, hosts accept the proposals waiting for them.

Run by ``bench/load.py``, which prepares the database, starts the servers, runs this
with locust and checks the database afterwards. Every answer that tells a person "done"
(a case code shown, a ticket given, "thank you" for an accept) is written, one JSON
line each, to ``$HAVEN_LOAD_ACKS``: the check looks each one up.

Like a person, an arrival whose registration fails (an error page, a dropped
connection) sends the same form again, with the same hidden submission token: Haven
must register the household once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import time
from typing import Any
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

ACKS = open(os.environ.get("HAVEN_LOAD_ACKS", os.devnull), "a", buffering=1)  # noqa: SIM115 - for the whole run
HOSTS: list[str] = json.loads(os.environ.get("HAVEN_LOAD_HOSTS", "[]"))
PASSWORD = os.environ.get("HAVEN_LOAD_PASSWORD", "")
CITY = os.environ.get("HAVEN_LOAD_CITY", "almaty")
POINT = os.environ.get("HAVEN_LOAD_POINT", "almaty-centre")
_next_host = itertools.count()

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_token" value="([^"]+)"')
CODE = re.compile(r'data-testid="case-code">([^<]+)<')
SERVICE = re.compile(r'name="service" value="([^"]+)"')
HOST_STAY = re.compile(r'href="/host/stays/([0-9a-f-]{36})/"')


def ack(kind: str, **fields: Any) -> None:
    ACKS.write(json.dumps({"kind": kind, **fields}) + "\n")


def found(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(1) if match else ""


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "en"


class Arrival(Person):
    weight = 4

    @task
    def register_then_look_up(self) -> None:
        self.client.cookies.clear()
        form = self.client.get("/register/", name="register: form")
        if form.status_code != 200:
            return
        today = dt.datetime.now(ZoneInfo(os.environ.get("HAVEN_LOAD_TIME_ZONE", "Asia/Almaty"))).date()
        data = {
            "csrfmiddlewaretoken": found(CSRF, form.text), "submission_token": found(SUBMISSION, form.text),
            "alias": f"Load {random.randint(1, 10**9)}", "adults": "1", "children": "0", "languages": ["ru"],
            "region": CITY, "district": "", "needed_from": today.isoformat(),
            "needed_until": (today + dt.timedelta(days=random.randint(2, 20))).isoformat(),
            "contact_telegram": "", "contact_phone": "", "contact_email": "",
        }  # fmt: skip
        code = ""
        ack("sent", token=data["submission_token"])  # a form goes out, whatever comes of it
        for _attempt in range(6):  # a person presses again after an error page
            with self.client.post("/register/", data, name="register: send", catch_response=True) as answer:
                code = found(CODE, answer.text) if answer.status_code == 200 else ""
                if code:
                    answer.success()
                    break
                answer.failure(f"no case code (HTTP {answer.status_code})")
            time.sleep(2)
        if not code:
            return
        ack("registration", token=data["submission_token"], code=code)
        self.client.cookies.clear()
        lookup = self.client.get("/code/", name="code: form")
        with self.client.post(
            "/code/", {"csrfmiddlewaretoken": found(CSRF, lookup.text), "code": code}, name="code: look up",
            catch_response=True,
        ) as mine:  # fmt: skip
            if mine.status_code != 200 or not mine.url.endswith("/my/"):
                mine.failure(f"the code did not open the request (HTTP {mine.status_code})")
            else:
                ack("lookup", code=code)


class Visitor(Person):
    weight = 4

    @task
    def take_a_ticket_and_watch_it(self) -> None:
        self.client.cookies.clear()
        page = self.client.get(f"/q/{POINT}/", name="queue: point")
        services = SERVICE.findall(page.text)
        if page.status_code != 200 or not services:
            return
        data = {"csrfmiddlewaretoken": found(CSRF, page.text), "service": random.choice(services), "email": ""}
        with self.client.post(
            f"/q/{POINT}/", data, name="queue: take a ticket", allow_redirects=False, catch_response=True
        ) as answer:
            where = answer.headers.get("Location", "")
            if answer.status_code != 302 or "/q/t/" not in where:
                answer.failure(f"no ticket (HTTP {answer.status_code})")
                return
            token = where.rstrip("/").rsplit("/", 1)[-1]
        ack("ticket", token=token)
        for _ in range(3):  # the ticket's page refreshes itself every 10 s
            self.client.get(where, name="queue: my ticket")
            time.sleep(random.uniform(1, 3))


class Host(Person):
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        if not HOSTS:
            raise RuntimeError("HAVEN_LOAD_HOSTS names no hosts")
        email = HOSTS[next(_next_host) % len(HOSTS)]
        form = self.client.get("/accounts/login/", name="host: log in form")
        self.client.post(
            "/accounts/login/", {"csrfmiddlewaretoken": found(CSRF, form.text), "login": email, "password": PASSWORD},
            name="host: log in",
        )  # fmt: skip

    @task
    def accept_a_proposal(self) -> None:
        page = self.client.get("/host/stays/", name="host: stays")
        stays = HOST_STAY.findall(page.text)
        if not stays:
            return
        stay = random.choice(stays)
        detail = self.client.get(f"/host/stays/{stay}/", name="host: a stay")
        if 'action="/host/stays/' + stay + '/accept/"' not in detail.text:
            return  # answered already
        with self.client.post(
            f"/host/stays/{stay}/accept/", {"csrfmiddlewaretoken": found(CSRF, detail.text)}, name="host: accept",
            catch_response=True,
        ) as answer:  # fmt: skip
            if 'class="msg-success"' in answer.text:
                ack("accept", stay=stay)
            elif answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")
