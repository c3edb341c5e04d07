"""Whatever a person (or a script) types, no form answers with a server error."""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import need_data

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>", "' OR 1=1; --", "\u202e\u200f\u200b", "\x00", "💥" * 50, "9" * 5000,
            "-1", "1e309", "NaN", "2022-02-30", "0000-00-00", "../../etc/passwd", "{{ 7*7 }}", "%(x)s",
        ]
    ),
)  # fmt: skip
FIELDS = ["alias", "adults", "children", "region", "district", "needed_from", "needed_until",
          "contact_telegram", "contact_phone", "contact_email", "languages", "submission_token"]  # fmt: skip
OFFER_FIELDS = ["kind", "region", "district", "address", "beds", "max_households", "available_from",
                "available_until", "max_nights", "is_free", "price_per_night", "currency", "rules", "languages"]  # fmt: skip
RELAXED = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@RELAXED
@given(values=st.dictionaries(st.sampled_from(FIELDS), hostile_text, min_size=1))
def test_the_registration_form_never_fails(client, almaty, settings, values):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "register": "100000/60"}
    data = need_data(almaty, submission_token=str(uuid.uuid4()))
    data.update(values)
    response = client.post("/register/", data)
    assert response.status_code in {200, 302}


@RELAXED
@given(code=hostile_text)
def test_the_code_lookup_never_fails(client, db, settings, code):
    settings.HAVEN_RATE_LIMITS = {**settings.HAVEN_RATE_LIMITS, "code-lookup": "100000/60"}
    assert client.post("/code/", {"code": code}).status_code == 200


@RELAXED
@given(values=st.dictionaries(st.sampled_from(OFFER_FIELDS), hostile_text, min_size=1))
def test_the_offer_form_never_fails(host_client, almaty, values):
    from haven.hosting.tests.test_offers import offer_data

    data = offer_data(almaty)
    data.update(values)
    assert host_client.post("/host/offers/new/", data).status_code in {200, 302}


@RELAXED
@given(why=hostile_text, vetting=hostile_text, note=hostile_text)
def test_the_back_office_forms_never_fail(coordinator_client, arrival, why, vetting, note):
    _, household, _ = arrival
    response = coordinator_client.post(f"/coord/households/{household.public_id}/contact/", {"why": why})
    assert response.status_code in {200, 400}
    listing = coordinator_client.get("/coord/households/", {"region": why, "status": vetting, "page": note})
    assert listing.status_code == 200
