"""What every HR record shares: bounded text, UTC timestamps, one insert keyed by sender.

Tickets, unanswered messages, feedback and advice records are all rows written by the
conversation and read by HR. They store the sender as ``sender_key`` (so "forget me" finds
them), their text cut to a bound (people paste anything into a chat), and a UTC time.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.profiles.store import sender_key


class RecordError(ValueError):
    """Bad input for a record or an export (the message says what)."""


def clean_text(value: Any, max_length: int) -> str | None:
    """One-line-safe text: NUL bytes removed, blanks trimmed, cut to ``max_length``."""
    if value is None:
        return None
    text = str(value).replace("\x00", "").strip()
    if not text:
        return None
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def aware(moment: datetime | None) -> datetime | None:
    """SQLite returns timestamps without their zone; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def iso(moment: datetime | None) -> str | None:
    """A timestamp as shown in JSON output (seconds, with its zone)."""
    return None if moment is None else moment.isoformat(timespec="seconds")


def record_values(sender_id: str, now: datetime | None, **values: Any) -> dict[str, Any]:
    """A new row's values: the hashed sender, the given values, and the creation time."""
    return {"sender_id": sender_key(sender_id), **values, "created_at": now or datetime.now(timezone.utc)}


def insert_row(connection: Connection | Session, table: Table, values: dict[str, Any]) -> int:
    """Insert one row and return its new id."""
    result = connection.execute(table.insert().values(**values))
    return int(result.inserted_primary_key[0])
