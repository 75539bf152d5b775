"""/contact/ for visitors and signed-in people: the form, refused input kept with its messages,
the limits, the honeypot, and the thank-you page. Plain form posts, no JavaScript."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from minime.core.db import SERVICE_DB
from minime.support.tests.factories import ADDRESS, VISITOR, stored

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])

PAGE = "/contact/"
SENT = "/contact/sent/"


def typed(**fields: str) -> dict[str, str]:
    return {
        "topic": "question",
        "email": VISITOR,
        "message": "Where do recurring tasks go when I finish them?",
        "website": "",
        **fields,
    }


def tag(html: str, element_id: str) -> str:
    found = re.search(rf'<(?:input|select|textarea)[^>]*id="{element_id}"[^>]*>', html)
    assert found is not None, element_id
    return found.group(0)


def test_a_visitor_gets_the_form_with_the_public_header():
    response = Client().get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write to us" in html and "csrfmiddlewaretoken" in html
    assert 'class="site-header"' in html and 'class="sidebar"' not in html
    assert re.search(r'<option value="" selected>Choose one</option>', html)
    for value, label in [("question", "A question"), ("privacy", "Privacy or my data")]:
        assert f'<option value="{value}">{label}</option>' in html
    assert 'value="' not in tag(html, "id_email")
    assert 'maxlength="5000"' in tag(html, "id_message")


def test_the_honeypot_is_out_of_sight_out_of_the_tab_order_and_not_announced():
    html = Client().get(PAGE).content.decode()
    block = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S)
    assert block is not None
    field = tag(block.group(1), "id_website")
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert 'name="website"' in field


def test_a_link_can_pick_the_topic():
    html = Client().get(PAGE + "?topic=privacy").content.decode()
    assert '<option value="privacy" selected>Privacy or my data</option>' in html
    html = Client().get(PAGE + "?topic=nonsense").content.decode()
    assert '<option value="" selected>Choose one</option>' in html


def test_a_signed_in_person_finds_their_address_filled_in_and_may_change_it(client, alice):
    client.force_login(alice)
    html = client.get(PAGE).content.decode()
    field = tag(html, "id_email")
    assert 'value="alice@example.com"' in field and "readonly" not in field
    assert 'class="sidebar"' in html  # inside the app's shell
    assert "Download my data" in html

    response = client.post(PAGE, typed(email="alice.work@example.com"))
    assert response.status_code == 302
    kept = stored().get()
    assert (kept.user_id, kept.email) == (alice.pk, "alice.work@example.com")


def test_sending_redirects_to_the_thank_you_page_and_mails_a_copy():
    client = Client()
    response = client.post(PAGE, typed(email="Visitor@Example.com"), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    assert response["Location"] == SENT
    kept = stored().get()
    assert (kept.topic, kept.email, kept.user_id) == ("question", VISITOR, None)
    assert kept.message == "Where do recurring tasks go when I finish them?"
    (email,) = mail.outbox
    assert email.to == [VISITOR]

    page = client.get(SENT).content.decode()
    assert "Thank you, your message is sent" in page
    assert f"<strong>{VISITOR}</strong>" in page


def test_refused_input_comes_back_with_messages_beside_the_fields_and_nothing_lost():
    text = "Half a thought <b>with markup</b> & more"
    response = Client().post(PAGE, typed(topic="idea", email="not-an-address", message=text))
    assert response.status_code == 422
    html = response.content.decode()
    errors = re.search(r'<ul class="errorlist" id="id_email_errors">(.*?)</ul>', html, re.S)
    assert errors is not None
    assert "That is not an email address: check it for a typo." in errors.group(1)
    assert 'aria-invalid="true"' in tag(html, "id_email")
    assert 'value="not-an-address"' in tag(html, "id_email")
    assert "Half a thought &lt;b&gt;with markup&lt;/b&gt; &amp; more</textarea>" in html
    assert '<option value="idea" selected>An idea or a wish</option>' in html
    assert not stored().exists()
    assert mail.outbox == []


def test_an_empty_form_names_every_field():
    response = Client().post(PAGE, typed(topic="", email="", message=""))
    assert response.status_code == 422
    html = response.content.decode()
    for field, message in [
        ("topic", "Choose what your message is about."),
        ("email", "Type the email address the answer should go to."),
        ("message", "Write your message."),
    ]:
        errors = re.search(rf'id="id_{field}_errors">(.*?)</ul>', html, re.S)
        assert errors is not None and message in errors.group(1), field


def test_past_the_limit_the_page_asks_to_wait_and_keeps_what_was_typed(settings):
    settings.CONTACT_LIMIT_PER_ADDRESS = 2
    client = Client()
    for n in range(2):
        assert client.post(PAGE, typed(email=f"p{n}@example.com")).status_code == 302
    response = client.post(PAGE, typed(email="p9@example.com", message="Third one"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many messages from this network in the last hour. Try again in 60 minutes." in html
    assert 'value="p9@example.com"' in tag(html, "id_email")
    assert "Third one</textarea>" in html
    assert stored().count() == 2


def test_a_robot_filling_the_honeypot_sees_success_and_nothing_is_kept():
    response = Client().post(PAGE, typed(website="https://spam.example"))
    assert response.status_code == 302 and response["Location"] == SENT
    assert not stored().exists()
    assert mail.outbox == []


def test_a_post_without_the_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post(PAGE, typed())
    assert response.status_code == 403
    assert not stored().exists()


def test_the_page_works_without_a_session_email_on_the_thank_you_page():
    page = Client().get(SENT).content.decode()
    assert "answer you by email. We also sent you a copy" in page
