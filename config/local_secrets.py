"""Development secrets, generated once per checkout and kept in an ignored file.

A public deployment never uses these: `config.checks` refuses to start when the secret key or the
encryption key still comes from this file.
"""

from __future__ import annotations

import json
import os
import secrets
from base64 import urlsafe_b64encode
from pathlib import Path


def load_or_create_local_secrets(path: Path) -> dict[str, str]:
    """Return {"secret_key", "encryption_key"}, creating the file (mode 0600) the first time."""
    try:
        data = json.loads(path.read_text())
        if {"secret_key", "encryption_key"} <= data.keys():
            return data
    except (FileNotFoundError, ValueError):
        pass
    data = {
        "secret_key": secrets.token_urlsafe(50),
        "encryption_key": urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    try:
        # Two processes starting together: the first file to land wins, both read it back.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return json.loads(path.read_text())
