"""``{% quick_add_box %}``: the quick-add form, for any page (the shell's dialog, the Tasks page).

A template tag rather than a view's context, so a page of a lower app (tasks) can hold the box
without its Python importing this one.
"""

from __future__ import annotations

from typing import Any

from django import template

from minime.ai.views.quickadd import QuickAddForm

register = template.Library()


@register.inclusion_tag("ai/_quick_add_form.html", takes_context=True)
def quick_add_box(
    context: template.Context,
    box: str = "quick-add",
    plain: bool = False,
    hotkey: str = "",
    autofocus: bool = False,
) -> dict[str, Any]:
    """An empty box that comes back to the current page. ``box``: the ids' prefix; ``plain``:
    Add posts the page (which then shows what was added) instead of swapping the box;
    ``hotkey``: the shortcut that focuses it (shortcuts.js); ``autofocus``: focus it on load
    (an empty list, whose next step is adding)."""
    request = context["request"]
    form = QuickAddForm(auto_id=f"{box}-%s", initial={"next": request.get_full_path()})
    return {
        "quick_form": form,
        "box": box,
        "plain": plain,
        "hotkey": hotkey,
        "autofocus": autofocus,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
