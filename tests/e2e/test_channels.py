"""End-to-end: each messaging channel's real webhook payloads (tests/fixtures/channels/),
signed as the platform signs them, into a real Rasa server; the replies it sends to the
platform's API are captured by a local stub server (the channels' *_API_URL settings).
The same server runs with ENABLE_API=true to check that the HTTP API needs its token.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
import urllib.parse
import uuid
from typing import Any

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.e2e.channel_stubs import (
    API_TOKEN,
    FACEBOOK_SECRET,
    FACEBOOK_VERIFY,
    SLACK_SECRET,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TWILIO_SID,
    TWILIO_TOKEN,
    Call,
    ChannelServers,
)
from tests.kit.paths import FIXTURES_DIR

pytestmark = pytest.mark.e2e

FIXTURES = FIXTURES_DIR / "channels"

GOAL_TITLES = ["Grow in my current role", "Move to a different role", "Not sure yet"]
ROLE_QUESTION = "What is your current job or role?"
TARGET_QUESTION = "Which role would you like to move into?"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


# --- Twilio (WhatsApp) ----------------------------------------------------------------------------


def twilio_post(env: ChannelServers, sender: str, text: str, sign: bool = True) -> requests.Response:
    form = {**fixture("twilio_whatsapp_message.json"), "Body": text, "From": sender}
    form["WaId"] = sender.rsplit("+", 1)[-1]
    url = env.webhook("twilio")
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, form) if sign else "forged"
    return requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=60)


def twilio_bodies(calls: list[Call], sender: str) -> list[str]:
    sent = [call for call in calls if call.path.endswith("/Messages.json")]
    return [call.body["Body"] for call in sent if call.body["To"] == sender]


def twilio_turn(env: ChannelServers, sender: str, text: str) -> list[str]:
    since = env.stub.mark()
    assert twilio_post(env, sender, text).status_code == 204
    return twilio_bodies(env.stub.settle(since), sender)


def test_twilio_whatsapp_numbered_options_and_a_reply_by_number(channel_servers):
    sender = f"whatsapp:+1555{uuid.uuid4().int % 10**7:07d}"
    assert ROLE_QUESTION in "\n".join(twilio_turn(channel_servers, sender, "I want career advice"))
    goal = "\n".join(twilio_turn(channel_servers, sender, "I'm an accountant"))
    assert "1. Grow in my current role\n2. Move to a different role\n3. Not sure yet" in goal
    assert "Reply with the number of your choice." in goal
    assert TARGET_QUESTION in "\n".join(twilio_turn(channel_servers, sender, "2"))
    calls = channel_servers.stub.calls
    sent = [call for call in calls if call.path.endswith("/Messages.json")]
    assert sent[0].path == f"/twilio/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert sent[0].headers["Authorization"].startswith("Basic ")
    assert all(len(call.body["Body"]) <= 1600 for call in sent)
    assert {call.body["From"] for call in sent} == {"whatsapp:+14155238886"}


def test_twilio_refuses_a_request_without_a_valid_signature(channel_servers):
    since = channel_servers.stub.mark()
    reply = twilio_post(channel_servers, "whatsapp:+15550009999", "hello", sign=False)
    assert reply.status_code == 403
    assert twilio_bodies(channel_servers.stub.settle(since, quiet=1), "whatsapp:+15550009999") == []


# --- Telegram -------------------------------------------------------------------------------------


def telegram_post(env: ChannelServers, update: dict[str, Any], secret: str = TELEGRAM_SECRET) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
    return requests.post(env.webhook("telegram"), json=update, headers=headers, timeout=60).status_code


def telegram_messages(calls: list[Call]) -> list[dict[str, Any]]:
    return [call.body for call in calls if call.path.endswith("/sendMessage")]


def test_telegram_registers_its_webhook_with_the_secret_token(channel_servers):
    calls = channel_servers.stub.calls
    registration = next(call for call in calls if call.path.endswith("/setWebhook"))
    assert registration.path == f"/telegram/bot{TELEGRAM_TOKEN}/setWebhook"
    assert registration.body["url"] == channel_servers.webhook("telegram")
    assert registration.body["secret_token"] == TELEGRAM_SECRET


def test_telegram_message_buttons_and_callback_query(channel_servers):
    chat_id = 5550000000 + uuid.uuid4().int % 10**6
    update = fixture("telegram_message.json")
    update["message"]["chat"]["id"] = update["message"]["from"]["id"] = chat_id

    def say(text: str) -> list[dict[str, Any]]:
        message = copy.deepcopy(update)
        message["message"]["text"] = text
        since = channel_servers.stub.mark()
        assert telegram_post(channel_servers, message) == 200
        return telegram_messages(channel_servers.stub.settle(since))

    assert ROLE_QUESTION in " ".join(m["text"] for m in say("I want career advice"))
    goal = say("I'm an accountant")
    keyboard = json.loads(next(m["reply_markup"] for m in goal if "reply_markup" in m))
    rows = keyboard["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == GOAL_TITLES  # one button per row
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in rows)
    assert {m["chat_id"] for m in goal} == {str(chat_id)}

    pressed = fixture("telegram_callback_query.json")
    pressed["callback_query"]["message"]["chat"]["id"] = chat_id
    pressed["callback_query"]["data"] = rows[1][0]["callback_data"]
    since = channel_servers.stub.mark()
    assert telegram_post(channel_servers, pressed) == 200
    calls = channel_servers.stub.settle(since)
    assert any(call.path.endswith("/answerCallbackQuery") for call in calls)
    assert TARGET_QUESTION in " ".join(m["text"] for m in telegram_messages(calls))


def test_telegram_refuses_requests_without_the_secret_token(channel_servers):
    since = channel_servers.stub.mark()
    assert telegram_post(channel_servers, fixture("telegram_message.json"), secret="wrong") == 403
    assert telegram_messages(channel_servers.stub.settle(since, quiet=1)) == []


# --- Slack ----------------------------------------------------------------------------------------


def slack_headers(body: bytes, content_type: str, secret: str = SLACK_SECRET) -> dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def slack_event(env: ChannelServers, user: str, text: str, secret: str = SLACK_SECRET) -> requests.Response:
    event = fixture("slack_event_message.json")
    event["event"]["text"] = text
    event["event"]["user"] = user
    body = json.dumps(event).encode()
    return requests.post(
        env.webhook("slack"), data=body, headers=slack_headers(body, "application/json", secret), timeout=60
    )


def slack_posts(calls: list[Call]) -> list[dict[str, Any]]:
    return [call.body for call in calls if call.path == "/slack/api/chat.postMessage"]


def test_slack_event_buttons_and_block_action(channel_servers):
    user = f"U{uuid.uuid4().hex[:10].upper()}"
    stub = channel_servers.stub

    since = stub.mark()
    assert slack_event(channel_servers, user, "I want career advice").status_code == 200
    calls = stub.wait_for(since, lambda c: any(ROLE_QUESTION in p["text"] for p in slack_posts(c)))
    posts = slack_posts(calls)
    assert posts[0]["channel"] == "D0001DM"

    since = stub.mark()
    assert slack_event(channel_servers, user, "I'm an accountant").status_code == 200
    posts = slack_posts(stub.wait_for(since, lambda c: any("blocks" in p for p in slack_posts(c))))
    actions = next(block for p in posts for block in p.get("blocks", []) if block["type"] == "actions")
    assert [element["text"]["text"] for element in actions["elements"]] == GOAL_TITLES

    action = fixture("slack_block_actions.json")
    action["user"]["id"] = user
    action["actions"][0]["value"] = actions["elements"][1]["value"]
    body = urllib.parse.urlencode({"payload": json.dumps(action)}).encode()
    since = stub.mark()
    reply = requests.post(
        channel_servers.webhook("slack"),
        data=body,
        headers=slack_headers(body, "application/x-www-form-urlencoded"),
        timeout=60,
    )
    assert reply.status_code == 200
    stub.wait_for(since, lambda c: any(TARGET_QUESTION in p["text"] for p in slack_posts(c)))


def test_slack_refuses_a_request_with_a_wrong_signature(channel_servers):
    since = channel_servers.stub.mark()
    reply = slack_event(channel_servers, "UFORGED", "hello", secret="not-the-signing-secret")
    assert reply.status_code == 400
    assert slack_posts(channel_servers.stub.settle(since, quiet=1)) == []


# --- Facebook Messenger ---------------------------------------------------------------------------


def facebook_post(env: ChannelServers, payload: dict[str, Any], secret: str = FACEBOOK_SECRET) -> int:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return requests.post(env.webhook("facebook"), data=body, headers=headers, timeout=60).status_code


def facebook_messages(calls: list[Call]) -> list[dict[str, Any]]:
    return [call.body for call in calls if call.path.endswith("/me/messages") and "message" in call.body]


def with_sender(name: str, sender: str, **message: Any) -> dict[str, Any]:
    payload = fixture(name)
    event = payload["entry"][0]["messaging"][0]
    event["sender"]["id"] = sender
    if message:
        event["message"].update(message)
    return payload


def test_facebook_verification_challenge(channel_servers):
    params = {"hub.mode": "subscribe", "hub.verify_token": FACEBOOK_VERIFY, "hub.challenge": "1158201444"}
    reply = requests.get(channel_servers.webhook("facebook"), params=params, timeout=10)
    assert (reply.status_code, reply.text) == (200, "1158201444")
    params["hub.verify_token"] = "wrong"
    assert requests.get(channel_servers.webhook("facebook"), params=params, timeout=10).status_code == 403


def test_facebook_message_quick_replies_and_postback(channel_servers):
    sender = str(7000000000000000 + uuid.uuid4().int % 10**12)
    stub = channel_servers.stub

    def turn(payload: dict[str, Any]) -> list[dict[str, Any]]:
        since = stub.mark()
        assert facebook_post(channel_servers, payload) == 200
        calls = stub.settle(since)
        assert all(call.query["access_token"] == ["facebook-page-token"] for call in calls)
        return facebook_messages(calls)

    first = turn(with_sender("facebook_message.json", sender, text="I want career advice"))
    assert first[0]["recipient"] == {"id": sender}
    assert ROLE_QUESTION in " ".join(m["message"].get("text", "") for m in first)

    goal = turn(with_sender("facebook_message.json", sender, text="I'm an accountant"))
    message = next(m["message"] for m in goal if "quick_replies" in m["message"])
    # titles longer than Messenger's 20 characters: listed in full, numbered, in the text
    assert "1. Grow in my current role" in message["text"]
    titles = [reply["title"] for reply in message["quick_replies"]]
    assert all(len(title) <= 20 for title in titles) and len(titles) == 3

    quick = with_sender("facebook_quick_reply.json", sender)
    chosen = message["quick_replies"][1]["payload"]
    quick["entry"][0]["messaging"][0]["message"]["quick_reply"]["payload"] = chosen
    assert TARGET_QUESTION in " ".join(m["message"].get("text", "") for m in turn(quick))

    restart = with_sender("facebook_postback.json", sender)
    restart["entry"][0]["messaging"][0]["postback"]["payload"] = "/restart_advice"
    assert ROLE_QUESTION in " ".join(m["message"].get("text", "") for m in turn(restart))


def test_facebook_refuses_a_request_with_a_wrong_signature(channel_servers):
    since = channel_servers.stub.mark()
    payload = with_sender("facebook_message.json", "7000000000000999")
    assert facebook_post(channel_servers, payload, secret="not-the-app-secret") == 403
    assert facebook_messages(channel_servers.stub.settle(since, quiet=1)) == []


# --- REST and the HTTP API ------------------------------------------------------------------------


def test_rest_channel_still_answers(channel_servers):
    reply = requests.post(
        f"{channel_servers.servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": f"rest-{uuid.uuid4()}", "message": "I want career advice"},
        timeout=60,
    )
    assert ROLE_QUESTION in " ".join(message.get("text", "") for message in reply.json())


def test_the_http_api_refuses_requests_without_the_token(channel_servers):
    base = channel_servers.servers.rasa_url
    assert requests.get(f"{base}/status", timeout=10).status_code == 401
    assert requests.get(f"{base}/conversations/someone/tracker", timeout=10).status_code == 401
    wrong = {"token": "wrong-token-0123456789"}
    assert requests.get(f"{base}/status", params=wrong, timeout=10).status_code == 401
    reply = requests.get(f"{base}/status", params={"token": API_TOKEN}, timeout=10)
    assert reply.status_code == 200 and "model_file" in reply.json()
