"""What accounts tell the apps above them, without importing them.

``account_created`` is sent by ``services.user_create`` inside its transaction, with ``user=``;
a receiver that fails rolls the new account back. The workspaces app answers it by giving the
account its personal workspace (``minime.workspaces.apps``), so every account has one.
"""

from django.dispatch import Signal

account_created = Signal()
