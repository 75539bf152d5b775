from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from minime.yourdata.data import export_schema_markdown


class Command(BaseCommand):
    help = "Write docs/export.md, the export format, from the models."

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.BASE_DIR / "docs" / "export.md"
        path.write_text(export_schema_markdown())
        self.stdout.write(f"wrote {path}")
