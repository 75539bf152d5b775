from django.db import models

from minime.core.models import WorkspaceOwned


class ProbeNote(WorkspaceOwned):
    text = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.text
