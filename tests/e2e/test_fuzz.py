"""End-to-end: the conversation fuzzer's CI run (tests/fuzz): 300 seeded turns of random
walks through real servers, every invariant checked after every turn. ``make fuzz`` runs
the same walks with a larger budget (FUZZ_TURNS)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import env_int
from tests.fuzz import report
from tests.fuzz.conversation import FuzzTarget
from tests.fuzz.machine import FuzzRun, run_fuzz
from tests.fuzz.servers import fuzz_target

pytestmark = pytest.mark.e2e

CI_TURNS = 300


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def target(model_path: Path, fuzz_folder: Path) -> Iterator[FuzzTarget]:
    """Servers of their own: fresh databases, HTTP API with a token, logs nobody else writes to."""
    with fuzz_target(model_path, fuzz_folder) as running:
        yield running


def test_random_conversations_always_get_a_sensible_reply(target, fuzz_folder, capsys):
    started = time.monotonic()
    run = run_fuzz(FuzzRun(target=target, turn_budget=CI_TURNS, seed=env_int("FUZZ_SEED")))
    seconds = time.monotonic() - started
    text = report.render(run, report.save(run, fuzz_folder / "walks"))
    with capsys.disabled():
        print(f"\n{text}\nfuzzer: {run.turns_sent} turns in {seconds:.0f} s")
    assert run.turns_sent >= CI_TURNS * 0.9, "the budget was not walked"
    failures = run.distinct_failures()
    assert not failures, f"{len(failures)} distinct failures:\n" + "\n".join(failures)
