"""A rich reply (``bot.advice.rich_path``: a learning path or a course's details) written for
each channel that is not the widget, within the channel's limits, in plain Python.

- ``plain_messages``: numbered plain text, split between courses (Twilio: 1,600 characters,
  Facebook: 2,000).
- ``telegram_messages``: Telegram HTML (``parse_mode="HTML"``): bold titles and a
  "Course page" link; every catalog text is HTML-escaped, so a title such as
  ``<script>…</script> **x**`` shows as typed. Split between courses under 4,096 characters.
- ``slack_messages``: Block Kit: a header, a ``plain_text`` section per course (catalog text
  is never read as mrkdwn, ``emoji`` off so ``:x:`` stays literal), a context block with a
  "Course page" link, the totals; at most 50 blocks and 3,000 characters per text each.

The widget renders the payload itself (widget/widget.js, "rich messages"); the REST channel
returns it as ``custom`` beside its ``text`` (addons/channels/rest.py). Only http(s) URLs
are ever shown as links. Catalog fields are clipped, so no course alone exceeds a limit.
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from addons.channels.replies import SLACK, TELEGRAM, split_text, truncate
from bot.advice.rich_path import COURSE, LEARNING_PATH, SCHEMA

LINK_LABEL = "Course page"
#: Longest catalog texts shown (longer ones are cut with "…").
TITLE_CHARS, PROVIDER_CHARS, LIST_CHARS, URL_CHARS, NOTE_CHARS = 150, 80, 400, 500, 600
#: Slack: blocks per message, characters of a header's text.
SLACK_MAX_BLOCKS, SLACK_HEADER_CHARS = 50, 150


def rich_payload(custom: Any) -> dict[str, Any] | None:
    """``custom`` when it is a payload these renderers know (schema 1, a path or a course)."""
    if not isinstance(custom, Mapping):
        return None
    if custom.get("schema") != SCHEMA or custom.get("type") not in (LEARNING_PATH, COURSE):
        return None
    if not isinstance(custom.get("courses"), list) or not isinstance(custom.get("text"), str):
        return None
    return dict(custom)


def safe_url(value: Any) -> str:
    """``value`` when it is an absolute http(s) URL without spaces or control characters, else ""."""
    url = str(value or "").strip()
    if not url or len(url) > URL_CHARS or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return ""
    parts = urllib.parse.urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def _text(value: Any, limit: int) -> str:
    """A catalog value as one line of at most ``limit`` characters."""
    return truncate(" ".join(str(value or "").split()), limit)


@dataclass(frozen=True)
class CourseView:
    """One course as every text renderer shows it (already clipped; not yet escaped)."""

    number: int | None
    title: str
    provider: str
    details: str
    closes: str
    url: str
    teaches: str = ""

    @property
    def heading(self) -> str:
        prefix = f"{self.number}. " if self.number is not None else ""
        by = f" ({self.provider})" if self.provider else ""
        return f"{prefix}{self.title}{by}"


def course_views(payload: Mapping[str, Any]) -> list[CourseView]:
    """The payload's courses, numbered when it is a path."""
    views = []
    numbered = payload.get("type") == LEARNING_PATH
    for index, raw in enumerate(payload.get("courses") or [], start=1):
        course = raw if isinstance(raw, Mapping) else {}
        cost = _text(course.get("cost_text"), 40)
        if course.get("list_price_text"):
            cost += f" ({_text(course.get('list_price_text'), 40)})"
        details = [_text(course.get(key), 60) for key in ("format", "hours_text")] + [cost]
        if course.get("audience_note"):
            details.append(_text(course.get("audience_note"), PROVIDER_CHARS))
        covers = course.get("covers") or []
        teaches = course.get("teaches") or []
        views.append(
            CourseView(
                number=index if numbered else None,
                title=_text(course.get("title"), TITLE_CHARS) or "Course",
                provider=_text(course.get("provider"), PROVIDER_CHARS),
                details=" · ".join(part for part in details if part),
                closes=_text(", ".join(map(str, covers)), LIST_CHARS) if isinstance(covers, list) else "",
                url=safe_url(course.get("url")),
                teaches=_text(", ".join(map(str, teaches)), LIST_CHARS) if isinstance(teaches, list) else "",
            )
        )
    return views


def totals_line(payload: Mapping[str, Any]) -> str:
    """``"Total: 197 h of study · 272.22 EUR · about 40 weeks at 5 h a week"`` ("" without totals)."""
    totals = payload.get("totals")
    if not isinstance(totals, Mapping):
        return ""
    parts = [f"{_text(totals.get('hours_text'), 30)} of study", _text(totals.get("cost_text"), 40)]
    weeks = totals.get("weeks")
    if isinstance(weeks, int) and weeks > 0:
        pace = totals.get("hours_per_week")
        at = f" at {float(pace):g} h a week" if isinstance(pace, int | float) and pace else ""
        parts.append(f"about {weeks} week{'s' if weeks != 1 else ''}{at}")
    return "Total: " + " · ".join(part for part in parts if part.strip())


def notes(payload: Mapping[str, Any]) -> list[str]:
    raw = payload.get("notes")
    return [_text(note, NOTE_CHARS) for note in raw if note] if isinstance(raw, list) else []


def title(payload: Mapping[str, Any]) -> str:
    return _text(payload.get("title"), TITLE_CHARS)


def gap_lines(view: CourseView, escape: Callable[[str], str] = str) -> list[str]:
    """The course's "Closes: ..." and "Teaches: ..." lines (those it has), each value escaped
    for its channel: the same lines on every text channel."""
    labelled = (("Closes", view.closes), ("Teaches", view.teaches))
    return [f"{label}: {escape(value)}" for label, value in labelled if value]


# --- plain text (Twilio, Facebook) -------------------------------------------------------------


def plain_course(view: CourseView) -> str:
    lines = [view.heading, view.details, *gap_lines(view)]
    if view.url:
        lines.append(f"{LINK_LABEL}: {view.url}")
    return "\n".join([lines[0], *("   " + line for line in lines[1:])])


def plain_blocks(payload: Mapping[str, Any]) -> list[str]:
    """The reply's blocks as plain text: title, one per course, totals and notes."""
    views = course_views(payload)
    # a course's details have the course's own title as their title: said once
    heading = title(payload) if payload.get("type") == LEARNING_PATH or not views else ""
    blocks = [heading] if heading else []
    blocks += [plain_course(view) for view in views]
    closing = [line for line in (totals_line(payload), *notes(payload)) if line]
    if closing:
        blocks.append("\n".join(closing))
    return blocks


def pack(blocks: Sequence[str], limit: int, separator: str = "\n\n") -> list[str]:
    """``blocks`` joined into as few messages of at most ``limit`` characters as possible,
    never splitting a block that fits in one message (a longer one is split at words)."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        pieces = [block] if len(block) <= limit else split_text(block, limit)
        for piece in pieces:
            if current and len(current) + len(separator) + len(piece) > limit:
                messages.append(current)
                current = ""
            current = f"{current}{separator}{piece}" if current else piece
    if current:
        messages.append(current)
    return messages


def plain_messages(payload: Mapping[str, Any], limit: int) -> list[str]:
    """Numbered plain text in messages of at most ``limit`` characters, split between courses."""
    return pack(plain_blocks(payload), limit)


# --- Telegram (HTML parse mode) ----------------------------------------------------------------


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def telegram_course(view: CourseView) -> str:
    by = f" ({_escape(view.provider)})" if view.provider else ""
    prefix = f"{view.number}. " if view.number is not None else ""
    lines = [f"{prefix}<b>{_escape(view.title)}</b>{by}", _escape(view.details), *gap_lines(view, _escape)]
    if view.url:
        lines.append(f'<a href="{_escape(view.url)}">{LINK_LABEL}</a>')
    return "\n".join(lines)


def telegram_messages(payload: Mapping[str, Any], limit: int = TELEGRAM.text_chars) -> list[str]:
    """Telegram HTML messages (send with ``parse_mode="HTML"``), split between courses."""
    views = course_views(payload)
    blocks = []
    if payload.get("type") == LEARNING_PATH or not views:
        blocks.append(f"<b>{_escape(title(payload))}</b>")
    for view in views:
        block = telegram_course(view)
        if len(block) > limit:  # cannot happen with clipped fields; never cut inside a tag
            block = _escape(truncate(plain_course(view), limit // 6))
        blocks.append(block)
    closing = [_escape(line) for line in (totals_line(payload), *notes(payload)) if line]
    if closing:
        blocks.append("\n".join(closing))
    return pack(blocks, limit)


# --- Slack (Block Kit) ------------------------------------------------------------------------


def _plain(text: str, limit: int = SLACK.text_chars) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": False}


def slack_link(url: str) -> str:
    """A mrkdwn link ``<url|Course page>``; ``url`` is a :func:`safe_url` (no spaces)."""
    return f"<{slack_escape(url).replace('|', '%7C')}|{LINK_LABEL}>"


def slack_course(view: CourseView) -> list[dict[str, Any]]:
    lines = [view.heading, view.details, *gap_lines(view)]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": _plain("\n".join(lines))}]
    if view.url:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": slack_link(view.url)}]})
    return blocks


def slack_messages(payload: Mapping[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(notification text, blocks)`` per Slack message: at most 50 blocks each, a course's
    blocks never split between two messages."""
    heading = title(payload) or "Courses"
    groups: list[list[dict[str, Any]]] = [[{"type": "header", "text": _plain(heading, SLACK_HEADER_CHARS)}]]
    groups += [slack_course(view) for view in course_views(payload)]
    closing = [line for line in (totals_line(payload), *notes(payload)) if line]
    if closing:
        groups.append([{"type": "section", "text": _plain("\n".join(closing))}])
    messages: list[list[dict[str, Any]]] = [[]]
    for group in groups:
        if len(messages[-1]) + len(group) > SLACK_MAX_BLOCKS:
            messages.append([])
        messages[-1].extend(group)
    count = len(messages)
    notification = slack_escape(heading)  # the "text" beside blocks is read as mrkdwn
    return [
        (notification if count == 1 else f"{notification} ({index}/{count})", blocks)
        for index, blocks in enumerate(messages, start=1)
    ]


def slack_escape(text: str) -> str:
    """Slack's three control characters escaped (``&``, ``<``, ``>``): no links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
