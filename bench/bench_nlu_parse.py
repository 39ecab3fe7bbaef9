"""NLU parse latency: one message at a time through a trained model, in-process.

Prints numbers; asserts nothing. Parses the held-out sentences (tests/nlu_holdout.yml)
one by one with ``Agent.parse_message`` (the NLU part of a turn, without policies or
the network), after a warm-up, and reports p50/p95/p99. With ``--compare-model`` the
same sentences go through a second model (e.g. one trained without the sentence
encoder) and the difference of the percentiles is printed. The sentence encoder alone
(addons/nlu/sentence_encoder.py, one message per call as at run time) is timed too.

    python bench/bench_nlu_parse.py --model models/careerbot.tar.gz [--compare-model other.tar.gz]

Runs on one thread of work at a time; every loop is bounded in count.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))  # the model's pipeline names the project's addons


def holdout_texts(path: Path, limit: int) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts = [
        line.strip()[2:].strip()
        for item in data.get("nlu") or []
        if "intent" in item
        for line in str(item.get("examples") or "").splitlines()
        if line.strip().startswith("- ")
    ]
    return texts[:limit]


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.fmean(ordered)}


def line(label: str, figures: dict[str, float], count: int, signed: bool = False) -> str:
    number = "+7.1f" if signed else "7.1f"
    values = "  ".join(f"{key}={format(figures[key], number)} ms" for key in ("p50", "p95", "p99", "mean"))
    return f"{label:<34} n={count:>4}  {values}"


async def parse_latencies(model: Path, texts: list[str], warm_up: int) -> list[float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    for text in texts[:warm_up]:
        await agent.parse_message(text)
    samples = []
    for text in texts:
        started = time.perf_counter()
        await agent.parse_message(text)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def encoder_latencies(texts: list[str], warm_up: int) -> list[float]:
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.message import Message

    from addons.nlu.sentence_encoder import SentenceEncoderFeaturizer

    encoder = SentenceEncoderFeaturizer.load(
        SentenceEncoderFeaturizer.get_default_config(),
        LocalModelStorage(Path("/nonexistent-unused")),
        Resource("sentence_encoder"),
        ExecutionContext(GraphSchema({}), "bench"),
    )
    for text in texts[:warm_up]:
        encoder.process([Message.build(text=text)])
    samples = []
    for text in texts:
        message = Message.build(text=text)
        started = time.perf_counter()
        encoder.process([message])
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "careerbot.tar.gz")
    parser.add_argument("--compare-model", type=Path, default=None, help="a second model to subtract")
    parser.add_argument("--holdout", type=Path, default=PROJECT_ROOT / "tests" / "nlu_holdout.yml")
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--warm-up", type=int, default=20)
    options = parser.parse_args()

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.getLogger("rasa").setLevel(logging.WARNING)
    import structlog  # Rasa's structured logs print every parse at debug level

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    texts = holdout_texts(options.holdout, options.messages)
    encoder = percentiles(encoder_latencies(texts, options.warm_up))
    print(line("sentence encoder alone, 1 message", encoder, len(texts)))
    parsed = percentiles(asyncio.run(parse_latencies(options.model, texts, options.warm_up)))
    print(line(f"parse {options.model.name}", parsed, len(texts)))
    if options.compare_model is not None:
        other = percentiles(asyncio.run(parse_latencies(options.compare_model, texts, options.warm_up)))
        print(line(f"parse {options.compare_model.name}", other, len(texts)))
        extra = {key: parsed[key] - other[key] for key in parsed}
        print(line("difference (model - compare-model)", extra, len(texts), signed=True))


if __name__ == "__main__":
    main()
