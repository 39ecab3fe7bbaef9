"""What the advisor remembers about a user, and how it forgets it.

The profile (current role, goal, target role, skills and constraints) is stored per
conversation sender in the ``user_profiles`` table of the application database (the same
database as the catalog, schema by Alembic revision 0002), so a returning user can be
greeted with what the assistant remembers. ``delete_user_data`` removes everything kept
about a sender from every table listed in :data:`USER_DATA_COLUMNS`; the conversation
history itself lives in Rasa's tracker store and is deleted there
(``addons/tracker_store.py``).

Sender ids come from the channels and are untrusted: any length, any characters. They are
stored as they are when they fit the column; otherwise (longer than 255 characters, NUL
bytes, unencodable surrogates) under a stable SHA-256 key, so every function here accepts
any string and never fails because of the id.

All functions take an open SQLAlchemy ``Connection`` (or ``Session``); the caller owns the
transaction (``with engine.begin() as connection:``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Column, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.profiles.formats import describe_formats
from bot.storage.models import AdviceRecord, Feedback, HrTicket, HrTicketEvent, UnansweredMessage
from bot.storage.models import UserProfile as UserProfileRow
from bot.vocabulary import (
    ADVANCE,
    FREE_BUDGET,
    GOAL_DESCRIPTIONS,
    GOALS,
    NO_LIMIT,
    UNSURE,
    hours_text,
)

SENDER_ID_MAX_LENGTH = 255
ROLE_MAX_LENGTH = 200
CODE_MAX_LENGTH = 32
SKILL_MAX_LENGTH = 200
MAX_SKILLS = 100
BUDGET_MAX_LENGTH = 32
FORMAT_MAX_LENGTH = 32
#: Hours in a week: more is not an answer to "how many hours a week can you study?".
MAX_HOURS_PER_WEEK = Decimal("168")

#: Every column that holds a sender id, one per table with data about a user.
#: ``delete_user_data`` deletes the matching rows of each; append the column of any new
#: table that stores per-user data (HR tickets, feedback, ...), keyed by ``sender_key``.
USER_DATA_COLUMNS: list[Column] = [
    UserProfileRow.__table__.c.sender_id,
    # HR triage (bot/hr/): hand-off tickets, unanswered messages, feedback, advice given.
    HrTicket.__table__.c.sender_id,
    HrTicketEvent.__table__.c.sender_id,
    UnansweredMessage.__table__.c.sender_id,
    Feedback.__table__.c.sender_id,
    AdviceRecord.__table__.c.sender_id,
]


class ProfileError(ValueError):
    """A profile value that cannot be stored (the message says which and why)."""


@dataclass
class UserProfile:
    """What the assistant remembers about one sender (a plain value, not an ORM row)."""

    sender_id: str
    current_role: str
    current_role_code: str | None = None
    goal: str | None = None
    target_role: str | None = None
    target_role_code: str | None = None
    skills: list[str] = field(default_factory=list)
    hours_per_week: Decimal | None = None
    budget: str | None = None
    preferred_format: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


# --- sender ids ------------------------------------------------------------------------


def sender_key(sender_id: str) -> str:
    """The key a sender's rows are stored under: the id itself when a database can hold
    it, otherwise ``sha256:<hex>`` of it (stable, so load, save and delete agree)."""
    sender_id = str(sender_id)
    storable = (
        0 < len(sender_id) <= SENDER_ID_MAX_LENGTH
        and "\x00" not in sender_id
        and not sender_id.startswith("sha256:")
    )
    if storable:
        try:
            sender_id.encode("utf-8")
        except UnicodeEncodeError:
            storable = False
    if storable:
        return sender_id
    digest = hashlib.sha256(sender_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest}"


# --- normalisation (every value is checked before it reaches the database) -------------


def _clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).replace("\x00", " ").split())
    return text or None


def _bounded(value: Any, name: str, max_length: int) -> str | None:
    text = _clean_text(value)
    if text is not None and len(text) > max_length:
        raise ProfileError(f"{name} is longer than {max_length} characters")
    return text


def _truncated(value: Any, max_length: int) -> str | None:
    """Free text the user typed: kept, but cut to the column's size."""
    text = _clean_text(value)
    if text is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def normalise_goal(value: Any) -> str | None:
    text = _clean_text(value)
    if text is None:
        return None
    goal = text.lower()
    if goal not in GOALS:
        raise ProfileError(f"goal must be one of {', '.join(GOALS)}, not {text!r}")
    return goal


def normalise_hours(value: Any) -> Decimal | None:
    """Hours per week as a decimal with one place, 0 < hours <= 168."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ProfileError("hours per week must be a number")
    try:
        hours = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ProfileError(f"hours per week must be a number, not {value!r}") from error
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        raise ProfileError(f"hours per week must be more than 0 and at most {MAX_HOURS_PER_WEEK}")
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


_FREE_WORDS = {"free", "free only", "nothing", "none", "zero", "0", "no money", "$0"}
_ANY_WORDS = {"any", "no limit", "unlimited", "any budget", "no budget limit", "no budget"}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "¥": "JPY"}
_AMOUNT = re.compile(
    r"^(?P<pre>[$€£₹¥]|[a-z]{3})?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?"
    r"\s*(?P<thousands>k)?\s*(?P<post>[$€£₹¥]|[a-z]{3})?$",
    re.IGNORECASE,
)


def normalise_budget(value: Any) -> str | None:
    """``"free"``, ``"any"`` (no limit) or an amount: ``"$500"`` -> ``"500 USD"``,
    ``"1,200 eur"`` -> ``"1200 EUR"``, ``"2k"`` -> ``"2000"``, ``"0"`` -> ``"free"``.
    Anything else is refused (``ProfileError``)."""
    text = _clean_text(value)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in _FREE_WORDS:
        return FREE_BUDGET
    if lowered in _ANY_WORDS:
        return NO_LIMIT
    match = _AMOUNT.match(lowered)
    if match is None or (match["pre"] and match["post"]):
        raise ProfileError(f"budget must be 'free' or an amount such as '500' or '$500', not {text!r}")
    amount = Decimal(match["number"].replace(",", ""))
    if match["cents"]:
        amount += Decimal(match["cents"].ljust(2, "0")) / 100
    if match["thousands"]:
        amount *= 1000
    if amount == 0:
        return FREE_BUDGET
    currency_text = match["pre"] or match["post"]
    currency = _CURRENCY_SYMBOLS.get(currency_text or "", (currency_text or "").upper())
    number = f"{amount.normalize():f}"
    budget = f"{number} {currency}" if currency else number
    if len(budget) > BUDGET_MAX_LENGTH:
        raise ProfileError("budget is too large")
    return budget


def normalise_skills(skills: Iterable[Any] | str | None) -> list[str]:
    """Skill names without blanks or repeats (case-insensitive), in the order given."""
    if skills is None:
        return []
    if isinstance(skills, str):
        skills = skills.split(",")
    names: list[str] = []
    seen: set[str] = set()
    for skill in skills:
        name = _truncated(skill, SKILL_MAX_LENGTH)
        if name is None or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        names.append(name)
    if len(names) > MAX_SKILLS:
        raise ProfileError(f"at most {MAX_SKILLS} skills can be remembered")
    return names


def normalised(profile: UserProfile) -> UserProfile:
    """A copy of ``profile`` with every value checked and normalised (``ProfileError``)."""
    current_role = _truncated(profile.current_role, ROLE_MAX_LENGTH)
    if current_role is None:
        raise ProfileError("a profile needs the current role")
    return UserProfile(
        sender_id=str(profile.sender_id),
        current_role=current_role,
        current_role_code=_bounded(profile.current_role_code, "current role code", CODE_MAX_LENGTH),
        goal=normalise_goal(profile.goal),
        target_role=_truncated(profile.target_role, ROLE_MAX_LENGTH),
        target_role_code=_bounded(profile.target_role_code, "target role code", CODE_MAX_LENGTH),
        skills=normalise_skills(profile.skills),
        hours_per_week=normalise_hours(profile.hours_per_week),
        budget=normalise_budget(profile.budget),
        preferred_format=_bounded(profile.preferred_format, "preferred format", FORMAT_MAX_LENGTH),
        created_at=profile.created_at,
        updated_at=profile.updated_at,
    )


# --- storage -------------------------------------------------------------------------

_COLUMNS = (
    "current_role",
    "current_role_code",
    "goal",
    "target_role",
    "target_role_code",
    "skills",
    "hours_per_week",
    "budget",
    "preferred_format",
)


def _dialect_name(connection: Connection | Session) -> str:
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    return str(bind.dialect.name)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite returns timestamps without their zone; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def load_profile(connection: Connection | Session, sender_id: str) -> UserProfile | None:
    """The stored profile of ``sender_id``, or ``None`` when nothing is remembered."""
    table = UserProfileRow.__table__
    row = connection.execute(select(table).where(table.c.sender_id == sender_key(sender_id))).first()
    if row is None:
        return None
    values = row._mapping
    hours = values["hours_per_week"]
    return UserProfile(
        sender_id=str(sender_id),
        current_role=values["current_role"],
        current_role_code=values["current_role_code"],
        goal=values["goal"],
        target_role=values["target_role"],
        target_role_code=values["target_role_code"],
        skills=[str(skill) for skill in values["skills"] or []],
        hours_per_week=None if hours is None else Decimal(str(hours)).quantize(Decimal("0.1")),
        budget=values["budget"],
        preferred_format=values["preferred_format"],
        created_at=_aware(values["created_at"]),
        updated_at=_aware(values["updated_at"]),
    )


def save_profile(connection: Connection | Session, profile: UserProfile) -> None:
    """Insert or replace the profile of ``profile.sender_id`` (one statement where the
    database supports ``ON CONFLICT``, so concurrent saves cannot collide).

    Raises ``ProfileError`` for a value that cannot be stored; nothing is written then.
    """
    clean = normalised(profile)
    now = datetime.now(timezone.utc)
    values: dict[str, Any] = {name: getattr(clean, name) for name in _COLUMNS}
    values["updated_at"] = now
    key = sender_key(clean.sender_id)
    table = UserProfileRow.__table__
    dialect = _dialect_name(connection)
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        statement = insert(table).values(sender_id=key, created_at=now, **values)
        connection.execute(statement.on_conflict_do_update(index_elements=[table.c.sender_id], set_=values))
        return
    # Other databases: update, insert when there was nothing to update.
    result = connection.execute(update(table).where(table.c.sender_id == key).values(**values))
    if result.rowcount == 0:
        connection.execute(table.insert().values(sender_id=key, created_at=now, **values))


def delete_user_data(connection: Connection | Session, sender_id: str) -> int:
    """Delete everything stored about ``sender_id`` in :data:`USER_DATA_COLUMNS`' tables;
    returns the number of rows removed (0 when nothing was stored)."""
    key = sender_key(sender_id)
    removed = 0
    for column in USER_DATA_COLUMNS:
        result = connection.execute(delete(column.table).where(column == key))
        removed += max(result.rowcount or 0, 0)
    return removed


# --- presentation ----------------------------------------------------------------------


def describe_profile(profile: UserProfile) -> list[str]:
    """The profile as lines a person reads: ``["Current role: Accountant", ...]``."""
    lines = [f"Current role: {profile.current_role}"]
    if profile.goal:
        lines.append(f"Goal: {GOAL_DESCRIPTIONS.get(profile.goal, profile.goal)}")
    if profile.target_role:
        lines.append(f"Target role: {profile.target_role}")
    if profile.skills:
        lines.append(f"Skills: {', '.join(profile.skills)}")
    if profile.hours_per_week is not None:
        hours = hours_text(profile.hours_per_week)
        lines.append(f"Time for learning: {hours} hour{'' if hours == '1' else 's'} a week")
    if profile.budget:
        lines.append(f"Budget: {'no limit' if profile.budget == NO_LIMIT else profile.budget}")
    if profile.preferred_format:
        lines.append(f"Preferred format: {describe_formats(profile.preferred_format)}")
    return lines


def _with_article(title: str) -> str:
    return f"{'an' if title[:1].lower() in 'aeiou' else 'a'} {title}"


def remembered_summary(profile: UserProfile) -> str:
    """One clause for a greeting: ``"you are an Accountant aiming for Data Analyst"``."""
    summary = f"you are {_with_article(profile.current_role)}"
    if profile.target_role and profile.goal != ADVANCE:
        return f"{summary} aiming for {profile.target_role}"
    if profile.goal == ADVANCE:
        return f"{summary} aiming to grow in that role"
    if profile.goal == UNSURE:
        return f"{summary} and not sure yet where to go next"
    return summary


def profile_fields() -> Sequence[str]:
    """The profile's fields that are also conversation slots (same names)."""
    return _COLUMNS
