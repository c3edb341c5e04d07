"""What a message says: in the recipient's language, with signed absolute links, and no
contact of anyone in the text; erasure takes a household's messages with it."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from haven.accounts.models import Region, User
from haven.notify import services
from haven.notify.models import Message, MessageState
from haven.notify.tests.helpers import TEST_TEMPLATES, family, links_in, tell_guest, tell_host
from haven.registry.services import erase_household
from haven.stays.models import Stay
from haven.stays.tests.helpers import a_household, an_offer, proposed

# --- 4. the recipient's language ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_a_message_is_written_in_its_language(host: User, language: str) -> None:
    tell_host(host, language=language)
    assert services.send_due(now=timezone.now()) == 1
    with translation.override(language):
        subject = gettext("Haven: a stay was cancelled")
        text = gettext("A stay at your place was cancelled; the beds are free again.")
    (sent,) = mail.outbox
    assert sent.subject == subject
    assert sent.body.startswith(text + "\n")


@pytest.fixture
def translated_template(settings: Any) -> None:
    """notify/test_translated.txt: a template made of strings that the catalogues translate."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates


@pytest.mark.usefixtures("translated_template")
def test_the_same_message_differs_between_languages_and_the_senders_language_is_left_alone(host: User) -> None:
    for language in ["ru", "kk", "en"]:
        services.enqueue(
            key=f"test:{language}", template="test_translated", language=language, to_user=host,
            context={"stay": str(uuid.uuid4()), "link": "test-host-stay"},
        )  # fmt: skip
    with translation.override("en"):
        assert services.send_due(now=timezone.now()) == 3
        assert translation.get_language() == "en"
    subjects = [m.subject for m in mail.outbox]
    expected = []
    for language in ["ru", "kk", "en"]:
        with translation.override(language):
            expected.append(gettext("Save"))
    assert subjects == expected
    assert len(set(subjects)) == 3  # "Сохранить", "Сақтау", "Save"


def test_an_empty_language_means_russian(host: User) -> None:
    assert tell_host(host, language="").language == "ru"


# --- 7. rendering: absolute signed links, no contacts ------------------------------------------


def test_the_body_links_to_the_site_with_an_absolute_address(host: User) -> None:
    message = tell_host(host, language="en")
    subject, body = services.render(message)
    assert subject == "Haven: a stay was cancelled"
    (link,) = links_in(body)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/")
    assert link.endswith(f"/host/stays/{message.context['stay']}/")
    assert services.send_due(now=timezone.now()) == 1
    assert link in mail.outbox[0].body


def test_a_site_url_with_a_trailing_slash_gives_no_double_slash(host: User, settings: Any) -> None:
    settings.SITE_URL = "https://haven.example.org/"
    (link,) = links_in(services.render(tell_host(host))[1])
    assert link.startswith("https://haven.example.org/host/stays/")


@pytest.fixture
def a_stay(almaty: Region, host: User, coordinator: User) -> Stay:
    """A real proposal: the stays service wrote one message to the host and one to the guest."""
    return proposed(a_household(almaty), an_offer(almaty, host), by=coordinator)


def sent_to(address: str) -> tuple[str, str]:
    """The subject and body of the one e-mail sent to ``address``."""
    (found,) = [m for m in mail.outbox if m.to == [address]]
    return str(found.subject), str(found.body)


def test_a_guest_link_message_carries_no_address_no_contact_and_no_alias(a_stay: Stay) -> None:
    guest = Message.objects.get(to_household=a_stay.household)
    assert guest.template == "stay_proposed_guest"
    assert guest.context["link"] == "guest-stay"
    assert services.send_due(now=timezone.now()) == 2
    subject, body = sent_to("alexei@example.org")
    (link,) = links_in(body)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/stays/link/")
    text = subject + "\n" + body
    for secret in ["Абая", "кв. 5", "alexei@example.org", "almira@example.org", "Алексей", "Almira"]:
        assert secret not in text
    assert "&#" not in text
    assert "&amp;" not in text
    assert str(a_stay.public_id) not in link  # the stay is named inside the signed token only


def test_the_guest_link_in_the_message_opens_the_stay(a_stay: Stay) -> None:
    services.send_due(now=timezone.now())
    (link,) = links_in(sent_to("alexei@example.org")[1])
    path = link.removeprefix(settings.SITE_URL.rstrip("/"))
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/my/stays/{a_stay.public_id}/")


def test_the_host_message_of_a_stay_names_neither_the_guest_nor_the_address(a_stay: Stay) -> None:
    services.send_due(now=timezone.now())
    subject, body = sent_to("almira@example.org")
    with translation.override("ru"):  # Almira's language: she has not logged in, Russian by default
        assert subject == gettext("Haven: a group asks to stay at your place")
    assert subject != "Haven: a group asks to stay at your place"
    (link,) = links_in(body)
    assert link == settings.SITE_URL.rstrip("/") + f"/host/stays/{a_stay.public_id}/"
    text = subject + "\n" + body
    for secret in ["Абая", "alexei@example.org", "Алексей"]:
        assert secret not in text


# --- 8. erasure --------------------------------------------------------------------------------


def test_an_erased_household_takes_its_pending_messages_with_it(a_stay: Stay) -> None:
    household = a_stay.household
    assert Message.objects.filter(to_household=household, state=MessageState.PENDING).count() == 1
    erase_household(household)
    assert not Message.objects.filter(to_household__isnull=False).exists()
    # The host's message was about a stay erased with the household: nothing is sent.
    assert services.send_due(now=timezone.now()) == 0
    assert mail.outbox == []
    assert Message.objects.get().state == MessageState.UNDELIVERABLE


def test_erasure_also_takes_a_message_already_sent(almaty: Region) -> None:
    household = family(almaty)
    tell_guest(household)
    services.send_due(now=timezone.now())
    erase_household(household)
    assert not Message.objects.exists()
