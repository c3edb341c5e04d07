"""Roles: a viewer sees figures and nothing personal; a lead coordinator manages her city's team."""

from __future__ import annotations

import pytest

from conftest import logged_in, make_user
from haven.accounts.models import Membership, Role
from haven.accounts.selectors import needs_second_factor
from haven.audit.models import Action, Entry
from haven.stays.tests.helpers import a_household, an_offer, proposed


@pytest.fixture
def viewer(almaty):  # type: ignore[no-untyped-def]
    user = make_user("viewer@example.org", display_name="Vera")
    Membership.objects.create(user=user, region=almaty, role=Role.VIEWER)
    from conftest import activate_totp

    activate_totp(user)
    return user


@pytest.fixture
def lead(almaty):  # type: ignore[no-untyped-def]
    from conftest import make_coordinator

    user = make_coordinator("lead@example.org", almaty)
    Membership.objects.filter(user=user).update(role=Role.LEAD)
    return user


def test_a_viewer_sees_the_figures_and_no_names(viewer, almaty, host, coordinator):
    stay = proposed(a_household(almaty, "Ирина"), an_offer(almaty, host), by=coordinator)
    from haven.stays import services as stays

    stays.host_decline(stay=stay, by=host, reason="full")  # "back in the pool" for coordinators
    client = logged_in(viewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    home = client.get("/coord/")
    assert home.status_code == 200
    assert "Ирина" not in home.text
    assert "/coord/inbox/" not in home.text
    assert client.get("/coord/dashboard/").status_code == 200
    for url in ["/coord/inbox/", "/coord/households/", "/coord/offers/", "/coord/matching/", "/coord/export/",
                "/coord/audit/", "/coord/imports/", f"/coord/households/{stay.household.public_id}/", "/coord/team/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert needs_second_factor(viewer)


def test_a_lead_adds_and_removes_team_members(lead, almaty, coordinator):
    client = logged_in(lead)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/coord/team/")
    assert page.status_code == 200
    assert "ekaterina@example.org" in page.text
    newcomer = make_user("dinara@example.org")
    assert (
        client.post("/coord/team/", {"email": "DINARA@example.org", "region": "almaty", "role": "viewer"}).status_code
        == 302
    )
    assert Membership.objects.filter(user=newcomer, region=almaty, role=Role.VIEWER).exists()
    unknown = client.post("/coord/team/", {"email": "nobody@example.org", "region": "almaty", "role": "coordinator"})
    assert unknown.status_code == 400
    assert "Ask them to sign up first" in unknown.text
    bad = client.post("/coord/team/", {"email": "x@example.org", "region": "bishkek", "role": "king"})
    assert bad.status_code == 400
    membership = Membership.objects.get(user=coordinator)
    client.post(f"/coord/team/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    own = Membership.objects.get(user=lead)
    refused = client.post(f"/coord/team/{own.pk}/remove/", follow=True)
    assert "cannot remove your own lead role" in refused.text
    assert Entry.objects.filter(action=Action.TEAM, actor=lead).count() == 2


def test_only_leads_manage_a_team_and_only_their_cities(coordinator_client, lead, bishkek, bishkek_coordinator):
    assert coordinator_client.get("/coord/team/").status_code == 404
    other = Membership.objects.get(user=bishkek_coordinator)
    assert logged_in(lead).post(f"/coord/team/{other.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()
