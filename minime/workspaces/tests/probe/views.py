"""Views for the row-level-security tests. They are deliberately careless: no workspace filter."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from minime.workspaces.models import Workspace
from minime.workspaces.tests.probe.models import ProbeNote


def list_all_notes(request: HttpRequest) -> JsonResponse:
    notes = ProbeNote.objects.all().order_by("text")  # no workspace filter, on purpose
    return JsonResponse({"texts": [n.text for n in notes]})


@csrf_exempt
def create_note_in(request: HttpRequest, workspace_uuid: str) -> JsonResponse:
    workspace = Workspace.objects.using("service").get(uuid=workspace_uuid)
    note = ProbeNote.objects.create(workspace_id=workspace.pk, text=request.POST["text"])
    return JsonResponse({"uuid": str(note.uuid)}, status=201)
