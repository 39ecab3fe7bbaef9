"""Per-conversation admission and ordering, in plain Python (no Rasa imports).

Rasa serialises the messages of one conversation with a ticket lock whose tickets expire
after ``TICKET_LOCK_LIFETIME`` (60 s, rasa/core/lock_store.py). Messages that wait longer
than that are dropped without a word: their ticket is gone, so they spin until the lock is
deleted and then fail with a ``LockError``. A client that floods one conversation (a
200-message burst on one socket, 70 parallel REST posts) lost most of its messages that way.

:class:`SenderGate` prevents it in two steps:

- **admission** (:meth:`SenderGate.admit`): at most ``limit`` messages per sender in any
  ``window_seconds`` (a sliding window over accepted messages) and at most ``limit``
  waiting at once; anything beyond is refused at once, so the channel can say "slow down";
- **ordering** (:meth:`SenderGate.turn`): the accepted messages of one sender go to Rasa
  one at a time, in arrival order, through an ``asyncio.Lock`` that never expires. Rasa's
  lock then only ever holds the ticket of the message being processed, which cannot time
  out while waiting.

One gate per input channel instance; the state lives in the Rasa server's process (Rasa 3.6
serves a channel from one process). Senders with nothing recent and nothing waiting are
forgotten, so the memory stays bounded by the active senders.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class _SenderState:
    accepted_at: deque[float] = field(default_factory=deque)
    waiting: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class SenderGate:
    """Admits at most ``limit`` messages per sender per ``window_seconds`` and runs the
    admitted ones one at a time per sender."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or window_seconds <= 0:
            raise ValueError("a rate limit needs at least 1 message and a window longer than 0 s")
        self.limit = limit
        self.window_seconds = window_seconds
        self.clock = clock
        self._senders: dict[str, _SenderState] = {}
        self._last_sweep = clock()

    def _forget_old(self, state: _SenderState, now: float) -> None:
        while state.accepted_at and now - state.accepted_at[0] >= self.window_seconds:
            state.accepted_at.popleft()

    def admit(self, sender_id: str) -> bool:
        """Whether this message may go on (it is then counted and waiting for its turn)."""
        now = self.clock()
        if now - self._last_sweep >= self.window_seconds:
            self._sweep(now)
        state = self._senders.setdefault(sender_id, _SenderState())
        self._forget_old(state, now)
        if len(state.accepted_at) >= self.limit or state.waiting >= self.limit:
            self._drop_if_idle(sender_id, state)
            return False
        state.accepted_at.append(now)
        state.waiting += 1
        return True

    def retry_after(self, sender_id: str) -> int:
        """Whole seconds until the sender's oldest counted message leaves the window."""
        state = self._senders.get(sender_id)
        if state is None or not state.accepted_at:
            return 1
        remaining = self.window_seconds - (self.clock() - state.accepted_at[0])
        return max(1, int(remaining + 0.999))

    @asynccontextmanager
    async def turn(self, sender_id: str) -> AsyncIterator[None]:
        """The admitted message's turn: entered when every earlier message of the sender is
        done. Call once per successful :meth:`admit`."""
        state = self._senders.setdefault(sender_id, _SenderState())
        try:
            async with state.lock:
                yield
        finally:
            state.waiting = max(0, state.waiting - 1)
            self._drop_if_idle(sender_id, state)

    def _drop_if_idle(self, sender_id: str, state: _SenderState) -> None:
        self._forget_old(state, self.clock())
        if not state.waiting and not state.accepted_at and not state.lock.locked():
            self._senders.pop(sender_id, None)

    def _sweep(self, now: float) -> None:
        """Forget every sender who has been quiet for a whole window."""
        self._last_sweep = now
        for sender_id, state in list(self._senders.items()):
            self._drop_if_idle(sender_id, state)

    def tracked_senders(self) -> int:
        """How many senders the gate holds state for (bounded by the active ones)."""
        return len(self._senders)
