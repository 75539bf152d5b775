"""What accounts tell the apps above them, without importing them.

``account_created`` is sent by ``services.user_create`` inside its transaction, with ``user=``;
a receiver that fails rolls the new account back. The workspaces app answers it by giving the
account its personal workspace (``minime.workspaces.apps``), so every account has one.

``signed_up_through_invite`` is sent by the sign-up confirmation page once the account exists
and is signed in, with ``request=``, ``user=`` and ``invite_hash=`` (the hash of the invite
link the sign-up started from, kept with the sign-up so it survives the confirmation email,
whichever browser opens it). A receiver may answer with the address to go on to: the workspaces
app answers with the page that accepts the invite.
"""

from django.dispatch import Signal

account_created = Signal()
signed_up_through_invite = Signal()
