"""What the four messaging channels share: the declaration of the variables a channel
needs (read by the launcher), the API address setting, and option numbers mapped back to
the payloads of the bot's last buttons."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sanic.request import Request

from addons.channels import replies

logger = logging.getLogger(__name__)

Buttons = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class ChannelVariables:
    """The environment variables a messaging channel needs, declared next to the channel.

    The launcher adds the channel to its copy of credentials.yml when every ``required``
    variable is set (Rasa refuses to start on a ``${VAR}`` whose variable is unset, so the
    channels cannot be listed there unconditionally), each credential as a ``${VAR}``
    placeholder so no secret is written to disk; ``optional`` ones are added when set.
    """

    #: The class path credentials.yml names (``addons.channels.messaging.<Class>``).
    channel: str
    #: Where the channel's webhook answers on the Rasa server.
    webhook: str
    #: credential key -> environment variable
    required: Mapping[str, str]
    optional: Mapping[str, str] = field(default_factory=dict)

    @property
    def variables(self) -> tuple[str, ...]:
        return (*self.required.values(), *self.optional.values())


def api_url_setting(credentials: Mapping[str, Any] | None, from_environment: str | None) -> str | None:
    """The platform's API address: the ``api_url`` credential, else the channel's
    ``*_API_URL`` variable (a proxy, a regional endpoint or the tests' local stub); None
    keeps the platform's own."""
    value = (credentials or {}).get("api_url") or from_environment or None
    return str(value).rstrip("/") if value else None


async def resolve_option(request: Request, sender_id: str, text: str, min_options: int = 2) -> str:
    """``text``, or the payload of the option it chose by number in the bot's last turn."""
    if replies.parse_option_number(text) is None:
        return text
    agent = getattr(request.app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return text
    try:
        tracker = await store.retrieve(sender_id)
    except Exception:  # a broken store must not lose the message: keep the text
        logger.exception("Could not read the tracker of %s to resolve an option number", sender_id)
        return text
    if tracker is None:
        return text
    return replies.payload_for_option(tracker.events, text, min_options) or text
