"""What one O*NET import did, table by table (printed by ``python -m bot catalog import-onet``)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class ImportSummary:
    """What one import did: rows created/updated per table, rows skipped, time taken."""

    roles_created: int = 0
    roles_updated: int = 0
    aliases_created: int = 0
    skills_created: int = 0
    skills_updated: int = 0
    role_skills_created: int = 0
    role_skills_updated: int = 0
    related_roles_created: int = 0
    related_roles_updated: int = 0
    #: Lines naming an occupation that is neither in the release nor in the catalog.
    rows_skipped: int = 0
    elapsed_seconds: float = 0.0

    @property
    def total_created(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name.endswith("_created"))

    @property
    def total_updated(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name.endswith("_updated"))

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """A short human-readable report (for the CLI)."""
        return [
            f"roles: {self.roles_created} created, {self.roles_updated} updated",
            f"role aliases: {self.aliases_created} created",
            f"skills: {self.skills_created} created, {self.skills_updated} updated",
            f"role-skill links: {self.role_skills_created} created, {self.role_skills_updated} updated",
            f"related roles: {self.related_roles_created} created, {self.related_roles_updated} updated",
            f"rows skipped (unknown occupation): {self.rows_skipped}",
            f"elapsed: {self.elapsed_seconds:.1f} s",
        ]
