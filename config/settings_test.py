"""Test settings: the real ones, with fast hashing, inline background tasks and in-memory mail."""

import os

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process when enqueued; the database backend and its worker have their own tests.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # live_server serves unhashed names; the manifest storage would 404 them.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# A workspace-owned model that exists only in tests, so RLS is proven on a real table.
INSTALLED_APPS = [*INSTALLED_APPS, "minime.workspaces.tests.probe"]
LOGGING = {"version": 1, "disable_existing_loggers": False}

if not DATABASE_IS_POSTGRES:  # noqa: F405
    # A real file, not shared-cache memory: WAL and the write lock behave as in production, so
    # concurrency tests (two schedulers, the live server) mean something.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
else:
    # Parallel runs against one server (several checkouts, or CI beside a developer) can each
    # name their own test database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("MINIME_TEST_DB_NAME", "test_minime")
    }
