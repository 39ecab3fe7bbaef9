"""Record the messages the assistant could not answer.

``action_log_unanswered`` runs (through rules) on ``out_of_scope`` and ``nlu_fallback``,
before the reply ``utter_out_of_scope`` / ``utter_default`` (and on ``declined_topic``
before the hand-off offer). It stores the message for HR's unanswered-questions queue
through ``bot.hr.unanswered.record_unanswered`` (text, time, channel, top intents, kind);
the reply comes from the rule, so neither a failing action server nor a failing database
leaves the user without an answer; the record is also logged (a storage failure too).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import catalog_access
from actions.guard import guarded, quiet_recovery
from bot.hr.unanswered import record_unanswered
from bot.storage.db import DATABASE_ERRORS

logger = logging.getLogger(__name__)

#: How many of the NLU's best intent guesses are recorded with each message.
TOP_INTENTS = 3
#: The record's kind for each intent that leads here (anything else: "fallback").
KINDS = {"out_of_scope": "out_of_scope", "nlu_fallback": "fallback", "declined_topic": "declined"}


def unanswered_record(tracker: Tracker) -> dict[str, Any]:
    """The facts worth keeping about the latest user message (pure, no side effects)."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    ranking = message.get("intent_ranking") or []
    return {
        "sender_id": tracker.sender_id,
        "channel": tracker.get_latest_input_channel(),
        "text": message.get("text"),
        "intent": intent.get("name"),
        "confidence": _rounded(intent.get("confidence")),
        "top_intents": [
            {"name": entry.get("name"), "confidence": _rounded(entry.get("confidence"))}
            for entry in ranking[:TOP_INTENTS]
        ],
    }


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)


@guarded(recovery=quiet_recovery)
class ActionLogUnanswered(Action):
    """Logs an out-of-scope or not-understood message; the rule then sends the reply."""

    def name(self) -> str:
        return "action_log_unanswered"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        record = unanswered_record(tracker)
        try:
            with catalog_access.engine().begin() as connection:
                record_unanswered(
                    connection,
                    tracker.sender_id,
                    record["text"],
                    kind=KINDS.get(str(record["intent"]), "fallback"),
                    channel=record["channel"],
                    top_intents=record["top_intents"],
                )
        except DATABASE_ERRORS:
            logger.exception("unanswered message not stored: %s", log_summary(record))
        else:
            logger.info("unanswered message: %s", log_summary(record))
        return []


def log_summary(record: dict[str, Any]) -> str:
    """The record for the log: its length instead of the user's words (which belong in the
    database, where "forget me" deletes them, not in log files that outlive it)."""
    summary = {key: value for key, value in record.items() if key != "text"}
    summary["chars"] = len(str(record.get("text") or ""))
    return json.dumps(summary, ensure_ascii=False)
