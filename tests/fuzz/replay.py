"""Replay one walk of the fuzzer and check the same invariants after every turn.

    .venv/bin/python -m tests.fuzz.replay '["hi", "no", "start over"]'
    .venv/bin/python -m tests.fuzz.replay results/fuzz/failure-1.json

The walk is a JSON list of messages (inline or in a file), sent in order as a new sender.
Prints each reply and the violations; exits 1 when any invariant broke.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from tests.fuzz.cli import add_server_options, target_from
from tests.fuzz.conversation import FuzzTarget, Turn
from tests.fuzz.invariants import Violation, check_turn


def load_walk(source: str) -> list[str]:
    text = Path(source).read_text(encoding="utf-8") if Path(source).is_file() else source
    messages = json.loads(text)
    if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
        raise SystemExit("a walk is a JSON list of messages")
    return messages


def replay(target: FuzzTarget, messages: list[str], sender: str) -> list[tuple[Turn, list[Violation]]]:
    """Send ``messages`` in order; each turn with the invariants it broke."""
    target.new_log_lines()  # what was logged before this walk is not its fault
    results: list[tuple[Turn, list[Violation]]] = []
    events: list[dict[str, Any]] = []
    previous: Turn | None = None
    for message in messages:
        turn = target.send(sender, message)
        results.append((turn, check_turn(turn, events, previous)))
        events = turn.events if turn.events is not None else events
        previous = turn
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.replay", description=__doc__.splitlines()[0])
    parser.add_argument("walk", help="JSON list of messages, or a file holding one")
    add_server_options(parser)
    args = parser.parse_args(argv)
    messages = load_walk(args.walk)
    with target_from(args) as target:
        results = replay(target, messages, f"replay-{uuid.uuid4().hex[:8]}")
    broken = 0
    for number, (turn, violations) in enumerate(results, start=1):
        print(f"{number:>2}. you: {turn.sent[:100]!r}  ({turn.seconds:.2f} s)")
        for text in turn.texts:
            print(f"      bot: {text[:160]!r}")
        for violation in violations:
            print(f"      !! {violation.describe()}")
        broken += bool(violations)
    print(f"{broken} of {len(results)} turns broke an invariant")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
