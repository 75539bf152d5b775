"""Development secrets, generated once per checkout and kept in an ignored file.

A public deployment never uses these: `config.checks` refuses to start when the secret key or the
encryption key still comes from this file, and `minime.notifications.checks` when the Web Push
(VAPID) keys do.
"""

from __future__ import annotations

import json
import os
import secrets
from base64 import urlsafe_b64encode
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KEYS = {"secret_key", "encryption_key", "vapid_private_key", "vapid_public_key"}


def _b64url(raw: bytes) -> str:
    return urlsafe_b64encode(raw).rstrip(b"=").decode()


def vapid_key_pair() -> dict[str, str]:
    """A new Web Push (VAPID) key pair: the raw 32-byte P-256 private key and the uncompressed
    public point, both base64url without padding (what pywebpush and the browser take)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return {
        "vapid_private_key": _b64url(key.private_numbers().private_value.to_bytes(32, "big")),
        "vapid_public_key": _b64url(
            key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        ),
    }


def load_or_create_local_secrets(path: Path) -> dict[str, str]:
    """Return {"secret_key", "encryption_key", "vapid_private_key", "vapid_public_key"},
    creating the file (mode 0600) the first time. A file from before a key existed gets the
    missing ones added; the keys it has are kept."""
    data: dict[str, str] = {}
    try:
        data = json.loads(path.read_text())
        if data.keys() >= KEYS:
            return data
    except (FileNotFoundError, ValueError):
        data = {}
    missing = "secret_key" not in data or "encryption_key" not in data
    if missing:
        data = {
            "secret_key": secrets.token_urlsafe(50),
            "encryption_key": urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        }
    if not {"vapid_private_key", "vapid_public_key"} <= data.keys():
        data.update(vapid_key_pair())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    try:
        if path.exists():
            # An older file: completed in place (atomically), its keys unchanged.
            os.replace(tmp, path)
        else:
            # Two processes starting together: the first file to land wins, both read it back.
            os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return json.loads(path.read_text())
