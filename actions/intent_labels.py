"""What a button says for each intent: a person's words, never the intent's internal name.

The two-stage fallback (actions/fallback.py) offers likely intents as buttons. A button
titled from the intent's name ("Declined topic") means nothing to a user, so every intent
of domain.yml has a label here (tests/actions/test_fallback.py checks it), and an intent
without one is never offered.
"""

from __future__ import annotations

#: A human title for every intent of domain.yml.
INTENT_LABELS: dict[str, str] = {
    "greet": "Say hello",
    "goodbye": "Say goodbye",
    "thank_you": "Say thanks",
    "bot_challenge": "Are you a bot?",
    "help": "What can you do?",
    "out_of_scope": "Something else",
    "faq": "A question about upskilling",
    "insult": "I'm not happy with you",
    "other_language": "Another language",
    "start_advice": "Get career advice",
    "inform": "Answer your question",
    "skip": "Skip this question",
    "stop": "Stop the questions",
    "restart_advice": "Start the advice again",
    "correct_current_role": "Change my current role",
    "correct_target_role": "Change my target role",
    "ask_alternatives": "Other roles for me",
    "ask_course_details": "Course details",
    "search_courses": "Search for courses",
    "update_profile": "Change my hours, budget or format",
    "ask_profile": "What do you know about me?",
    "forget_me": "Forget my data",
    "affirm": "Yes",
    "deny": "No",
    "talk_to_human": "Talk to a person",
    "declined_topic": "Pay, contracts or HR matters",
    "feedback_helpful": "That was helpful",
    "feedback_not_helpful": "That wasn't helpful",
    "ask_ticket_status": "Is there news on my question to HR?",
    "ask_why": "Why?",
    "ask_more": "Tell me more",
    "ask_example": "Give me an example",
    "ask_how_long": "How long does it take?",
    "what_next": "What now?",
    "job_loss": "I've lost my job",
    "distress": "I'm struggling at work",
    "nlu_fallback": "Something else",
}

#: Intents never offered as a suggestion: the fallback itself, "no", answers and follow-ups
#: that only make sense after a question or an answer, and replies that are not a topic.
NOT_SUGGESTED = frozenset(
    {
        "nlu_fallback",
        "out_of_scope",
        "affirm",
        "deny",
        "inform",
        "skip",
        "stop",
        "insult",
        "other_language",
        "greet",
        "goodbye",
        "thank_you",
        "declined_topic",
        "feedback_helpful",
        "feedback_not_helpful",
        "ask_why",
        "ask_more",
        "ask_example",
        "ask_how_long",
        "what_next",
    }
)


def suggestion_label(intent: str) -> str | None:
    """The button title for a suggested intent, or None when it must not be offered."""
    if intent in NOT_SUGGESTED:
        return None
    return INTENT_LABELS.get(intent)
