"""An administrator creates regions and coordinators in the Django admin."""

from __future__ import annotations

from conftest import PASSWORD, activate_totp, logged_in, make_user
from haven.accounts.models import District, Membership, Region, User


def admin_client():
    admin = make_user("root@example.org", is_staff=True, is_superuser=True)
    activate_totp(admin)
    return logged_in(admin)


def inline(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_the_admin_creates_a_region_with_districts(db):
    client = admin_client()
    data = {
        "name_en": "Shymkent", "name_ru": "Шымкент", "name_kk": "Шымкент", "slug": "shymkent", "country": "KZ", "timezone": "Asia/Almaty",
        "is_active": "on",
        **inline("districts", 1),
        "districts-0-name_en": "Abay", "districts-0-name_ru": "Абайский", "districts-0-name_kk": "Абай",
        "districts-0-slug": "abay",
    }  # fmt: skip
    response = client.post("/admin/accounts/region/add/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    region = Region.objects.get(slug="shymkent")
    assert District.objects.get(region=region).name_ru == "Абайский"


def test_the_admin_creates_a_coordinator_for_a_region(almaty):
    client = admin_client()
    response = client.post(
        "/admin/accounts/user/add/",
        {"email": "dana@example.org", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true",
         **inline("memberships")},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email="dana@example.org")
    change = f"/admin/accounts/user/{user.pk}/change/"
    page = client.get(change)
    assert page.status_code == 200
    data = {
        "email": "dana@example.org", "display_name": "Dana", "is_active": "on", "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00", **inline("memberships", 1), "memberships-0-region": str(almaty.pk),
        "memberships-0-role": "coordinator",
    }  # fmt: skip
    response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Membership.objects.filter(user=user, region=almaty, role="coordinator").exists()
    # She must set up her second factor before she sees anything.
    assert logged_in(user).get("/coord/")["Location"] == "/accounts/2fa/totp/activate/"


def test_households_are_not_in_the_admin_at_all(arrival, db):
    _, household, _ = arrival
    client = admin_client()
    assert client.get(f"/admin/registry/household/{household.pk}/change/").status_code == 404
    assert "Алексей" not in client.get("/admin/").text


def test_offers_cannot_be_deleted_from_the_admin(host, almaty):
    from haven.backoffice.tests.test_backoffice import offer_in

    offer = offer_in(almaty, host)
    client = admin_client()
    assert client.post(f"/admin/hosting/offer/{offer.pk}/delete/", {"post": "yes"}).status_code == 403


def test_a_coordinator_who_is_not_staff_is_refused_by_the_admin_without_a_redirect_loop(coordinator_client):
    response = coordinator_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
