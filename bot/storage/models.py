"""The training-catalog schema: roles, skills, the links between them, and courses.

The schema itself changes only through Alembic migrations (``bot/storage/migrations``); these
classes describe it for queries. Money is ``Numeric`` (never float), every link table has
foreign keys, and the vocabularies (skill kinds, course formats, ...) are CHECK
constraints so bad data cannot enter through any path.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.sql.expression import false

from bot.vocabulary import (
    AUDIENCES,
    COURSE_FORMATS,
    COURSE_LEVELS,
    CREDENTIAL_TYPES,
    CURRENCIES,
    DEFAULT_CURRENCY,
    GOALS,
)

# Typed as Any: SQLAlchemy 1.4's declarative base is opaque to mypy without its plugin.
Base: Any = declarative_base()

SKILL_KINDS = ("skill", "knowledge", "technology")
RELATEDNESS_TIERS = ("primary_short", "primary_long", "supplemental")
ROLE_SOURCES = ("sample", "onet", "custom")
#: What a role requirement is (``role_requirements.kind``; ``bot.catalog.requirements``).
REQUIREMENT_KINDS = ("licence", "registration", "certification", "degree", "apprenticeship", "exam")
#: The most hours a week a course can demand (``courses.weekly_hours``).
MAX_WEEKLY_HOURS = 80


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Role(Base):
    """An occupation or job role (O*NET-SOC occupation or the organisation's own role)."""

    __tablename__ = "roles"

    id = Column(Integer, primary_key=True)
    code = Column(String(32), nullable=False, unique=True)
    title = Column(String(200), nullable=False)
    description = Column(Text, nullable=False, default="")
    family = Column(String(100), nullable=True, index=True)
    job_zone = Column(Integer, nullable=True)
    source = Column(String(16), nullable=False, default="custom")

    aliases = relationship("RoleAlias", back_populates="role", cascade="all, delete-orphan")
    skills = relationship("RoleSkill", back_populates="role", cascade="all, delete-orphan")
    requirements = relationship(
        "RoleRequirement",
        back_populates="role",
        cascade="all, delete-orphan",
        order_by="RoleRequirement.position",
    )

    __table_args__ = (
        CheckConstraint("job_zone IS NULL OR job_zone BETWEEN 1 AND 5", name="ck_roles_job_zone"),
        CheckConstraint(_in("source", ROLE_SOURCES), name="ck_roles_source"),
        Index("ix_roles_title", "title"),
    )


class RoleAlias(Base):
    """Another name people use for a role: alternate titles, abbreviations, reported titles."""

    __tablename__ = "role_aliases"

    id = Column(Integer, primary_key=True)
    role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), nullable=False)
    alias = Column(String(250), nullable=False)
    kind = Column(String(16), nullable=False, default="alternate")

    role = relationship("Role", back_populates="aliases")

    __table_args__ = (
        UniqueConstraint("role_id", "alias", name="uq_role_aliases_role_alias"),
        CheckConstraint(
            "kind IN ('alternate', 'short', 'reported', 'abbreviation')", name="ck_role_aliases_kind"
        ),
        Index("ix_role_aliases_alias", "alias"),
    )


class Skill(Base):
    """A skill, a knowledge area or a technology a role needs and a course can teach."""

    __tablename__ = "skills"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False, unique=True)
    kind = Column(String(16), nullable=False, default="skill")
    description = Column(Text, nullable=False, default="")
    #: Identifier in the source it came from (O*NET element id or commodity code).
    external_id = Column(String(32), nullable=True)

    synonyms = relationship("SkillSynonym", back_populates="skill", cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint(_in("kind", SKILL_KINDS), name="ck_skills_kind"),)


class SkillSynonym(Base):
    """Another way people write a skill ("MS Excel", "spreadsheets" for Excel)."""

    __tablename__ = "skill_synonyms"

    id = Column(Integer, primary_key=True)
    skill_id = Column(Integer, ForeignKey("skills.id", ondelete="CASCADE"), nullable=False)
    synonym = Column(String(200), nullable=False)

    skill = relationship("Skill", back_populates="synonyms")

    __table_args__ = (
        UniqueConstraint("skill_id", "synonym", name="uq_skill_synonyms_skill_synonym"),
        Index("ix_skill_synonyms_synonym", "synonym"),
    )


class RoleSkill(Base):
    """How important a skill is for a role (1-5, O*NET scale) and at what level (0-7)."""

    __tablename__ = "role_skills"

    role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    skill_id = Column(Integer, ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    importance = Column(Numeric(4, 2), nullable=False)
    level = Column(Numeric(4, 2), nullable=True)

    role = relationship("Role", back_populates="skills")
    skill = relationship("Skill")

    __table_args__ = (
        CheckConstraint("importance BETWEEN 1 AND 5", name="ck_role_skills_importance"),
        CheckConstraint("level IS NULL OR level BETWEEN 0 AND 7", name="ck_role_skills_level"),
        Index("ix_role_skills_skill_id", "skill_id"),
    )


class RelatedRole(Base):
    """A role people commonly move to from another one, with O*NET's relatedness tier."""

    __tablename__ = "related_roles"

    role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    related_role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    tier = Column(String(16), nullable=False)
    rank = Column(Integer, nullable=False, default=1)

    related_role = relationship("Role", foreign_keys=[related_role_id])

    __table_args__ = (
        CheckConstraint(_in("tier", RELATEDNESS_TIERS), name="ck_related_roles_tier"),
        CheckConstraint("role_id <> related_role_id", name="ck_related_roles_not_self"),
        Index("ix_related_roles_related_role_id", "related_role_id"),
    )


class Course(Base):
    """A learning opportunity in the training catalog (course, programme, rotation...)."""

    __tablename__ = "courses"

    id = Column(Integer, primary_key=True)
    code = Column(String(64), nullable=False, unique=True)
    title = Column(String(250), nullable=False)
    provider = Column(String(200), nullable=False)
    description = Column(Text, nullable=False, default="")
    format = Column(String(32), nullable=False)
    duration_hours = Column(Numeric(7, 1), nullable=False)
    cost = Column(Numeric(10, 2), nullable=False, default=Decimal("0.00"))
    currency = Column(String(3), nullable=False, default=DEFAULT_CURRENCY)
    level = Column(String(16), nullable=False, default="beginner")
    credential = Column(String(32), nullable=False, default="none")
    language = Column(String(8), nullable=False, default="en")
    url = Column(String(500), nullable=True)
    active = Column(Boolean, nullable=False, default=True)
    #: Who may take it (``AUDIENCES``); ``employer`` names the company for "employer" courses.
    audience = Column(String(16), nullable=False, default="anyone", server_default="anyone")
    employer = Column(String(200), nullable=True)
    #: Hours a week the programme demands (full-time: 40); NULL: at one's own pace.
    weekly_hours = Column(Numeric(4, 1), nullable=True)
    #: Apprenticeships and rotations: the hours are paid work time, not study time.
    paid_work = Column(Boolean, nullable=False, default=False, server_default=false())

    skills = relationship("CourseSkill", back_populates="course", cascade="all, delete-orphan")
    entry_roles = relationship("CourseEntryRole", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(_in("format", COURSE_FORMATS), name="ck_courses_format"),
        CheckConstraint(_in("level", COURSE_LEVELS), name="ck_courses_level"),
        CheckConstraint(_in("credential", CREDENTIAL_TYPES), name="ck_courses_credential"),
        CheckConstraint(_in("currency", CURRENCIES), name="ck_courses_currency"),
        CheckConstraint("duration_hours > 0", name="ck_courses_duration_positive"),
        CheckConstraint("cost >= 0", name="ck_courses_cost_not_negative"),
        CheckConstraint(_in("audience", AUDIENCES), name="ck_courses_audience"),
        CheckConstraint(
            "(audience = 'employer' AND employer IS NOT NULL)"
            " OR (audience <> 'employer' AND employer IS NULL)",
            name="ck_courses_employer",
        ),
        CheckConstraint(
            f"weekly_hours IS NULL OR (weekly_hours > 0 AND weekly_hours <= {MAX_WEEKLY_HOURS})",
            name="ck_courses_weekly_hours",
        ),
        Index("ix_courses_search", "active", "format", "level"),
        Index("ix_courses_cost", "cost"),
    )


class CourseSkill(Base):
    """A skill a course teaches."""

    __tablename__ = "course_skills"

    course_id = Column(Integer, ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    skill_id = Column(Integer, ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)

    course = relationship("Course", back_populates="skills")
    skill = relationship("Skill")

    __table_args__ = (Index("ix_course_skills_skill_id", "skill_id"),)


class CourseEntryRole(Base):
    """A role this course is an entry credential of (NCLEX-RN review for registered nurses):
    it qualifies people for the role, so it is never a way to grow *in* it."""

    __tablename__ = "course_entry_roles"

    course_id = Column(Integer, ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)

    __table_args__ = (Index("ix_course_entry_roles_role_id", "role_id"),)


class RoleRequirement(Base):
    """What a role legally or customarily requires before one can work in it (a licence, a
    degree, an apprenticeship...), in the order it is obtained (``position``)."""

    __tablename__ = "role_requirements"

    id = Column(Integer, primary_key=True)
    role_id = Column(Integer, ForeignKey("roles.id", ondelete="CASCADE"), nullable=False)
    kind = Column(String(16), nullable=False)
    name = Column(String(250), nullable=False)
    #: How long it typically takes, as words: "2-4 years", "a few weeks".
    typical_time = Column(String(250), nullable=True)
    granted_by = Column(String(250), nullable=True)
    note = Column(Text, nullable=False, default="", server_default="")
    position = Column(Integer, nullable=False, default=1)

    role = relationship("Role", back_populates="requirements")

    __table_args__ = (
        CheckConstraint(_in("kind", REQUIREMENT_KINDS), name="ck_role_requirements_kind"),
        Index("ix_role_requirements_role_id", "role_id", "position"),
    )


class UserProfile(Base):
    """What the advisor remembers about one conversation sender (``bot/profiles/store.py``).

    Keyed by the channel's sender id (or its SHA-256 key when the id does not fit); removed
    by "forget me" together with the conversation history.
    """

    __tablename__ = "user_profiles"

    sender_id = Column(String(255), primary_key=True)
    current_role = Column(String(200), nullable=False)
    current_role_code = Column(String(32), nullable=True)
    goal = Column(String(16), nullable=True)
    target_role = Column(String(200), nullable=True)
    target_role_code = Column(String(32), nullable=True)
    skills = Column(JSON, nullable=False, default=list)
    hours_per_week = Column(Numeric(5, 1), nullable=True)
    budget = Column(String(32), nullable=True)
    preferred_format = Column(String(32), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)

    __table_args__ = (
        CheckConstraint(_in("goal", GOALS), name="ck_user_profiles_goal"),
        CheckConstraint("hours_per_week > 0", name="ck_user_profiles_hours_positive"),
    )


# --- HR triage (migration 0003; bot/hr/). Every table is keyed by the sender
# (``bot.profiles.store.sender_key``) and listed in ``bot.profiles.store.USER_DATA_COLUMNS``.

TICKET_STATUSES = ("open", "in_progress", "resolved")
TICKET_EVENT_KINDS = ("created", "assigned", "status", "resolved")
TICKET_REASONS = ("requested", "fallback", "declined")
UNANSWERED_KINDS = ("out_of_scope", "fallback", "declined")
FEEDBACK_SUBJECTS = ("advice", "faq", "other")
ADVICE_PATHS = ("upskill", "reskill", "both")


class HrTicket(Base):
    """A question handed off to HR, with what HR needs to answer it (``bot/hr/tickets.py``)."""

    __tablename__ = "hr_tickets"

    id = Column(Integer, primary_key=True)
    #: The conversation id (the channel's sender id, or its ``sha256:`` key).
    sender_id = Column(String(255), nullable=False)
    channel = Column(String(64), nullable=True)
    reason = Column(String(16), nullable=False)
    question = Column(Text, nullable=False)
    #: The last messages before the hand-off: ``[{"speaker": "user"|"bot", "text": ...}]``.
    transcript = Column(JSON, nullable=False, default=list)
    profile = Column(JSON, nullable=True)
    contact = Column(String(255), nullable=True)
    #: The contact split into what HR can use (migration 0004; ``bot.hr.handoff_text``).
    contact_email = Column(String(255), nullable=True)
    contact_phone = Column(String(64), nullable=True)
    #: The HR person who owns the ticket (``bot.hr.queue``), or nobody yet.
    assigned_to = Column(String(100), nullable=True)
    #: Who asked, when a signed-in employee did (the intranet's verified identity token,
    #: ``bot/identity.py``; migration 0007): the token's ``sub``, ``name`` and ``email``.
    employee_subject = Column(String(255), nullable=True)
    employee_name = Column(String(200), nullable=True)
    employee_email = Column(String(254), nullable=True)
    status = Column(String(16), nullable=False, default="open")
    created_at = Column(DateTime(timezone=True), nullable=False)
    answer = Column(Text, nullable=True)
    resolved_by = Column(String(100), nullable=True)
    resolved_at = Column(DateTime(timezone=True), nullable=True)
    #: When the answer was shown to the user (on their next visit).
    delivered_at = Column(DateTime(timezone=True), nullable=True)

    __table_args__ = (
        CheckConstraint(_in("status", TICKET_STATUSES), name="ck_hr_tickets_status"),
        CheckConstraint(_in("reason", TICKET_REASONS), name="ck_hr_tickets_reason"),
        CheckConstraint(
            "status <> 'resolved' OR (answer IS NOT NULL AND resolved_at IS NOT NULL)",
            name="ck_hr_tickets_resolved_has_answer",
        ),
        Index("ix_hr_tickets_sender_id", "sender_id"),
        Index("ix_hr_tickets_status_created", "status", "created_at"),
        # a deleted ticket's number is never handed out again (migration 0006)
        {"sqlite_autoincrement": True},
    )


class HrTicketEvent(Base):
    """One thing that happened to a ticket: opened, assigned, status changed, resolved."""

    __tablename__ = "hr_ticket_events"

    id = Column(Integer, primary_key=True)
    ticket_id = Column(Integer, nullable=False)
    #: The ticket's sender, so "forget me" deletes the history with the ticket.
    sender_id = Column(String(255), nullable=False)
    kind = Column(String(16), nullable=False)
    detail = Column(String(255), nullable=True)
    actor = Column(String(100), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False)

    __table_args__ = (
        CheckConstraint(_in("kind", TICKET_EVENT_KINDS), name="ck_hr_ticket_events_kind"),
        Index("ix_hr_ticket_events_ticket_id", "ticket_id"),
        Index("ix_hr_ticket_events_sender_id", "sender_id"),
    )


class UnansweredMessage(Base):
    """A message the assistant could not answer: out of scope, not understood, or declined."""

    __tablename__ = "unanswered_messages"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False)
    channel = Column(String(64), nullable=True)
    kind = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    #: The NLU's best guesses: ``[{"name": "faq", "confidence": 0.41}, ...]``.
    top_intents = Column(JSON, nullable=False, default=list)
    created_at = Column(DateTime(timezone=True), nullable=False)
    #: Set when HR exported the message as an example of ``faq/<faq_topic>``.
    faq_topic = Column(String(100), nullable=True)
    exported_at = Column(DateTime(timezone=True), nullable=True)

    __table_args__ = (
        CheckConstraint(_in("kind", UNANSWERED_KINDS), name="ck_unanswered_messages_kind"),
        Index("ix_unanswered_messages_sender_id", "sender_id"),
        Index("ix_unanswered_messages_created_at", "created_at"),
    )


class Feedback(Base):
    """ "Was this helpful?" after advice or an FAQ answer."""

    __tablename__ = "feedback"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False)
    subject = Column(String(16), nullable=False)
    #: The FAQ topic, or the advice path (upskill / reskill / both).
    topic = Column(String(100), nullable=True)
    helpful = Column(Boolean, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)

    __table_args__ = (
        CheckConstraint(_in("subject", FEEDBACK_SUBJECTS), name="ck_feedback_subject"),
        Index("ix_feedback_sender_id", "sender_id"),
    )


class AdviceRecord(Base):
    """One piece of advice given, so the HR report need not recompute it."""

    __tablename__ = "advice_records"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False)
    path = Column(String(16), nullable=False)
    current_role = Column(String(200), nullable=False)
    current_role_code = Column(String(32), nullable=True)
    target_role = Column(String(200), nullable=True)
    target_role_code = Column(String(32), nullable=True)
    missing_skills = Column(JSON, nullable=False, default=list)
    #: Missing skills the learning path did not cover: ``[{"skill": ..., "reason": ...}]``
    #: (reason ``no_course``: no course in the catalog teaches it).
    uncovered_skills = Column(JSON, nullable=False, default=list)
    created_at = Column(DateTime(timezone=True), nullable=False)

    __table_args__ = (
        CheckConstraint(_in("path", ADVICE_PATHS), name="ck_advice_records_path"),
        Index("ix_advice_records_sender_id", "sender_id"),
        Index("ix_advice_records_created_at", "created_at"),
    )
