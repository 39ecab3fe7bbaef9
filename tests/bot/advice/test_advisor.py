"""The upskill-or-reskill decision and the learning path.

Pure unit tests on hand-made roles and courses, then the cases from the source articles
on the sample catalog, then the `advise` CLI's JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from bot.advice.decision import RESKILL_BELOW, UPSKILL_FROM, classify, coverage, decide
from bot.advice.explanation import explain
from bot.advice.learning_path import Constraints, Gap, plan_learning_path
from bot.advice.service import AdviceRequest, advise
from bot.catalog.course_search import CatalogCourse, known_skill_ids
from bot.catalog.role_profiles import RoleProfile, WeightedSkill
from bot.catalog.seeding import seed_sample_catalog
from bot.cli import main
from bot.profiles.answers import budget_from_text

# ----------------------------------------------------------------- hand-made roles


def role(
    role_id: int, title: str, family: str, zone: int, skills: dict[int, float], related=None
) -> RoleProfile:
    profile = RoleProfile(role_id, f"R-{role_id}", title, family, zone)
    profile.skills = {sid: WeightedSkill(sid, f"skill {sid}", weight) for sid, weight in skills.items()}
    profile.related = related or {}
    return profile


ANALYST = role(1, "Analyst", "Data", 3, {1: 5, 2: 4, 3: 4, 4: 3}, related={2: "primary_short"})
SENIOR = role(2, "Senior Analyst", "Data", 4, {1: 5, 2: 4, 3: 4, 5: 4})
NURSE = role(3, "Nurse", "Health", 3, {10: 5, 11: 5, 12: 4, 13: 4})


def test_coverage_is_importance_weighted():
    core = ANALYST.core_skills()
    assert coverage(core, {1}) == pytest.approx(5 / 16)
    assert coverage(core, {1, 2, 3, 4}) == 1.0
    assert coverage([], {1}) == 0.0


@pytest.mark.parametrize(
    ("score", "path"),
    [
        (UPSKILL_FROM + 0.3, "upskill"),
        (UPSKILL_FROM, "upskill"),
        ((UPSKILL_FROM + RESKILL_BELOW) / 2, "both"),
        (RESKILL_BELOW - 0.2, "reskill"),
    ],
)
def test_classify_thresholds(score, path):
    """On the fitted thresholds (eval/decision_accuracy.py --fit), not fixed numbers."""
    assert classify(score) == path


def test_same_field_move_is_upskilling_and_names_the_gap():
    decision = decide(ANALYST, SENIOR, "switch", set())
    assert decision.path == "upskill"
    assert decision.similarity == pytest.approx(13 / 17)
    assert [gap.skill_id for gap in decision.gaps] == [5]
    assert (decision.have_count, decision.core_count) == (3, 4)


def test_cross_field_move_is_reskilling_and_own_skills_count():
    decision = decide(ANALYST, NURSE, "switch", {10})
    assert decision.path == "reskill"
    assert decision.similarity == 0.0
    assert decision.overlap == pytest.approx(5 / 18)
    assert [gap.skill_id for gap in decision.gaps] == [11, 12, 13]


def test_advance_goal_uses_the_next_step_role():
    decision = decide(ANALYST, None, "advance", set(), [ANALYST, SENIOR, NURSE])
    assert decision.path == "upskill"
    assert decision.next_step is SENIOR
    assert [gap.skill_id for gap in decision.gaps] == [5]
    assert "natural next step is Senior Analyst" in explain(decision)


def test_unsure_goal_offers_adjacent_roles_best_first():
    decision = decide(SENIOR, None, "unsure", set(), [ANALYST, SENIOR, NURSE])
    assert [option.role.title for option in decision.options] == ["Analyst", "Nurse"]
    assert decision.options[0].overlap > decision.options[1].overlap
    assert "Not sure yet is fine" in explain(decision)


# ----------------------------------------------------------------- learning path


def course(
    code: str, skills: set[int], cost="0", hours="10", fmt="online_self_paced", level="beginner", lang="en"
):
    return CatalogCourse(
        id=hash(code) % 10_000,
        code=code,
        title=code,
        provider="P",
        format=fmt,
        hours=Decimal(hours),
        cost=Decimal(cost),
        currency="USD",
        level=level,
        credential="none",
        language=lang,
        url=None,
        skill_ids=frozenset(skills),
    )


GAPS = [Gap(1, "SQL", 5), Gap(2, "Python", 4), Gap(3, "Statistics", 3)]


def test_path_prefers_broad_cheap_courses_and_totals_add_up():
    courses = [
        course("SQL-ONLY", {1}, cost="10"),
        course("SQL-PY", {1, 2}, cost="50", hours="30"),
        course("STATS", {3}, cost="0", hours="5"),
    ]
    path = plan_learning_path(GAPS, courses, Constraints(hours_per_week=5))
    assert [planned.course.code for planned in path.courses] == ["SQL-PY", "STATS"]
    assert path.total_hours == Decimal(35)
    assert path.total_cost() == {"USD": Decimal(50)}
    assert path.weeks == 7
    assert path.uncovered == []


def test_budget_is_never_broken_and_the_reason_is_given():
    courses = [
        course("SQL-PAID", {1}, cost="300"),
        course("PY-FREE", {2}),
        course("STATS-PAID", {3}, cost="20"),
    ]
    path = plan_learning_path(GAPS, courses, Constraints(budget=Decimal(0)))
    assert [planned.course.code for planned in path.courses] == ["PY-FREE"]
    assert all(planned.course.cost == 0 for planned in path.courses)
    reasons = {item.name: (item.reason, item.detail) for item in path.uncovered}
    assert reasons["SQL"][0] == "budget" and "300" in reasons["SQL"][1]
    assert path.relax_suggestions() == ["raise the budget"]


def test_format_and_missing_courses_are_explained():
    courses = [course("SQL-BOOT", {1}, fmt="bootcamp"), course("PY", {2})]
    path = plan_learning_path(GAPS, courses, Constraints(formats=("online_self_paced",)))
    reasons = {item.name: item.reason for item in path.uncovered}
    assert reasons == {"SQL": "format", "Statistics": "no_course"}
    assert "bootcamp" in next(item.detail for item in path.uncovered if item.name == "SQL")


def test_deepening_takes_only_courses_above_the_level_already_held():
    """A beginner course cannot deepen a skill the role already needs at working level,
    however cheap; the preferred level is only a tie-break between equally good paths."""
    courses = [course("BASIC", {1, 2}, level="beginner"), course("DEEP", {1}, level="advanced", cost="30")]
    deepen = [Gap(1, "SQL", 5, above_level=4.0)]
    path = plan_learning_path(deepen, courses, Constraints(preferred_levels=("intermediate", "advanced")))
    assert [planned.course.code for planned in path.courses] == ["DEEP"]
    plain = plan_learning_path(GAPS[:1], courses, Constraints(preferred_levels=("intermediate", "advanced")))
    assert [planned.course.code for planned in plain.courses] == ["BASIC"]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("free", Decimal(0)),
        ("$1,500", Decimal(1500)),
        ("0", Decimal(0)),
        ("", None),
        ("lots", None),
        ("-5", None),
    ],
)
def test_budget_from_text(text, amount):
    assert budget_from_text(text) == amount


# ----------------------------------------------------------------- the sample catalog


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from bot.storage.db import create_catalog_engine
    from bot.storage.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('advisor') / 'catalog.db'}"
    engine = create_catalog_engine(url)
    upgrade(engine)
    seed_sample_catalog(engine)
    yield engine, url
    engine.dispose()


def advice_for(engine, current, target=None, goal="switch", **constraints):
    with engine.connect() as connection:
        return advise(
            connection,
            AdviceRequest(
                current_code=current, goal=goal, target_code=target, constraints=Constraints(**constraints)
            ),
        )


ACCOUNTANT, DIGITAL_MARKETING = "13-2011.00", "13-1161.01"
ADMIN_ASSISTANT, PRODUCTION_WORKER = "43-6014.00", "51-2092.00"
SECURITY_ANALYST, CUSTOMER_SERVICE, TECH_SUPPORT = "15-1212.00", "43-4051.00", "15-1232.00"
MARKETING_MANAGER, SYSADMIN, DATA_SCIENTIST = "11-2021.00", "15-1244.00", "15-2051.00"


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (ACCOUNTANT, DIGITAL_MARKETING),
        (ADMIN_ASSISTANT, DIGITAL_MARKETING),
        (PRODUCTION_WORKER, SECURITY_ANALYST),
        (CUSTOMER_SERVICE, TECH_SUPPORT),
    ],
)
def test_source_article_reskilling_cases(sample, current, target):
    advice = advice_for(sample[0], current, target)
    assert advice.decision.path == "reskill"
    assert advice.decision.similarity < 0.35
    assert advice.path.courses, "a reskilling path has courses"
    assert "is reskilling" in advice.explanation
    assert "longer" in advice.explanation


@pytest.mark.parametrize("current", [MARKETING_MANAGER, SYSADMIN])
def test_source_article_upskilling_cases(sample, current):
    advice = advice_for(sample[0], current, goal="advance")
    assert advice.decision.path == "upskill"
    assert advice.decision.gaps
    assert "upskilling" in advice.explanation.lower()


def test_explanation_states_the_numbers(sample):
    advice = advice_for(sample[0], "SAMPLE-DATA-001", DATA_SCIENTIST, hours_per_week=6)
    data = advice.as_dict()
    assert data["path"] == "upskill"
    assert (
        f"about {advice.decision.have_count} of the {advice.decision.core_count} core skills"
        in data["explanation"]
    )
    assert data["missing_skills"][0] in data["explanation"]
    assert data["weeks"] == -(-int(data["total_hours"]) // 6)


def test_free_budget_path_is_all_free(sample):
    advice = advice_for(sample[0], PRODUCTION_WORKER, SECURITY_ANALYST, budget=Decimal(0))
    assert advice.path.courses
    assert all(planned.course.cost == 0 for planned in advice.path.courses)


def test_unknown_current_role_stands_on_the_skills_the_user_named(sample):
    engine = sample[0]
    with engine.connect() as connection:
        excel = known_skill_ids(connection, ["Excel"])
        assert excel
        advice = advise(
            connection,
            AdviceRequest(
                current_code=None, current_title="zorblax wrangler", goal="unsure", skill_ids=excel
            ),
        )
    assert advice.decision.current.title == "zorblax wrangler"
    assert set(advice.decision.current.skills) == set(excel)
    assert advice.decision.options, "roles close to the named skills are offered"


def test_deliberate_gap_gets_the_no_course_methods(sample):
    from bot.advice.service import no_course_advice

    # a data entry clerk moving to warehouse work lacks physical stamina, which no course teaches
    advice = advice_for(sample[0], "43-9021.00", "53-7062.00")
    assert [item.name for item in advice.path.uncovered if item.reason == "no_course"] == ["Physical Stamina"]
    text = no_course_advice(advice.path) or ""
    assert "No course in the catalog teaches Physical Stamina" in text
    assert "mentoring" in text


def test_advise_cli_json_has_the_documented_fields(sample):
    result = CliRunner().invoke(
        main,
        [
            "advise",
            "--db",
            sample[1],
            "--current",
            "I work as an accountant",
            "--target",
            "digital marketer",
            "--skills",
            "excel, canva, underwater basket weaving",
            "--hours-per-week",
            "5",
            "--budget",
            "500",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "path",
        "overlap",
        "current_role",
        "target_role",
        "missing_skills",
        "courses",
        "total_hours",
        "total_cost",
        "weeks",
        "explanation",
    ):
        assert key in data
    assert data["path"] == "reskill"
    assert data["current_role"] == {"code": ACCOUNTANT, "title": "Accountant"}
    assert data["target_role"]["code"] == DIGITAL_MARKETING
    assert 0 <= data["overlap"] <= 1
    assert Decimal(data["total_cost"]) <= 500
    assert set(data["courses"][0]) >= {"title", "hours", "cost", "format", "skills"}
    assert data["unknown_skills"] == ["underwater basket weaving"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--current", "zzqqxx"], "no role in the catalog looks like"),
        (["--current", "nurse", "--goal", "switch"], "--goal switch needs --target"),
        (["--current", "nurse", "--budget", "lots"], "--budget must be a number"),
        (["--current", "nurse", "--format", "telepathy"], "unknown format"),
    ],
)
def test_advise_cli_bad_input(sample, args, message):
    result = CliRunner().invoke(main, ["advise", "--db", sample[1], *args])
    assert result.exit_code == 1
    assert message in result.stderr
