"""Input and output channels of the Rasa server: the intranet web widget (socket.io) and
the messaging channels (Telegram, Slack, WhatsApp/SMS via Twilio, Facebook Messenger, one
module each under ``messaging``).

``session_tokens`` and ``replies`` do not import Rasa (unit-testable on their own);
``widget`` and ``messaging`` do. The launcher imports ``messaging`` for the variables each
channel declares it needs (``messaging.CHANNEL_VARIABLES``).
"""
