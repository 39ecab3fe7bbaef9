"""What must hold after every turn of every conversation, whatever was said.

Each check takes the turn (and what came before) and returns the violations it found;
the state machine records them with the walk that produced them.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from addons.channels.guard import answerable_text
from tests.fuzz.conversation import REPLY_TIMEOUT_SECONDS, Turn
from tests.fuzz.pool import START_OVER

#: Log lines that mean something went wrong on a server, whatever the user sees.
BAD_LOG_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|Traceback \(most recent call last\)|Circuit breaker tripped")
#: Numbers, quoted senders and addresses vary between two occurrences of the same problem.
_SENDER = re.compile(r"\b(?:fuzz|replay)-[\w-]+")
_EVENT_FIELD = re.compile(r'"event": "([^"]+)"')
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|0x[0-9a-f]+|\d+(\.\d+)?")


@dataclass(frozen=True)
class Violation:
    """One broken invariant; ``signature`` groups the occurrences of the same problem."""

    invariant: str
    detail: str
    signature: str

    def describe(self) -> str:
        return f"{self.invariant}: {self.detail}"


@lru_cache(maxsize=1)
def first_form_question() -> str:
    """The advisor form's first question (actions/prompts.py), which "start over" must bring back."""
    from actions.prompts import QUESTIONS  # the question texts live with the actions

    return QUESTIONS["current_role"][0]


@lru_cache(maxsize=1)
def forget_confirmation() -> str:
    """The start of the question that asks to confirm "forget me" (domain.yml)."""
    from tests.kit.domain import domain_responses

    return str(domain_responses()["utter_confirm_forget"][0]["text"]).split("?")[0]


def _actions_of_the_turn(turn: Turn, before: int) -> str:
    """The actions Rasa ran for this turn, to tell one silent turn from another."""
    names = [
        str(event.get("name"))
        for event in (turn.events or [])[before:]
        if event.get("event") == "action" and event.get("name") != "action_listen"
    ]
    return ", ".join(names) or "no action"


def reply_in_time(turn: Turn, events_before: int) -> list[Violation]:
    """A non-empty reply within REPLY_TIMEOUT_SECONDS."""
    if turn.error:
        return [Violation("reply within 10 s", turn.error, f"reply: {turn.error.split(':')[0]}")]
    if turn.seconds > REPLY_TIMEOUT_SECONDS:
        return [Violation("reply within 10 s", f"took {turn.seconds:.1f} s", "reply: slow")]
    shown = [m for m in turn.messages if m.get("text") or m.get("image") or m.get("buttons")]
    if not shown:
        actions = _actions_of_the_turn(turn, events_before)
        return [
            Violation("non-empty reply", f"no reply (actions run: {actions})", f"no reply after {actions}")
        ]
    return []


def no_text_three_times(turn: Turn) -> list[Violation]:
    """No message text repeated three times in one response (a policy loop)."""
    counts = Counter(text for text in turn.texts if text)
    return [
        Violation("no text repeated 3 times", f"{count} x {text[:120]!r}", f"repeated: {text[:80]}")
        for text, count in counts.items()
        if count >= 3
    ]


def logs_clean(turn: Turn) -> list[Violation]:
    """No exception in the action server, no error or circuit breaker in Rasa's log."""
    found = []
    for number, line in enumerate(turn.log_lines):
        if not BAD_LOG_LINE.search(line):
            continue
        if line.startswith("Traceback"):
            # Named by its exception: the first unindented line after the stack.
            raised = next((later for later in turn.log_lines[number + 1 :] if not later[:1].isspace()), "?")
            found.append(
                Violation("clean server logs", raised.strip()[:300], "exception: " + _normal(raised))
            )
            continue
        message = line.split(" - ", 1)[-1].strip()
        structured = _EVENT_FIELD.search(message)  # Rasa's structlog lines are JSON
        message = structured.group(1) if structured else message
        found.append(Violation("clean server logs", line.strip()[:300], "log: " + _normal(message)))
    unique = {violation.signature: violation for violation in reversed(found)}  # the first of each
    return [violation for violation in found if unique[violation.signature] is violation]


def _normal(text: str) -> str:
    return _VARYING.sub("_", _SENDER.sub("<sender>", text.strip()))[:120]


def _key(event: dict[str, Any]) -> tuple[Any, ...]:
    return (event.get("event"), event.get("timestamp"), event.get("text"), event.get("name"))


def tracker_intact(turn: Turn, previous: list[dict[str, Any]], may_forget: bool) -> list[Violation]:
    """The tracker keeps every earlier event in order, timestamps never go back, this turn's
    message is stored once, and the bot events of the turn are exactly the replies sent.

    ``may_forget``: the user has just confirmed "forget me", so an emptied history is right.
    """
    events = turn.events
    if turn.error or events is None:
        return []  # nothing to compare: the reply check already reports the turn
    if [_key(e) for e in events[: len(previous)]] != [_key(e) for e in previous]:
        if may_forget:
            return []
        return [Violation("tracker intact", "earlier events changed or disappeared", "tracker: history lost")]
    found = []
    stamps = [float(e.get("timestamp") or 0) for e in events]
    if any(later < earlier for earlier, later in itertools.pairwise(stamps)):
        found.append(Violation("tracker intact", "event timestamps go backwards", "tracker: out of order"))
    new = events[len(previous) :]
    # The two-stage fallback rewinds and stores the message again: once or more, nothing else.
    users = [str(e.get("text") or "") for e in new if e.get("event") == "user"]
    # The channels pass a bare "/faq" on as "/help" (addons/channels/guard.py): stored as such.
    if set(users) != {answerable_text(turn.sent) or ""}:
        found.append(
            Violation(
                "tracker intact",
                f"user events of the turn: {users!r}",
                "tracker: user message not stored once",
            )
        )
    bot_texts = [str(e.get("text") or "") for e in new if e.get("event") == "bot"]
    if bot_texts != turn.texts:
        found.append(
            Violation(
                "tracker intact",
                f"bot events {len(bot_texts)} vs {len(turn.messages)} messages received",
                "tracker: bot events differ from the replies",
            )
        )
    return found


def start_over_brings_the_form_back(turn: Turn) -> list[Violation]:
    """After "start over" the reply asks the form's first question again."""
    if turn.sent not in START_OVER or turn.error:
        return []
    if any(first_form_question() in text for text in turn.texts):
        return []
    return [
        Violation("start over brings the form back", f"replies: {turn.texts!r}"[:300], "start over: no form")
    ]


def check_turn(
    turn: Turn, previous_events: list[dict[str, Any]], previous_turn: Turn | None
) -> list[Violation]:
    """Every invariant, for one turn."""
    may_forget = previous_turn is not None and any(forget_confirmation() in t for t in previous_turn.texts)
    return [
        *reply_in_time(turn, len(previous_events)),
        *no_text_three_times(turn),
        *logs_clean(turn),
        *tracker_intact(turn, previous_events, may_forget),
        *start_over_brings_the_form_back(turn),
    ]
