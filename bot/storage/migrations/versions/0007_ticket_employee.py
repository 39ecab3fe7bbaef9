"""Tickets record who asked when a signed-in employee did: the subject, name and e-mail of
the intranet's verified identity token (``bot/identity.py``). Anonymous tickets leave them
empty.

Plain ADD COLUMN (nullable, no check): no table rebuild on SQLite.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (("employee_subject", 255), ("employee_name", 200), ("employee_email", 254))


def upgrade() -> None:
    for name, length in COLUMNS:
        op.add_column("hr_tickets", sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        op.drop_column("hr_tickets", name)
