"""Conversation benchmark: advisor turns versus a bare Rasa turn, over the REST channel.

Prints numbers; asserts nothing. Starts the action server and the Rasa server on free
loopback ports with fresh SQLite databases (sample catalog), then measures in one run:

- bare turns: "hello" (NLU + policies + a response, no custom action);
- whole advisor conversations (form with validation actions, advice, a follow-up),
  first one conversation at a time, then 20 at once.

    python bench/bench_conversation.py --model models/careerbot.tar.gz [--conversations 20]

Traffic goes to 127.0.0.1 only; every loop is bounded in count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.catalog.seeding import seed_sample_catalog
from bot.storage import migrate
from bot.storage.db import create_catalog_engine
from launcher.configuration import ServerConfig
from launcher.servers import running_servers

ADVISOR_TURNS = [
    "I want career advice",
    "I'm an accountant",
    '/inform{"goal": "switch"}',
    "digital marketing specialist",
    "I know Excel and bookkeeping",
    "5 hours a week",
    '/inform{"budget": "500"}',
    '/inform{"preferred_format": "online"}',
    '/ask_alternatives{"alternative": "cheaper"}',
]


def summary(label: str, samples_ms: list[float], elapsed: float) -> str:
    ordered = sorted(samples_ms)

    def pick(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return (
        f"{label:<38} n={len(ordered):>4}  p50={pick(0.5):7.1f} ms  p95={pick(0.95):7.1f} ms  "
        f"p99={pick(0.99):7.1f} ms  mean={statistics.fmean(ordered):7.1f} ms  "
        f"{len(ordered) / elapsed:6.1f} msg/s"
    )


def send(url: str, sender: str, message: str) -> float:
    started = time.perf_counter()
    reply = requests.post(url, json={"sender": sender, "message": message}, timeout=120)
    reply.raise_for_status()
    return (time.perf_counter() - started) * 1000


def bare_turns(url: str, count: int, concurrency: int) -> tuple[list[float], float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        samples = list(pool.map(lambda _: send(url, f"bench-bare-{uuid.uuid4()}", "hello"), range(count)))
    return samples, time.perf_counter() - started


def conversation(url: str) -> list[float]:
    sender = f"bench-advisor-{uuid.uuid4()}"
    return [send(url, sender, message) for message in ADVISOR_TURNS]


def advisor_conversations(url: str, count: int, concurrency: int) -> tuple[list[float], list[float], float]:
    """(all turn latencies, advice-turn latencies, elapsed seconds)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda _: conversation(url), range(count)))
    elapsed = time.perf_counter() - started
    turns = [latency for result in results for latency in result]
    advice_turns = [result[7] for result in results]
    return turns, advice_turns, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default="models/careerbot.tar.gz")
    parser.add_argument("--bare-turns", type=int, default=100)
    parser.add_argument("--conversations", type=int, default=20)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        catalog_url = f"sqlite:///{folder}/catalog.db"
        engine = create_catalog_engine(catalog_url)
        migrate.upgrade(engine)
        seed_sample_catalog(engine)
        engine.dispose()
        config = ServerConfig(
            model=options.model,
            rasa_port=0,
            action_port=0,
            log_dir=Path(folder) / "logs",
            env={
                "CATALOG_DB_URL": catalog_url,
                "TRACKER_DB_URL": f"sqlite:///{folder}/tracker.db",
                "CAREERBOT_VAR_DIR": folder,
            },
        )
        with running_servers(config) as servers:
            url = servers.rest_webhook_url
            conversation(url)  # warm-up: loads the resolver index and the spaCy pipeline
            send(url, "bench-warm", "hello")
            for concurrency in (1, 20):
                bare, bare_elapsed = bare_turns(url, options.bare_turns, concurrency)
                print(summary(f"bare turn (hello), {concurrency:>2} concurrent", bare, bare_elapsed))
                turns, advice, elapsed = advisor_conversations(url, options.conversations, concurrency)
                print(summary(f"advisor turns, {concurrency:>2} concurrent", turns, elapsed))
                print(summary(f"advice turn only, {concurrency:>2} concurrent", advice, elapsed))
                ratio = statistics.median(turns) / statistics.median(bare)
                print(f"    advisor turn p50 / bare turn p50 at {concurrency} concurrent = {ratio:.2f}x")


if __name__ == "__main__":
    main()
