"""The report's figures as rows: one source for the HR page, ``hr report`` and the CSV.

Why: the same figure shown three ways must not be computed three ways. ``report_rows``
turns a ``bot.hr.report.Report`` into rows (a stable name, a label, the value as shown,
the raw number, the base ``n`` of a share, a one-line definition); the HTML template,
``report_text`` and ``report_csv`` only lay those rows out. docs/hr.md ("Figures")
defines each figure as its ``definition`` does; keep the two together.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.hr.report import Report

#: Sections of the headline figures, in the order shown, with their titles.
SECTIONS = {
    "use": "Use",
    "failures": "Where the assistant falls short",
    "handoffs": "Hand-offs to HR",
    "feedback": "Helpfulness",
}
CSV_COLUMNS = ("figure", "label", "item", "value", "unit", "n", "definition")
#: Characters a spreadsheet reads as the start of a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KIND_LABELS = {
    "out_of_scope": "refused as out of scope",
    "fallback": "not understood",
    "declined": "declined as HR's matter",
}
#: Which typed messages count as not answered, in the definitions below.
UNANSWERED_RULE = (
    "did not answer: its next action was action_log_unanswered or action_core_fallback; by intent "
    "refused (out_of_scope), not understood (nlu_fallback, or the core fallback) or declined as "
    "HR's matter (declined_topic)"
)


@dataclass(frozen=True)
class Row:
    """One figure, or one item of a top-N list (``item`` set; ``name`` is the list's)."""

    name: str
    label: str
    value: str
    number: float | None
    unit: str
    definition: str
    section: str
    n: int | None = None
    base: str = ""
    item: str | None = None
    tile: bool = False

    @property
    def n_text(self) -> str:
        """ "n = 9 typed messages" beside a share (empty for other figures)."""
        if self.n is None:
            return ""
        base = self.base[:-1] if self.n == 1 and self.base.endswith("s") else self.base
        return f"n = {self.n} {base}".rstrip()


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def format_duration(seconds: float | None) -> str:
    """A time to resolve as people say it: "12 min", "3.5 h", "3.0 days" (never "0 h").

    Under an hour in whole minutes, under 48 hours in hours, else in days (one decimal)."""
    if seconds is None:
        return "–"
    minutes = int(max(seconds, 0.0) / 60 + 0.5)
    if minutes < 1:
        return "under 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours = seconds / 3600
    if round(hours, 1) < 48:
        return f"{hours:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _count(
    name: str, label: str, number: int | None, definition: str, section: str, tile: bool = False
) -> Row:
    shown = "–" if number is None else str(number)
    return Row(name, label, shown, number, "count", definition, section, tile=tile)


def _share(
    name: str,
    label: str,
    number: float | None,
    n: int,
    base: str,
    definition: str,
    section: str,
    tile: bool = False,
) -> Row:
    return Row(name, label, percent(number), number, "percent", definition, section, n, base, tile=tile)


def _duration(
    name: str, label: str, seconds: float | None, n: int, definition: str, tile: bool = False
) -> Row:
    shown, base = format_duration(seconds), "resolved tickets"
    return Row(name, label, shown, seconds, "duration", definition, "handoffs", n, base, tile=tile)


def _headline(report: Report) -> list[Row]:
    tickets, feedback = report.tickets, report.feedback
    votes = feedback.get("all")

    def tracked(number: int) -> int | None:
        """A figure from the tracker store: unknown ("–"), not 0, when there is none."""
        return number if report.tracker_available else None

    rows = [
        _count(
            "conversations",
            "conversations",
            tracked(report.conversations),
            "Conversations started: session_started events in the tracker store's events table.",
            "use",
            tile=True,
        ),
        _count(
            "users",
            "users",
            tracked(report.users),
            "Distinct conversation ids that sent a message (typed or a button) in the events table.",
            "use",
            tile=True,
        ),
        _count(
            "typed_messages",
            "typed messages",
            tracked(report.user_messages),
            "User events whose text people typed (not a button payload starting with /).",
            "use",
        ),
        _count(
            "advice",
            "pieces of advice",
            report.advice_count,
            "Advice given: rows of advice_records.",
            "use",
            tile=True,
        ),
        _count(
            "career_unanswered",
            "career questions not answered",
            tracked(report.career_unanswered),
            f"Typed messages about work, careers or learning (bot/hr/topicality.py; a declined HR topic "
            f"always) that the assistant {UNANSWERED_RULE}.",
            "failures",
        ),
        _share(
            "career_unanswered_share",
            "career questions not answered, share of typed messages",
            report.career_unanswered_share,
            report.user_messages,
            "typed messages",
            "Career questions not answered / typed messages.",
            "failures",
            tile=True,
        ),
        _count(
            "off_topic",
            "off-topic requests",
            tracked(report.off_topic_messages),
            f"Typed messages the assistant {UNANSWERED_RULE} that are not about work, careers or "
            f"learning (weather, food orders, jokes): the assistant doing its job.",
            "failures",
        ),
        _share(
            "off_topic_share",
            "off-topic requests, share of typed messages",
            report.off_topic_share,
            report.user_messages,
            "typed messages",
            "Off-topic requests / typed messages.",
            "failures",
            tile=True,
        ),
        _count(
            "career_messages",
            "career messages",
            tracked(report.career_messages),
            "Typed messages minus off-topic requests: what the assistant is there to answer.",
            "failures",
        ),
        _share(
            "career_failure_rate",
            "career messages not answered",
            report.career_failure_rate,
            report.career_messages,
            "career messages",
            "Career questions not answered / career messages (all three kinds together). A wrong "
            "answer counts as answered: it shows only as a 'not helpful' vote.",
            "failures",
            tile=True,
        ),
        _count(
            "unanswered_queue_off_topic",
            "off-topic requests left out of the unanswered groups",
            report.unanswered_off_topic,
            "unanswered_messages rows of the period not exported as FAQ that are not about work, careers "
            "or learning; the groups below show the others.",
            "failures",
        ),
        _count(
            "handoffs",
            "hand-offs to HR",
            tickets.total,
            "Tickets created: hr_tickets rows.",
            "handoffs",
            tile=True,
        ),
        _count("tickets_open", "open", tickets.open, "Of those, not resolved yet.", "handoffs"),
        _count("tickets_resolved", "resolved", tickets.resolved, "Of those, resolved.", "handoffs"),
    ]
    reasons = {
        "requested": "the user asked for a person",
        "fallback": "not understood twice, passed on",
        "declined": "a declined HR topic",
    }
    for reason, meaning in reasons.items():
        rows.append(
            _count(
                f"handoffs_{reason}",
                f"reason: {reason}",
                tickets.by_reason.get(reason, 0),
                f"Tickets with reason {reason}: {meaning}.",
                "handoffs",
            )
        )
    rows += [
        _duration(
            "median_time_to_resolve",
            "median time to resolve",
            tickets.median_seconds_to_resolve,
            tickets.resolved,
            "Median of resolved_at minus created_at over the resolved tickets.",
            tile=True,
        ),
        _duration(
            "mean_time_to_resolve",
            "mean time to resolve",
            tickets.mean_seconds_to_resolve,
            tickets.resolved,
            "Mean of resolved_at minus created_at over the resolved tickets.",
        ),
    ]
    rows += [
        _count(
            "votes",
            "votes on 'Was this helpful?'",
            votes.total if votes else 0,
            "Stored answers to 'Was this helpful?': feedback rows, written only for the Yes/No buttons "
            "or a clear yes or no to the question (any other reply is not a vote).",
            "feedback",
        ),
        _count(
            "not_helpful_votes",
            "votes 'not helpful'",
            votes.not_helpful if votes else 0,
            "Votes that the answer did not help.",
            "feedback",
        ),
        _share(
            "helpful_share",
            "found answers helpful",
            votes.share_helpful if votes else None,
            votes.total if votes else 0,
            "votes",
            "Helpful votes / votes.",
            "feedback",
            tile=True,
        ),
    ]
    after = {
        "faq": ("FAQ answers", "an FAQ answer"),
        "advice": ("advice", "advice"),
        "other": ("other answers", "anything else"),
    }
    for subject, (shown, what) in after.items():
        counts = feedback.get(subject)
        rows.append(
            _share(
                f"helpful_share_{subject}",
                f"found {shown} helpful",
                counts.share_helpful if counts else None,
                counts.total if counts else 0,
                "votes",
                f"Helpful votes / votes after {what}.",
                "feedback",
            )
        )
    return rows


def _lists(report: Report) -> list[tuple[str, str, str, str, list[tuple[str, int]]]]:
    """The top-N lists: (name, label, section, definition, the report's items)."""
    return [
        (
            "advice_paths",
            "advice given by path",
            "use",
            "Pieces of advice by the path decided: upskill, reskill or both (advice_records.path).",
            list(report.paths.items()),
        ),
        (
            "current_roles",
            "most common current roles",
            "use",
            "Pieces of advice by the person's current role (advice_records.current_role), top 10.",
            report.current_roles,
        ),
        (
            "target_roles",
            "most common target roles",
            "use",
            "Pieces of advice by the target role, when there was one, top 10.",
            report.target_roles,
        ),
        (
            "missing_skills",
            "most requested missing skills",
            "use",
            "Pieces of advice that named the skill as missing, top 15.",
            report.missing_skills,
        ),
        (
            "no_course_skills",
            "needed skills with no course in the catalog",
            "use",
            "Pieces of advice with the skill left uncovered because no course teaches it, top 15.",
            report.no_course_skills,
        ),
        (
            "faq_topics",
            "top FAQ topics",
            "use",
            "Typed messages the FAQ answered, by topic (faq/<topic> in the events table), top 10.",
            report.faq_topics,
        ),
        (
            "career_unanswered_by_kind",
            "career questions not answered, by kind",
            "failures",
            "Career questions not answered: refused, not understood or declined.",
            [(KIND_LABELS[kind], n) for kind, n in report.career_unanswered_by_kind.items()],
        ),
        (
            "unanswered_groups",
            "unanswered career questions, grouped by meaning",
            "failures",
            "Career questions in the unanswered queue (unanswered_messages of the period, not exported as "
            "FAQ), grouped by meaning; the most central one, masked; top 10.",
            report.unanswered_groups,
        ),
    ]


def report_rows(report: Report) -> list[Row]:
    """Every figure of the report, then every item of its top-N lists, in the order shown."""
    rows = _headline(report)
    for name, label, section, definition, items in _lists(report):
        rows += [
            Row(name, label, str(count), count, "count", definition, section, item=item)
            for item, count in items
        ]
    return rows


def list_labels(report: Report) -> dict[str, str]:
    """The title of each top-N list, by name (also for empty lists)."""
    return {name: label for name, label, _, _, _ in _lists(report)}


def period_text(report: Report) -> str:
    """ "last 30 days (from 2026-02-02 09:00 UTC)", "from 2026-03-03 on", or "everything"."""
    if report.since is None:
        return "everything"
    start = report.since.strftime("%Y-%m-%d %H:%M UTC")
    return f"last {report.days} days (from {start})" if report.days else f"from {start} on"


def csv_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def report_csv(report: Report) -> str:
    """The rows as CSV: figure, label, item, value (as shown), unit, n (a share's base), definition."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in report_rows(report):
        n = "" if row.n is None else str(row.n)
        cells = [row.name, row.label, row.item or "", row.value, row.unit, n, row.definition]
        writer.writerow([csv_safe(cell) for cell in cells])
    return buffer.getvalue()


def _printable(text: str) -> str:
    """One line without control characters (texts come from users; this goes to a terminal)."""
    return "".join(character if character.isprintable() else " " for character in " ".join(text.split()))


def report_text(report: Report) -> str:
    """The rows as text for ``hr report``: each section's figures, then the top-N lists."""
    rows = report_rows(report)
    generated = report.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"HR insights, generated {generated}, {period_text(report)}"]
    for section, title in SECTIONS.items():
        lines.append(f"{title}:")
        for row in rows:
            if row.item is None and row.section == section:
                lines.append(f"  {row.label}: {row.value}" + (f" ({row.n_text})" if row.n_text else ""))
    for name, label in list_labels(report).items():
        items = [row for row in rows if row.item is not None and row.name == name]
        shown = ", ".join(f"{_printable(row.item or '')} ({row.value})" for row in items) or "none"
        lines.append(f"{label[0].upper()}{label[1:]}: {shown}")
    if not report.tracker_available:
        lines.append("(The conversation store has no conversations yet: no events table.)")
    return "\n".join(lines) + "\n"
