"""Input and output channels of the Rasa server: REST (``rest``), the intranet web widget
(socket.io) and the messaging channels (Telegram, Slack, WhatsApp/SMS via Twilio, Facebook
Messenger, one module each under ``messaging``). Every one of them is a ``guard``
``GuardedChannel``: a per-conversation rate limit (``flood``) and HR's answers delivered
with the next reply.

``session_tokens``, ``identity`` (the intranet's identity tokens), ``history``, ``replies``
and ``flood`` do not import Rasa (unit-testable on their
own); ``guard``, ``rest``, ``widget`` and ``messaging`` do. The launcher imports
``messaging`` for the variables each channel declares it needs
(``messaging.CHANNEL_VARIABLES``).
"""
