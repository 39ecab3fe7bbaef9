"""Which FAQ answer follows up on which: the "more", the example, the reason, the duration.

Every target is an existing FAQ answer (``utter_faq/<topic>`` in data/responses/faq.yml,
written from the source articles in shared/knowledge/), so a follow-up never says more
than the articles do. A topic missing from a table has no such follow-up; the caller says
so instead of inventing one (tests/bot/conversation check that every topic exists).
"""

from __future__ import annotations

#: "Tell me more": the deeper answer on the same subject, else the closest next one.
MORE: dict[str, str] = {
    "difference": "difference_more",
    "what_is_upskilling": "difference",
    "what_is_reskilling": "difference",
    "ai_jobs": "ai_jobs_more",
    "design_program": "design_program_more",
    "measure_success": "measure_success_more",
    "training_options": "choose_training_method",
    "funding_options": "employer_funding",
    "cost": "funding_options",
    "duration": "training_options",
    "first_step": "skills_inventory",
    "skills_inventory": "smart_goals",
    "case_studies": "case_lessons",
    "case_att": "case_lessons",
    "case_amazon": "case_lessons",
    "case_ibm": "case_lessons",
    "case_starbucks": "case_lessons",
    "case_google": "case_lessons",
    "hybrid_skills": "reskill_skills_needed",
    "why_now": "ai_jobs",
    "both_at_once": "hybrid_skills",
    "stay_competitive": "promotion_pay",
    "benefits_employee": "promotion_pay",
    "benefits_employer": "roi",
    "online_courses": "micro_credentials",
    "micro_credentials": "recognised_credentials",
    "certificates": "recognised_credentials",
    "skill_gaps": "design_program",
    "roi": "measure_success",
    "employer_funding": "case_amazon",
}

#: "Give me an example": an answer that names real cases of the subject.
EXAMPLE: dict[str, str] = {
    "difference": "what_is_upskilling",
    "difference_more": "what_is_upskilling",
    "both_at_once": "case_ibm",
    "why_now": "case_studies",
    "ai_jobs": "ai_jobs_more",
    "first_step": "smart_goals",
    "skills_inventory": "smart_goals",
    "funding_options": "employer_funding",
    "employer_funding": "case_amazon",
    "online_courses": "case_google",
    "recognised_credentials": "case_google",
    "certificates": "case_google",
    "benefits_employer": "case_studies",
    "design_program": "case_studies",
    "design_program_more": "case_studies",
    "roi": "case_studies",
    "case_lessons": "case_studies",
}

#: "Why?": the answer that gives the reasons behind the subject.
WHY: dict[str, str] = {
    "difference": "why_now",
    "what_is_upskilling": "why_now",
    "what_is_reskilling": "why_now",
    "stay_competitive": "why_now",
    "hybrid_skills": "why_now",
    "both_at_once": "why_now",
    "ai_jobs": "ai_jobs_more",
    "duration": "difference_more",
    "promotion_pay": "benefits_employee",
    "job_security": "benefits_employee",
    "design_program": "benefits_employer",
    "skill_gaps": "benefits_employer",
    "employee_buy_in": "benefits_employer",
    "measure_success": "roi",
    "cost": "choose_training_method",
}

#: "How long does that take?": the topics about learning whose length the duration answer gives.
HOW_LONG: dict[str, str] = {
    topic: "duration"
    for topic in (
        "difference",
        "difference_more",
        "what_is_upskilling",
        "what_is_reskilling",
        "which_fits_me",
        "both_at_once",
        "reskill_skills_needed",
        "stay_competitive",
        "training_options",
        "choose_training_method",
        "online_courses",
        "cohort_programs",
        "bootcamps",
        "apprenticeships",
        "micro_credentials",
        "certificates",
        "back_to_school",
        "first_step",
        "cost",
    )
}

#: "What now?": the first step for a learner, the programme steps for an employer.
EMPLOYER_TOPICS = frozenset(
    {
        "benefits_employer",
        "skill_gaps",
        "design_program",
        "choose_training_method",
        "employee_buy_in",
        "budget_resources",
        "equity_access",
        "measure_success",
        "measure_success_more",
        "roi",
        "case_lessons",
    }
)


def next_step_topic(topic: str) -> str:
    """The FAQ answer that says what to do next after ``topic``."""
    if topic in EMPLOYER_TOPICS:
        return "design_program_more" if topic != "design_program_more" else "skill_gaps"
    return "first_step" if topic != "first_step" else "skills_inventory"


TABLES: dict[str, dict[str, str]] = {"more": MORE, "example": EXAMPLE, "why": WHY, "how_long": HOW_LONG}
