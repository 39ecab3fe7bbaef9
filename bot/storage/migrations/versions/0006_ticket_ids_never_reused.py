"""HR ticket numbers are never reused (issue 16).

"Forget me" deletes a user's tickets. SQLite gives a new row the largest id + 1, so after the
newest ticket was deleted the next one got its number, and an HR person (or an e-mail that
quoted "ticket #12") would mix up two people's questions. ``AUTOINCREMENT`` makes SQLite keep
the highest id it ever handed out. PostgreSQL's sequences never hand out an id twice already.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _rebuild_hr_tickets(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # hr_tickets has no foreign keys pointing at it, so the copy-and-rename is safe
    with op.batch_alter_table(
        "hr_tickets", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def upgrade() -> None:
    _rebuild_hr_tickets(True)


def downgrade() -> None:
    _rebuild_hr_tickets(False)
