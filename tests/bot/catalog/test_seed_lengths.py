"""Every value the sample catalog writes fits its column.

SQLite ignores ``VARCHAR(n)``; PostgreSQL refuses a longer value and the whole seed fails
(it did once: a 150-character ``typical_time`` in a 100-character column). So the seed is
loaded into SQLite and every string column of every table is checked against its declared
length, whatever the table or file it came from.
"""

from __future__ import annotations

from sqlalchemy import String, func, select

from bot.catalog.seeding import seed_sample_catalog
from bot.storage.models import Base
from tests.kit.databases import migrated_engine, sqlite_url


def test_every_seeded_string_fits_its_column(tmp_path):
    engine = migrated_engine(sqlite_url(tmp_path))
    seed_sample_catalog(engine)
    too_long = []
    checked = 0
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String) or not column.type.length:
                    continue
                checked += 1
                longest = connection.execute(select(func.max(func.length(column)))).scalar()
                if longest is not None and longest > column.type.length:
                    too_long.append(f"{table.name}.{column.name}: {longest} > {column.type.length}")
    engine.dispose()
    assert checked > 30
    assert too_long == []
