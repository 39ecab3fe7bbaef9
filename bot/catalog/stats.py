"""Row counts per catalog table, for `catalog stats` and health checks."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.storage.models import Base


def table_counts(connection: Connection) -> dict[str, int]:
    """``{table name: number of rows}`` for every catalog table, in schema order."""
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }
