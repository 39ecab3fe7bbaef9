"""The user turns the fuzzer draws from, written by hand as a new user would type them.

Grouped by what they are, so the state machine can draw a cooperative answer (the one the
open question asks for) as often as a disruptive one (noise, slash commands, mid-form
questions, other languages). Button payloads are not listed: they are taken from the
bot's own last reply (``tests.fuzz.machine``).
"""

from __future__ import annotations

#: Answers per question of the advisor form (the slot names of actions/prompts.py), and
#: of the HR hand-off form. Some are deliberately awkward (a budget as a job title ...).
ANSWERS: dict[str, list[str]] = {
    "current_role": [
        "I'm an accountant",
        "i work as a cashier at a supermarket",
        "I'm a teacher",
        "barista",
        "registered nurse",
        "software developer",
        "marketing coordinator",
        "customer service rep",
        "warehouse worker",
        "I drive a forklift",
        "about 300 dollars",
        "I don't have a job right now",
    ],
    "goal": ["grow in my current role", "switch careers", "not sure", "move to another role", "both?"],
    "target_role": [
        "data analyst",
        "project manager",
        "I want to become a data analyst",
        "ux designer",
        "something in IT",
        "astronaut",
        "same as now",
    ],
    "skills": [
        "Excel, SQL and some Python",
        "I know excel",
        "customer service, cash handling",
        "none really",
        "I've managed small teams and I'm good with people",
        "skip",
    ],
    "hours_per_week": ["5 hours a week", "about 10 hours", "2-3 hours", "a couple of evenings a week", "0"],
    "budget": ["free", "500 dollars", "3 grand", "no budget", "€200", "whatever my employer pays"],
    "preferred_format": ["online", "in person", "a mix of online and live", "any format", "books"],
    "handoff_question": [
        "Does the company pay for certificates?",
        "Can I take training during working hours?",
    ],
    "handoff_contact": ["me@example.com", "here in the chat is fine", "call me on 555-0100"],
}

#: What a user says to start getting advice when no question is open.
STARTERS = [
    "I want career advice",
    "help me choose between upskilling and reskilling",
    "get advice",
    "I'm a cashier at walmart and I want to become a data analyst, I can do 5 hours a week and have $200",
]

#: "start over" in the words of a user, and the widget's button payload. After any of these
#: the form must be back at its first question (tests.fuzz.invariants).
START_OVER = ["start over", "restart", "can we start over?", "let me start over", "/restart_advice"]

GREETINGS = ["hi", "hello there", "hey", "good morning", "thanks", "bye", "thank you so much!"]

#: Short replies whose meaning depends on what was said last.
SMALL_TALK = [
    "yes",
    "no",
    "ok",
    "sure",
    "nope",
    "no thanks",
    "skip",
    "why?",
    "why so long?",
    "tell me more",
    "give me an example",
    "and how long does that take?",
    "what now",
    "ok so what now",
    "and how many people has it helped?",
    "hmm",
    "maybe",
    "I don't know",
]

FAQ = [
    "what is upskilling?",
    "what's the difference between upskilling and reskilling?",
    "how long does reskilling take?",
    "who pays for training?",
    "is a certificate worth it?",
    "what can you do",
    "help",
]

#: Corrections and changes of mind, in the middle of the form or after advice.
CORRECTIONS = [
    "actually make that project manager",
    "I said cashier",
    "change my current role to nurse",
    "my budget is actually 1000",
    "cheaper options",
    "shorter options",
    "show my profile",
]

#: Everything else a person says to an HR assistant.
EVERYDAY = [
    "what is the weather today",
    "tell me a joke",
    "can I talk to a human",
    "get me a person in HR",
    "any news on my ticket?",
    "forget me",
    "you're useless",
    "are you a bot?",
    "I got laid off what do I do",
    "I'm burned out and thinking of quitting",
    "I feel depressed about my career",
]

SLASH_COMMANDS = [
    "/restart",
    "/session_start",
    "/affirm",
    "/deny",
    "/greet",
    "/start_advice",
    "/skip",
    "/faq",
    "/no_such_intent",
    '/inform{"current_role": "/session_start"}',
    "/",
    "//",
]

NOISE = [
    "🙂",
    "👍👍",
    "🤷",
    "asdfghjkl",
    "????",
    "...",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE courses; --",
    "{{7*7}}",
    "null",
    "12345",
    "x" * 3000,
    "I " + "really " * 300 + "want a new job",
]

OTHER_LANGUAGES = [
    "Je voudrais changer de métier",
    "我想学习数据分析",
    "Quiero aprender a programar",
    "Ich möchte mich weiterbilden",
    "أريد تغيير وظيفتي",
    "मुझे नई नौकरी चाहिए",
]

#: What the bot may be interrupted with in the middle of the form.
INTERRUPTIONS = FAQ + CORRECTIONS + SMALL_TALK + START_OVER

#: Every hand-written turn, by kind, for the rule that says anything at all: it picks a kind
#: first, so that a kind with few entries (slash commands) comes up as often as a long one.
EVERYTHING = [
    GREETINGS,
    SMALL_TALK,
    FAQ,
    CORRECTIONS,
    EVERYDAY,
    SLASH_COMMANDS,
    NOISE,
    OTHER_LANGUAGES,
    START_OVER,
    STARTERS,
    [answer for answers in ANSWERS.values() for answer in answers],
]
