"""Hygiene of the NLU data: the held-out set stays independent and complete.

The evaluation figures in docs/evaluation.md are only meaningful if the held-out set
(tests/nlu_holdout.yml) is never trained on, covers every intent and FAQ topic, and if
no CLINC150 sentence (evaluation only, see ../shared/data/clinc150/README.md) ever
enters data/.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.kit.paths import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"
HOLDOUT = PROJECT_ROOT / "tests" / "nlu_holdout.yml"
CLINC150 = PROJECT_ROOT.parent / "shared" / "data" / "clinc150" / "data_full.json"
MIN_HOLDOUT_PER_INTENT = 8
MIN_HOLDOUT_PER_FAQ_TOPIC = 3
#: Intents whose one- or two-word stock phrases ("hello", "no thanks") are bound to
#: coincide with CLINC150's; nothing longer, and nothing of another intent, may.
EVERYDAY_PHRASES = {
    "greet",
    "goodbye",
    "thank_you",
    "bot_challenge",
    "help",
    "affirm",
    "deny",
    "stop",
    "skip",
}


def _normalise(text: str) -> str:
    """Lower case, punctuation dropped, spaces collapsed: 'Hello!' and 'hello' are one."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _examples(path: Path) -> list[tuple[str, str]]:
    """(intent, text) of every example in a Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    for item in data.get("nlu") or []:
        if "intent" in item:
            for line in str(item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    found.append((str(item["intent"]), line.strip()[2:].strip()))
    return found


def _training_examples() -> list[tuple[str, str]]:
    return [pair for path in sorted((DATA_DIR / "nlu").glob("*.yml")) for pair in _examples(path)]


def _domain_intents() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return set(domain["intents"])


def test_no_held_out_sentence_is_trained_on() -> None:
    training = {_normalise(text) for _, text in _training_examples()}
    leaked = [text for _, text in _examples(HOLDOUT) if _normalise(text) in training]
    assert leaked == []


@pytest.mark.parametrize("name", ["messages.yml", "round2.yml", "round3.yml"])
def test_no_sentence_of_the_independent_set_is_trained_on(name: str) -> None:
    """eval/independent/*.yml were written by someone who never saw data/: they stay out of
    the training data and of the test conversations, or they measure nothing."""
    independent = yaml.safe_load((PROJECT_ROOT / "eval" / "independent" / name).read_text("utf-8"))
    texts = {_normalise(str(example["text"])) for example in independent["examples"]}
    training = {_normalise(text) for _, text in _training_examples()}
    stories = " ".join(
        _normalise(path.read_text(encoding="utf-8"))
        for path in sorted((PROJECT_ROOT / "tests").glob("test_*.yml"))
    )
    assert len(texts) >= 250
    # Common phrasings coincide by themselves ("are you a bot", "what do you know about me":
    # 11 of 398 when the set was written, all in data/ before it); copying the set would not
    coinciding = sorted(text for text in texts & training if len(text.split()) > 3)
    assert len(coinciding) <= 12, coinciding
    in_stories = [text for text in texts if len(text) > 20 and text in stories]
    assert len(in_stories) <= 4, in_stories  # 3 stock questions ("how long does it take to reskill")


def test_held_out_set_covers_every_intent_and_faq_topic() -> None:
    holdout = Counter(intent for intent, _ in _examples(HOLDOUT))
    per_intent = Counter()
    for intent, count in holdout.items():
        per_intent[intent.split("/", 1)[0]] += count
    too_few = {i: per_intent[i] for i in _domain_intents() if per_intent[i] < MIN_HOLDOUT_PER_INTENT}
    assert too_few == {}

    topics = {intent for intent, _ in _training_examples() if intent.startswith("faq/")}
    thin_topics = {t: holdout[t] for t in topics if holdout[t] < MIN_HOLDOUT_PER_FAQ_TOPIC}
    assert thin_topics == {}
    assert {i for i in holdout if i.startswith("faq/")} <= topics, "held-out topic unknown to training"


def test_no_sentence_has_two_intents() -> None:
    intents_of: dict[str, set[str]] = {}
    for intent, text in _training_examples():
        intents_of.setdefault(_normalise(text), set()).add(intent)
    clashes = {text: sorted(found) for text, found in intents_of.items() if len(found) > 1}
    assert clashes == {}


def test_no_clinc150_sentence_in_training_data() -> None:
    if not CLINC150.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{CLINC150} is missing (it sits beside the project in CI)")
        pytest.skip("CLINC150 not available beside the project")
    clinc = json.loads(CLINC150.read_text(encoding="utf-8"))
    clinc_texts = {_normalise(text) for split in clinc.values() for text, _ in split}
    copied = sorted(
        f"{intent}: {text}"
        for intent, text in _training_examples()
        if _normalise(text) in clinc_texts
        and not (intent in EVERYDAY_PHRASES and len(_normalise(text).split()) <= 2)
    )
    assert copied == []
