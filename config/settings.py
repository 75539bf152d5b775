"""Mini Me OS settings: every knob comes from the environment (documented in .env.example).

Development needs nothing set: SQLite in ./var, a secret key and an encryption key generated once
into ./var/local-secrets.json, e-mail written to ./var/mail. A public deployment must set the
secret key, the encryption keys and its site URL; `config.checks` refuses to start otherwise.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ

from config.local_secrets import load_or_create_local_secrets

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("MINIME_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)  # optional; real environment variables win

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1", "testserver"})

# --- Site -----------------------------------------------------------------------------------------
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
SITE_HOST = _site.hostname or "127.0.0.1"
SITE_IS_HTTPS = _site.scheme == "https"
ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=sorted({SITE_HOST, "localhost", "127.0.0.1", "[::1]"})
)
# A deployment is "public" as soon as one configured address (SITE_URL's host or an ALLOWED_HOSTS
# entry) is not this machine. SITE_URL counts: behind a proxy that passes Host 127.0.0.1,
# ALLOWED_HOSTS is all local while the world reaches the site at SITE_URL.
PUBLIC_HOSTS: list[str] = [
    h for h in dict.fromkeys([SITE_HOST, *ALLOWED_HOSTS]) if h.lower() not in LOCAL_HOSTS
]
PUBLIC_DEPLOYMENT = bool(PUBLIC_HOSTS)
# Debug pages only when asked for, or when nothing but this machine is configured.
DEBUG: bool = env.bool("DEBUG", default=not PUBLIC_DEPLOYMENT)
# A public site on plain http sends passwords and session cookies in clear; config.checks refuses
# it unless this says it is on purpose (a LAN address, or a tunnel that encrypts on its own).
ALLOW_PUBLIC_HTTP: bool = env.bool("ALLOW_PUBLIC_HTTP", default=False)
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]
BEHIND_PROXY: bool = env.bool("BEHIND_PROXY", default=False)

# --- Secrets --------------------------------------------------------------------------------------
_local = load_or_create_local_secrets(VAR_DIR / "local-secrets.json")
DEVELOPMENT_SECRET_KEY = _local["secret_key"]
SECRET_KEY: str = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
# Fernet keys for secrets at rest (iCal URLs, OAuth tokens), newest first. Encrypt with the first,
# decrypt with any: add a new key in front, re-encrypt stored values (`manage.py reencrypt`),
# then drop the old key.
ENCRYPTION_KEYS: list[str] = env.list("ENCRYPTION_KEYS", default=[])
DEVELOPMENT_ENCRYPTION_KEY = _local["encryption_key"]
ENCRYPTION_KEYS_FROM_ENV = bool(ENCRYPTION_KEYS)
if not ENCRYPTION_KEYS:
    ENCRYPTION_KEYS = [DEVELOPMENT_ENCRYPTION_KEY]

# --- Applications ---------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "heroicons",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "minime.core",
    "minime.accounts",
    "minime.workspaces",
    "minime.preferences",
    "minime.areas",
    "minime.notifications",
    "minime.outbox",
    "minime.activity",
    "minime.calendars",
    "minime.gmail",
    "minime.goals",
    "minime.tasks",
    "minime.routines",
    "minime.capture",
    "minime.decisions",
    "minime.focus",
    "minime.today",
    "minime.insights",
    "minime.reviews",
    "minime.ai",
    "minime.automations",
    "minime.support",
    "minime.jobs",
    "minime.yourdata",
    "minime.pages",
]

MIDDLEWARE = [
    "minime.core.middleware.RequestLogMiddleware",
    # gzip for clients that accept it (JSON and pages). Django pads each compressed answer with
    # random bytes (Heal the BREACH) and masks the CSRF token afresh in every page, so a secret
    # cannot be guessed from compressed lengths.
    "django.middleware.gzip.GZipMiddleware",
    # Permissions-Policy everywhere; private, no-store for signed-in answers (see the module).
    "minime.core.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Opens the request's transaction and sets the row-level-security user inside it.
    "minime.workspaces.middleware.WorkspaceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minime.workspaces.context_processors.workspace",
                "minime.pages.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# DATABASE_URL is the role the app runs as. On PostgreSQL it must not own the tables and must not
# bypass row-level security. DATABASE_OWNER_URL is the role that owns the schema and runs
# migrations; DATABASE_SERVICE_URL is the role system work uses (it may bypass RLS). On SQLite all
# three are the same file.
VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{VAR_DIR / 'minime.sqlite3'}"
DATABASE_URL: str = env.str("DATABASE_URL", default="") or _default_db
DATABASE_OWNER_URL: str = env.str("DATABASE_OWNER_URL", default="") or DATABASE_URL
DATABASE_SERVICE_URL: str = env.str("DATABASE_SERVICE_URL", default="") or DATABASE_URL


def _database(url: str) -> dict:
    config = env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Django's SQLite backend, with writers queued in turn (see minime.core.sqlite.base).
        config["ENGINE"] = "minime.core.sqlite"
        config["OPTIONS"] = {
            # WAL lets the web and the worker read while one writes; IMMEDIATE takes the write
            # lock at BEGIN so concurrent writers queue instead of failing with "locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;",
        }
    else:
        config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        options = config.setdefault("OPTIONS", {})
        options["server_side_binding"] = True
        # No JIT: it compiles a query whose estimated cost passes jit_above_cost, which took
        # 210 of 280 ms of the goals list on the heavy workspace and saves nothing on the short
        # queries a web app runs (PostgreSQL turns it on by default).
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        config["CONN_HEALTH_CHECKS"] = True
    return config


SERVICE_DB = "service"  # the clearly named connection for system work (see minime.core.db)
DATABASES = {"default": _database(DATABASE_URL), SERVICE_DB: _database(DATABASE_SERVICE_URL)}
# In tests the service alias points at the same test database (still as its own role).
DATABASES[SERVICE_DB]["TEST"] = {"MIRROR": "default"}
DATABASE_OWNER = _database(DATABASE_OWNER_URL)
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "today:index"
LOGOUT_REDIRECT_URL = "pages:landing"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link lives two hours and works once
SIGN_UP_LINK_HOURS = 24
NEW_ACCOUNT_PLAN: str = env.str("NEW_ACCOUNT_PLAN", default="free")

# --- AI (minime.ai): local by default; a provider only when configured, only on a button press.
AI_PROVIDER: str = env.str("AI_PROVIDER", default="local")
AI_MODEL: str = env.str("AI_MODEL", default="gemini-2.5-flash" if AI_PROVIDER == "gemini" else "")
AI_API_KEY: str = env.str("AI_API_KEY", default="")
AI_BASE_URL: str = env.str("AI_BASE_URL", default="")
AI_TIMEOUT_SECONDS: float = env.float("AI_TIMEOUT_SECONDS", default=20.0)
AI_TRANSCRIBE_MODEL: str = env.str("AI_TRANSCRIBE_MODEL", default="")
# AI button presses per calendar month (UTC) and plan, local engine included.
AI_MONTHLY_QUOTA: dict[str, int] = {
    "free": env.int("AI_QUOTA_FREE", default=100),
    "pro": env.int("AI_QUOTA_PRO", default=1000),
    "max": env.int("AI_QUOTA_MAX", default=5000),
}
# Voice clips sent to the server for transcription (Pro, Max).
VOICE_MAX_SECONDS: int = env.int("VOICE_MAX_SECONDS", default=60)
VOICE_MAX_BYTES: int = env.int("VOICE_MAX_BYTES", default=2 * 1024 * 1024)
# Request bodies read into memory (JSON, form fields; uploaded files such as voice clips are not
# counted). Larger ones are refused: a 413 in the API's error envelope, a 400 page elsewhere.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Failed password sign-ins (see minime/accounts/throttle.py): per account and network in the
# short window; per account across networks in the long one (then only a sign-in link works);
# per network across accounts in the short window (then one attempt per SIGN_IN_SLOW_SECONDS).
SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK = env.int("SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK", default=5)
SIGN_IN_LIMIT_WINDOW_MINUTES = env.int("SIGN_IN_LIMIT_WINDOW_MINUTES", default=15)
SIGN_IN_LIMIT_PER_ACCOUNT = env.int("SIGN_IN_LIMIT_PER_ACCOUNT", default=50)
SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES = env.int("SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES", default=60)
SIGN_IN_LIMIT_PER_ADDRESS = env.int("SIGN_IN_LIMIT_PER_ADDRESS", default=20)
SIGN_IN_SLOW_SECONDS = env.int("SIGN_IN_SLOW_SECONDS", default=30)
# An emailed one-time sign-in link lives this long.
SIGN_IN_LINK_MINUTES = env.int("SIGN_IN_LINK_MINUTES", default=15)
# Account emails (sign-up and reset links) per hour, per recipient and per client address.
EMAIL_LIMIT_PER_RECIPIENT = env.int("EMAIL_LIMIT_PER_RECIPIENT", default=5)
EMAIL_LIMIT_PER_ADDRESS = env.int("EMAIL_LIMIT_PER_ADDRESS", default=20)
# Contact-form messages per hour, per client network and per sender's address (minime.support).
CONTACT_LIMIT_PER_ADDRESS = env.int("CONTACT_LIMIT_PER_ADDRESS", default=5)
CONTACT_LIMIT_PER_EMAIL = env.int("CONTACT_LIMIT_PER_EMAIL", default=3)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SAMESITE = "Lax"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SITE_IS_HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SITE_IS_HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Strict Content-Security-Policy: our own origin only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- E-mail ---------------------------------------------------------------------------------------
# Default: each message is written to VAR_DIR/mail, and /dev/outbox shows it (DEBUG only).
EMAIL_URL: str = env.str("EMAIL_URL", default="") or f"filemail://{(VAR_DIR / 'mail').absolute()}"
vars().update(env.email_url_config(EMAIL_URL))
if EMAIL_URL.startswith("filemail:"):
    # django-environ drops the leading slash of filemail:///abs/path, which made the folder
    # relative to the working directory. Read the folder from the URL ourselves: an absolute path
    # stays as it is, a relative one (filemail://./var/mail) is taken from the project folder.
    _mail = urlsplit(EMAIL_URL)
    EMAIL_FILE_PATH = str(BASE_DIR / (unquote(_mail.netloc + _mail.path) or VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Mini Me OS <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Web Push (minime.notifications) --------------------------------------------------------------
# The server's VAPID key pair: the raw 32-byte P-256 private key and the uncompressed public point,
# base64url. Development uses a pair kept in the local secrets file; a public deployment must set
# its own (minime.notifications.checks refuses to start otherwise): browsers tie each device's
# subscription to the public key, so changing it later means every device must turn push on again.
VAPID_PRIVATE_KEY: str = env.str("VAPID_PRIVATE_KEY", default="")
VAPID_PUBLIC_KEY: str = env.str("VAPID_PUBLIC_KEY", default="")
VAPID_KEYS_FROM_ENV = bool(VAPID_PRIVATE_KEY or VAPID_PUBLIC_KEY)
if not VAPID_KEYS_FROM_ENV:
    VAPID_PRIVATE_KEY = _local["vapid_private_key"]
    VAPID_PUBLIC_KEY = _local["vapid_public_key"]
# Who runs this server, for push services that need to reach the operator (mailto: or https:).
VAPID_SUBJECT: str = env.str("VAPID_SUBJECT", default="mailto:operator@localhost")
# Hosts a device's push endpoint may be on (the browsers' push services; a host matches itself
# and its subdomains). Anything else is refused at subscribe time: the server posts to these.
PUSH_SERVICE_HOSTS: list[str] = env.list(
    "PUSH_SERVICE_HOSTS",
    default=[
        "fcm.googleapis.com",
        "android.googleapis.com",
        "push.services.mozilla.com",
        "push.apple.com",
        "notify.windows.com",
    ],
)
# Development and tests only: also accept http endpoints on this machine (a local fake push
# service). A public deployment refuses to start with it on.
PUSH_ALLOW_LOCAL_ENDPOINTS: bool = env.bool("PUSH_ALLOW_LOCAL_ENDPOINTS", default=DEBUG)
# How long one push waits for the push service's answer before it counts as failed (and retried).
PUSH_TIMEOUT_SECONDS: float = env.float("PUSH_TIMEOUT_SECONDS", default=10.0)

# --- Outbound requests (minime.core.outbound) -----------------------------------------------------
# Hosts the server may fetch even though they are on this machine or a private network: for the
# tests' local fake servers only (a public deployment refuses to start with any).
OUTBOUND_ALLOW_HOSTS: list[str] = env.list("OUTBOUND_ALLOW_HOSTS", default=[])

# --- Gmail (minime.gmail) -------------------------------------------------------------------------
# An OAuth client of the operator's own Google Cloud project ("Web application"; see
# docs/deploy.md). Without both, Settings → Email says the server has no Gmail client.
GOOGLE_CLIENT_ID: str = env.str("GOOGLE_CLIENT_ID", default="")
GOOGLE_CLIENT_SECRET: str = env.str("GOOGLE_CLIENT_SECRET", default="")
# Google's endpoints; the tests point them at a local fake Google.
GOOGLE_AUTH_URL: str = env.str(
    "GOOGLE_AUTH_URL", default="https://accounts.google.com/o/oauth2/v2/auth"
)
GOOGLE_TOKEN_URL: str = env.str("GOOGLE_TOKEN_URL", default="https://oauth2.googleapis.com/token")
GOOGLE_REVOKE_URL: str = env.str(
    "GOOGLE_REVOKE_URL", default="https://oauth2.googleapis.com/revoke"
)
GMAIL_API_URL: str = env.str("GMAIL_API_URL", default="https://gmail.googleapis.com")

# --- Public pages (minime.pages: privacy, terms, data processing, security) -----------------------
# Who runs this server: the pages name them as the one responsible for its users' data. Empty:
# they say "the person or organisation that runs this server".
OPERATOR_NAME: str = env.str("OPERATOR_NAME", default="")
# Where to report a security problem (security.txt's Contact and the Security page): a mailto: or
# https:// URL. Empty: this site's contact page (SITE_URL + /contact/), which the operator reads
# and answers; DEFAULT_FROM_EMAIL is a sender, often an address nobody reads.
SECURITY_CONTACT: str = env.str("SECURITY_CONTACT", default="")
# Who is emailed when a contact-form message arrives (its topic and a link to it in the admin).
# Empty: no one; the messages wait in the admin.
CONTACT_NOTIFY: list[str] = env.list("CONTACT_NOTIFY", default=[])

# --- Background jobs ------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
JOB_LEASE_SECONDS: int = env.int("JOB_LEASE_SECONDS", default=60)

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG  # serve straight from the source folders while developing

# --- Internationalisation and time ----------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Logging: one JSON line per event on stdout ---------------------------------------------------
LOG_LEVEL: str = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "minime.core.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # The request log line replaces Django's own per-request lines.
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"level": "ERROR"},
    },
}
