"""Where the project's files are, for tests that read them."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
#: Test data shipped with the tests (tests/fixtures/), wherever a test file lives.
FIXTURES_DIR = PROJECT_ROOT / "tests" / "fixtures"
