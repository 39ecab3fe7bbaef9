"""The intranet identity tokens (addons/channels/identity.py), the employee's conversation id
(bot/identity.py), the history a new device gets (addons/channels/history.py), and the
widget channel's use of them, without a server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from addons.channels import session_tokens
from addons.channels.history import widget_history
from addons.channels.identity import (
    MAX_TOKEN_BYTES,
    IdentityConfigError,
    IdentityError,
    IdentityVerifier,
    verifier_from_env,
)
from addons.channels.widget import WidgetInput
from bot.identity import METADATA_KEY, Employee, employee_from_metadata, employee_sender_id

SECRET = "intranet-shared-secret-0123456789abcdef"


def now() -> int:
    return int(time.time())


def claims(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"sub": "E1042", "exp": now() + 600, "iat": now(), "name": "Ada Lovelace"}
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


def hs256(payload: dict[str, Any], key: str = SECRET, **headers: Any) -> str:
    return jwt.encode(payload, key, algorithm="HS256", headers=headers or None)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def handmade(header: dict[str, Any], payload: dict[str, Any], sign: Any = None) -> str:
    """A token built by hand (PyJWT refuses to make the malicious ones)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    signature = sign(signing_input.encode()) if sign else b""
    return f"{signing_input}.{b64(signature)}"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(private_key: Any) -> str:
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def verifier(**settings: Any) -> IdentityVerifier:
    return IdentityVerifier(**{"key": SECRET, "algorithms": ("HS256",), **settings})


def refused(check: IdentityVerifier, token: object) -> str:
    with pytest.raises(IdentityError) as raised:
        check.verify(token)
    return raised.value.reason


# --- the verifier -------------------------------------------------------------------------------


def test_a_valid_token_names_the_employee():
    employee = verifier().verify(hs256(claims(email="ada@example.com")))
    assert employee == Employee(subject="E1042", name="Ada Lovelace", email="ada@example.com")
    assert employee.sender_id == employee_sender_id("E1042")


def test_a_token_signed_with_another_key_is_refused():
    assert refused(verifier(), hs256(claims(), key="someone-else-s-secret-0123456789abcdef")) == "invalid"
    token = hs256(claims())
    header, payload, signature = token.split(".")
    tampered = json.loads(base64.urlsafe_b64decode(payload + "=="))
    tampered["sub"] = "E0001"
    assert refused(verifier(), f"{header}.{b64(json.dumps(tampered).encode())}.{signature}") == "invalid"


def test_alg_none_is_refused_and_cannot_be_configured():
    unsigned = handmade({"alg": "none", "typ": "JWT"}, claims())
    assert refused(verifier(), unsigned) == "invalid"
    for algorithms in (("none",), ("HS256", "none")):
        with pytest.raises(IdentityConfigError):
            verifier(algorithms=algorithms)


def test_the_hs_rs_key_confusion_trick_is_refused(rsa_key):
    pem = public_pem(rsa_key)
    check = IdentityVerifier(key=pem, algorithms=("RS256",))
    assert check.verify(jwt.encode(claims(), rsa_key, algorithm="RS256")).subject == "E1042"
    # The attacker knows the public key and "signs" with it as an HMAC secret.
    forged = handmade(
        {"alg": "HS256", "typ": "JWT"},
        claims(sub="E0001"),
        lambda data: hmac.new(pem.encode(), data, hashlib.sha256).digest(),
    )
    assert refused(check, forged) == "invalid"
    # and a configuration that would allow it does not start
    with pytest.raises(IdentityConfigError):
        IdentityVerifier(key=pem, algorithms=("HS256",))
    with pytest.raises(IdentityConfigError):
        IdentityVerifier(key=pem, algorithms=("RS256", "HS256"))


def test_a_token_of_another_allowed_family_member_is_refused(rsa_key):
    check = IdentityVerifier(key=public_pem(rsa_key), algorithms=("RS256",))
    other = ec.generate_private_key(ec.SECP256R1())
    assert refused(check, jwt.encode(claims(), other, algorithm="ES256")) == "invalid"
    assert refused(check, jwt.encode(claims(), rsa_key, algorithm="PS256")) == "invalid"


def test_expired_and_not_yet_valid_tokens_are_refused():
    assert refused(verifier(), hs256(claims(exp=now() - 120))) == "expired"
    assert refused(verifier(), hs256(claims(nbf=now() + 600))) == "invalid"
    assert refused(verifier(), hs256(claims(iat=now() + 600))) == "invalid"
    # a small clock difference is fine
    assert verifier().verify(hs256(claims(exp=now() - 5, nbf=now() + 5))).subject == "E1042"


def test_issuer_and_audience_are_checked_when_configured():
    check = verifier(issuer="https://intranet.example.com", audience="career-advisor")
    good = claims(iss="https://intranet.example.com", aud="career-advisor")
    assert check.verify(hs256(good)).subject == "E1042"
    assert refused(check, hs256({**good, "iss": "https://evil.example.com"})) == "invalid"
    assert refused(check, hs256({**good, "aud": "payroll"})) == "invalid"
    assert refused(check, hs256(claims(aud="career-advisor"))) == "invalid"  # no iss
    assert refused(check, hs256(claims(iss="https://intranet.example.com"))) == "invalid"  # no aud
    # not configured: not checked
    assert verifier().verify(hs256({**good, "iss": "anyone"})).subject == "E1042"


@pytest.mark.parametrize("subject", [None, "", "   ", 1042, "a" * 256, "E1\n042"])
def test_a_missing_or_unusable_subject_is_refused(subject):
    assert (
        refused(verifier(), hs256({**claims(), "sub": subject} if subject is not None else claims(sub=None)))
        == "invalid"
    )


def test_a_missing_expiry_is_refused():
    assert refused(verifier(), hs256(claims(exp=None))) == "invalid"


def test_oversized_and_malformed_tokens_are_refused():
    huge = hs256(claims(name="x" * MAX_TOKEN_BYTES))
    assert len(huge) > MAX_TOKEN_BYTES
    assert refused(verifier(), huge) == "invalid"
    for token in (None, "", 12, "abc", "a.b.c", "....", {"sub": "E1042"}):
        assert refused(verifier(), token) == "invalid"


def test_settings_come_from_the_environment(rsa_key):
    assert verifier_from_env({}) is None
    check = verifier_from_env(
        {
            "WIDGET_IDENTITY_JWT_KEY": public_pem(rsa_key).replace("\n", "\\n"),  # one line in an env file
            "WIDGET_IDENTITY_JWT_ALGORITHMS": "RS256, PS256",
            "WIDGET_IDENTITY_JWT_ISSUER": "https://intranet.example.com",
            "WIDGET_IDENTITY_JWT_AUDIENCE": "career-advisor",
            "WIDGET_IDENTITY_JWT_LEEWAY": "10",
        }
    )
    assert check is not None and check.algorithms == ("RS256", "PS256") and check.leeway == 10
    assert check.issuer == "https://intranet.example.com" and check.audience == "career-advisor"
    default = verifier_from_env({"WIDGET_IDENTITY_JWT_KEY": SECRET})
    assert default is not None and default.algorithms == ("HS256",) and default.issuer is None


@pytest.mark.parametrize(
    "env",
    [
        {"WIDGET_IDENTITY_JWT_KEY": "short"},
        {"WIDGET_IDENTITY_JWT_KEY": SECRET, "WIDGET_IDENTITY_JWT_ALGORITHMS": "RS256"},
        {"WIDGET_IDENTITY_JWT_KEY": SECRET, "WIDGET_IDENTITY_JWT_ALGORITHMS": "HS1"},
        {"WIDGET_IDENTITY_JWT_KEY": SECRET, "WIDGET_IDENTITY_JWT_LEEWAY": "3600"},
        {"WIDGET_IDENTITY_JWT_KEY": SECRET, "WIDGET_IDENTITY_JWT_LEEWAY": "soon"},
        {
            "WIDGET_IDENTITY_JWT_KEY": "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----",
            "WIDGET_IDENTITY_JWT_ALGORITHMS": "RS256",
        },
    ],
)
def test_unsafe_settings_stop_the_server(env):
    with pytest.raises(IdentityConfigError):
        verifier_from_env(env)


def test_a_private_key_is_not_accepted_as_the_verification_key(rsa_key):
    private = rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    with pytest.raises(IdentityConfigError):
        IdentityVerifier(key=private, algorithms=("RS256",))


# --- the employee's conversation id and identity ----------------------------------------------------


def test_the_conversation_id_is_stable_per_subject_and_reveals_nothing():
    first = employee_sender_id("E1042")
    assert first == employee_sender_id("E1042") and first != employee_sender_id("E1043")
    assert first.startswith("employee:") and "E1042" not in first and len(first) == len("employee:") + 64


def test_identity_metadata_counts_only_in_its_own_conversation():
    metadata = {METADATA_KEY: {"subject": "E1042", "name": "Ada", "email": "ada@example.com"}}
    assert employee_from_metadata(employee_sender_id("E1042"), metadata) == Employee(
        "E1042", "Ada", "ada@example.com"
    )
    assert employee_from_metadata(employee_sender_id("E0001"), metadata) is None
    assert employee_from_metadata("0123456789abcdef0123456789abcdef", metadata) is None  # anonymous
    assert employee_from_metadata(employee_sender_id("E1042"), {}) is None
    assert employee_from_metadata(employee_sender_id("E1042"), {METADATA_KEY: "E1042"}) is None


# --- the history a second device gets ---------------------------------------------------------------------


def test_the_history_has_the_user_and_bot_messages_as_the_widget_shows_them():
    buttons = [
        {"title": "Yes, pass it to HR", "payload": "/affirm"},
        {"title": "No, thanks", "payload": "/deny"},
    ]
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "user", "text": "/greet", "timestamp": 2.0},
        {"event": "bot", "text": "Hi!", "timestamp": 2.5, "data": {}},
        {"event": "user", "text": "I want to talk to a person", "timestamp": 3.0},
        {"event": "bot", "text": "Is that OK?", "timestamp": 3.5, "data": {"buttons": buttons}},
        {"event": "slot", "name": "x", "value": 1, "timestamp": 3.6},
        {"event": "user", "text": "/affirm", "timestamp": 4.0},
        {"event": "bot", "text": "", "timestamp": 4.5, "data": {}},
        {"event": "user", "text": "/deny", "timestamp": 5.0},  # not offered any more
    ]
    assert widget_history(events) == [
        {"from": "bot", "text": "Hi!", "ts": 2500},
        {"from": "user", "text": "I want to talk to a person", "ts": 3000},
        {"from": "bot", "text": "Is that OK?", "ts": 3500, "buttons": buttons},
        {"from": "user", "text": "Yes, pass it to HR", "ts": 4000},
    ]


def test_a_learning_path_comes_back_with_its_payload_and_a_foreign_custom_does_not():
    path = {
        "schema": 1,
        "type": "learning_path",
        "title": "Your learning path",
        "courses": [],
        "text": "Your learning path:",
    }
    events = [
        {"event": "bot", "text": "Your learning path:", "timestamp": 1.0, "data": {"custom": path}},
        {"event": "bot", "text": "Other", "timestamp": 2.0, "data": {"custom": {"schema": 99}}},
    ]
    assert widget_history(events) == [
        {"from": "bot", "text": "Your learning path:", "ts": 1000, "rich": path},
        {"from": "bot", "text": "Other", "ts": 2000},
    ]


def test_the_history_is_bounded():
    events = [{"event": "user", "text": f"message {n}", "timestamp": float(n)} for n in range(120)]
    history = widget_history(events)
    assert len(history) == 50 and history[-1]["text"] == "message 119" and history[0]["text"] == "message 70"
    assert widget_history(events, limit=0) == []


# --- the widget channel ---------------------------------------------------------------------------------


@pytest.fixture
def channel(tmp_path, monkeypatch) -> WidgetInput:
    monkeypatch.setenv("CAREERBOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("WIDGET_IDENTITY_JWT_KEY", SECRET)
    return WidgetInput.from_credentials({})  # type: ignore[return-value]


def test_the_channel_binds_a_valid_token_and_says_why_it_refuses_one(channel):
    employee, problem = channel.identify(hs256(claims()))
    assert problem is None and employee is not None and employee.subject == "E1042"
    assert channel.identify(hs256(claims(exp=now() - 600))) == (None, "expired")
    assert channel.identify(hs256(claims(), key="x" * 40)) == (None, "invalid")
    assert channel.identify(None) == (None, None)


def test_without_a_key_tokens_are_not_accepted(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERBOT_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("WIDGET_IDENTITY_JWT_KEY", raising=False)
    anonymous_only: WidgetInput = WidgetInput.from_credentials({})  # type: ignore[assignment]
    assert anonymous_only.identify(hs256(claims())) == (None, "unavailable")


def test_an_employee_conversation_is_never_resumed_with_a_session_token(channel):
    employee_id = employee_sender_id("E1042")
    # even a token the server itself signed for that id (there is none: it never signs them)
    token = session_tokens.sign(channel.secret, employee_id)
    session = channel.resume_or_new_session({"session_id": employee_id, "session_token": token})
    assert session["session_id"] != employee_id
    anonymous = channel.new_session()
    assert channel.resume_or_new_session(anonymous)["session_id"] == anonymous["session_id"]
