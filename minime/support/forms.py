"""The contact form as the page draws it. It only carries what was typed: `contact_send` checks
it and its messages are shown beside the fields (`add_service_errors`)."""

from __future__ import annotations

from django import forms

from minime.core import limits
from minime.support.models import Topic

HONEYPOT = "website"


class ContactForm(forms.Form):
    topic = forms.CharField(
        label="What is it about?",
        required=False,
        widget=forms.Select(choices=[("", "Choose one"), *Topic.choices], attrs={"required": True}),
    )
    email = forms.CharField(
        label="Your email address",
        required=False,
        help_text="The answer goes here. We also send you a copy of your message.",
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                "maxlength": limits.CONTACT_EMAIL_MAX,
                "required": True,
            }
        ),
    )
    message = forms.CharField(
        label="Your message",
        required=False,
        help_text=f"Up to {limits.CONTACT_MESSAGE_MAX:,} characters.",
        widget=forms.Textarea(
            attrs={"rows": 8, "maxlength": limits.CONTACT_MESSAGE_MAX, "required": True}
        ),
    )
    # The honeypot: out of sight and out of the keyboard's and screen readers' way (the page
    # wraps it in an aria-hidden block); robots that fill in every field fill it in too.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
