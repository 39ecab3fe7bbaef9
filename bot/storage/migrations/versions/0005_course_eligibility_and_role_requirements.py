"""Course eligibility and intensity, entry credentials, role requirements (issue 13).

Courses gain who may take them (``audience``, ``employer``), the hours a week they demand
(``weekly_hours``) and whether their hours are paid work (``paid_work``: apprenticeships,
rotations). ``course_entry_roles`` links a course to the roles it is an entry credential
of; ``role_requirements`` holds what a regulated role needs (licence, degree, ...).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 18:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


AUDIENCE_CHECK = "audience IN ('anyone', 'employees', 'employer')"
EMPLOYER_CHECK = (
    "(audience = 'employer' AND employer IS NOT NULL) OR (audience <> 'employer' AND employer IS NULL)"
)
WEEKLY_HOURS_CHECK = "weekly_hours IS NULL OR (weekly_hours > 0 AND weekly_hours <= 80)"

#: SQLite: plain ADD COLUMN with the checks on the columns. Recreating ``courses`` (batch mode)
#: would drop the old table, and with foreign keys on SQLite then cascades the delete to
#: ``course_skills``; a column's own CHECK also lets SQLite drop the column on downgrade.
SQLITE_COLUMNS = (
    f"audience VARCHAR(16) DEFAULT 'anyone' NOT NULL CONSTRAINT ck_courses_audience CHECK ({AUDIENCE_CHECK})",
    f"employer VARCHAR(200) CONSTRAINT ck_courses_employer CHECK ({EMPLOYER_CHECK})",
    f"weekly_hours NUMERIC(4, 1) CONSTRAINT ck_courses_weekly_hours CHECK ({WEEKLY_HOURS_CHECK})",
    "paid_work BOOLEAN DEFAULT 0 NOT NULL",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for column in SQLITE_COLUMNS:
            op.execute(f"ALTER TABLE courses ADD COLUMN {column}")
    else:
        op.add_column(
            "courses", sa.Column("audience", sa.String(length=16), nullable=False, server_default="anyone")
        )
        op.add_column("courses", sa.Column("employer", sa.String(length=200), nullable=True))
        op.add_column("courses", sa.Column("weekly_hours", sa.Numeric(precision=4, scale=1), nullable=True))
        op.add_column(
            "courses", sa.Column("paid_work", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        op.create_check_constraint("ck_courses_audience", "courses", AUDIENCE_CHECK)
        op.create_check_constraint("ck_courses_employer", "courses", EMPLOYER_CHECK)
        op.create_check_constraint("ck_courses_weekly_hours", "courses", WEEKLY_HOURS_CHECK)

    op.create_table(
        "course_entry_roles",
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["role_id"], ["roles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("course_id", "role_id"),
    )
    op.create_index("ix_course_entry_roles_role_id", "course_entry_roles", ["role_id"])

    op.create_table(
        "role_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=250), nullable=False),
        sa.Column("typical_time", sa.String(length=250), nullable=True),
        sa.Column("granted_by", sa.String(length=250), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('licence', 'registration', 'certification', 'degree', 'apprenticeship', 'exam')",
            name="ck_role_requirements_kind",
        ),
        sa.ForeignKeyConstraint(["role_id"], ["roles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_role_requirements_role_id", "role_requirements", ["role_id", "position"])


def downgrade() -> None:
    op.drop_table("role_requirements")
    op.drop_table("course_entry_roles")
    # Each column's checks go with it (PostgreSQL drops them; on SQLite they are column checks).
    for column in ("paid_work", "weekly_hours", "employer", "audience"):
        op.execute(f"ALTER TABLE courses DROP COLUMN {column}")
