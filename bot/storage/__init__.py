"""Where the data lives: the one SQLAlchemy engine factory, the schema, its migrations.

``db`` creates engines lazily from a URL (SQLite by default, PostgreSQL in production);
``models`` declares every table (catalog, profiles, HR records); the schema only changes
through the Alembic migrations under ``migrations/``, applied by ``migrate``.
"""
