"""Command-line plumbing shared by ``python -m tests.fuzz`` and ``python -m tests.fuzz.replay``:
where the servers come from (started here from a model, or already running)."""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.config import PROJECT_ROOT
from tests.fuzz.conversation import FuzzTarget
from tests.fuzz.servers import FUZZ_API_TOKEN, fuzz_target

DEFAULT_MODEL = PROJECT_ROOT / "models" / "careerbot.tar.gz"


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", type=Path, default=DEFAULT_MODEL, help="model archive to start the servers with"
    )
    parser.add_argument(
        "--url",
        help="use servers already running here instead (HTTP API on, with --token and --log-dir)",
    )
    parser.add_argument("--token", default=FUZZ_API_TOKEN, help="RASA_API_TOKEN of the servers at --url")
    parser.add_argument("--log-dir", type=Path, help="folder of the --url servers' *.log files")


@contextlib.contextmanager
def target_from(args: argparse.Namespace) -> Iterator[FuzzTarget]:
    if args.url:
        logs = sorted(args.log_dir.glob("*.log")) if args.log_dir else []
        yield FuzzTarget(args.url, args.token, logs)
        return
    model = args.model if args.model.is_absolute() else PROJECT_ROOT / args.model
    with tempfile.TemporaryDirectory(prefix="careerbot-fuzz-") as folder:
        print(f"starting the servers on {model} ...", flush=True)
        with fuzz_target(model, Path(folder)) as target:
            yield target
