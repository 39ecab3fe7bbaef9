"""The questions of the source articles get the right FAQ answer from the trained model.

../shared/knowledge/README.md names them: the FAQ section of 000_6c7707bf5cc6baec.txt
(asked verbatim here) and the tables of 002_e02aa0b39aca6e8f.txt (one question per row,
phrased as a user would ask it). Each must reach the FAQ intent, pass the
FallbackClassifier, and make the ResponseSelector pick the expected topic. Like most of
the FAQ-section questions, the table questions are also training examples in
data/nlu/faq.yml (the assistant must answer each of them); how well the model
generalises to paraphrases is measured, not asserted, on the held-out set (``make eval``).
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.e2e.channel_stubs import API_TOKEN, ChannelServers

pytestmark = pytest.mark.e2e

ARTICLE_FAQ = {
    # 000: the FAQ section, word for word
    "What is the main difference between upskilling and reskilling?": "difference",
    "How do I know if I need upskilling or reskilling?": "which_fits_me",
    "Can I do both upskilling and reskilling at the same time?": "both_at_once",
    "How does upskilling help me stay competitive in my job?": "stay_competitive",
    "What skills do I need to reskill for a different industry?": "reskill_skills_needed",
    "Do I need to go back to school for upskilling or reskilling?": "back_to_school",
    "How long does it typically take to reskill or upskill?": "duration",
    "Can upskilling or reskilling guarantee job security?": "job_security",
    # 001, 003, 004: the questions their headings ask
    "What is upskilling?": "what_is_upskilling",
    "What is reskilling?": "what_is_reskilling",
    "Why is upskilling and reskilling essential?": "why_now",
    "What is the difference between Reskilling and Upskilling?": "difference",
}

ARTICLE_TABLES = {
    # 002, upskilling vs reskilling
    "what is the primary goal of upskilling compared with reskilling": "difference",
    "is upskilling short-term while reskilling takes longer?": "duration",
    "which credentials go with upskilling and which with reskilling?": "difference_more",
    "why do employers use upskilling to promote from within?": "benefits_employer",
    "what does an employee get out of upskilling?": "benefits_employee",
    # 002, market trends
    "which sectors are hit by the automation of routine tasks?": "ai_jobs_more",
    "why are hybrid skills in demand?": "hybrid_skills",
    # 002, career growth actions
    "how do I list my current skills and gaps?": "skills_inventory",
    "how do I set SMART goals for my learning?": "smart_goals",
    "should I pick credentials like AWS or Google Cloud that hiring managers trust?": (
        "recognised_credentials"
    ),
    "how can a mentor or a study group speed up my learning?": "mentoring",
    "how should I document my new skills on LinkedIn and my resume?": "document_results",
    # 002, reskilling pathways
    "what pathways lead into a new role, like bootcamps or community college certificates?": (
        "training_options"
    ),
    "can Pell Grants pay for reskilling?": "grants",
    "can I transfer my GI Bill benefits to pay for training?": "gi_bill",
    # 002, training methods
    "are self-paced online courses like Coursera or Udemy any good?": "online_courses",
    "how long does a coding bootcamp take and what are its downsides?": "bootcamps",
    "what is a cohort-based program like edX Professional?": "cohort_programs",
    "can I get paid to learn through a registered apprenticeship?": "apprenticeships",
    "what are internal rotations and how do they build leaders?": "internal_rotation",
    # 002, measuring success and challenges
    "which KPIs should we track for a training programme?": "measure_success",
    "what do time-to-competency and learning NPS tell us?": "measure_success",
    "how do we prove the ROI of our training?": "roi",
    "how do we handle employees resisting the training program?": "employee_buy_in",
    "how do we allocate training resources on a limited budget?": "budget_resources",
    "how do we make training accessible to remote staff and people without good internet?": ("equity_access"),
}


@pytest.fixture(scope="module")
def parse(channel_servers: ChannelServers) -> Any:
    """The trained model's parse, through ``/model/parse`` of the running channel server
    (``agent.parse_message``, the same call as an in-process agent; no second model load)."""
    url = f"{channel_servers.servers.rasa_url}/model/parse"

    def parse_text(text: str) -> dict[str, Any]:
        reply = requests.post(url, params={"token": API_TOKEN}, json={"text": text}, timeout=60)
        reply.raise_for_status()
        return reply.json()

    return parse_text


def _answer_topic(result: dict[str, Any]) -> str:
    selected = (result.get("response_selector") or {}).get("faq", {}).get("response", {})
    return str(selected.get("intent_response_key", "")).removeprefix("faq/")


@pytest.mark.parametrize(("question", "topic"), sorted({**ARTICLE_FAQ, **ARTICLE_TABLES}.items()))
def test_article_question_gets_its_answer(parse: Any, question: str, topic: str) -> None:
    result = parse(question)
    assert result["intent"]["name"] == "faq", result["intent_ranking"][:3]
    assert _answer_topic(result) == topic
