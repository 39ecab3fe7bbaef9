"""Messaging channels: Rasa's Telegram, Slack, Twilio and Facebook Messenger connectors with
channel-aware replies, configurable API base URLs and stricter request checks, one module
per platform (the details are in each module's docstring).

Common to all four:

- ``api_url`` (credential) or the environment (``TELEGRAM_API_URL``, ``SLACK_API_URL``,
  ``TWILIO_API_URL``, ``FACEBOOK_API_URL``) replaces the platform's API address, for a
  proxy, a regional endpoint or the tests' local stub.
- Replies respect the platform's limits (``addons.channels.replies``): long texts are split
  at paragraph / line / sentence / word boundaries instead of being rejected or cut, and
  buttons beyond what the platform can show become numbered options.
- Every channel is a :class:`~addons.channels.guard.GuardedChannel`: a per-conversation
  rate limit with a "slow down" reply, and HR's answers delivered after the next reply.
- Each module declares the environment variables its channel needs (``VARIABLES``, a
  :class:`~addons.channels.messaging.common.ChannelVariables`); the launcher enables a
  channel when they are set. They are gathered in :data:`CHANNEL_VARIABLES`.

credentials.yml names the channels by their short path, e.g.
``addons.channels.messaging.TelegramChannel``, which these re-exports keep valid.
"""

from addons.channels.messaging import facebook, slack, telegram, twilio
from addons.channels.messaging.common import ChannelVariables
from addons.channels.messaging.facebook import FacebookChannel, FacebookOutputChannel
from addons.channels.messaging.slack import SlackChannel, SlackOutputChannel
from addons.channels.messaging.telegram import TelegramChannel, TelegramOutputChannel
from addons.channels.messaging.twilio import TwilioChannel, TwilioOutputChannel

#: Every messaging channel's declaration, in the order the launcher lists them.
CHANNEL_VARIABLES: tuple[ChannelVariables, ...] = (
    telegram.VARIABLES,
    slack.VARIABLES,
    twilio.VARIABLES,
    facebook.VARIABLES,
)

__all__ = [
    "CHANNEL_VARIABLES",
    "ChannelVariables",
    "FacebookChannel",
    "FacebookOutputChannel",
    "SlackChannel",
    "SlackOutputChannel",
    "TelegramChannel",
    "TelegramOutputChannel",
    "TwilioChannel",
    "TwilioOutputChannel",
]
