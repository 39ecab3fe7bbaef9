"""User profiles: what the advisor remembers about a sender (deleted by "forget me").

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_profiles",
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("current_role", sa.String(length=200), nullable=False),
        sa.Column("current_role_code", sa.String(length=32), nullable=True),
        sa.Column("goal", sa.String(length=16), nullable=True),
        sa.Column("target_role", sa.String(length=200), nullable=True),
        sa.Column("target_role_code", sa.String(length=32), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("hours_per_week", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("budget", sa.String(length=32), nullable=True),
        sa.Column("preferred_format", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "goal IN ('advance', 'switch', 'unsure')", name="ck_user_profiles_goal"
        ),
        sa.CheckConstraint("hours_per_week > 0", name="ck_user_profiles_hours_positive"),
        sa.PrimaryKeyConstraint("sender_id"),
    )


def downgrade() -> None:
    op.drop_table("user_profiles")
