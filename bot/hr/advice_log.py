"""Advice records: the path, roles, missing and uncovered skills of each advice given.

Stored when advice is given, so the report counts them without recomputing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.hr.rows import RecordError, clean_text, insert_row, record_values
from bot.storage.models import ADVICE_PATHS, AdviceRecord


def record_advice(
    connection: Connection | Session,
    sender_id: str,
    *,
    path: str,
    current_role: str,
    current_role_code: str | None = None,
    target_role: str | None = None,
    target_role_code: str | None = None,
    missing_skills: Sequence[str] = (),
    uncovered_skills: Sequence[dict[str, str]] = (),
    now: datetime | None = None,
) -> int:
    """Store one advice given (path, roles, missing skills, skills left uncovered)."""
    if path not in ADVICE_PATHS:
        raise RecordError(f"path must be one of {', '.join(ADVICE_PATHS)}, not {path!r}")
    table = AdviceRecord.__table__
    values = record_values(
        sender_id,
        now,
        path=path,
        current_role=clean_text(current_role, 200) or "unknown",
        current_role_code=clean_text(current_role_code, 32),
        target_role=clean_text(target_role, 200),
        target_role_code=clean_text(target_role_code, 32),
        missing_skills=[name for name in (clean_text(skill, 200) for skill in missing_skills) if name],
        uncovered_skills=[
            {"skill": str(item.get("skill")), "reason": str(item.get("reason"))}
            for item in uncovered_skills
            if item.get("skill")
        ],
    )
    return insert_row(connection, table, values)


def record_advice_given(connection: Connection | Session, sender_id: str, advice: Any) -> int:
    """``record_advice`` from a ``bot.advice.service.Advice``."""
    decision = advice.decision
    target = decision.target
    return record_advice(
        connection,
        sender_id,
        path=decision.path,
        current_role=decision.current.title,
        current_role_code=decision.current.code or None,
        target_role=target.title if target is not None else None,
        target_role_code=target.code if target is not None else None,
        missing_skills=[gap.name for gap in decision.gaps],
        uncovered_skills=[{"skill": item.name, "reason": item.reason} for item in advice.path.uncovered],
        now=None,
    )
