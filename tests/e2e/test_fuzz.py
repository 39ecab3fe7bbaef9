"""End-to-end: the conversation fuzzer's CI run (tests/fuzz): 300 seeded turns of random
walks through real servers, every invariant checked after every turn. ``make fuzz`` runs
the same walks with a larger budget (FUZZ_TURNS)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from bot.config import env_int
from tests.e2e.conftest import session_model
from tests.fuzz import report
from tests.fuzz.conversation import FuzzTarget
from tests.fuzz.machine import FuzzRun, run_fuzz
from tests.fuzz.servers import fuzz_target
from tests.kit.server_sets import ServerSets, StartContext, register

pytestmark = pytest.mark.e2e

CI_TURNS = 300


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def start_fuzz_servers(stack: ExitStack, context: StartContext) -> FuzzTarget:
    """Servers of their own: fresh databases, HTTP API with a token, logs nobody else writes to."""
    return stack.enter_context(fuzz_target(session_model(context), context.folder("fuzz-servers")))


# Started ahead of need by the session's ServerSets (tests.kit.server_sets).
register("fuzz_servers", start_fuzz_servers)


@pytest.fixture(scope="module")
def fuzz_servers(server_sets: ServerSets) -> Iterator[FuzzTarget]:
    with server_sets.use("fuzz_servers") as running:
        yield running


def test_random_conversations_always_get_a_sensible_reply(fuzz_servers, fuzz_folder, capsys):
    started = time.monotonic()
    run = run_fuzz(FuzzRun(target=fuzz_servers, turn_budget=CI_TURNS, seed=env_int("FUZZ_SEED")))
    seconds = time.monotonic() - started
    text = report.render(run, report.save(run, fuzz_folder / "walks"))
    with capsys.disabled():
        print(f"\n{text}\nfuzzer: {run.turns_sent} turns in {seconds:.0f} s")
    assert run.turns_sent >= CI_TURNS * 0.9, "the budget was not walked"
    failures = run.distinct_failures()
    assert not failures, f"{len(failures)} distinct failures:\n" + "\n".join(failures)
