"""End-to-end: "what do you know about me?" and "forget me" over the REST channel.

The servers run on fresh databases (``server_databases``): the test reads the profile
table and the tracker store's ``events`` table directly to check the deletion is real.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from actions.privacy import FORGOT_YOU, PROFILE_EMPTY
from bot.profiles.store import load_profile, save_profile
from tests.kit.profiles import accountant_profile

pytestmark = pytest.mark.e2e


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [message.get("text", "") for message in messages]


def remember(catalog: Engine, sender: str) -> None:
    """A profile as the advisor stores it after giving advice."""
    with catalog.begin() as connection:
        save_profile(connection, accountant_profile(sender))


def has_profile(catalog: Engine, sender: str) -> bool:
    with catalog.connect() as connection:
        return load_profile(connection, sender) is not None


def stored_events(tracker_db: Engine, sender: str) -> list[str]:
    with tracker_db.connect() as connection:
        rows = connection.execute(
            text("SELECT type_name, action_name FROM events WHERE sender_id = :sender ORDER BY id"),
            {"sender": sender},
        )
        return [f"{type_name}:{action_name or ''}" for type_name, action_name in rows]


def test_forget_me_deletes_the_profile_and_the_conversation_history(
    talk: Any, catalog: Engine, tracker_db: Engine
) -> None:
    leaving, staying = f"leaving-{uuid.uuid4()}", f"staying-{uuid.uuid4()}"
    remember(catalog, leaving)
    remember(catalog, staying)

    # A returning user is welcomed back with what the assistant remembers.
    first = texts(talk(leaving, "hello"))
    assert first[0] == (
        "Welcome back! Last time you told me you are an Accountant aiming for Digital Marketing "
        "Specialist. Want to pick up from there or update it?"
    )
    talk(staying, "hello")
    talk(staying, "what do you know about me?")

    shown = "\n".join(texts(talk(leaving, "what do you know about me?")))
    assert "Current role: Accountant" in shown
    assert "Target role: Digital Marketing Specialist" in shown
    assert "Skills: Excel, SQL" in shown

    confirm = talk(leaving, "forget me")
    assert "forget you" in confirm[0]["text"]
    assert [button["payload"] for button in confirm[0]["buttons"]] == ["/affirm", "/deny"]
    assert stored_events(tracker_db, leaving)  # the history is there until confirmed

    assert texts(talk(leaving, "/affirm")) == [FORGOT_YOU]

    assert not has_profile(catalog, leaving)
    assert stored_events(tracker_db, leaving) == []
    assert has_profile(catalog, staying)
    staying_events = stored_events(tracker_db, staying)
    assert "action:action_show_profile" in staying_events

    # Talking again starts from nothing: no profile, and a new history without the old one.
    assert texts(talk(leaving, "what do you know about me?")) == [PROFILE_EMPTY]
    history = stored_events(tracker_db, leaving)
    assert history[0] == "action:action_session_start"
    assert "action:action_forget_me" not in history
    assert history.count("user:") == 1
    assert stored_events(tracker_db, staying) == staying_events


def test_saying_no_keeps_everything(talk: Any, catalog: Engine, tracker_db: Engine) -> None:
    sender = f"keeper-{uuid.uuid4()}"
    remember(catalog, sender)
    talk(sender, "hi")

    talk(sender, "please delete my data")
    before = stored_events(tracker_db, sender)
    talk(sender, "/deny")

    assert has_profile(catalog, sender)
    assert stored_events(tracker_db, sender)[: len(before)] == before
