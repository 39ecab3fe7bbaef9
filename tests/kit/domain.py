"""The project's domain, loaded once per test session (loading it takes ~1 s)."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import yaml

from tests.kit.paths import DOMAIN_FILE


@lru_cache(maxsize=1)
def _domain_dict() -> dict[str, Any]:
    from rasa.shared.core.domain import Domain  # heavy import: only for tests that need it

    return Domain.load(str(DOMAIN_FILE)).as_dict()


def load_domain() -> dict[str, Any]:
    """The domain as the action server hands it to ``Action.run`` (Rasa's ``as_dict``).

    A fresh copy each call, so a test that changes it cannot leak into another.
    """
    return copy.deepcopy(_domain_dict())


def domain_responses() -> dict[str, list[dict[str, Any]]]:
    """The ``responses`` of domain.yml as written, to compare replies without copying text."""
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]
