"""Input and output channels of the Rasa server: the intranet web widget (socket.io) and
the messaging channels (Telegram, Slack, WhatsApp/SMS via Twilio, Facebook Messenger).

Modules that the launcher imports (``session_tokens``, ``replies``) do not import Rasa;
``widget`` and ``messaging`` do and are only loaded by the Rasa server.
"""
