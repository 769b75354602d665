"""One settings module; everything comes from the environment (``DATABASE_URL``, ``ZHIYUAN_*``).

``ZHIYUAN_ENV`` is ``development`` (default), ``test`` or ``production``. Outside development the
secret key must be set to a non-default value, or start-up is refused.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()  # generic admin/queryset classes can be subscripted at run time

PACKAGE_DIR = Path(__file__).resolve().parent
#: the checkout (or the working directory of an installed copy): var/ and node_modules/ live here
PROJECT_DIR = Path(os.environ.get("ZHIYUAN_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("ZHIYUAN_VAR_DIR", PROJECT_DIR / "var"))

ENV = os.environ.get("ZHIYUAN_ENV", "development")
ZHIYUAN_ENV = ENV  # the environment, readable as a setting (zhiyuan.operations.deploy_checks)
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"ZHIYUAN_ENV must be development, test or production, not {ENV!r}")
DEFAULT_SECRET = "zhiyuan-development-secret-key-not-for-production"
SECRET_KEY = os.environ.get("ZHIYUAN_SECRET_KEY", DEFAULT_SECRET)
if ENV == "production" and (SECRET_KEY == DEFAULT_SECRET or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "ZHIYUAN_SECRET_KEY must be set to a random value of at least 32 characters outside development "
        "(生产环境必须设置 ZHIYUAN_SECRET_KEY，长度不少于 32 个字符)."
    )
#: Django's debug pages only when asked for explicitly (ZHIYUAN_DEBUG=1), in every environment: a court user
#: never sees a traceback, the demo included; the platform's own error pages answer instead (zhiyuan.errors)
DEBUG = os.environ.get("ZHIYUAN_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ZHIYUAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ZHIYUAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from its own static files (no CDN: court networks are closed)
    "django_otp",
    "zhiyuan.accounts.second_factor_app.SecondFactorConfig",  # django_otp.plugins.otp_totp, named in Chinese
    "axes",  # sign-in throttling per account and client address (zhiyuan.accounts.throttling)
    "zhiyuan",  # the shell: base templates, `zhiyuan setup`
    "zhiyuan.scheduling",  # periodic jobs: `zhiyuan scheduler` enqueues what apps declare
    "zhiyuan.audit",
    "zhiyuan.courts",
    "zhiyuan.accounts",
    "zhiyuan.parties",
    "zhiyuan.cases",
    "zhiyuan.mediation",
    "zhiyuan.performance",
    "zhiyuan.enforcement",
    "zhiyuan.funds",  # the case funds ledger (一案一账号)
    "zhiyuan.credit",  # sanctions: the dishonest-debtor list, consumption restriction, the public query
    "zhiyuan.affairs",  # the affairs center (执行事务中心): task queues, batches, durable jobs
    "zhiyuan.governance",
    "zhiyuan.command",
    "zhiyuan.dispatch",  # dispatch between courts (委托、指定、提级、交叉执行) and orders (交办、督办)
    "zhiyuan.simulation",
    "django_tasks",
    "django_tasks_db",
]
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked (account, address) pair before the password is looked at
AUTHENTICATION_BACKENDS = [
    "zhiyuan.accounts.backends.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # the workbench (工作台) of a signed-in user

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhiyuan.operations.observability.RequestObservability",  # request id, latency metric, one log line
    "zhiyuan.problems.ProblemResponses",  # every error under /api/ as application/problem+json
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files with DEBUG off (runserver and WSGI alike)
    "zhiyuan.operations.csp.CSPMiddleware",  # django-csp, its policy built once
    "zhiyuan.inputs.middleware.RefuseControlCharacters",  # 400 before any view or query
    "zhiyuan.credit.fastpath.PublicCreditQuery",  # the public credit query, before sessions and routing
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhiyuan.locale_choice.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhiyuan.accounts.middleware.RequestContextMiddleware",
    "zhiyuan.accounts.middleware.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked sign-in into accounts.views.locked_out
    "zhiyuan.busy.BusyDatabase",  # a busy database (a lock not obtained in time) is a 503, not a 500
]

ROOT_URLCONF = "zhiyuan.urls"
CSRF_FAILURE_VIEW = "zhiyuan.errors.csrf_failure"  # the platform's 403 page, not Django's
#: one form style for the whole platform: labels above fields, errors beside them and summed up on top
FORM_RENDERER = "zhiyuan.inputs.rendering.PlatformFormRenderer"
WSGI_APPLICATION = "zhiyuan.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # the package's own templates first, so that its admin/ overrides win over django.contrib.admin's
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zhiyuan.locale_choice.site",
                "zhiyuan.frame.frame",  # the menu the user may open, their name and roles
            ]
        },
    }
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'zhiyuan.sqlite3'}"
    # PostgreSQL in production keeps each web thread's connection between requests (a new backend per
    # request costs more than the public query itself); checked before reuse, recycled after the age
    age = int(os.environ.get("ZHIYUAN_DB_CONN_MAX_AGE", "300" if ENV == "production" else "0"))
    if age < 0:
        raise ImproperlyConfigured("ZHIYUAN_DB_CONN_MAX_AGE must be 0 or more seconds")
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=age, conn_health_checks=age > 0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the writer; FULL syncs every commit (a court record must survive a
        # power cut); IMMEDIATE takes the write lock at BEGIN so concurrent writers queue instead of failing.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        config.setdefault("TEST", {"NAME": os.environ.get("ZHIYUAN_TEST_SQLITE") or None})
    config["ATOMIC_REQUESTS"] = True
    return config


DATABASES = {"default": _database()}

# Background jobs (Django's tasks API): stored in the database, run by `zhiyuan db_worker`; tests run them
# inline unless they start a worker themselves.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "ZHIYUAN_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if ENV == "test"
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

#: the cache: "local" (each process its own; development and one-process servers) or "database" (a table
#: every web process shares, created by `zhiyuan setup`); production with several workers needs a shared
#: one (`zhiyuan check --deploy` says so): throttles, debounces and sign-in counters must agree
ZHIYUAN_CACHE = os.environ.get("ZHIYUAN_CACHE", "local")
if ZHIYUAN_CACHE not in {"local", "database"}:
    raise ImproperlyConfigured(f"ZHIYUAN_CACHE must be local or database, not {ZHIYUAN_CACHE!r}")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "zhiyuan_cache"}
    if ZHIYUAN_CACHE == "database"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

#: the public credit query (`/api/public/credit`, `/credit/query`): queries one client may make per window
#: of seconds before a 429 (counted in the cache above, so shared between workers only with "database")
ZHIYUAN_CREDIT_QUERY_LIMIT = int(os.environ.get("ZHIYUAN_CREDIT_QUERY_LIMIT", "30"))
ZHIYUAN_CREDIT_QUERY_WINDOW = int(os.environ.get("ZHIYUAN_CREDIT_QUERY_WINDOW", "60"))
if ZHIYUAN_CREDIT_QUERY_LIMIT < 1 or ZHIYUAN_CREDIT_QUERY_WINDOW < 1:
    raise ImproperlyConfigured(
        "ZHIYUAN_CREDIT_QUERY_LIMIT and ZHIYUAN_CREDIT_QUERY_WINDOW must be at least 1"
    )

#: the expiry calendar of seals and freezes: how many days before a measure's last day it shows (and a
#: renewal task is spawned); each officer may choose another window on the page
ZHIYUAN_MEASURES_WARN_DAYS = int(os.environ.get("ZHIYUAN_MEASURES_WARN_DAYS", "15"))
if not 0 <= ZHIYUAN_MEASURES_WARN_DAYS <= 366:
    raise ImproperlyConfigured("ZHIYUAN_MEASURES_WARN_DAYS must be 0 to 366")

# Security policy profile: dengbao (等保 2.0 L3 practice, default) or asvs (OWASP ASVS 5.0 L2)
ZHIYUAN_SECURITY_PROFILE = os.environ.get("ZHIYUAN_SECURITY_PROFILE", "dengbao")
AUTH_PASSWORD_VALIDATORS = [{"NAME": "zhiyuan.accounts.passwords.ProfilePasswordValidator"}]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies older hashes, which are then upgraded
]
SESSION_SAVE_EVERY_REQUEST = True  # the idle timeout slides with each request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OTP_TOTP_ISSUER = "执源 zhiyuan"

# Sign-in throttling (django-axes): failures are counted per (account, client address) pair, with the
# threshold and lock time of the security profile; see zhiyuan.accounts.throttling.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "zhiyuan.accounts.throttling.failure_limit"
AXES_COOLOFF_TIME = "zhiyuan.accounts.throttling.cool_off"
AXES_CLIENT_IP_CALLABLE = "zhiyuan.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "zhiyuan.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True  # a completed sign-in clears the pair's failures
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lock ends lockout_minutes after it began
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log
AXES_ENABLE_ADMIN = False  # the security administrator sees locks as 登录锁定 (accounts admin)
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "token", "csrfmiddlewaretoken"]
AXES_VERBOSE = False
#: reverse proxies whose X-Forwarded-For is believed (comma-separated addresses); without them the client
#: address of sign-in throttling and of the audit log is REMOTE_ADDR (zhiyuan.accounts.selectors.client_ip)
ZHIYUAN_TRUSTED_PROXIES = frozenset(
    a.strip() for a in os.environ.get("ZHIYUAN_TRUSTED_PROXIES", "").split(",") if a.strip()
)

# Personal data: field encryption keys and cipher (zhiyuan.privacy.keys), audit checkpoint signing key
ZHIYUAN_FIELD_KEYS = os.environ.get("ZHIYUAN_FIELD_KEYS", "")
ZHIYUAN_FIELD_CIPHER = os.environ.get("ZHIYUAN_FIELD_CIPHER", "aes-256-gcm")
ZHIYUAN_BLIND_INDEX_KEY = os.environ.get("ZHIYUAN_BLIND_INDEX_KEY", "")
ZHIYUAN_AUDIT_SIGNING_KEY = os.environ.get("ZHIYUAN_AUDIT_SIGNING_KEY", "")
#: public keys (base64, comma-separated) of replaced checkpoint signing keys: their checkpoints still count
ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS = tuple(
    k.strip() for k in os.environ.get("ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS", "").split(",") if k.strip()
)
#: where every checkpoint (the scheduler's daily one included) is also filed; storage off this server
ZHIYUAN_AUDIT_CHECKPOINT_DIR = os.environ.get("ZHIYUAN_AUDIT_CHECKPOINT_DIR", "")
#: audit entries are kept at least this long (网络安全法 Art 21(3): not less than six months)
ZHIYUAN_AUDIT_RETENTION_DAYS = int(os.environ.get("ZHIYUAN_AUDIT_RETENTION_DAYS", "180"))
if ZHIYUAN_AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("ZHIYUAN_AUDIT_RETENTION_DAYS must be at least 180 (网络日志留存不少于六个月)")
if ENV == "production":
    missing = [
        k
        for k in ("ZHIYUAN_FIELD_KEYS", "ZHIYUAN_BLIND_INDEX_KEY", "ZHIYUAN_AUDIT_SIGNING_KEY")
        if not os.environ.get(k)
    ]
    if missing:
        raise ImproperlyConfigured(
            f"{', '.join(missing)} must be set in production (生产环境必须设置密钥); `zhiyuan keys` generates them."
        )

#: the inquiry network's gateway (网络查控, docs/gateway.md), e.g. http://127.0.0.1:8765 for `zhiyuan gateway-sim`;
#: empty: the network is not configured and the case page says so
ZHIYUAN_GATEWAY_URL = os.environ.get("ZHIYUAN_GATEWAY_URL", "").rstrip("/")
#: seconds a dispatcher holds an inquiry or order it is sending; a crashed one's rows are re-sent after it
ZHIYUAN_GATEWAY_LEASE_SECONDS = float(os.environ.get("ZHIYUAN_GATEWAY_LEASE_SECONDS", "60"))
#: requests a worker's dispatcher keeps in flight at once
ZHIYUAN_GATEWAY_CONCURRENCY = int(os.environ.get("ZHIYUAN_GATEWAY_CONCURRENCY", "64"))

#: the address the public reaches this platform at (scheme, host, and a path prefix if any): notices and
#: certificates print their verification address and QR code from it, so it must be the public one, not
#: the address a request happened to use; required in production
ZHIYUAN_PUBLIC_BASE_URL = os.environ.get(
    "ZHIYUAN_PUBLIC_BASE_URL", "" if ENV == "production" else "http://127.0.0.1:8000"
).rstrip("/")
if ENV == "production" and not ZHIYUAN_PUBLIC_BASE_URL:
    raise ImproperlyConfigured(
        "ZHIYUAN_PUBLIC_BASE_URL must be set in production, e.g. https://zhiyuan.court.example "
        "(生产环境必须设置对外访问地址：文书的验证地址和二维码由它生成)."
    )
_public = urlsplit(ZHIYUAN_PUBLIC_BASE_URL)
if (
    _public.scheme not in {"http", "https"}
    or not _public.hostname
    or _public.query
    or _public.fragment
    or any(c in ZHIYUAN_PUBLIC_BASE_URL for c in "\"'<> \\")
):
    raise ImproperlyConfigured(
        f"ZHIYUAN_PUBLIC_BASE_URL must be an http(s) address without query or fragment, not "
        f"{ZHIYUAN_PUBLIC_BASE_URL!r} (对外访问地址须以 http:// 或 https:// 开头)."
    )

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]  # each named in itself, as a switch should
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = Path(os.environ.get("ZHIYUAN_NODE_MODULES", PROJECT_DIR / "node_modules"))
#: front-end assets come from npm at set-up (package.json); nothing third-party is committed
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
# Static files are served by WhiteNoise's middleware, with DEBUG off too. Outside production it finds them
# where they are (the apps' static folders, node_modules through STATICFILES_DIRS), so no collectstatic is
# needed; production serves what `zhiyuan collectstatic` gathered into STATIC_ROOT, compressed and with
# hashed names (docs/deployment.md).
WHITENOISE_USE_FINDERS = ENV != "production"
WHITENOISE_AUTOREFRESH = DEBUG
if WHITENOISE_USE_FINDERS:  # STATIC_ROOT stays empty until someone runs collectstatic, and that is fine here
    try:  # (WhiteNoise warns about a missing STATIC_ROOT at every start)
        STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only installation: the files come from the finders all the same
        warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)
if ENV == "production":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }


# Transport and headers (docs/security.md). Production sends HSTS and redirects plain HTTP to HTTPS;
# behind a reverse proxy that terminates TLS, set ZHIYUAN_SECURE_PROXY_SSL_HEADER=1 (the proxy must set
# X-Forwarded-Proto and strip it from clients) so Django knows the request came over HTTPS.
def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "1" if default else "0").strip().lower()
    if value not in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
        raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")
    return value in {"1", "true", "yes", "on"}


PRODUCTION = ENV == "production"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = _flag("ZHIYUAN_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("ZHIYUAN_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("ZHIYUAN_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _flag("ZHIYUAN_HSTS_PRELOAD", False)
if _flag("ZHIYUAN_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): pages load only their own scripts, styles, images and fonts; no
# inline script, no eval, no framing. Templates keep scripts in static files (zhiyuan/site.js wires the
# small behaviours that used to be inline handlers).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs go to standard error (journald or the container's log): JSON lines in production (python-json-logger,
# with the request id, user, court and duration of each request on the zhiyuan.requests logger), plain text
# elsewhere. ZHIYUAN_LOG_REQUESTS=1 logs every request (the default in production).
ZHIYUAN_LOG_FORMAT = os.environ.get("ZHIYUAN_LOG_FORMAT", "json" if ENV == "production" else "text")
_REQUEST_LOG = os.environ.get("ZHIYUAN_LOG_REQUESTS", "1" if ENV == "production" else "0") == "1"
#: the public credit query service (zhiyuan serve-public) logs each refused or failed query; with 1 every answer
ZHIYUAN_PUBLIC_LOG_ANSWERS = os.environ.get("ZHIYUAN_PUBLIC_LOG_ANSWERS", "0") == "1"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if ZHIYUAN_LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIYUAN_LOG_LEVEL", "WARNING")},
    "loggers": {"zhiyuan.requests": {"level": "INFO" if _REQUEST_LOG else "WARNING"}},
}
#: who may read /metrics (Prometheus): client addresses, comma-separated (this machine by default)
ZHIYUAN_METRICS_ALLOWED_IPS = os.environ.get("ZHIYUAN_METRICS_ALLOWED_IPS", "127.0.0.1,::1")
