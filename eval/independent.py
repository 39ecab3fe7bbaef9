"""Evaluation on the independent set (eval/independent/messages.yml): how people really talk.

The set was written by someone who never saw data/ or tests/ (its ``author_note``), from
the topic list and the source articles only; nothing in it is trained on and it is never
edited to fit the model. This script parses every message with a trained model and
prints, asserting nothing (``make eval``):

- **intent accuracy** over all messages (an answer to a question the assistant asked,
  ``asked:``, counts as right when the form takes it as the answer, i.e. its intent is not
  one that interrupts the form; a reply the NLU is unsure of, ``nlu_fallback``, is tried
  as the answer);
- **FAQ answer accuracy**: the message is answered with the expected ``faq/<topic>``;
- **own-case questions answered by the advisor**: routed to the advisor (start_advice or
  inform) rather than to a canned answer;
- **profile facts**: each expected fact extracted with the right value (per fact, and per
  message with every fact right), plus facts extracted that the message did not state.

Facts are read the way the assistant reads them: the NLU's entities (the model's
``ProfileFactExtractor``), the answer to the question asked taken from the text without
the other facts, values parsed by ``bot.profiles.answers`` and roles and skills matched
against the catalog (``CATALOG_DB_URL``, default var/catalog.db: ``make catalog``).

    python eval/independent.py --model models/careerbot.tar.gz [--show-failures]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bot.catalog.role_resolver import FIELD_ROLES, RoleResolver, normalize_title  # noqa: E402
from bot.catalog.skill_extractor import SkillExtractor  # noqa: E402
from bot.profiles import answers  # noqa: E402
from bot.profiles.facts import fact_of_entity  # noqa: E402
from bot.profiles.step_up import is_step_up  # noqa: E402
from bot.storage.db import get_engine  # noqa: E402

DEFAULT_SET = PROJECT_ROOT / "eval" / "independent" / "messages.yml"
#: Sets whose failures are never listed, only scored: round 3 was written after every fix of
#: the first two rounds, so it alone measures what the fixes did not see (both halves are
#: test). The earlier sets list the failures of their dev half; round 2's test half was read
#: too once round 3 existed (docs/evaluation.md).
SEALED_SETS = {"round3.yml"}
READ_IN_FULL = {"round2.yml"}
#: Intents that interrupt the form instead of answering its question (domain.yml's
#: ``not_an_answer`` list, read from the domain so the two cannot drift apart).
ADVISOR_INTENTS = {"start_advice", "inform"}
ROLE_FACTS = ("current_role", "target_role")
#: The set names the format fact "formats"; every other fact is named like its slot.
EVAL_NAME = {"preferred_format": "formats"}
SAME_FORMAT = {"self_paced": "online"}


def facts_only(texts: list[str]) -> list[Parsed]:
    """The fact extractor alone, without a model (intents unknown): a quick loop on facts."""
    from rasa.shared.nlu.training_data.message import Message

    from addons.nlu.profile_fact_extractor import ProfileFactExtractor

    extractor = ProfileFactExtractor({})
    parsed = []
    for text in texts:
        message = Message(data={"text": text})
        extractor.process([message])
        parsed.append(
            Parsed(intent="?", faq_topic=None, entities=list(message.get("entities") or []), text=text)
        )
    return parsed


def not_an_answer_intents() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    for mapping in domain["slots"]["current_role"]["mappings"]:
        if mapping.get("type") == "from_text":
            return set(mapping.get("not_intent") or [])
    return set()


@dataclass
class Parsed:
    intent: str
    faq_topic: str | None
    entities: list[dict[str, Any]]
    text: str


def split_of(text: str) -> str:
    """ "dev" or "test": a fixed half of the set by a hash of the text. Failures may be read
    on the dev half to find their causes; the test half is only ever scored."""
    return "dev" if hashlib.md5(text.encode("utf-8")).digest()[0] % 2 == 0 else "test"


async def parse_all(model: Path, texts: list[str]) -> list[Parsed]:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings

    configure_logging_and_warnings(logging.WARNING)

    agent = Agent.load(str(model))
    parsed = []
    for text in texts:
        result: dict[str, Any] = await agent.parse_message(text)
        selector = (result.get("response_selector") or {}).get("faq") or {}
        key = str((selector.get("response") or {}).get("intent_response_key") or "")
        parsed.append(
            Parsed(
                intent=str((result.get("intent") or {}).get("name")),
                faq_topic=key.split("/", 1)[1] if "/" in key else None,
                entities=list(result.get("entities") or []),
                text=text,
            )
        )
    return parsed


# --- facts as the assistant reads them ------------------------------------------------------


def stated_values(parsed: Parsed, asked: str | None) -> dict[str, str]:
    """Slot -> the words the assistant would validate for it."""
    values: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    for entity in parsed.entities:
        if entity.get("extractor") != "ProfileFactExtractor":
            continue
        fact = fact_of_entity(entity.get("entity"), entity.get("role"))
        if fact is None:
            continue
        slot = EVAL_NAME.get(fact, fact)
        values.setdefault(slot, str(entity.get("value")))
        spans.append((int(entity.get("start", 0)), int(entity.get("end", 0)), slot))
    if "target_role" in values:  # the target role's validator sets the goal
        step_up = is_step_up(values.get("current_role", ""), values["target_role"])
        values.setdefault("goal", "advance" if step_up else "switch")
    asked_slot = {"preferred_format": "formats"}.get(asked or "", asked)
    if asked_slot and asked_slot not in values:
        kept, position = [], 0
        for start, end, _slot in sorted(spans):
            if start >= position:
                kept.append(parsed.text[position:start])
                position = end
        kept.append(parsed.text[position:])
        remainder = " ".join(" ".join(kept).split()).strip(" ,.;-")
        values[asked_slot] = remainder or parsed.text
    return values


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _role_key(text: str) -> str:
    """Words of a role as compared: a field counts as the role that works in it, as the
    assistant's resolver reads it ("property management" = "property manager")."""
    words = normalize_title(answers.strip_correction(text)).split()
    words = [word for word in words if word not in {"a", "an", "the", "my"}]
    if len(words) > 1 and words[-1] in FIELD_ROLES:
        words = [*words[:-1], *FIELD_ROLES[words[-1]].split()]
    return " ".join(_singular(word) for word in words)


@dataclass
class Grader:
    resolver: RoleResolver
    extractor: SkillExtractor

    def role(self, expected: str, got: str | None) -> bool:
        if not got:
            return False
        if (
            _role_key(expected) == _role_key(got)
            or fuzz.token_set_ratio(_role_key(expected), _role_key(got)) >= 90
        ):
            return True
        wanted = self.resolver.resolve(str(expected), limit=1)
        found = self.resolver.resolve(str(got), limit=1)
        return bool(wanted and found and wanted[0].code == found[0].code and wanted[0].score >= 85)

    @staticmethod
    def goal(expected: str, got: str | None) -> bool:
        return bool(got) and answers.parse_goal(got) == expected

    @staticmethod
    def hours(expected: Any, got: str | None) -> bool:
        if not got:
            return False
        value = answers.parse_hours_per_week(got)
        if value is None:
            return False
        if isinstance(expected, list):
            return float(expected[0]) - 0.01 <= value <= float(expected[1]) + 0.01
        return abs(value - float(expected)) < 0.01

    @staticmethod
    def budget(expected: Any, currency: str | None, got: str | None) -> bool:
        if not got:
            return False
        money = answers.find_money(got)
        if money is None:
            return False
        if expected == "free":
            return money.kind == "free"
        if expected == "any":
            return money.kind == "no_limit"
        if expected == "employer":
            return money.kind == "employer"
        return (
            money.kind == "amount"
            and money.amount is not None
            and money.amount == Decimal(str(expected))
            and money.currency == (currency or "USD")
        )

    @staticmethod
    def formats(expected: list[str], got: str | None) -> bool:
        if not got:
            return False
        # Round 3's brief offered "self_paced" beside "online"; the assistant's online choice
        # is self-paced ("online, at my own pace"), so both name it.
        wanted = {SAME_FORMAT.get(name, name) for name in expected}
        return set(answers.find_formats(got)) == wanted

    def skill_names(self, text: str) -> set[str]:
        return {skill.name for skill in self.extractor.extract(text)}

    def skills(self, expected: list[str], got: str | None) -> tuple[int, int, int]:
        """(right, gradeable, outside the catalog) of the expected skills."""
        found = self.skill_names(got) if got else set()
        right = gradeable = outside = 0
        for name in expected:
            canonical = self.skill_names(name)
            if not canonical:
                outside += 1
                continue
            gradeable += 1
            right += bool(canonical & found)
        return right, gradeable, outside


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, right: bool, example: str) -> None:
        self.counts[f"{name}:total"] += 1
        if right:
            self.counts[f"{name}:right"] += 1
        else:
            self.failures[name].append(example)

    def share(self, name: str) -> str:
        total = self.counts[f"{name}:total"]
        right = self.counts[f"{name}:right"]
        return f"{right / total:6.3f} ({right}/{total})" if total else "   n/a"


def grade(examples: list[dict[str, Any]], parsed: list[Parsed], grader: Grader) -> Tally:
    tally = Tally()
    interrupting = not_an_answer_intents()
    for example, result in zip(examples, parsed, strict=True):
        expected_intent = str(example["intent"])
        asked = example.get("asked")
        shown = f"{example['text']!r} -> {result.intent}"
        if asked:
            # an unclear reply is tried as the answer too (data/rules/advisor.yml)
            intent_right = result.intent not in interrupting
        elif expected_intent == "own_case":
            intent_right = result.intent in ADVISOR_INTENTS
            tally.add("own_case", intent_right, shown)
        elif expected_intent in ADVISOR_INTENTS:
            intent_right = result.intent in ADVISOR_INTENTS
        else:
            intent_right = result.intent == expected_intent
        tally.add("intent", intent_right, shown)
        if expected_intent == "faq":
            right = result.intent == "faq" and result.faq_topic == example.get("faq_topic")
            tally.add("faq_answer", right, f"{shown}/{result.faq_topic} (want {example.get('faq_topic')})")
        facts = example.get("facts") or {}
        if facts:
            grade_facts(tally, grader, example, facts, stated_values(result, asked))
    return tally


def grade_facts(
    tally: Tally, grader: Grader, example: dict[str, Any], facts: dict[str, Any], got: dict[str, str]
) -> None:
    every_fact_right = True
    for name, expected in facts.items():
        if name == "budget_currency":
            continue
        value = got.get(name)
        if name in ROLE_FACTS and value is None:
            value = got.get("corrected_role")  # the dialogue applies it to the role discussed
        if name in ROLE_FACTS:
            right = grader.role(str(expected), value)
        elif name == "goal":
            right = grader.goal(str(expected), value)
        elif name == "hours_per_week":
            right = grader.hours(expected, value)
        elif name == "budget":
            right = grader.budget(expected, facts.get("budget_currency"), value)
        elif name == "formats":
            right = grader.formats(list(expected), value)
        elif name == "skills":
            right_count, gradeable, outside = grader.skills(list(expected), value)
            tally.counts["skills outside the catalog"] += outside
            if gradeable == 0:
                continue
            right = right_count == gradeable
        else:
            continue
        tally.add("fact", right, f"{example['text']!r}: {name} want {expected!r} got {value!r}")
        tally.add(f"fact/{name}", right, f"{example['text']!r}: want {expected!r} got {value!r}")
        if not right:  # missed (nothing found) or misread: told apart without showing the text
            tally.counts[f"fact/{name}:{'missed' if value is None else 'misread'}"] += 1
        every_fact_right &= right
    stated = {name for name in facts if name != "budget_currency"}
    extra = [
        name
        for name in got
        if name not in stated and name not in ("corrected_role", example.get("asked") or "")
    ]
    tally.counts["facts not stated but extracted"] += len(extra)
    if len(stated) >= 2:
        tally.add("multi_fact_message", every_fact_right, example["text"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, help="a trained model; without it, only facts are scored")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument(
        "--show-failures",
        action="store_true",
        help="list the failures (dev half only; all of round 2; never those of a sealed set)",
    )
    parser.add_argument("--split", choices=("all", "dev", "test"), default="all")
    args = parser.parse_args(argv)

    data = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    examples = [
        example
        for example in data["examples"]
        if args.split == "all" or split_of(str(example["text"])) == args.split
    ]
    texts = [str(example["text"]) for example in examples]
    parsed = asyncio.run(parse_all(args.model, texts)) if args.model else facts_only(texts)
    engine = get_engine()
    grader = Grader(RoleResolver.from_engine(engine), SkillExtractor.from_engine(engine))
    tally = grade(examples, parsed, grader)
    halves = {}
    if args.split == "all":
        for half in ("dev", "test"):
            chosen = [
                index for index, example in enumerate(examples) if split_of(str(example["text"])) == half
            ]
            halves[half] = grade([examples[i] for i in chosen], [parsed[i] for i in chosen], grader)

    shown_path = args.set.resolve()
    if shown_path.is_relative_to(PROJECT_ROOT):
        shown_path = shown_path.relative_to(PROJECT_ROOT)
    print(f"Independent set: {len(examples)} messages ({shown_path}, {args.split})")
    print(f"  intent accuracy                    {tally.share('intent')}")
    print(f"  FAQ answer correct                 {tally.share('faq_answer')}   target >= 0.90")
    print(f"  own-case answered by the advisor   {tally.share('own_case')}   target >= 0.90")
    print(f"  profile facts right (per fact)     {tally.share('fact')}   target >= 0.90")
    print(f"  multi-fact messages all right      {tally.share('multi_fact_message')}   target >= 0.80")
    for name in sorted(
        key.split(":")[0] for key in tally.counts if key.startswith("fact/") and key.endswith(":total")
    ):
        missed, misread = tally.counts[f"{name}:missed"], tally.counts[f"{name}:misread"]
        print(f"    {name:<30} {tally.share(name)}   missed {missed}, misread {misread}")
    print(f"  facts extracted but not stated     {tally.counts['facts not stated but extracted']}")
    for half, part in halves.items():
        shares = ", ".join(
            f"{name} {part.share(name).split()[0]}"
            for name in ("intent", "faq_answer", "own_case", "fact", "multi_fact_message")
        )
        print(f"  {half} half: {shares}")
    print(f"  expected skills not in the catalog {tally.counts['skills outside the catalog']} (not graded)")
    readable = args.split == "dev" or args.set.name in READ_IN_FULL
    if args.show_failures and readable and args.set.name not in SEALED_SETS:
        for name, failures in sorted(tally.failures.items()):
            if name.startswith("fact/"):
                continue
            print(f"\n## {name}: {len(failures)} wrong")
            for failure in failures:
                print(f"  - {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
