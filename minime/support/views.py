"""The contact form (/contact/), for visitors and for signed-in people alike, and the page that
says it was sent (/contact/sent/).

A plain form post that works without JavaScript: refused input comes back with each message
beside its field and everything typed still there (422; 429 past a limit); a message sent
redirects to the thank-you page. A signed-in person's address is filled in, and they may change
it: the answer goes wherever they say.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from minime.accounts.models import User, normalize_email
from minime.accounts.throttle import client_address
from minime.core import limits
from minime.core.errors import Invalid
from minime.core.forms import add_service_errors
from minime.support import services
from minime.support.forms import HONEYPOT, ContactForm
from minime.support.models import Topic

SENT_EMAIL_KEY = "contact_sent_email"


def _page(request: HttpRequest, form: ContactForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "support/contact.html",
        {"form": form, "message_max": f"{limits.CONTACT_MESSAGE_MAX:,}"},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    if request.method == "GET":
        # ?topic=privacy from a page that links here picks the topic.
        topic = request.GET.get("topic", "")
        initial = {
            "email": user.email if user else "",
            "topic": topic if topic in Topic.values else "",
        }
        return _page(request, ContactForm(initial=initial))
    form = ContactForm(request.POST)
    form.is_valid()  # it refuses nothing: it strips what was typed, the service checks it
    typed = form.cleaned_data
    try:
        services.contact_send(
            topic=typed["topic"],
            email=typed["email"],
            message=typed["message"],
            user=user,
            address=client_address(request.META),
            honeypot=typed[HONEYPOT],
        )
    except Invalid as exc:
        add_service_errors(form, exc)
        return _page(request, form, status=422)
    except services.TooManyMessages as exc:
        form.add_error(None, exc.message)
        return _page(request, form, status=429)
    request.session[SENT_EMAIL_KEY] = normalize_email(typed["email"])
    return redirect("support:sent")


@require_GET
def contact_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "support/contact_sent.html", {"email": request.session.get(SENT_EMAIL_KEY)}
    )
