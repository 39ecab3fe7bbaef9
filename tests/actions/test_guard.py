"""Every action the action server registers turns a failure into an apology (actions/guard.py).

For each registered action, everything its module calls into ``bot`` or another
``actions`` module is replaced by something that raises, and the dispatcher's first
message raises too: whatever the action touches first fails. The action must still
answer (the apology, or its own declared recovery), return events that keep the
conversation usable, and log one ERROR line naming the action and the conversation,
without the user's text.
"""

from __future__ import annotations

import inspect
import logging
import sys
import types
from typing import Any

import pytest
from rasa_sdk import FormValidationAction
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.guard import ANSWER_APOLOGY_TEXT, APOLOGY_TEXT, GUARD_MARKER, ran_since_latest_message
from tests.kit.actions import message_texts, run_action
from tests.kit.trackers import make_tracker, session_start_events, user_event

USER_TEXT = "my secret words 4711"
SENDER = "guard-tester"

#: Actions whose recovery is not the default apology, and what they return instead.
SPECIAL_RECOVERIES = {
    # The rule sends the reply after the log action: a failed log stays quiet.
    "action_log_unanswered": {"texts": [], "events": []},
    # The session must still start and end with listening.
    "action_session_start": {"texts": [], "events": ["session_started", "action"]},
    # The core fallback must still revert the message, or it is predicted again.
    "action_core_fallback": {"texts": None, "events": ["rewind"]},
    # "/restart" still restarts.
    "action_restart": {"texts": None, "events": ["restart"]},
    # Facts volunteered outside the form: none is kept, the message is answered by its rule.
    "action_validate_slot_mappings": {"texts": [], "events": ["slot"]},
}


class InjectedFailure(RuntimeError):
    """What the stand-ins raise (the message quotes the user, as real errors may)."""


class Failures:
    """Counts injected failures: only the first thing the action touches fails."""

    raised = 0

    @classmethod
    def fail(cls, where: str) -> InjectedFailure:
        cls.raised += 1
        return InjectedFailure(f"{where} {USER_TEXT}")


class Exploding:
    """Stands in for a function, class or module: calling it or any attribute raises."""

    def __init__(self, name: str):
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise Failures.fail(self._name)

    def __getattr__(self, attribute: str) -> Any:
        raise Failures.fail(f"{self._name}.{attribute}")


class ExplodingAnswer:
    """An answer a validator cannot read: turning it into text or a truth value raises."""

    def __str__(self) -> str:
        raise Failures.fail("answer")

    def __bool__(self) -> bool:
        raise Failures.fail("answer")


class FailingDispatcher(CollectingDispatcher):
    """A dispatcher whose message raises while nothing else has failed (actions that only
    talk fail here); the guard's apology afterwards goes through."""

    def utter_message(self, *args: Any, **kwargs: Any) -> None:
        if Failures.raised == 0:
            raise Failures.fail("dispatcher")
        super().utter_message(*args, **kwargs)


def registered_actions() -> dict[str, Any]:
    """The action instances the action server would serve, by name."""
    executor = ActionExecutor()
    executor.register_package("actions")
    return {name: run.__self__ for name, run in executor.actions.items()}


ACTIONS = registered_actions()


def _is_dependency(value: Any, own_module: str) -> bool:
    """A function, class or module from bot/ or another actions module (not the guard)."""
    if isinstance(value, types.ModuleType):
        name = value.__name__
    elif inspect.isclass(value) and issubclass(value, BaseException):
        return False  # ``except SomeError`` must keep working
    elif callable(value):
        name = getattr(value, "__module__", "") or ""
    else:
        return False
    return (name.startswith("bot.") or name.startswith("actions.")) and name not in (
        own_module,
        "actions.guard",
    )


def break_dependencies(monkeypatch: pytest.MonkeyPatch, action: Any) -> None:
    module_name = type(action).__module__
    module = sys.modules[module_name]
    for attribute, value in list(vars(module).items()):
        if _is_dependency(value, module_name):
            monkeypatch.setattr(module, attribute, Exploding(attribute))


def tracker_for(action: Any) -> Any:
    """A conversation in which the action has something to do (a validator: an answer it
    cannot read)."""
    events = [*session_start_events(), user_event(USER_TEXT, "inform")]
    slots: dict[str, Any] = {}
    if isinstance(action, FormValidationAction):
        slot = next(name[len("validate_") :] for name in dir(action) if name.startswith("validate_"))
        slots = {"requested_slot": slot, slot: ExplodingAnswer()}
        events += [
            {"event": "action", "name": action.form_name()},
            {"event": "slot", "name": slot, "value": ExplodingAnswer()},
        ]
    elif action.name() == "action_validate_slot_mappings":  # a role stated outside the form
        slots = {"current_role": ExplodingAnswer()}
        events += [{"event": "slot", "name": "current_role", "value": ExplodingAnswer()}]
    return make_tracker(events, slots=slots, sender_id=SENDER)


def test_every_registered_action_is_guarded() -> None:
    unguarded = [
        name for name, action in ACTIONS.items() if not getattr(type(action).run, GUARD_MARKER, False)
    ]
    assert ACTIONS and not unguarded, f"apply @guarded (actions/guard.py) to: {unguarded}"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_a_failing_action_apologises_and_logs_one_line(
    name: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, domain: dict[str, Any]
) -> None:
    action = ACTIONS[name]
    break_dependencies(monkeypatch, action)
    monkeypatch.setattr(Failures, "raised", 0)
    caplog.set_level(logging.INFO)

    events, dispatcher = run_action(action, tracker_for(action), domain, FailingDispatcher())

    assert Failures.raised >= 1, f"{name}: nothing it touched failed"
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1, f"{name}: expected one ERROR line, got {[r.getMessage() for r in errors]}"
    line = errors[0].getMessage()
    assert name in line and SENDER in line
    assert USER_TEXT not in line and USER_TEXT not in (errors[0].exc_text or "")
    assert all(USER_TEXT not in record.getMessage() for record in caplog.records)

    special = SPECIAL_RECOVERIES.get(name)
    if special is None:
        expected = ANSWER_APOLOGY_TEXT if isinstance(action, FormValidationAction) else APOLOGY_TEXT
        assert message_texts(dispatcher.messages) == [expected]
        assert dispatcher.messages[0]["buttons"], "the apology offers a way forward"
        if isinstance(action, FormValidationAction):
            assert events and all(e["event"] == "slot" and e["value"] is None for e in events)
        else:
            assert events == [{"event": "followup", "name": "action_listen", "timestamp": None}]
    else:
        if special["texts"] is not None:
            assert message_texts(dispatcher.messages) == special["texts"]
        else:
            assert len(dispatcher.messages) == 1
        assert [event["event"] for event in events] == special["events"]


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_an_action_is_never_run_twice_for_one_message(name: str, domain: dict[str, Any]) -> None:
    """The loop breaker: predicted again before the user spoke, an action ends the turn."""
    action = ACTIONS[name]
    events = [
        *session_start_events(),
        user_event("hello", "greet"),
        {"event": "action", "name": name},
    ]
    tracker = make_tracker(events, sender_id=SENDER)
    assert ran_since_latest_message(tracker, name)

    returned, dispatcher = run_action(action, tracker, domain)

    assert dispatcher.messages == []
    assert returned == [{"event": "followup", "name": "action_listen", "timestamp": None}]


def test_an_action_after_a_new_message_runs_again() -> None:
    events = [user_event("hi", "greet"), {"event": "action", "name": "action_x"}, user_event("no", "deny")]
    assert not ran_since_latest_message(make_tracker(events), "action_x")


def test_a_session_start_after_an_expired_typed_one_is_not_a_repeat() -> None:
    events = [
        user_event("/session_start", "session_start"),
        {"event": "action", "name": "action_session_start"},
        {"event": "session_started"},
        {"event": "action", "name": "action_listen"},
    ]
    assert not ran_since_latest_message(make_tracker(events), "action_session_start")
