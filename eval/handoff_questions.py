"""Evaluation of the hand-off ticket's question (bot/hr/handoff_text.py) on conversations
written by people who never saw the code or the data (eval/handoff/set*.json).

Each case is the user's messages before and including the request for a person, and the
message HR should get as the question (or null: nothing was asked, so the form asks).
Every message is parsed with the trained model for its intent, a bot reply is put between
them, and :func:`real_question` picks the question. A pick counts as right when it is the
expected message, or contains it as one part of "question / follow-up". Prints the score
and the misses; asserts nothing (``make eval``). Nothing here is trained on.

    python eval/handoff_questions.py --model models/careerbot.tar.gz [eval/handoff/set1.json ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.hr.handoff_text import real_question

SETS = sorted((Path(__file__).parent / "handoff").glob("set*.json"))


def normal(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def is_right(picked: str | None, expected: str | None) -> bool:
    want = normal(expected)
    return picked == want or bool(want and picked and want in picked.split(" / "))


async def score(agent: Any, cases: list[dict[str, Any]]) -> tuple[int, list[str]]:
    right, misses = 0, []
    for case in cases:
        conversation: list[dict[str, Any]] = []
        for text in case["messages"]:
            intent = (await agent.parse_message(text))["intent"]["name"]
            conversation.append({"speaker": "user", "text": text, "intent": intent})
            conversation.append({"speaker": "bot", "text": "(an answer that did not help)", "intent": None})
        picked = real_question(conversation[:-1])
        if is_right(picked, case["expected_question"]):
            right += 1
        else:
            said = " | ".join(f"{e['text']} [{e['intent']}]" for e in conversation if e["speaker"] == "user")
            misses.append(f"  {said}\n    expected: {case['expected_question']}\n    picked:   {picked}")
    return right, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", type=Path, default=SETS)
    parser.add_argument("--model", required=True)
    arguments = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.core.agent import Agent

    agent = Agent.load(arguments.model)
    for path in arguments.sets:
        cases = json.loads(path.read_text(encoding="utf-8"))
        right, misses = asyncio.run(score(agent, cases))
        print(f"{path.name}: the ticket's question is right in {right}/{len(cases)} conversations")
        for miss in misses:
            print(miss)


if __name__ == "__main__":
    main()
