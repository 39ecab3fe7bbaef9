"""Is an unanswered message a career or HR question, or off-topic noise?

Why: HR reads the unanswered queue to learn what the assistant should answer next, and the
report counts refusals. A refused "can I get paid overtime for training?" is a failure of
the assistant; a refused "order me a pizza" is the assistant doing its job. Both land in
the same table (kind ``out_of_scope`` or ``fallback``), so the difference has to be read
from the words.

A message is *in scope* when it was a declined HR topic (pay, contract, grievance: the
assistant knew it was HR's and passed it on) or when it uses the vocabulary of work,
careers and learning below, or names a job by a common head noun ("nurse", "welder").
That short head-noun list is this module's own; ``bot.profiles.facts`` has the fuller
role lexicon and agent-noun rule for reading roles, which would flag more noise here.
tests/bot/hr/test_topicality.py checks that few of CLINC150's out-of-scope test
sentences count as career questions.
"""

from __future__ import annotations

import re

#: Kinds of unanswered message that are HR matters by construction.
IN_SCOPE_KINDS = frozenset({"declined"})

_CAREER_STEMS = (
    # careers and jobs
    r"careers?|jobs?|roles?|positions?|occupations?|professions?|vocations?|employ\w*|unemploy\w*|"
    r"work(?:s|ed|ing|place|force|load)?|co-?workers?|colleagues?|office|shifts?|"
    r"promot\w*|demot\w*|raises?|salar\w*|wages?|payroll|pay\s*(?:rise|raise|grade|band|check|slip)|"
    r"overtime|bonus\w*|benefits?|pension\w*|retire\w*|contract\w*|hire[ds]?|hiring|recruit\w*|"
    r"interview\w*|resumes?|cv|cvs|linkedin|job\s+applications?|"
    r"laid\s+off|lay\s*offs?|redundan\w*|fired|quit(?:ting)?|resign\w*|notice\s+period|"
    r"boss|manag\w*|supervis\w*|team\s*lead\w*|mentor\w*|coach\w*|hr|human\s+resources|"
    r"leave|parental|maternity|paternity|sick\s+days?|vacation|pto|holidays?\s+allowance|"
    r"performance\s+review|appraisal\w*|kpis?|okrs?|headcount|onboard\w*|"
    r"compan(?:y|ies)|employers?|staff|allowances?|sabbaticals?|reimburs\w*|disabilit\w*|"
    r"accessib\w*|adjustments?|"
    # learning and growth
    r"skills?|skill(?:ed|ing)|upskill\w*|reskill\w*|re-?train\w*|train(?:ing|ed|ee|ees)?|"
    r"learn\w*|stud(?:y|ying|ied|ies)|courses?|classes|classroom|(?:night|evening|day)\s+class|lessons?|exams?|bootcamps?|workshops?|"
    r"certif\w*|certs?|\w*credentials?|uni|university|college|licen[cs]\w*|degrees?|diplomas?|apprentic\w*|internships?|"
    r"qualif\w*|tuition|lms|curricul\w*|experience|expertise|competenc\w*|career\s+growth|"
    r"industr(?:y|ies)|sector|field|switch(?:ing)?\s+(?:field|career|job)s?"
)
_CAREER_WORDS = re.compile(rf"\b(?:{_CAREER_STEMS})\b", re.IGNORECASE)

#: Job titles by their head noun: "nurse", "welder", "data analyst", "electrician".
_JOB_TITLE = re.compile(
    r"\b(?:nurse|teacher|engineer|developer|analyst|designer|accountant|cashier|clerk|"
    r"driver|electrician|plumber|mechanic|technician|assistant|administrator|scientist|"
    r"consultant|specialist|coordinator|officer|representative|agent|programmer|chef|cook|welder|"
    r"roofer|journalist|writer|hairdresser|bookkeeper|surveyor|pharmacist|tech|worker|labou?rer)s?\b",
    re.IGNORECASE,
)


def is_career_related(text: str | None, kind: str | None = None) -> bool:
    """Whether a message the assistant could not answer is about work, careers or learning."""
    if kind in IN_SCOPE_KINDS:
        return True
    if not text:
        return False
    return bool(_CAREER_WORDS.search(text) or _JOB_TITLE.search(text))
