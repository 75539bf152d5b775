"""What every page's forms share."""

from __future__ import annotations

from django import forms

from minime.core.errors import Invalid


def add_service_errors(form: forms.BaseForm, exc: Invalid) -> None:
    """Show a service's Invalid on the form: each field's messages on that field (or on the form
    when the form has no such field), the general message when no field is named."""
    if not exc.fields:
        form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
