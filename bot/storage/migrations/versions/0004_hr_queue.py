"""HR's queue: tickets get an owner, an "in progress" status, the contact parsed into
e-mail and phone, and a history of what happened to them (``hr_ticket_events``).

The events table carries the ticket's sender id so "forget me" deletes a user's ticket
history with their tickets (``bot.profiles.store.USER_DATA_COLUMNS``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('open', 'resolved')"
NEW_STATUSES = "status IN ('open', 'in_progress', 'resolved')"


def upgrade() -> None:
    with op.batch_alter_table("hr_tickets", recreate="always") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("assigned_to", sa.String(length=100), nullable=True))
        batch.drop_constraint("ck_hr_tickets_status", type_="check")
        batch.create_check_constraint("ck_hr_tickets_status", NEW_STATUSES)

    op.create_table(
        "hr_ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=255), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('created', 'assigned', 'status', 'resolved')", name="ck_hr_ticket_events_kind"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hr_ticket_events_ticket_id", "hr_ticket_events", ["ticket_id"])
    op.create_index("ix_hr_ticket_events_sender_id", "hr_ticket_events", ["sender_id"])


def downgrade() -> None:
    op.drop_table("hr_ticket_events")
    op.execute("UPDATE hr_tickets SET status = 'open' WHERE status = 'in_progress'")
    with op.batch_alter_table("hr_tickets", recreate="always") as batch:
        batch.drop_constraint("ck_hr_tickets_status", type_="check")
        batch.create_check_constraint("ck_hr_tickets_status", OLD_STATUSES)
        batch.drop_column("assigned_to")
        batch.drop_column("contact_phone")
        batch.drop_column("contact_email")
