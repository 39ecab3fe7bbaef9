"""Verifies the identity tokens an intranet page hands the widget (plain Python, no Rasa
imports: unit-testable on its own).

The intranet signs a JWT for the signed-in employee (``sub``: who they are, ``exp``: when
the token expires; ``iat``, ``nbf``, ``name`` and ``email`` optional) and the page gives it
to the widget (``data-identity-token`` or ``CareerAdvisorWidget.setIdentityToken``). The
widget channel verifies it here on ``session_request``; a valid one binds the socket to
the employee's conversation (``bot.identity``).

Configured by the environment (``bot/config.py``):

- ``WIDGET_IDENTITY_JWT_KEY``: an HMAC secret of at least 32 characters (HS256/384/512)
  or a PEM **public** key (RS*, PS*, ES*, EdDSA). Unset: no identity tokens, every widget
  conversation is anonymous.
- ``WIDGET_IDENTITY_JWT_ALGORITHMS``: the algorithms accepted (default ``HS256``). The
  token's own header never chooses: ``none`` is refused, and an allow-list mixing HMAC
  with public-key algorithms, or one that does not fit the key, stops the server at
  start (the HS/RS key-confusion trick needs a public key used as an HMAC secret).
- ``WIDGET_IDENTITY_JWT_ISSUER`` / ``WIDGET_IDENTITY_JWT_AUDIENCE``: checked when set.
- ``WIDGET_IDENTITY_JWT_LEEWAY``: seconds of clock skew allowed (default 30, at most 300).

Tokens over :data:`MAX_TOKEN_BYTES` are refused before they are parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from bot.config import env_value
from bot.identity import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, SUBJECT_MAX_LENGTH, Employee

MAX_TOKEN_BYTES = 4096
HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
PUBLIC_KEY_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
HMAC_MIN_KEY_CHARS = 32
DEFAULT_LEEWAY_SECONDS = 30
MAX_LEEWAY_SECONDS = 300


class IdentityConfigError(ValueError):
    """The identity settings are unsafe or inconsistent (the message says which)."""


class IdentityError(Exception):
    """A token that does not prove who the user is. ``reason``: ``expired`` or ``invalid``
    (what the widget is told; the details stay in the server's log)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class IdentityVerifier:
    key: str
    algorithms: tuple[str, ...]
    issuer: str | None = None
    audience: str | None = None
    leeway: int = DEFAULT_LEEWAY_SECONDS

    def __post_init__(self) -> None:
        check_settings(self.key, self.algorithms, self.leeway)

    def verify(self, token: object) -> Employee:
        """The employee the token names; raises :class:`IdentityError` otherwise."""
        if not isinstance(token, str) or not token:
            raise IdentityError("invalid", "no token")
        if len(token.encode("utf-8", "surrogatepass")) > MAX_TOKEN_BYTES:
            raise IdentityError("invalid", f"token longer than {MAX_TOKEN_BYTES} bytes")
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=list(self.algorithms),
                issuer=self.issuer,
                audience=self.audience,
                leeway=self.leeway,
                options={
                    "require": ["sub", "exp"],
                    "verify_aud": self.audience is not None,
                    "verify_iss": self.issuer is not None,
                    "enforce_minimum_key_length": True,
                },
            )
        except jwt.ExpiredSignatureError as error:
            raise IdentityError("expired", str(error)) from error
        except jwt.PyJWTError as error:
            raise IdentityError("invalid", f"{type(error).__name__}: {error}") from error
        return employee_from_claims(claims)


def _text(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:limit] or None


def employee_from_claims(claims: Mapping[str, object]) -> Employee:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip() or len(subject) > SUBJECT_MAX_LENGTH:
        raise IdentityError("invalid", "sub must be a text of 1 to 255 characters")
    if any(ord(character) < 32 for character in subject):
        raise IdentityError("invalid", "sub has control characters")
    return Employee(
        subject=subject,
        name=_text(claims.get("name"), NAME_MAX_LENGTH),
        email=_text(claims.get("email"), EMAIL_MAX_LENGTH),
    )


def check_settings(key: str, algorithms: tuple[str, ...], leeway: int) -> None:
    """Raise :class:`IdentityConfigError` for a key and allow-list that are not safe together."""
    if not algorithms:
        raise IdentityConfigError("WIDGET_IDENTITY_JWT_ALGORITHMS is empty")
    unknown = [name for name in algorithms if name not in HMAC_ALGORITHMS | PUBLIC_KEY_ALGORITHMS]
    if unknown:
        raise IdentityConfigError(f"WIDGET_IDENTITY_JWT_ALGORITHMS: not accepted: {', '.join(unknown)}")
    hmac_only = set(algorithms) <= HMAC_ALGORITHMS
    if not hmac_only and set(algorithms) & HMAC_ALGORITHMS:
        raise IdentityConfigError("WIDGET_IDENTITY_JWT_ALGORITHMS mixes HMAC and public-key algorithms")
    is_pem = key.lstrip().startswith("-----BEGIN")
    if hmac_only:
        if is_pem:
            raise IdentityConfigError("WIDGET_IDENTITY_JWT_KEY is a PEM key but the algorithms are HMAC")
        if len(key) < HMAC_MIN_KEY_CHARS:
            raise IdentityConfigError(
                f"WIDGET_IDENTITY_JWT_KEY needs at least {HMAC_MIN_KEY_CHARS} characters"
            )
    else:
        if not is_pem or "PRIVATE KEY" in key:
            raise IdentityConfigError("WIDGET_IDENTITY_JWT_KEY must be a PEM public key for these algorithms")
        try:
            load_pem_public_key(key.encode("ascii"))
        except (ValueError, TypeError, UnicodeEncodeError) as error:
            raise IdentityConfigError(
                f"WIDGET_IDENTITY_JWT_KEY is not a readable PEM public key: {error}"
            ) from error
    if not 0 <= leeway <= MAX_LEEWAY_SECONDS:
        raise IdentityConfigError(f"WIDGET_IDENTITY_JWT_LEEWAY must be 0 to {MAX_LEEWAY_SECONDS} seconds")


def verifier_from_env(env: Mapping[str, str] | None = None) -> IdentityVerifier | None:
    """The configured verifier, ``None`` when no key is set (anonymous widget only)."""
    key = (env_value("WIDGET_IDENTITY_JWT_KEY", env) or "").strip()
    if not key:
        return None
    if key.startswith("-----BEGIN") and "\\n" in key:
        key = key.replace("\\n", "\n")  # a PEM key written on one line in an env file
    names = (env_value("WIDGET_IDENTITY_JWT_ALGORITHMS", env) or "HS256").replace(",", " ").split()
    try:
        leeway = int(env_value("WIDGET_IDENTITY_JWT_LEEWAY", env) or DEFAULT_LEEWAY_SECONDS)
    except ValueError as error:
        raise IdentityConfigError("WIDGET_IDENTITY_JWT_LEEWAY must be a whole number of seconds") from error
    return IdentityVerifier(
        key=key,
        algorithms=tuple(names),
        issuer=(env_value("WIDGET_IDENTITY_JWT_ISSUER", env) or "").strip() or None,
        audience=(env_value("WIDGET_IDENTITY_JWT_AUDIENCE", env) or "").strip() or None,
        leeway=leeway,
    )
