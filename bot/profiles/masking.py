"""Mask e-mail addresses and phone numbers in text shown in reports and exports.

HR reports aggregate; the only message text they show is that of unanswered questions,
and people type their contact details into chats. ``mask_contacts`` replaces every e-mail
address with ``[email]`` and every phone number (7 to 15 digits with the usual
separators, optionally ``+`` and a country code) with ``[phone]``. Years, hours, prices
and short numbers are left alone.
"""

from __future__ import annotations

import re

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# A run of digits with spaces, dots, dashes, slashes or parentheses between them; the
# digit count is checked in _phone so "2024-2025" or "10.5" are not phone numbers.
_PHONE_CANDIDATE = re.compile(r"(?<![\w@])(?:\+|00)?\(?\d[\d\s().\-/]{5,}\d(?![\w@])")
MIN_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 15
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s*[-/]\s*(?:19|20)\d\d$")


def _is_phone(candidate: str) -> bool:
    digits = sum(character.isdigit() for character in candidate)
    return not _YEAR_RANGE.match(candidate.strip()) and MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS


def _phone(match: re.Match[str]) -> str:
    return PHONE_MASK if _is_phone(match.group(0)) else match.group(0)


def find_email(text: str | None) -> str | None:
    """The first e-mail address in ``text`` (what the masking would hide), or ``None``."""
    match = _EMAIL.search(str(text or ""))
    return match.group(0) if match else None


def find_phone(text: str | None) -> str | None:
    """The first phone number in ``text`` (same rule as the masking), stripped, or ``None``."""
    without_emails = _EMAIL.sub(" ", str(text or ""))
    for match in _PHONE_CANDIDATE.finditer(without_emails):
        if _is_phone(match.group(0)):
            return match.group(0).strip()
    return None


def mask_contacts(text: str | None) -> str:
    """``text`` with e-mail addresses and phone numbers replaced (``""`` for ``None``)."""
    if not text:
        return ""
    masked = _EMAIL.sub(EMAIL_MASK, str(text))
    return _PHONE_CANDIDATE.sub(_phone, masked)
