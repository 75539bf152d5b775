"""What the workspaces app tells the apps above it, which it must not import.

- ``member_joined(workspace_id, user_id, using)``: someone became a member (after the membership
  row is written, in the same transaction, through the database alias ``using``: accepting an
  invite writes through the service connection, since the person is not a member yet).
- ``member_leaving(workspace_id, user_id, by_id)``: someone is about to stop being a member: they
  leave (``by_id`` is themselves) or an owner removes them. Sent inside the transaction, while
  the membership still exists, so a receiver can still write the workspace's rows under
  row-level security: the tasks app takes the person off the tasks assigned to them.

Each receiver runs in the sender's transaction: if one raises, nothing of the change is kept.
"""

from __future__ import annotations

from django.dispatch import Signal

member_joined = Signal()
member_leaving = Signal()
