"""What Haven must never keep or leak about a household."""

from __future__ import annotations

import logging
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from conftest import need_data
from haven.registry.forms import HouseholdForm
from haven.registry.models import Household
from haven.registry.services import DuplicateSubmission, register_household


def test_no_log_line_holds_a_code_or_a_contact(caplog, almaty, settings):
    caplog.set_level(logging.DEBUG)
    client = Client()
    data = need_data(almaty, submission_token=str(uuid.uuid4()), contact_email="alexei@example.org")
    code = client.post("/register/", data).context["code"]
    Client().post("/code/", {"code": code})
    Client().post("/code/", {"code": "ZZZZ-ZZZZ"})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in [code, code[:4] + "-" + code[4:], "alexei@example.org", "@alexei_k"]:
        assert secret not in logged


def test_no_model_has_a_field_for_a_legal_identity():
    from django.apps import apps

    forbidden = ["first_name", "last_name", "surname", "passport", "nationality", "ethnic", "military", "birth"]
    for model in apps.get_models():
        if model._meta.app_label not in {"accounts", "registry", "hosting", "audit"}:
            continue
        for field in model._meta.get_fields():
            assert not any(word in field.name for word in forbidden), f"{model.__name__}.{field.name}"


@pytest.mark.django_db(transaction=True)
def test_a_double_submission_from_two_threads_creates_one_household(almaty):
    """Two presses of "send" racing each other: the database keeps exactly one."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is proven on PostgreSQL; SQLite serialises writers")
    token = uuid.uuid4()
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    data = need_data(almaty)

    def press() -> None:
        form = HouseholdForm(data)
        assert form.is_valid(), form.errors
        barrier.wait()
        try:
            register_household(submission_token=token, **form.cleaned_data)
            outcomes.append("created")
        except DuplicateSubmission:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["created", "duplicate", "duplicate", "duplicate"]
    assert Household.objects.filter(submission_token=token).count() == 1
