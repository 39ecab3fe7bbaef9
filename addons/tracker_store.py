"""A SQL tracker store that really forgets a conversation when the user asks it to.

Rasa's ``SQLTrackerStore.save`` stores the events of the in-memory tracker that are not
yet in the table, counting the rows it already has. Deleting a sender's rows behind its
back (from the action server, say) does not work: on the next ``save`` of the same turn
the store finds no rows and writes the whole in-memory history back.

``ForgetfulSQLTrackerStore`` therefore deletes at save time: when the events of the turn
being saved contain ``ActionExecuted("action_forget_me")``, it deletes every stored event
of that sender, in every conversation session, and stores nothing of that turn (nor
streams it to an event broker). The next message of that sender finds no tracker and
starts a new, empty conversation. Otherwise it behaves exactly like ``SQLTrackerStore``.

Configured in endpoints.yml (the launcher, ``launcher/configuration.py``, fills the
location in from ``TRACKER_DB_URL``, with an embedded SQLite file as the default)::

    tracker_store:
      type: addons.tracker_store.ForgetfulSQLTrackerStore
      dialect: sqlite
      db: var/tracker.db          # or: url: postgresql+psycopg2://user:pass@host/db
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, AllSlotsReset, Event
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

#: The custom action (actions/privacy.py) whose execution means "delete my history".
FORGET_ACTION_NAME = "action_forget_me"


def asks_to_forget(events: Iterable[Event]) -> bool:
    """True when ``events`` contain a *successful* run of the forget action: its execution
    followed by the slot reset it returns only once the profile and history are deleted (a
    failed run tells the user so, and nothing may be deleted then)."""
    ran = False
    for event in events:
        if isinstance(event, ActionExecuted):
            ran = event.action_name == FORGET_ACTION_NAME
        elif ran and isinstance(event, AllSlotsReset):
            return True
    return False


def _ensure_sqlite_folder(dialect: str, host: str | None, db: str | None) -> None:
    """SQLite creates the file but not its folder; the base class would retry forever."""
    if dialect != "sqlite" or (host and "://" in host) or not db or db == ":memory:":
        return
    Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)


class ForgetfulSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that deletes a sender's whole history on ``action_forget_me``."""

    def __init__(
        self,
        domain: Any = None,
        dialect: str = "sqlite",
        host: str | None = None,
        port: int | None = None,
        db: str = "rasa.db",
        username: str | None = None,
        password: str | None = None,
        event_broker: Any = None,
        login_db: str | None = None,
        query: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        _ensure_sqlite_folder(dialect, host, db)
        super().__init__(
            domain=domain,
            dialect=dialect,
            host=host,
            port=port,
            db=db,
            username=username,  # type: ignore[arg-type]
            password=password,  # type: ignore[arg-type]
            event_broker=event_broker,
            login_db=login_db,
            query=query,
            **kwargs,
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the turn's new events, or forget the sender when the turn asks to."""
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if asks_to_forget(new_events):
            removed = self.forget(tracker.sender_id)
            logger.info("Forgot the conversation history of a sender (%d events deleted).", removed)
            return
        await super().save(tracker)

    def forget(self, sender_id: str) -> int:
        """Delete every stored event of ``sender_id``; returns how many were deleted."""
        with self.session_scope() as session:
            removed = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        return int(removed or 0)
