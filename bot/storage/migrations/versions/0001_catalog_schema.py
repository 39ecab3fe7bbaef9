"""Catalog schema: roles, aliases, skills, synonyms, role-skill links, related roles, courses.

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 01:55:41.544398
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=250), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('format', sa.String(length=32), nullable=False),
    sa.Column('duration_hours', sa.Numeric(precision=7, scale=1), nullable=False),
    sa.Column('cost', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('credential', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("credential IN ('none', 'badge', 'certificate', 'professional_certification', 'degree')", name='ck_courses_credential'),
    sa.CheckConstraint("currency IN ('USD', 'EUR', 'GBP', 'CAD', 'AUD', 'INR', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'NZD', 'SGD', 'ZAR')", name='ck_courses_currency'),
    sa.CheckConstraint("format IN ('online_self_paced', 'cohort', 'bootcamp', 'workshop', 'apprenticeship', 'mentorship', 'on_the_job_rotation')", name='ck_courses_format'),
    sa.CheckConstraint("level IN ('beginner', 'intermediate', 'advanced')", name='ck_courses_level'),
    sa.CheckConstraint('cost >= 0', name='ck_courses_cost_not_negative'),
    sa.CheckConstraint('duration_hours > 0', name='ck_courses_duration_positive'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.create_index('ix_courses_cost', ['cost'], unique=False)
        batch_op.create_index('ix_courses_search', ['active', 'format', 'level'], unique=False)

    op.create_table('roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('family', sa.String(length=100), nullable=True),
    sa.Column('job_zone', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.CheckConstraint("source IN ('sample', 'onet', 'custom')", name='ck_roles_source'),
    sa.CheckConstraint('job_zone IS NULL OR job_zone BETWEEN 1 AND 5', name='ck_roles_job_zone'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roles_family'), ['family'], unique=False)
        batch_op.create_index('ix_roles_title', ['title'], unique=False)

    op.create_table('skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('external_id', sa.String(length=32), nullable=True),
    sa.CheckConstraint("kind IN ('skill', 'knowledge', 'technology')", name='ck_skills_kind'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('course_skills',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', 'skill_id')
    )
    with op.batch_alter_table('course_skills', schema=None) as batch_op:
        batch_op.create_index('ix_course_skills_skill_id', ['skill_id'], unique=False)

    op.create_table('related_roles',
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('related_role_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.CheckConstraint("tier IN ('primary_short', 'primary_long', 'supplemental')", name='ck_related_roles_tier'),
    sa.CheckConstraint('role_id <> related_role_id', name='ck_related_roles_not_self'),
    sa.ForeignKeyConstraint(['related_role_id'], ['roles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_id', 'related_role_id')
    )
    with op.batch_alter_table('related_roles', schema=None) as batch_op:
        batch_op.create_index('ix_related_roles_related_role_id', ['related_role_id'], unique=False)

    op.create_table('role_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=250), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.CheckConstraint("kind IN ('alternate', 'short', 'reported', 'abbreviation')", name='ck_role_aliases_kind'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('role_id', 'alias', name='uq_role_aliases_role_alias')
    )
    with op.batch_alter_table('role_aliases', schema=None) as batch_op:
        batch_op.create_index('ix_role_aliases_alias', ['alias'], unique=False)

    op.create_table('role_skills',
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('importance', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('level', sa.Numeric(precision=4, scale=2), nullable=True),
    sa.CheckConstraint('importance BETWEEN 1 AND 5', name='ck_role_skills_importance'),
    sa.CheckConstraint('level IS NULL OR level BETWEEN 0 AND 7', name='ck_role_skills_level'),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_id', 'skill_id')
    )
    with op.batch_alter_table('role_skills', schema=None) as batch_op:
        batch_op.create_index('ix_role_skills_skill_id', ['skill_id'], unique=False)

    op.create_table('skill_synonyms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('synonym', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('skill_id', 'synonym', name='uq_skill_synonyms_skill_synonym')
    )
    with op.batch_alter_table('skill_synonyms', schema=None) as batch_op:
        batch_op.create_index('ix_skill_synonyms_synonym', ['synonym'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('skill_synonyms', schema=None) as batch_op:
        batch_op.drop_index('ix_skill_synonyms_synonym')

    op.drop_table('skill_synonyms')
    with op.batch_alter_table('role_skills', schema=None) as batch_op:
        batch_op.drop_index('ix_role_skills_skill_id')

    op.drop_table('role_skills')
    with op.batch_alter_table('role_aliases', schema=None) as batch_op:
        batch_op.drop_index('ix_role_aliases_alias')

    op.drop_table('role_aliases')
    with op.batch_alter_table('related_roles', schema=None) as batch_op:
        batch_op.drop_index('ix_related_roles_related_role_id')

    op.drop_table('related_roles')
    with op.batch_alter_table('course_skills', schema=None) as batch_op:
        batch_op.drop_index('ix_course_skills_skill_id')

    op.drop_table('course_skills')
    op.drop_table('skills')
    with op.batch_alter_table('roles', schema=None) as batch_op:
        batch_op.drop_index('ix_roles_title')
        batch_op.drop_index(batch_op.f('ix_roles_family'))

    op.drop_table('roles')
    with op.batch_alter_table('courses', schema=None) as batch_op:
        batch_op.drop_index('ix_courses_search')
        batch_op.drop_index('ix_courses_cost')

    op.drop_table('courses')
