"""Signed-in employees: their conversation id and the identity attached to their messages.

No Rasa imports: the widget channel (``addons/channels/widget.py``, which verifies the
intranet's token with ``addons/channels/identity.py``) and the HR hand-off
(``actions/handoff.py``) both read it.

- **The conversation id** of an employee is ``employee:`` + SHA-256 of their subject (the
  token's ``sub``). It is the same on every browser and device, so the tracker (profile
  slots, history), the stored profile and the HR tickets follow the employee; "forget me"
  deletes everything under it. It is a hash rather than the subject itself so that logs,
  the tracker store and analytics do not show employee ids at a glance; it is not keyed,
  so rotating a secret never orphans a conversation. Knowing it grants nothing: the widget
  resumes an ``employee:`` conversation only for a valid identity token (never with a
  session token), and the REST channel refuses such sender ids.
- **The identity** the widget channel puts into each message's metadata under
  :data:`METADATA_KEY`, after dropping whatever the client sent under that key.
  :func:`employee_from_metadata` accepts it only when its subject hashes to the
  conversation id, so another channel cannot attach an identity to an anonymous
  conversation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

EMPLOYEE_PREFIX = "employee:"
#: The key of the verified identity in a user message's metadata (set by the server only).
METADATA_KEY = "employee"
SUBJECT_MAX_LENGTH = 255
NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
_CONTEXT = b"careerbot-employee-v1"


@dataclass(frozen=True)
class Employee:
    """Who a signed-in employee is, from a verified identity token."""

    subject: str
    name: str | None = None
    email: str | None = None

    @property
    def sender_id(self) -> str:
        return employee_sender_id(self.subject)

    def as_metadata(self) -> dict[str, str]:
        values = {"subject": self.subject, "name": self.name, "email": self.email}
        return {key: value for key, value in values.items() if value}


def employee_sender_id(subject: str) -> str:
    """The conversation id of the employee whose token's ``sub`` is ``subject``."""
    digest = hashlib.sha256(_CONTEXT + b"\0" + subject.encode("utf-8", "surrogatepass")).hexdigest()
    return EMPLOYEE_PREFIX + digest


def is_employee_sender(sender_id: object) -> bool:
    return isinstance(sender_id, str) and sender_id.startswith(EMPLOYEE_PREFIX)


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace("\x00", " ").split())
    return text[:limit] or None


def employee_from_metadata(sender_id: str, metadata: Mapping[str, Any] | None) -> Employee | None:
    """The identity in a message's metadata, when it belongs to this conversation."""
    if not is_employee_sender(sender_id) or not isinstance(metadata, Mapping):
        return None
    identity = metadata.get(METADATA_KEY)
    if not isinstance(identity, Mapping):
        return None
    subject = identity.get("subject")
    if not isinstance(subject, str) or not subject or employee_sender_id(subject) != sender_id:
        return None
    return Employee(
        subject=subject,
        name=_text(identity.get("name"), NAME_MAX_LENGTH),
        email=_text(identity.get("email"), EMAIL_MAX_LENGTH),
    )
