"""The conversation fuzzer: a Hypothesis state machine whose steps are user turns.

Each Hypothesis example is one walk: a new conversation (its own sender id) of up to
``steps_per_walk`` turns. A step is one of four rules: say anything from the pool
(tests/fuzz/pool.py), answer the question the bot just asked, press one of the bot's own
buttons, or interrupt (FAQ, correction, yes/no/why, start over). Every rule is always enabled, so the choices
Hypothesis makes never depend on what the server answered: the same seed walks the same
way as long as the bot answers the same way.

Violations (tests/fuzz/invariants.py) are recorded, not raised: a walk ends at its first
failing turn and the run goes on until its turn budget is spent, so one run lists every
distinct failure. Hypothesis' shrinking is left out on purpose: each replay of a walk
costs seconds of real servers, and a live server is not deterministic enough to shrink
against (a slow turn need not be slow again). The recorded walk is the reproduction.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.fuzz import pool
from tests.fuzz.conversation import FuzzTarget, Turn
from tests.fuzz.invariants import Violation, check_turn

STEPS_PER_WALK = 15


@dataclass
class Walk:
    """One conversation: what was sent, what came back, and the first failing turn."""

    sender: str
    turns: list[Turn] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    #: Stopped before sending what an earlier walk sent up to its failure.
    repeats_a_failure: bool = False

    @property
    def messages(self) -> list[str]:
        return [turn.sent for turn in self.turns]

    @property
    def failed(self) -> bool:
        return bool(self.violations)

    def as_json(self) -> dict[str, Any]:
        return {
            "sender": self.sender,
            "messages": self.messages,
            "violations": [violation.describe() for violation in self.violations],
            "turns": [turn.summary() for turn in self.turns],
        }


@dataclass
class FuzzRun:
    """A whole fuzzing run: the target, its budget and every walk it made."""

    target: FuzzTarget
    turn_budget: int
    seed: int
    steps_per_walk: int = STEPS_PER_WALK
    walks: list[Walk] = field(default_factory=list)
    #: Part of every sender id: two runs on the same servers never share a conversation.
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    #: Called with each finished walk that sent something (``make fuzz`` prints it at once).
    on_walk: Callable[[Walk], None] | None = None
    #: The messages of every failed walk, up to its failing turn.
    known_failures: set[tuple[str, ...]] = field(default_factory=set)

    @property
    def turns_sent(self) -> int:
        return sum(len(walk.turns) for walk in self.walks)

    @property
    def failed_walks(self) -> list[Walk]:
        return [walk for walk in self.walks if walk.failed]

    def distinct_failures(self) -> dict[str, Walk]:
        """Violation signature -> the first (shortest, on ties) walk that showed it."""
        first: dict[str, Walk] = {}
        for walk in self.failed_walks:
            for violation in walk.violations:
                known = first.get(violation.signature)
                if known is None or len(walk.turns) < len(known.turns):
                    first[violation.signature] = walk
        return first


def question_asked(turn: Turn | None) -> str | None:
    """The form slot the bot's last reply asks for, if it asks one of the known questions."""
    from actions.handoff import ASK_CONTACT_TEXT, ASK_QUESTION_TEXT
    from actions.prompts import QUESTIONS

    if turn is None:
        return None
    asked = {**{slot: text for slot, (text, _) in QUESTIONS.items()}}
    asked["handoff_question"] = ASK_QUESTION_TEXT
    asked["handoff_contact"] = ASK_CONTACT_TEXT
    for text in reversed(turn.texts):
        for slot, question in asked.items():
            if question[:40] in text:
                return slot
    return None


class ConversationMachine(RuleBasedStateMachine):
    """One walk per Hypothesis example; the run it belongs to is set by :func:`run_fuzz`."""

    run: FuzzRun  # set on the subclass made for each run

    def __init__(self) -> None:
        super().__init__()
        self.walk = Walk(sender=f"fuzz-{self.run.seed}-{self.run.run_id}-{len(self.run.walks)}")
        self.run.walks.append(self.walk)
        self.events: list[dict[str, Any]] = []
        self.rng = random.Random(0)  # replaced by new_conversation before the first turn
        self.unchecked: Turn | None = None

    # --- the turns ------------------------------------------------------------------------

    def _can_send(self) -> bool:
        return (
            not self.walk.failed
            and not self.walk.repeats_a_failure
            and self.run.turns_sent < self.run.turn_budget
        )

    def _last_turn(self) -> Turn | None:
        return self.walk.turns[-1] if self.walk.turns else None

    def _send(self, text: str) -> None:
        if not self._can_send():
            return  # the walk failed or the budget is spent: the rest of the example is idle
        if (*self.walk.messages, text) in self.run.known_failures:
            # Hypothesis re-uses prefixes of earlier examples: this one would fail as that did.
            self.walk.repeats_a_failure = True
            return
        turn = self.run.target.send(self.walk.sender, text)
        self.walk.turns.append(turn)
        self.unchecked = turn

    @initialize(rng=st.randoms(use_true_random=True))
    def new_conversation(self, rng: random.Random) -> None:
        """The walk's own random source for picking within a group of turns: Hypothesis draws
        its seed and the sequence of rules, which keeps the walks varied (Hypothesis' own
        integer draws favour the first entries of each list)."""
        self.rng = rng

    @rule()
    def say_anything(self) -> None:
        self._send(self.rng.choice(self.rng.choice(pool.EVERYTHING)))

    @rule()
    def answer_the_question(self) -> None:
        """What a cooperative user says: an answer to the open question, else a request for advice."""
        slot = question_asked(self._last_turn())
        self._send(self.rng.choice(pool.ANSWERS[slot] if slot else pool.STARTERS))

    @rule()
    def press_a_button(self) -> None:
        """A button of the bot's last reply (its payload, as the widget sends it), else an answer."""
        last = self._last_turn()
        buttons = [b for b in (last.buttons if last else []) if b.get("payload")]
        if buttons:
            self._send(str(self.rng.choice(buttons)["payload"]))
        else:
            self.answer_the_question()

    @rule()
    def interrupt(self) -> None:
        """An FAQ, a correction, a yes/no/why or "start over", wherever the conversation is."""
        self._send(self.rng.choice(pool.INTERRUPTIONS))

    def teardown(self) -> None:
        if self.walk.turns and self.run.on_walk is not None:
            self.run.on_walk(self.walk)

    # --- after every turn ------------------------------------------------------------------

    @invariant()
    def every_turn_passes_the_checks(self) -> None:
        turn, self.unchecked = self.unchecked, None
        if turn is None:
            return
        previous = self.walk.turns[-2] if len(self.walk.turns) > 1 else None
        self.walk.violations = check_turn(turn, self.events, previous)
        if self.walk.violations:
            self.run.known_failures.add(tuple(self.walk.messages))
        if turn.events is not None:
            self.events = turn.events


def run_fuzz(run: FuzzRun) -> FuzzRun:
    """Walk until ``run.turn_budget`` turns were sent (or Hypothesis runs out of examples)."""
    machine = type("Machine", (ConversationMachine,), {"run": run})
    fuzz_settings = settings(
        # At least one turn per walk until the budget is spent; the idle examples after it are cheap.
        max_examples=run.turn_budget,
        stateful_step_count=run.steps_per_walk,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    seeded = seed(run.seed)(machine)
    run_state_machine_as_test(seeded, settings=fuzz_settings)
    run.walks = [walk for walk in run.walks if walk.turns]
    return run
