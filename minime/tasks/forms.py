"""Forms for tasks and projects. Related objects are chosen from the workspace's own rows only:
a posted uuid of another workspace is simply not a valid choice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.db.models import Model
from django.db.models.functions import Lower

from minime.accounts.models import User
from minime.areas.models import LifeArea
from minime.core import limits
from minime.core.models import linked_model
from minime.core.recurrence import PRESETS, describe
from minime.core.vocabulary import Energy
from minime.core.widgets import FastSelect
from minime.tasks.models import Label, Priority, Project, ProjectStatus, RepeatFrom, Task
from minime.tasks.selectors import (
    DUE_WINDOWS,
    GROUPINGS,
    SORTS,
    STATUS_FILTERS,
    TaskFilters,
    TaskView,
)

if TYPE_CHECKING:
    from minime.workspaces.models import Workspace

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
PRESET_LABELS = {key: describe(rule) for key, rule in PRESETS.items()}
CUSTOM = "custom"
ASSIGNED_TO_ME, NOBODY = "me", "nobody"  # the task list's "Assigned to" filter


class WorkspaceChoices:
    """Select fields filled from the workspace, and the objects behind the chosen uuids. In a
    shared workspace, `assignee` is filled with its members (by email); elsewhere it is left out
    (a personal workspace has no one else to give a task to)."""

    related: dict[str, dict[str, Model]]
    members: dict[str, User]

    def load_members(self, fields: dict[str, Any], workspace: Workspace, blank: str) -> None:
        self.members = {}
        if workspace.is_personal:
            del fields["assignee"]
            return
        people = User.objects.filter(memberships__workspace=workspace).order_by(
            Lower("display_name"), "email"
        )
        self.members = {user.email: user for user in people}
        fields["assignee"].choices = [("", blank)] + [
            (email, f"{user.name} ({email})") for email, user in self.members.items()
        ]

    def load(
        self, fields: dict[str, Any], workspace: Workspace, names: tuple[str, ...], blank: str
    ) -> None:
        self.related = {}
        sources: dict[str, Any] = {
            "project": Project.objects.in_workspace(workspace).order_by("position", "created_at"),
            "area": LifeArea.objects.in_workspace(workspace).order_by("position", "name"),
            "goal": linked_model(Task, "goal")
            .objects.in_workspace(workspace)
            .order_by("position", "created_at"),
        }
        for name in names:
            rows = {str(obj.uuid): obj for obj in sources[name]}
            self.related[name] = rows
            field = fields[name]
            field.choices = [("", blank)] + [(k, _title(obj)) for k, obj in rows.items()]

    def chosen(self, name: str, value: str | None) -> Any:
        return self.related[name].get(value) if value else None


def _title(obj: Any) -> str:
    if isinstance(obj, Project) and obj.status != ProjectStatus.ACTIVE:
        return f"{obj.title} ({obj.get_status_display().lower()})"
    return str(obj)


def split_labels(text: str) -> list[str]:
    return [name.strip() for name in (text or "").split(",") if name.strip()]


def check_label_names(names: list[str]) -> None:
    """Raise a form ValidationError for a name too long, or more names than a task may have."""
    too_long = [name for name in names if len(name) > limits.LABEL_NAME_MAX]
    if too_long:
        raise forms.ValidationError(
            f"“{too_long[0]}” is too long: a label name has at most "
            f"{limits.LABEL_NAME_MAX} characters."
        )
    if len({name.lower() for name in names}) > limits.LABELS_PER_TASK:
        raise forms.ValidationError(limits.too_many("labels on a task", limits.LABELS_PER_TASK))


# Every name at its longest, with ", " between them.
LABELS_TEXT_MAX = limits.LABELS_PER_TASK * (limits.LABEL_NAME_MAX + 2)


# ---------------------------------------------------------------------------------------------
# Task list filters (GET)


class TaskFilterForm(WorkspaceChoices, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=limits.SEARCH_MAX)
    project = forms.ChoiceField(required=False, widget=FastSelect)
    area = forms.ChoiceField(required=False, widget=FastSelect)
    label = forms.ChoiceField(required=False, widget=FastSelect)
    goal = forms.ChoiceField(required=False, widget=FastSelect)
    due = forms.ChoiceField(
        label="Due",
        required=False,
        choices=[("", "Any time"), *DUE_WINDOWS.items()],
        widget=FastSelect,
    )
    energy = forms.ChoiceField(
        required=False, choices=[("", "Any energy"), *Energy.choices], widget=FastSelect
    )
    fits_in = forms.IntegerField(
        label="Fits in (minutes)", required=False, min_value=1, max_value=limits.FITS_IN_MAX
    )
    assigned = forms.ChoiceField(
        label="Assigned to",
        required=False,
        choices=[("", "Anyone"), (ASSIGNED_TO_ME, "Me"), (NOBODY, "No one yet")],
        widget=FastSelect,
    )
    status = forms.ChoiceField(
        required=False, choices=list(STATUS_FILTERS.items()), widget=FastSelect
    )

    def __init__(self, data: Any, *, workspace: Workspace, user_id: int | None = None) -> None:
        self.user_id = user_id
        labels = Label.objects.in_workspace(workspace).order_by(Lower("name"))
        names = list(labels.values_list("name"))
        canonical = {name.lower(): name for (name,) in names}
        wanted = (data or {}).get("label") or ""
        if wanted.strip().lower() in canonical:  # ?label=ERRANDS finds "errands"
            data = data.copy()
            data["label"] = canonical[wanted.strip().lower()]
        super().__init__(data)
        self.load(self.fields, workspace, ("project", "area", "goal"), "Any")
        if workspace.is_personal or user_id is None:
            del self.fields["assigned"]
        label_field = self.fields["label"]
        assert isinstance(label_field, forms.ChoiceField)
        label_field.choices = [("", "Any")] + [(name, name) for name in canonical.values()]
        self.fields["q"].widget.attrs.update(
            {"data-hotkey": "search", "type": "search", "placeholder": "Search tasks"}
        )

    def filters(self) -> TaskFilters:
        """The filters typed; a value that isn't valid is left out (and shown as an error)."""
        self.is_valid()
        data = self.cleaned_data

        def uuid(name: str) -> UUID | None:
            return UUID(data[name]) if data.get(name) else None

        assigned = data.get("assigned")
        return TaskFilters(
            status=data.get("status") or "open",
            assignee=self.user_id if assigned == ASSIGNED_TO_ME else assigned or None,
            project=uuid("project"),
            area=uuid("area"),
            goal=uuid("goal"),
            label=data.get("label") or None,
            due=data.get("due") or None,
            energy=data.get("energy") or None,
            fits_in=data.get("fits_in"),
            q=data.get("q") or None,
        )


class TaskViewForm(forms.Form):
    """How the list is laid out (GET `group` and `sort`); a value it doesn't know is ignored."""

    group = forms.ChoiceField(label="Group by", required=False, choices=list(GROUPINGS.items()))
    sort = forms.ChoiceField(label="Sort by", required=False, choices=list(SORTS.items()))

    def view(self) -> TaskView:
        self.is_valid()
        data = self.cleaned_data
        return TaskView(group=data.get("group") or "when", sort=data.get("sort") or "manual")


# ---------------------------------------------------------------------------------------------
# Ordering by hand


class MoveForm(forms.Form):
    """Where to move a task in its list: one of `direction` (up or down by one), `position`
    (1 is first), `after` or `before` another task of the list."""

    direction = forms.ChoiceField(required=False, choices=[("up", "Up"), ("down", "Down")])
    position = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    after = forms.UUIDField(required=False)
    before = forms.UUIDField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("direction", "position", "after", "before") if data.get(name)]
        if len(given) != 1 and not self.errors:
            raise forms.ValidationError("Say where to move the task.")
        return data

    def target(self, task: Task, among: list[Task]) -> int | None:
        """The 1-based position the task should take in `among` (its list, in order, with it),
        or None when the task or the named neighbour isn't in it."""
        data = self.cleaned_data
        pks = [t.pk for t in among]
        if task.pk not in pks:
            return None
        if data.get("position"):
            return int(data["position"])
        if data.get("direction"):
            index = pks.index(task.pk)
            return index if data["direction"] == "up" else index + 2
        others = [t.uuid for t in among if t.pk != task.pk]
        neighbour = data.get("after") or data.get("before")
        if neighbour not in others:
            return None
        return others.index(neighbour) + (2 if data.get("after") else 1)


# ---------------------------------------------------------------------------------------------
# Adding and editing tasks


class QuickAddForm(forms.Form):
    title = forms.CharField(label="New task", max_length=limits.TASK_TITLE_MAX)
    due_date = forms.DateField(label="Due", required=False, widget=DATE)
    priority = forms.TypedChoiceField(
        choices=Priority.choices, coerce=int, initial=Priority.NONE, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update(
            {"data-hotkey": "add", "placeholder": "Add a task", "autocomplete": "off"}
        )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "due_date": data.get("due_date"),
            "priority": data.get("priority") or Priority.NONE,
        }


class SubtaskForm(forms.Form):
    title = forms.CharField(
        label="New subtask",
        max_length=limits.TASK_TITLE_MAX,
        error_messages={"required": "Give the subtask a title."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update({"autocomplete": "off"})


class TaskForm(WorkspaceChoices, forms.Form):
    """The whole task. `version` is the version the page was rendered from."""

    title = forms.CharField(max_length=limits.TASK_TITLE_MAX)
    notes = forms.CharField(
        required=False, max_length=limits.NOTES_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, initial=0)
    due_date = forms.DateField(label="Due date", required=False, widget=DATE)
    due_time = forms.TimeField(label="Due time", required=False, widget=TIME)
    do_on = forms.DateField(
        label="Do on", required=False, widget=DATE, help_text="The day you plan to do it."
    )
    estimate_minutes = forms.IntegerField(
        label="Estimate (minutes)",
        required=False,
        min_value=1,
        max_value=limits.ESTIMATE_MINUTES_MAX,
    )
    energy = forms.ChoiceField(required=False, choices=[("", "—"), *Energy.choices])
    deep_work = forms.BooleanField(
        label="Deep work", required=False, help_text="Plan it in one unbroken block."
    )
    project = forms.ChoiceField(required=False)
    goal = forms.ChoiceField(required=False)
    area = forms.ChoiceField(label="Life area", required=False)
    assignee = forms.ChoiceField(
        label="Assigned to",
        required=False,
        help_text="Today plans it for this member only; with no one, for everyone.",
    )
    labels = forms.CharField(
        required=False, max_length=LABELS_TEXT_MAX, help_text="Separate names with commas."
    )
    repeat = forms.ChoiceField(
        required=False,
        choices=[("", "Doesn't repeat"), *PRESET_LABELS.items(), (CUSTOM, "Custom rule…")],
    )
    repeat_from = forms.ChoiceField(label="Next one", choices=RepeatFrom.choices)
    rrule = forms.CharField(
        label="Custom rule",
        required=False,
        max_length=limits.RECURRENCE_MAX,
        help_text="An RRULE such as FREQ=WEEKLY;BYDAY=MO,TH — used when Repeat is “Custom rule”.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Any = None, *, workspace: Workspace, task: Task | None = None) -> None:
        super().__init__(data, initial=_task_initial(task) if task else None)
        self.load(self.fields, workspace, ("project", "goal", "area"), "—")
        self.load_members(self.fields, workspace, "No one (anyone can do it)")

    def clean_labels(self) -> str:
        text: str = self.cleaned_data.get("labels") or ""
        check_label_names(split_labels(text))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeat") == CUSTOM and not (data.get("rrule") or "").strip():
            self.add_error("rrule", "Type a rule, or choose one of the presets.")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        repeat = data.get("repeat") or ""
        recurrence = data["rrule"].strip() if repeat == CUSTOM else PRESETS.get(repeat, "")
        values: dict[str, Any] = {
            "title": data["title"],
            "notes": data.get("notes") or "",
            "priority": data.get("priority") or 0,
            "due_date": data.get("due_date"),
            "due_time": data.get("due_time"),
            "do_on": data.get("do_on"),
            "estimate_minutes": data.get("estimate_minutes"),
            "energy": data.get("energy") or "",
            "deep_work": bool(data.get("deep_work")),
            "project": self.chosen("project", data.get("project")),
            "goal": self.chosen("goal", data.get("goal")),
            "area": self.chosen("area", data.get("area")),
            "labels": split_labels(data.get("labels") or ""),
            "recurrence": recurrence,
            "repeat_from": data.get("repeat_from") or RepeatFrom.DUE,
        }
        if "assignee" in self.fields:
            values["assignee"] = self.members.get(data.get("assignee") or "")
        return values


def _task_initial(task: Task) -> dict[str, Any]:
    preset = next((k for k, rule in PRESETS.items() if rule == task.recurrence), None)
    if task.recurrence and preset is None:
        repeat, rrule = CUSTOM, task.recurrence
    else:
        repeat, rrule = preset or "", ""
    return {
        "title": task.title,
        "notes": task.notes,
        "priority": task.priority,
        "due_date": task.due_date,
        "due_time": task.due_time,
        "do_on": task.do_on,
        "estimate_minutes": task.estimate_minutes,
        "energy": task.energy,
        "deep_work": task.deep_work,
        "project": str(task.project.uuid) if task.project else "",
        "goal": str(task.goal.uuid) if task.goal else "",
        "area": str(task.area.uuid) if task.area else "",
        "assignee": task.assignee.email if task.assignee else "",
        "labels": ", ".join(label.name for label in task.labels.all()),
        "repeat": repeat,
        "rrule": rrule,
        "repeat_from": task.repeat_from,
        "version": task.version,
    }


# ---------------------------------------------------------------------------------------------
# Projects and labels


class ProjectForm(WorkspaceChoices, forms.Form):
    title = forms.CharField(max_length=limits.TITLE_MAX)
    description = forms.CharField(
        required=False, max_length=limits.NOTES_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ChoiceField(label="Life area", required=False)
    goal = forms.ChoiceField(required=False)
    deadline = forms.DateField(required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data: Any = None, *, workspace: Workspace, project: Project | None = None
    ) -> None:
        initial = None
        if project is not None:
            initial = {
                "title": project.title,
                "description": project.description,
                "area": str(project.area.uuid) if project.area else "",
                "goal": str(project.goal.uuid) if project.goal else "",
                "deadline": project.deadline,
                "version": project.version,
            }
        super().__init__(data, initial=initial)
        self.load(self.fields, workspace, ("area", "goal"), "—")
        if project is None:
            self.fields["title"].widget.attrs.update({"data-hotkey": "add"})

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data.get("description") or "",
            "area": self.chosen("area", data.get("area")),
            "goal": self.chosen("goal", data.get("goal")),
            "deadline": data.get("deadline"),
        }


class LabelForm(forms.Form):
    name = forms.CharField(label="New label", max_length=limits.LABEL_NAME_MAX)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"data-hotkey": "add", "autocomplete": "off"})
