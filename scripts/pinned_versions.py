"""Print the pinned versions of the packages reviewed in SECURITY.md.

Why: SECURITY.md records which advisories apply to *these* pins; after `make lock` the
table must be re-checked for every package whose pin moved. This prints the pin of each
reviewed package from requirements.lock (pip, setuptools and wheel from the Makefile,
which installs them outside the lock) and, with --installed, the version in the current
environment next to it, so a drift between lock and venv shows up too.

    python scripts/pinned_versions.py [--installed]

Standard library only; no network.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The packages SECURITY.md has a table for, in its order (PyPI names).
REVIEWED = (
    "aiohttp", "sanic", "sanic-routing", "sanic-cors", "sanic-jwt", "python-socketio",
    "python-engineio", "websockets", "jinja2", "werkzeug", "requests", "urllib3", "certifi",
    "idna", "cryptography", "pyjwt", "sqlalchemy", "psycopg2-binary", "redis", "aio-pika",
    "aiormq", "tensorflow", "keras", "protobuf", "numpy", "scikit-learn", "skops",
    "transformers", "tokenizers", "pyyaml", "ruamel.yaml", "twilio", "slack-sdk", "aiogram",
    "fbmessenger", "rasa", "rasa-sdk", "sentry-sdk", "pymongo", "dnspython", "pydantic",
    "pytest", "setuptools", "pip", "wheel",
)  # fmt: skip

_PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)")
_MAKEFILE_PIN = re.compile(r'"(pip|setuptools|wheel)==([^"]+)"')


def normalise(name: str) -> str:
    """PEP 503 name normalisation (`Sanic-Cors`, `sanic_cors` and `sanic-cors` are one)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(lock: Path, makefile: Path) -> dict[str, str]:
    """Normalised name -> pinned version, from the lock and the Makefile's pip line."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[normalise(match.group(1))] = match.group(2)
    if makefile.exists():
        for name, version in _MAKEFILE_PIN.findall(makefile.read_text(encoding="utf-8")):
            pins.setdefault(name, version)
    return pins


def installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installed", action="store_true", help="also show the installed version")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    args = parser.parse_args(argv)
    pins = read_pins(args.lock, ROOT / "Makefile")
    missing = 0
    for name in REVIEWED:
        pinned = pins.get(normalise(name), "not pinned")
        missing += pinned == "not pinned"
        row = f"{name:<18} {pinned:<14}"
        if args.installed:
            now = installed_version(name)
            row += f" installed {now}" + ("" if now in (pinned, "-") else "  <- differs from the pin")
        print(row.rstrip())
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
