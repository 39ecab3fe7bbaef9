"""The conversation's short follow-ups ("why?", "tell me more", "how long?", "what now?",
a yes or no that answers no question), read against what was said last.

``context_replies`` picks the reply; ``faq_follow_ups`` says which FAQ answer carries the
"more", the example, the reason, the duration or the next step of another one.
"""
