"""The sample profile tests remember (an accountant moving to digital marketing), and
storing or reading a profile in one call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine

from bot.profiles.store import UserProfile, load_profile, save_profile


def accountant_profile(sender_id: str = "user-1", **changes: Any) -> UserProfile:
    """A complete profile as the advisor stores it after giving advice; ``changes`` override fields."""
    values: dict[str, Any] = {
        "sender_id": sender_id,
        "current_role": "Accountant",
        "current_role_code": "13-2011.00",
        "goal": "switch",
        "target_role": "Digital Marketing Specialist",
        "target_role_code": "13-1161.01",
        "skills": ["Excel", "SQL"],
        "hours_per_week": Decimal("5"),
        "budget": "free",
        "preferred_format": "online",
    }
    values.update(changes)
    return UserProfile(**values)


def remember(engine: Engine, profile: UserProfile) -> None:
    """Store ``profile`` as the advisor does (one transaction)."""
    with engine.begin() as connection:
        save_profile(connection, profile)


def remembered(engine: Engine, sender_id: str) -> UserProfile | None:
    """The profile stored for ``sender_id``, if any."""
    with engine.connect() as connection:
        return load_profile(connection, sender_id)
