"""What a fuzzing run prints and saves: the walks, every distinct failure with the walk that
showed it first, and the one-line command that replays it (tests/fuzz/replay.py)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from tests.fuzz.machine import FuzzRun, Walk

REPLAY = ".venv/bin/python -m tests.fuzz.replay"
#: Longer walks are replayed from the saved file rather than a command line.
INLINE_LIMIT = 400


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def walk_line(number: int, walk: Walk) -> str:
    outcome = f"FAILED at turn {len(walk.turns)}" if walk.failed else "ok"
    said = " | ".join(_short(message) for message in walk.messages)
    return f"walk {number:>3} {walk.sender} ({len(walk.turns)} turns, {outcome}): {said}"


def replay_command(walk: Walk, saved: Path | None = None) -> str:
    inline = json.dumps(walk.messages, ensure_ascii=False)
    if len(inline) <= INLINE_LIMIT or saved is None:
        return f"{REPLAY} {shlex.quote(inline)}"
    return f"{REPLAY} {shlex.quote(str(saved))}"


def save(run: FuzzRun, folder: Path) -> dict[str, Path]:
    """``walks.json`` (every walk) and one ``failure-N.json`` (its messages) per distinct failure."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = {"walks": folder / "walks.json"}
    record = {"seed": run.seed, "turns": run.turns_sent, "walks": [walk.as_json() for walk in run.walks]}
    saved["walks"].write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
    for number, (signature, walk) in enumerate(run.distinct_failures().items(), start=1):
        path = folder / f"failure-{number}.json"
        path.write_text(json.dumps(walk.messages, ensure_ascii=False), encoding="utf-8")
        saved[signature] = path
    return saved


def render(run: FuzzRun, saved: dict[str, Path] | None = None, all_walks: bool = True) -> str:
    """The run in words: seed and counts, the walks, then each distinct failure."""
    saved = saved or {}
    failures = run.distinct_failures()
    lines = [
        f"conversation fuzzer: seed {run.seed}, {len(run.walks)} walks, {run.turns_sent} turns, "
        f"{len(run.failed_walks)} failed walks, {len(failures)} distinct failures"
    ]
    if all_walks:
        lines += [walk_line(number, walk) for number, walk in enumerate(run.walks, start=1)]
    first = next((walk for walk in run.walks if walk.failed), None)
    if first is not None:
        lines += ["", "first failing walk:", json.dumps(first.messages, ensure_ascii=False)[:2000]]
        lines += [f"  {violation.describe()}" for violation in first.violations]
    for number, (signature, walk) in enumerate(failures.items(), start=1):
        last = walk.turns[-1]
        lines += [
            "",
            f"failure {number}: {signature}",
            f"  seen first in {walk.sender}, turn {len(walk.turns)}: sent {_short(last.sent, 80)!r}",
            *[f"  {v.describe()}" for v in walk.violations if v.signature == signature][:1],
            f"  replay: {replay_command(walk, saved.get(signature))}",
        ]
    if "walks" in saved:
        lines += ["", f"every walk, with the replies: {saved['walks']}"]
    return "\n".join(lines)
