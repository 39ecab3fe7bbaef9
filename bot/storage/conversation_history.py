"""The conversation history in the tracker store's database, deleted for "forget me".

Rasa's tracker store saves a turn's events only after the turn's replies were sent, so a
store that deletes the history at save time (``addons/tracker_store.py``) would let the
assistant say "Done, I deleted our conversation" before anything was deleted, and say it even
when the delete then fails. ``action_forget_me`` therefore deletes the stored history itself
first (this module) and confirms only what was deleted; the store then deletes what the
current turn adds, and only after the action succeeded.

Rasa's SQL tracker store keeps every event in one table, ``events``, keyed by the sender id
as the channel gave it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot.config import tracker_db_url

EVENTS_TABLE = "events"


def _missing_sqlite_file(url: str) -> bool:
    """A SQLite store that was never written holds no history (and must not be created)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return False
    return not Path(parsed.database).expanduser().exists()


def delete_history(sender_id: str, env: Mapping[str, str] | None = None) -> int:
    """Delete every stored event of ``sender_id``; returns how many were deleted.

    Raises SQLAlchemy's errors (``bot.storage.db.DATABASE_ERRORS``) when the store cannot be
    reached, so the caller never confirms a deletion that did not happen."""
    url = tracker_db_url(env)
    if _missing_sqlite_file(url):
        return 0
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table(EVENTS_TABLE):
                return 0
            result = connection.execute(
                text(f"DELETE FROM {EVENTS_TABLE} WHERE sender_id = :sender"), {"sender": sender_id}
            )
            return max(int(result.rowcount or 0), 0)
    finally:
        engine.dispose()
