"""HR triage: hand-off tickets, unanswered messages, feedback, and the advice given.

Every table holds per-user rows keyed by the sender (``bot.profiles.store.sender_key``) and is
listed in ``bot.profiles.store.USER_DATA_COLUMNS``, so "forget me" removes them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hr_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=True),
        sa.Column("contact", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('open', 'resolved')", name="ck_hr_tickets_status"),
        sa.CheckConstraint(
            "reason IN ('requested', 'fallback', 'declined')", name="ck_hr_tickets_reason"
        ),
        sa.CheckConstraint(
            "status <> 'resolved' OR (answer IS NOT NULL AND resolved_at IS NOT NULL)",
            name="ck_hr_tickets_resolved_has_answer",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hr_tickets_sender_id", "hr_tickets", ["sender_id"])
    op.create_index("ix_hr_tickets_status_created", "hr_tickets", ["status", "created_at"])

    op.create_table(
        "unanswered_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("top_intents", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("faq_topic", sa.String(length=100), nullable=True),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('out_of_scope', 'fallback', 'declined')", name="ck_unanswered_messages_kind"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_unanswered_messages_sender_id", "unanswered_messages", ["sender_id"])
    op.create_index("ix_unanswered_messages_created_at", "unanswered_messages", ["created_at"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("subject IN ('advice', 'faq', 'other')", name="ck_feedback_subject"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_feedback_sender_id", "feedback", ["sender_id"])

    op.create_table(
        "advice_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("path", sa.String(length=16), nullable=False),
        sa.Column("current_role", sa.String(length=200), nullable=False),
        sa.Column("current_role_code", sa.String(length=32), nullable=True),
        sa.Column("target_role", sa.String(length=200), nullable=True),
        sa.Column("target_role_code", sa.String(length=32), nullable=True),
        sa.Column("missing_skills", sa.JSON(), nullable=False),
        sa.Column("uncovered_skills", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("path IN ('upskill', 'reskill', 'both')", name="ck_advice_records_path"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_advice_records_sender_id", "advice_records", ["sender_id"])
    op.create_index("ix_advice_records_created_at", "advice_records", ["created_at"])


def downgrade() -> None:
    op.drop_table("advice_records")
    op.drop_table("feedback")
    op.drop_table("unanswered_messages")
    op.drop_table("hr_tickets")
