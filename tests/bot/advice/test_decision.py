"""The decision's rules on hand-made roles (no database): growing beyond the role, gaps that
respect the levels the person already has, one set behind the counts and the gaps, evidence
weighted by how rare a skill is, and a new credential keeping a move from being upskilling."""

from __future__ import annotations

import pytest

from bot.advice.decision import (
    HOT_TECHNOLOGY_FROM,
    NEW_CREDENTIAL,
    RESKILL_BELOW,
    UPSKILL_FROM,
    classify,
    decide,
    move_features,
    new_credentials,
    similarity_of,
)
from bot.catalog.role_profiles import RoleProfile, WeightedSkill


def skill(skill_id: int, importance: float, level: float | None = None, kind: str = "skill", rarity=None):
    return WeightedSkill(skill_id, f"skill {skill_id}", importance, level, kind, rarity)


def role(role_id, title, family, zone, skills, related=None, credentials=()) -> RoleProfile:
    profile = RoleProfile(role_id, f"R-{role_id}", title, family, zone)
    profile.skills = {item.skill_id: item for item in skills}
    profile.related = related or {}
    profile.credentials = frozenset(credentials)
    return profile


NURSE = role(
    1,
    "Nurse",
    "Health",
    3,
    [
        skill(1, 4.8, 5.5, "knowledge", rarity=3.0),  # patient care: rare, role-specific
        skill(2, 4.5, 5.0, rarity=2.0),
        skill(3, 4.0, 4.0, rarity=0.1),  # reading comprehension: nearly every role
        skill(4, 3.5, None, rarity=2.5),  # rated without a level
        skill(5, 4.0, None, "technology", rarity=3.0),  # in demand
        skill(6, 3.5, None, "technology", rarity=1.0),  # hot
        skill(7, 3.0, None, "technology", rarity=1.0),  # only "used"
    ],
    related={2: "primary_short", 3: "primary_long"},
)
SENIOR_NURSE = role(
    2,
    "Senior Nurse",
    "Health",
    4,
    [skill(1, 4.9, 6.8, "knowledge"), skill(2, 4.5, 5.2), skill(8, 4.2, 5.0), skill(9, 3.8, 4.0)],
)
NURSE_MANAGER = role(3, "Nurse Manager", "Health", 5, [skill(10, 4.5, 5.0)])
CLERK = role(4, "Clerk", "Office", 2, [skill(3, 4.0, 4.0, rarity=0.1), skill(20, 4.0, 4.0, rarity=3.0)])


def test_growing_deepens_the_role_above_its_own_level():
    decision = decide(NURSE, None, "advance", set())
    deepen = decision.gaps_from("deepen")
    assert deepen, "there is something to deepen"
    for gap in deepen:
        assert gap.above_level == NURSE.skills[gap.skill_id].level
    assert 4 not in {gap.skill_id for gap in deepen}, "no level: nothing to go above"
    # rarer evidence first: patient care before reading comprehension
    assert [gap.skill_id for gap in deepen][:2] == [1, 2]


def test_growing_never_re_teaches_the_roles_own_skills_at_its_level():
    decision = decide(NURSE, None, "advance", set(), [NURSE, SENIOR_NURSE, NURSE_MANAGER])
    for gap in decision.gaps:
        own = NURSE.skills.get(gap.skill_id)
        if own is not None and own.level is not None:
            assert gap.above_level is not None and gap.above_level >= (own.level or 0)


@pytest.mark.parametrize(
    ("named", "expected"),
    [(set(), [5, 6]), ({5}, [6]), ({5, 6}, [])],
)
def test_growing_adds_the_in_demand_and_hot_technologies_not_named(named, expected):
    decision = decide(NURSE, None, "advance", named)
    technology = decision.gaps_from("technology")
    assert [gap.skill_id for gap in technology] == expected
    assert all(NURSE.skills[gap.skill_id].importance >= HOT_TECHNOLOGY_FROM for gap in technology)


def test_growing_names_the_next_step_role_and_why():
    decision = decide(NURSE, None, "advance", set(), [NURSE, SENIOR_NURSE, NURSE_MANAGER, CLERK])
    assert decision.next_step is SENIOR_NURSE, "primary_short before primary_long"
    # plain words, no O*NET jargon: it is said after "A natural next step is Senior Nurse"
    assert decision.next_step_reason == "a common next move from Nurse: the same line of work, one level up"
    step_gaps = decision.gaps_from("next_step")
    # 1: the senior needs 6.8 vs 5.5 (clearly higher); 2: 5.2 vs 5.0 (not); 8 and 9: lacking
    assert [gap.skill_id for gap in step_gaps] == [1, 8, 9]
    assert step_gaps[0].above_level == 5.5
    assert decision.gaps[: len(step_gaps)] == step_gaps, "the next step's gaps lead"


def test_no_next_step_without_a_higher_related_role_in_the_family():
    decision = decide(CLERK, None, "advance", set(), [CLERK, NURSE, SENIOR_NURSE])
    assert decision.next_step is None and decision.next_step_reason is None
    assert (decision.have_count, decision.core_count) == (2, 2)
    assert {gap.source for gap in decision.gaps} == {"deepen"}


@pytest.mark.parametrize(
    ("current", "target", "user", "gap_ids", "levels"),
    [
        # the senior needs patient care clearly higher: a gap above the nurse's level
        (NURSE, SENIOR_NURSE, set(), [1, 8, 9], {1: 5.5, 8: None, 9: None}),
        # a skill the user named counts as had
        (NURSE, SENIOR_NURSE, {8}, [1, 9], {1: 5.5, 9: None}),
        # nothing shared: every core skill is a gap from scratch
        (CLERK, SENIOR_NURSE, set(), [1, 2, 8, 9], {1: None, 2: None, 8: None, 9: None}),
    ],
)
def test_target_gaps_count_the_current_roles_levels(current, target, user, gap_ids, levels):
    decision = decide(current, target, "switch", user)
    assert [gap.skill_id for gap in decision.gaps] == gap_ids
    assert {gap.skill_id: gap.above_level for gap in decision.gaps} == levels
    assert {gap.source for gap in decision.gaps} == {"target"}


@pytest.mark.parametrize(
    ("current", "target", "goal"),
    [
        (NURSE, SENIOR_NURSE, "switch"),
        (CLERK, SENIOR_NURSE, "switch"),
        (SENIOR_NURSE, SENIOR_NURSE, "advance"),
        (NURSE, None, "advance"),
        (CLERK, None, "advance"),
    ],
)
def test_counts_and_gaps_describe_the_same_core_set(current, target, goal):
    """Never "you have 10 of its 10 core skills; the most important to add are ..."."""
    decision = decide(current, target, goal, set(), [NURSE, SENIOR_NURSE, NURSE_MANAGER, CLERK])
    counted = [gap for gap in decision.gaps if gap.source in ("target", "next_step")]
    assert decision.have_count + len(counted) == decision.core_count
    if decision.have_count == decision.core_count:
        assert not counted


def test_skills_every_role_has_are_no_evidence():
    """Sharing only reading comprehension (rarity 0.1) makes two roles barely similar."""
    other = role(5, "Other", "Office", 2, [skill(3, 4.0, 4.0, rarity=0.1), skill(30, 4.0, 4.0, rarity=3.0)])
    assert similarity_of(CLERK, other) < 0.05
    assert decide(CLERK, other, "switch", set()).path == "reskill"


@pytest.mark.parametrize(
    ("score", "path"),
    [
        (UPSKILL_FROM + 0.5, "upskill"),
        (UPSKILL_FROM, "upskill"),
        ((UPSKILL_FROM + RESKILL_BELOW) / 2, "both"),
        (RESKILL_BELOW - 0.01, "reskill"),
    ],
)
def test_classify_thresholds(score, path):
    assert classify(score) == path


@pytest.mark.parametrize(
    ("score", "path"),
    [
        (UPSKILL_FROM + 0.5, "both"),
        (UPSKILL_FROM, "both"),
        ((UPSKILL_FROM + RESKILL_BELOW) / 2, "both"),
        (RESKILL_BELOW - 0.01, "reskill"),
    ],
)
def test_a_new_credential_caps_the_path_at_both(score, path):
    assert classify(score, needs_new_credential=True) == path


def test_a_role_profile_built_by_hand_needs_no_credentials():
    assert RoleProfile(9, "R-9", "Any", None, None).credentials == frozenset()


LPN_LICENCE = "licence: LPN licence"
RN_LICENCE = "licence: RN licence"
RN_DEGREE = "degree: Nursing degree"
#: Two roles of one line of work, close on O*NET's tiers and sharing most of the evidence.
PRACTICAL_SKILLS = [skill(40, 4.8, 5.0, "knowledge", rarity=3.0), skill(41, 4.5, 5.0, rarity=2.5)]
PRACTICAL_NURSE = role(
    11,
    "Practical Nurse",
    "Health",
    3,
    PRACTICAL_SKILLS,
    related={12: "primary_short"},
    credentials=[LPN_LICENCE],
)
REGISTERED_NURSE = role(
    12, "Registered Nurse", "Health", 3, PRACTICAL_SKILLS, credentials=[RN_DEGREE, RN_LICENCE]
)
UNREGULATED_NURSE = role(13, "Care Worker", "Health", 3, PRACTICAL_SKILLS)


@pytest.mark.parametrize(
    ("current", "target", "new"),
    [
        (PRACTICAL_NURSE, REGISTERED_NURSE, {RN_DEGREE, RN_LICENCE}),
        (REGISTERED_NURSE, PRACTICAL_NURSE, {LPN_LICENCE}),
        (UNREGULATED_NURSE, REGISTERED_NURSE, {RN_DEGREE, RN_LICENCE}),
        (REGISTERED_NURSE, UNREGULATED_NURSE, set()),  # leaving a regulated role needs nothing new
        (REGISTERED_NURSE, REGISTERED_NURSE, set()),  # a credential already held is not new
    ],
)
def test_new_credentials_are_the_targets_the_current_role_lacks(current, target, new):
    assert new_credentials(current, target) == new
    assert move_features(current, target)[NEW_CREDENTIAL] == (1.0 if new else 0.0)


def test_the_same_work_behind_a_new_licence_is_both():
    """LPN to RN: the score says upskill (same skills, a close O*NET tier), the licence says more."""
    decision = decide(PRACTICAL_NURSE, REGISTERED_NURSE, "switch", set())
    assert decision.score >= UPSKILL_FROM
    assert decision.path == "both"
    assert decision.new_credentials == (RN_DEGREE, RN_LICENCE)


def test_without_a_curated_credential_the_same_move_is_upskill():
    """A target without curated credentials (an O*NET-only role): the job zone does not cap."""
    unregulated_target = role(14, "Senior Care Worker", "Health", 4, PRACTICAL_SKILLS)
    current = role(15, "Care Worker", "Health", 3, PRACTICAL_SKILLS, related={14: "primary_short"})
    decision = decide(current, unregulated_target, "switch", set())
    assert decision.path == "upskill"
    assert decision.new_credentials == ()


def test_a_new_credential_does_not_soften_a_reskill():
    nurse = role(16, "Nurse", "Health", 3, [skill(50, 4.8, 5.0, rarity=3.0)], credentials=[RN_LICENCE])
    decision = decide(CLERK, nurse, "switch", set())
    assert decision.path == "reskill"
    assert decision.new_credentials == (RN_LICENCE,)


DEVELOPER = role(
    30,
    "Developer",
    "IT",
    4,
    [
        skill(31, 4.8, 5.0, rarity=2.0),  # algorithms
        skill(32, 4.6, 5.0, "technology", rarity=2.0),  # Java: a tool of some jobs
        skill(33, 4.5, 4.5, "technology", rarity=2.0),  # Python
        skill(34, 4.0, 4.0, rarity=1.0),  # testing
    ],
)


def test_deepening_starts_from_the_persons_own_stack_and_never_assumes_a_tool_they_did_not_name():
    """Seen: a Python developer was told to deepen Java, which he never mentioned."""
    named_python = decide(DEVELOPER, None, "advance", {33}, [DEVELOPER])
    deepen = [gap.skill_id for gap in named_python.gaps_from("deepen")]
    assert deepen[0] == 33, "the skill they named first"
    assert 32 not in deepen, "a tool they did not name is not 'deepened'"
    assert 32 in [gap.skill_id for gap in named_python.gaps_from("technology")], "it is offered to learn"
    nothing_named = decide(DEVELOPER, None, "advance", set(), [DEVELOPER])
    assert {gap.skill_id for gap in nothing_named.gaps_from("deepen")} == {31, 34}


def test_options_for_someone_unsure_are_never_a_step_down():
    """Seen: a store manager of nine years offered Retail Sales Associate."""
    manager = role(40, "Store Manager", "Retail", 4, [skill(41, 4.5, 5.0), skill(42, 4.0, 4.0)])
    clerk = role(41, "Sales Associate", "Retail", 2, [skill(41, 4.5, 3.0), skill(42, 4.0, 3.0)])
    lead = role(42, "Operations Manager", "Ops", 4, [skill(41, 4.5, 5.0), skill(43, 4.0, 4.0)])
    analyst = role(43, "Analyst", "Ops", 5, [skill(42, 4.0, 4.0), skill(44, 4.5, 4.0)])
    decision = decide(manager, None, "unsure", set(), [manager, clerk, lead, analyst])
    titles = [option.role.title for option in decision.options]
    assert titles[:2] == ["Operations Manager", "Analyst"] and titles[-1] == "Sales Associate"
