"""Write the profile-fact entities into the test conversations' user messages.

``rasa test core --e2e --fail-on-prediction-errors`` compares the entities the NLU finds
with the ones a test story's message is annotated with, so every ``user:`` message of
tests/test_*.yml carries the facts ``bot.profiles.facts`` finds in it, as Rasa markup
(``I'm an [accountant]{"entity": "job_title", "role": "current"}``). Run it after changing
the fact extractor, then read the diff: it is the review of what the extractor now finds.

    python scripts/annotate_story_entities.py [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.profiles.facts import ENTITY_OF_FACT, cleaned, find_facts  # noqa: E402

USER_LINE = re.compile(r"^(?P<lead>\s*- user:\s+)(?P<text>(?!\|).+?)\s*$")
MARKUP = re.compile(r"\[(?P<words>[^\]]*)\]\{[^}]*\}")


def plain(text: str) -> str:
    """A user message without entity markup."""
    return MARKUP.sub(lambda match: match.group("words"), text)


def annotated(text: str) -> str:
    """``text`` with the facts found in it as entity markup (non-overlapping spans only)."""
    message = plain(text)
    if message.startswith("/") or cleaned(message) != message:
        return message
    pieces, position = [], 0
    for fact in sorted(find_facts(message), key=lambda fact: fact.start):
        if fact.start < position:
            continue
        entity_type, role = ENTITY_OF_FACT[fact.name]
        words = message[fact.start : fact.end]
        attributes: dict[str, str] = {"entity": entity_type}
        if role:
            attributes["role"] = role
        if words != fact.value:
            attributes["value"] = fact.value
        pieces.append(message[position : fact.start])
        pieces.append(f"[{words}]{json.dumps(attributes)}")
        position = fact.end
    pieces.append(message[position:])
    return "".join(pieces)


def annotate_file(path: Path) -> tuple[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    block_indent: int | None = None
    for line in lines:
        match = USER_LINE.match(line.rstrip("\n"))
        if match:
            text = match.group("text")
            inner = json.loads(text) if text.startswith('"') else text
            new = annotated(inner)
            if new == inner:
                out.append(line)
            else:  # markup holds '": "', which a plain YAML scalar cannot: a block scalar can
                lead = match.group("lead")
                indent = " " * (len(lead) - len(lead.lstrip()) + 4)
                out.append(f"{lead.rstrip()} |\n{indent}{new}\n")
            continue
        if re.match(r"^\s*- user:\s*\|\s*$", line):
            block_indent = len(line) - len(line.lstrip()) + 4
            out.append(line)
            continue
        if block_indent is not None and line.strip() and len(line) - len(line.lstrip()) >= block_indent:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}{annotated(line.strip())}\n")
            continue
        block_indent = None
        out.append(line)
    return "".join(lines), "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    args = parser.parse_args(argv)
    stale = []
    for path in sorted((PROJECT_ROOT / "tests").glob("test_*.yml")):
        before, after = annotate_file(path)
        if before != after:
            stale.append(path.name)
            if not args.check:
                path.write_text(after, encoding="utf-8")
    verb = "out of date" if args.check else "annotated"
    print(f"{verb}: {', '.join(stale) or 'none'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
