"""Coordinators and administrators log in with a password and a TOTP code."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.test import Client

from conftest import PASSWORD, logged_in, make_user
from haven.accounts.models import Membership, Role


def current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_a_coordinator_without_totp_is_sent_to_set_it_up(almaty):
    user = make_user("new.coordinator@example.org")
    Membership.objects.create(user=user, region=almaty, role=Role.COORDINATOR)
    response = logged_in(user).get("/coord/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_a_host_needs_no_second_factor(host):
    assert logged_in(host).get("/host/").status_code == 200


def test_login_asks_a_coordinator_for_the_code(almaty):
    from conftest import activate_totp, make_coordinator

    user = make_coordinator("kate@example.org", almaty)
    Authenticator.objects.filter(user=user).delete()
    secret = activate_totp(user)
    client = Client()
    response = client.post("/accounts/login/", {"login": "kate@example.org", "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/coord/").status_code == 302  # not logged in yet
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    ok = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert ok.status_code == 302
    assert client.get("/coord/").status_code == 200
    assert client.session.get_expiry_age() <= 10 * 3600  # a working day, not two weeks


def test_the_admin_logs_in_through_the_same_door(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_administrator_without_totp_cannot_use_the_admin(db):
    admin = make_user("root@example.org", is_staff=True, is_superuser=True)
    response = logged_in(admin).get("/admin/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_an_administrator_with_totp_uses_the_admin(db):
    from conftest import activate_totp

    admin = make_user("root@example.org", is_staff=True, is_superuser=True)
    activate_totp(admin)
    assert logged_in(admin).get("/admin/accounts/region/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account(host, settings):
    client = Client()
    statuses = [
        client.post("/accounts/login/", {"login": host.email, "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429  # axes' lockout page
    # Even the right password does not get in now.
    client.post("/accounts/login/", {"login": host.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_host_signs_up_and_must_verify_the_email(client, mailoutbox, db):
    response = client.post(
        "/accounts/signup/", {"email": "almira@example.kz", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert client.get("/host/").status_code == 302  # not in until verified


def test_the_signup_form_refuses_a_short_password(client, db):
    response = client.post("/accounts/signup/", {"email": "a@example.kz", "password1": "abc", "password2": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors
