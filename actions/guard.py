"""One safety net for every custom action: a failure is an apology, never silence or a loop.

``@guarded`` wraps an action class's ``run``. Without it an exception in an action reaches
Rasa as an HTTP 500 and the user gets no reply at all; an action predicted over and over
(an action whose events leave the dialogue where it was) trips Rasa's circuit breaker,
and Rasa 3.6 then refuses every later message of that conversation. With it:

- an exception becomes a short apology with a way forward ("try again" / "start over"),
  one ERROR log line naming the action and the conversation (never the user's text, the
  exception's message or the tracker, which may quote the user), and events that keep
  the conversation usable: by default the turn ends (the bot listens); a form validator
  un-sets the answers it was checking, so the form asks again; an action that must
  return particular events (the session start, the core fallback) or whose rule goes on
  with the reply (the unanswered-message log) names its own recovery:
  ``@guarded(recovery=...)``;
- an action that already ran since the user's latest message is not run again: the turn
  ends instead (one WARNING line), so no action can be repeated until the breaker trips.

tests/actions/test_guard.py checks that every action the action server registers is
guarded and recovers this way.
"""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.vocabulary import WHAT_CAN_YOU_DO_BUTTON

logger = logging.getLogger(__name__)

#: Attribute set on a guarded ``run`` (the test of every registered action looks for it).
GUARD_MARKER = "__careerbot_guarded__"

APOLOGY_TEXT = (
    "Sorry, something went wrong on my side. Please try again in a moment, "
    'or say "start over" to begin again.'
)
ANSWER_APOLOGY_TEXT = (
    "Sorry, something went wrong on my side while I was reading that answer. "
    'Could you give it once more? You can also say "start over".'
)
APOLOGY_BUTTONS = [
    {"title": "Start over", "payload": "/restart_advice"},
    WHAT_CAN_YOU_DO_BUTTON,
]

ActionClass = TypeVar("ActionClass", bound=type)
#: recovery(action, dispatcher, tracker, domain) -> the events to return instead.
Recovery = Callable[[Any, CollectingDispatcher, Tracker, DomainDict], list[EventType]]
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def end_turn() -> list[EventType]:
    """Events that make Rasa listen for the user's next message now."""
    return [FollowupAction("action_listen")]


def ran_since_latest_message(tracker: Tracker, action_name: str) -> bool:
    """Whether ``action_name`` was already executed after the user's latest message (pure).

    A new session is a boundary too: after a typed "/session_start" and a long pause, Rasa's
    own session start must not look like a repeat of the one the user asked for."""
    for event in reversed(tracker.events or []):
        kind = event.get("event")
        if kind in ("user", "session_started"):
            return False
        if kind == "action" and event.get("name") == action_name:
            return True
    return False


def failure_location(error: BaseException) -> str:
    """Where an exception was raised, as the innermost project frame "path:line (function)".

    Only code locations: the exception's message may quote what the user typed.
    """
    frames = traceback.extract_tb(error.__traceback__)
    chosen = frames[-1] if frames else None
    for frame in reversed(frames):
        path = Path(frame.filename).resolve()
        if _PROJECT_ROOT in path.parents and ".venv" not in path.parts:
            chosen = frame
            break
    if chosen is None:
        return "unknown location"
    try:
        shown = str(Path(chosen.filename).resolve().relative_to(_PROJECT_ROOT))
    except ValueError:
        shown = Path(chosen.filename).name
    return f"{shown}:{chosen.lineno} ({chosen.name})"


def default_recovery(
    action: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """Apologise; a validator un-sets the answers it was checking, any other action ends the turn."""
    if isinstance(action, FormValidationAction):
        dispatcher.utter_message(text=ANSWER_APOLOGY_TEXT, buttons=APOLOGY_BUTTONS)
        return [SlotSet(slot, None) for slot in (tracker.slots_to_validate() or {})]
    dispatcher.utter_message(text=APOLOGY_TEXT, buttons=APOLOGY_BUTTONS)
    return end_turn()


def quiet_recovery(
    action: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """For an action whose rule sends the reply itself: say nothing, let the rule go on."""
    return []


def _recover(
    action: Any,
    recovery: Recovery,
    error: Exception,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    messages_before: int,
) -> list[EventType]:
    """Drop what the failed run half-said, log one line, and return the recovery events."""
    del dispatcher.messages[messages_before:]
    logger.error(
        "action %s failed in conversation %s: %s at %s",
        action.name(),
        tracker.sender_id,
        type(error).__name__,
        failure_location(error),
    )
    try:
        return list(recovery(action, dispatcher, tracker, domain))
    except Exception as second:  # noqa: BLE001 - the recovery itself must never break the reply
        logger.error(
            "recovery of action %s failed in conversation %s: %s",
            action.name(),
            tracker.sender_id,
            type(second).__name__,
        )
        del dispatcher.messages[messages_before:]
        dispatcher.utter_message(text=APOLOGY_TEXT)
        return end_turn()


def _repeated(action: Any, tracker: Tracker) -> bool:
    if not ran_since_latest_message(tracker, action.name()):
        return False
    logger.warning(
        "action %s predicted again in conversation %s before the user spoke: ending the turn",
        action.name(),
        tracker.sender_id,
    )
    return True


def guarded(cls: ActionClass | None = None, *, recovery: Recovery = default_recovery) -> Any:
    """Class decorator: wrap ``cls.run`` (sync or async, own or inherited) in the safety net.

    ``@guarded`` uses :func:`default_recovery`; ``@guarded(recovery=...)`` another one.
    """
    if cls is None:
        return functools.partial(_guard_class, recovery=recovery)
    return _guard_class(cls, recovery=recovery)


def _guard_class(cls: ActionClass, *, recovery: Recovery) -> ActionClass:
    original = cls.run  # type: ignore[attr-defined]
    if getattr(original, GUARD_MARKER, False):
        return cls

    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def run_async(
            self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
        ) -> list[EventType]:
            if _repeated(self, tracker):
                return end_turn()
            messages_before = len(dispatcher.messages)
            try:
                return list(await original(self, dispatcher, tracker, domain) or [])
            except Exception as error:  # noqa: BLE001 - the one place that turns any failure into a reply
                return _recover(self, recovery, error, dispatcher, tracker, domain, messages_before)

        wrapper: Any = run_async
    else:

        @functools.wraps(original)
        def run_sync(
            self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
        ) -> list[EventType]:
            if _repeated(self, tracker):
                return end_turn()
            messages_before = len(dispatcher.messages)
            try:
                return list(original(self, dispatcher, tracker, domain) or [])
            except Exception as error:  # noqa: BLE001 - the one place that turns any failure into a reply
                return _recover(self, recovery, error, dispatcher, tracker, domain, messages_before)

        wrapper = run_sync

    setattr(wrapper, GUARD_MARKER, True)
    cls.run = wrapper  # type: ignore[attr-defined]
    return cls
