"""addons/tracker_store.py: a SQL tracker store that forgets for real, on SQLite and PostgreSQL.

Real Rasa trackers and events; the store is created the way the Rasa server creates it
(``create_tracker_store`` from an endpoint configuration).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import TrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    AllSlotsReset,
    BotUttered,
    Event,
    SessionStarted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config
from sqlalchemy import text

from addons.tracker_store import FORGET_ACTION_NAME, ForgetfulSQLTrackerStore, asks_to_forget
from bot.storage.conversation_history import delete_history
from launcher.configuration import FORGETFUL_TRACKER_STORE, tracker_store_endpoint, write_endpoints
from tests.kit.databases import throwaway_postgres_database
from tests.kit.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def tracker_postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL database of its own (Rasa's ``events`` table must not land
    in the catalog test database, whose schema is compared with the models)."""
    with throwaway_postgres_database("careerbot_tracker") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, domain: Domain) -> Iterator[Any]:
    """The store as the Rasa server builds it from endpoints.yml, on each back-end."""
    if request.param == "sqlite":
        config = EndpointConfig(type=FORGETFUL_TRACKER_STORE, dialect="sqlite", db=str(tmp_path / "t.db"))
    else:
        config = EndpointConfig(
            url=request.getfixturevalue("tracker_postgres_url"), type=FORGETFUL_TRACKER_STORE
        )
    tracker_store = create_tracker_store(config, domain)
    assert isinstance(tracker_store, ForgetfulSQLTrackerStore)  # async: not wrapped by Rasa
    try:
        yield tracker_store
    finally:
        with tracker_store.engine.begin() as connection:
            connection.execute(text("DELETE FROM events"))
        tracker_store.engine.dispose()


# --- helpers ---------------------------------------------------------------------------


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def user(text_: str, intent: str) -> UserUttered:
    return UserUttered(text_, intent={"name": intent, "confidence": 0.99})


def session_start() -> list[Event]:
    return [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]


def greeting_turn() -> list[Event]:
    return [
        user("hello", "greet"),
        ActionExecuted("utter_greet"),
        BotUttered("Hi! I'm the career advisor."),
        ActionExecuted("action_listen"),
    ]


def forget_turn() -> list[Event]:
    return [
        user("yes, delete everything", "affirm"),
        ActionExecuted(FORGET_ACTION_NAME),
        BotUttered("Done: I have forgotten everything about you."),
        AllSlotsReset(),
        ActionExecuted("action_listen"),
    ]


def new_tracker(sender: str, events: list[Event], domain: Domain) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, events, domain.slots)


def stored_rows(store: Any, sender: str) -> int:
    with store.engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT COUNT(*) FROM events WHERE sender_id = :sender"), {"sender": sender}
            ).scalar_one()
        )


def dicts(events: Any) -> list[dict[str, Any]]:
    return [event.as_dict() for event in events]


#: Events ``save_conversation`` stores: session start (3), greeting (4), help turn (3).
CONVERSATION_EVENTS = 10


def save_conversation(store: Any, sender: str, domain: Domain) -> DialogueStateTracker:
    """Two turns saved as Rasa saves them: one ``save`` per turn, on the retrieved tracker
    (which holds the latest session from ``SessionStarted`` on)."""
    tracker = new_tracker(sender, session_start() + greeting_turn(), domain)
    run(store.save(tracker))
    tracker = run(store.retrieve(sender))
    for event in [
        user("what can you do?", "help"),
        ActionExecuted("utter_help"),
        ActionExecuted("action_listen"),
    ]:
        tracker.update(event)
    run(store.save(tracker))
    return tracker


# --- behaves like SQLTrackerStore -----------------------------------------------------------


def test_saved_conversation_is_retrieved_event_for_event(store: Any, domain: Domain) -> None:
    tracker = save_conversation(store, "alice", domain)

    retrieved = run(store.retrieve("alice"))

    assert retrieved is not None
    assert dicts(retrieved.events) == dicts(tracker.events)
    assert stored_rows(store, "alice") == CONVERSATION_EVENTS  # each turn adds only its events
    assert len(run(store.retrieve_full_tracker("alice")).events) == CONVERSATION_EVENTS


def test_unknown_sender_has_no_tracker(store: Any) -> None:
    assert run(store.retrieve("nobody")) is None


def test_mentioning_the_action_in_text_does_not_forget(store: Any, domain: Domain) -> None:
    tracker = save_conversation(store, "carol", domain)
    tracker.update(user(FORGET_ACTION_NAME, "nlu_fallback"))
    tracker.update(ActionExecuted("utter_default"))
    tracker.update(ActionExecuted("action_listen"))

    run(store.save(tracker))

    assert stored_rows(store, "carol") == CONVERSATION_EVENTS + 3


# --- forgetting --------------------------------------------------------------------------


def test_forget_turn_deletes_every_event_of_that_sender_only(store: Any, domain: Domain) -> None:
    save_conversation(store, "alice", domain)
    bob = save_conversation(store, "bob", domain)
    tracker = run(store.retrieve("alice"))
    for event in forget_turn():
        tracker.update(event)

    run(store.save(tracker))

    assert stored_rows(store, "alice") == 0  # nothing of the old turns, nothing of this one
    assert run(store.retrieve("alice")) is None
    assert run(store.retrieve_full_tracker("alice")) is None
    assert stored_rows(store, "bob") == CONVERSATION_EVENTS
    assert dicts(run(store.retrieve("bob")).events) == dicts(bob.events)
    assert "alice" not in set(run(store.keys()))


def test_forget_deletes_earlier_conversation_sessions_too(store: Any, domain: Domain) -> None:
    save_conversation(store, "alice", domain)
    tracker = run(store.retrieve("alice"))
    for event in session_start() + greeting_turn():  # a second session, days later
        tracker.update(event)
    run(store.save(tracker))
    tracker = run(store.retrieve("alice"))
    assert len(tracker.events) < stored_rows(store, "alice")  # only the latest session
    for event in forget_turn():
        tracker.update(event)

    run(store.save(tracker))

    assert stored_rows(store, "alice") == 0
    assert run(store.retrieve_full_tracker("alice")) is None


def test_after_forgetting_a_new_conversation_starts_from_nothing(store: Any, domain: Domain) -> None:
    save_conversation(store, "alice", domain)
    tracker = run(store.retrieve("alice"))
    for event in forget_turn():
        tracker.update(event)
    run(store.save(tracker))

    fresh = new_tracker("alice", session_start() + greeting_turn(), domain)
    run(store.save(fresh))

    retrieved = run(store.retrieve_full_tracker("alice"))
    assert dicts(retrieved.events) == dicts(fresh.events)
    assert all(event.get("name") != FORGET_ACTION_NAME for event in dicts(retrieved.events))


def test_forgetting_a_sender_with_nothing_stored_stores_nothing(store: Any, domain: Domain) -> None:
    tracker = new_tracker("dave", session_start() + forget_turn(), domain)

    run(store.save(tracker))

    assert stored_rows(store, "dave") == 0


def test_forget_returns_the_number_of_deleted_events(store: Any, domain: Domain) -> None:
    save_conversation(store, "erin", domain)

    assert store.forget("erin") == CONVERSATION_EVENTS
    assert store.forget("erin") == 0


@pytest.mark.parametrize("sender", ["o'brien; DROP TABLE events; --", "ünïcødé 👋", "x" * 255])
def test_odd_sender_ids_are_stored_and_forgotten(store: Any, domain: Domain, sender: str) -> None:
    save_conversation(store, sender, domain)
    save_conversation(store, "bystander", domain)
    tracker = run(store.retrieve(sender))
    for event in forget_turn():
        tracker.update(event)

    run(store.save(tracker))

    assert stored_rows(store, sender) == 0
    assert stored_rows(store, "bystander") > 0


def test_asks_to_forget_only_on_a_successful_run_of_the_action() -> None:
    assert asks_to_forget(forget_turn())
    failed_run = [e for e in forget_turn() if not isinstance(e, AllSlotsReset)]  # "Sorry, I couldn't delete"
    assert not asks_to_forget(failed_run)
    reset_by_another_action = [
        ActionExecuted(FORGET_ACTION_NAME),
        ActionExecuted("action_restart"),
        AllSlotsReset(),
    ]
    assert not asks_to_forget(reset_by_another_action)
    assert not asks_to_forget([ActionExecuted("action_show_profile"), user("forget me", "forget_me")])
    assert not asks_to_forget([])


# --- configuration -------------------------------------------------------------------------


def test_sqlite_folder_is_created(tmp_path: Path, domain: Domain) -> None:
    path = tmp_path / "not" / "yet" / "there" / "tracker.db"
    config = EndpointConfig(type=FORGETFUL_TRACKER_STORE, dialect="sqlite", db=str(path))

    tracker_store: TrackerStore = create_tracker_store(config, domain)

    assert path.exists()
    tracker_store.engine.dispose()  # type: ignore[attr-defined]


def test_project_endpoints_use_the_forgetful_store() -> None:
    config = read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "tracker_store")

    assert config is not None
    assert config.type == FORGETFUL_TRACKER_STORE


def test_launcher_defaults_to_sqlite_in_the_var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "t")  # the Rasa server inherits it (secret_env)
    endpoints = write_endpoints(
        PROJECT_ROOT / "endpoints.yml",
        "http://127.0.0.1:1/webhook",
        tmp_path,
        {"CAREERBOT_VAR_DIR": "/srv/x"},
    )

    config = read_endpoint_config(str(endpoints), "tracker_store")

    assert config is not None
    assert config.type == FORGETFUL_TRACKER_STORE
    assert config.kwargs == {"dialect": "sqlite", "db": "/srv/x/tracker.db"}
    assert config.url is None


def test_launcher_uses_tracker_db_url_without_writing_it_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+psycopg2://bot:s3cret@db.internal:5432/careers"
    endpoints = write_endpoints(
        PROJECT_ROOT / "endpoints.yml", "http://127.0.0.1:1/webhook", tmp_path, {"TRACKER_DB_URL": url}
    )
    assert "s3cret" not in endpoints.read_text(encoding="utf-8")
    monkeypatch.setenv("TRACKER_DB_URL", url)  # the Rasa server inherits it
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "t")

    config = read_endpoint_config(str(endpoints), "tracker_store")

    assert config is not None
    assert config.url == url
    assert "dialect" not in config.kwargs
    assert "db" not in config.kwargs


def test_launcher_keeps_another_tracker_store_as_configured() -> None:
    redis = {"type": "redis", "url": "${REDIS_HOST}"}

    assert tracker_store_endpoint(redis, {"TRACKER_DB_URL": "sqlite:///x.db"}) == redis
    assert tracker_store_endpoint(None, {}) is None


def test_a_failed_forget_run_keeps_the_history(store: Any, domain: Domain) -> None:
    save_conversation(store, "alice", domain)
    tracker = run(store.retrieve("alice"))
    for event in forget_turn():
        if not isinstance(event, AllSlotsReset):
            tracker.update(event)

    run(store.save(tracker))

    assert stored_rows(store, "alice") == CONVERSATION_EVENTS + 4


def test_the_forget_action_deletes_the_stored_history_itself(store: Any, domain: Domain) -> None:
    """bot.storage.conversation_history, as action_forget_me calls it, on each back-end."""
    save_conversation(store, "alice", domain)
    save_conversation(store, "bob", domain)
    url = store.engine.url.render_as_string(hide_password=False)

    assert delete_history("alice", {"TRACKER_DB_URL": url}) == CONVERSATION_EVENTS
    assert stored_rows(store, "alice") == 0 and stored_rows(store, "bob") == CONVERSATION_EVENTS
    assert delete_history("nobody", {"TRACKER_DB_URL": url}) == 0


def test_deleting_history_from_a_store_never_written_creates_nothing(tmp_path: Path) -> None:
    assert delete_history("alice", {"CAREERBOT_VAR_DIR": str(tmp_path)}) == 0
    assert list(tmp_path.iterdir()) == []
