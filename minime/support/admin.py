"""Operators read every contact message and answer it from the admin.

Messages are read through the connection that sees them all (`services.everyone_db`: the
service role on PostgreSQL, where row-level security shows the app role only the operator's own).
What the sender wrote is read-only. While a message has no reply, its page has a reply box:
saving it calls `contact_reply`, which keeps the reply and emails it to the sender. After that the
page is view-only: a message keeps the one reply it got.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from minime.accounts.models import User
from minime.core.errors import Invalid, ServiceError
from minime.support import services
from minime.support.models import ContactMessage

SENT_AS_IS = ["topic", "email", "user", "created_at", "message"]
ANSWER = ["replied_at", "replied_by"]
REFUSED = "_contact_reply_refused"


class ReplyForm(forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["reply"]
        widgets = {"reply": forms.Textarea(attrs={"rows": 12, "cols": 80})}

    def clean_reply(self) -> str:
        try:
            return services.clean_reply(self.cleaned_data.get("reply", ""))
        except Invalid as exc:
            raise forms.ValidationError(exc.message) from None


class Replied(admin.SimpleListFilter):
    title = "answered"
    parameter_name = "answered"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Not yet"), ("yes", "Answered")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("no", "yes"):
            return queryset.filter(replied_at__isnull=self.value() == "no")
        return queryset


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    form = ReplyForm
    list_display = ["topic", "email", "created_at", "is_answered"]
    list_filter = [Replied, "topic"]
    search_fields = ["email", "message", "reply"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    fields = [*SENT_AS_IS, "reply", *ANSWER]
    readonly_fields = [*SENT_AS_IS, *ANSWER]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContactMessage]:
        return super().get_queryset(request).using(services.everyone_db())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # messages come from the contact form

    @admin.display(boolean=True, description="answered", ordering="replied_at")
    def is_answered(self, obj: ContactMessage) -> bool:
        return obj.replied

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A message with its reply is view-only: there is nothing left to send."""
        if obj is not None and obj.replied:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Saving the page is sending the reply: `contact_reply` keeps it and emails it."""
        assert isinstance(request.user, User)
        try:
            services.contact_reply(
                message=obj, reply=form.cleaned_data["reply"], replied_by=request.user
            )
        except ServiceError as exc:  # answered (or deleted) since the page was opened
            setattr(request, REFUSED, exc.message)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        refused = getattr(request, REFUSED, None)
        if refused is not None:
            self.message_user(request, refused, level=messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, f"Reply sent to {obj.email}.", level=messages.SUCCESS)
        return HttpResponseRedirect(request.path)
