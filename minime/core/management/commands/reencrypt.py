"""Re-encrypt every stored secret with the newest key in ENCRYPTION_KEYS: the middle step of a key
rotation (docs/deploy.md, "Rotating the encryption key").

    manage.py reencrypt [--dry-run]

The secrets are found by their names (`minime.core.crypto.encrypted_fields`). The command works
through the service connection: outside a request, row-level security shows the app's role no
one's rows. Each batch is read, locked and rewritten in one transaction, so a value changed in
the meantime (a calendar reconnected) is never overwritten with its old self. Only the secret's
column is written: no timestamp or version moves.

A value that no configured key can read is left as it is and listed; after everything else is
done the command fails, so whoever rotates learns of it before dropping the old key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Model

from minime.core import crypto
from minime.core.db import SERVICE_DB

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every stored secret with the newest key in ENCRYPTION_KEYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be re-encrypted; write nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH,
            help="Rows per transaction (default: %(default)s).",
        )

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        verbose = options.get("verbosity", 1) > 0
        done = "to re-encrypt" if dry_run else "re-encrypted"
        unreadable = 0
        for model, field in crypto.encrypted_fields():
            count, missed = self._rotate(model, field, dry_run=dry_run, batch_size=batch_size)
            label = model._meta.label
            for pk in missed:
                self.stderr.write(f"{label} {pk}: {field} cannot be read with any configured key")
            if verbose:
                self.stdout.write(f"{label}.{field}: {count} {done}, {len(missed)} unreadable")
            unreadable += len(missed)
        if dry_run and verbose:
            self.stdout.write("Dry run: nothing was written.")
        if unreadable:
            raise CommandError(
                f"{unreadable} stored secret(s) listed above cannot be read with any key in "
                "ENCRYPTION_KEYS and were left as they were. Keep the old key configured until "
                "they are resolved: if the key that made them is missing, add it back at the end "
                "of ENCRYPTION_KEYS, restart and run reencrypt again; otherwise have the person "
                "reconnect what they belong to (a calendar: disconnect it and connect it again)."
            )

    def _rotate(
        self, model: type[Model], field: str, *, dry_run: bool, batch_size: int
    ) -> tuple[int, list[Any]]:
        """Re-encrypt one column, a batch of rows at a time in pk order; return how many values
        were (or, on a dry run, would be) re-encrypted and the pks of the unreadable ones."""
        stored = (
            model._base_manager.using(SERVICE_DB)
            .exclude(**{f"{field}__isnull": True})
            .exclude(**{field: ""})
            .order_by("pk")
        )
        count, unreadable = 0, []
        after: Any = None
        while True:
            with transaction.atomic(using=SERVICE_DB):
                batch = stored if after is None else stored.filter(pk__gt=after)
                if not dry_run:
                    batch = batch.select_for_update()
                rows = list(batch.values_list("pk", field)[:batch_size])
                changed = []
                for pk, token in rows:
                    try:
                        rotated = crypto.reencrypt(token)
                    except crypto.SecretUnreadable:
                        unreadable.append(pk)
                        continue
                    changed.append(model(pk=pk, **{field: rotated}))
                if changed and not dry_run:
                    model._base_manager.using(SERVICE_DB).bulk_update(changed, [field])
                count += len(changed)
            if len(rows) < batch_size:
                return count, unreadable
            after = rows[-1][0]
