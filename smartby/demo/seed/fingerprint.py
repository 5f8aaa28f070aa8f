"""Comparing two seeded databases: a hash of the seeded content by natural keys."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Model

from smartby.accounts.models import Membership, User
from smartby.assessments.models import Answer, Assessment, Section
from smartby.cases.models import Case, CaseLink, CasePartner, CaseTranslation, CaseUpdate, Lesson
from smartby.catalog.models import Dataset, Distribution
from smartby.core.models import Activity
from smartby.demo.seed.organisations import EMAIL_DOMAIN
from smartby.network.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Decision,
    DecisionOption,
    Meeting,
    NetworkMembership,
    NetworkRole,
    VoteRecord,
    Workgroup,
)
from smartby.organisations.models import Organisation


def _fingerprint_spec() -> list[tuple[type[Model], dict[str, Any], tuple[str, ...]]]:
    """The seeded content by natural keys (slugs, e-mails, codes), never by ids, so two
    databases seeded alike give the same fingerprint (reference rows only where the seed
    links to them: their own timestamps differ between loads)."""
    spec: list[tuple[Any, str]] = [
        (
            Organisation,
            "slug name kind municipality__code county__number org_number website "
            "email description is_demo created_at",
        ),
        (
            User,
            "email full_name title preferred_language is_public is_demo date_joined "
            "email_confirmed_at",
        ),
        (
            Membership,
            "user__email organisation__slug role created_at",
        ),
        (
            Case,
            "slug owner__slug municipality__code language title summary problem "
            "solution results tags phase status started_on ended_on funding "
            "contact_name contact_email is_published published_at visibility "
            "adopted_from__slug lineage_root__slug progress_at review_on "
            "created_by__email created_at is_demo",
        ),
        (
            Case.themes.through,
            "case__slug theme__slug",
        ),
        (
            Case.technologies.through,
            "case__slug technology__slug",
        ),
        (
            Case.principles.through,
            "case__slug principle__number",
        ),
        (
            Case.target_pictures.through,
            "case__slug targetpicture__slug",
        ),
        (
            Case.sdgs.through,
            "case__slug sustainabledevelopmentgoal__number",
        ),
        (
            Case.sdg_targets.through,
            "case__slug sdgtarget__code",
        ),
        (
            Lesson,
            "case__slug position kind text",
        ),
        (
            CaseTranslation,
            "case__slug language title summary",
        ),
        (
            CasePartner,
            "case__slug organisation__slug role__slug can_edit",
        ),
        (
            CaseLink,
            "case__slug url title",
        ),
        (
            CaseUpdate,
            "case__slug created_at kind text phase_before phase_after author__email",
        ),
        (
            Dataset,
            "slug uri title_nb title_en description_nb description_en "
            "publisher__slug contact_name contact_email keywords_nb keywords_en "
            "temporal_start temporal_end frequency issued modified landing_page "
            "conforms_to languages access_rights licence__identifier price_model "
            "price_nok price_terms status withdrawn_at quality_points quality_band "
            "is_demo",
        ),
        (
            Distribution,
            "dataset__slug position uri title_nb title_en access_url download_url "
            "format media_type byte_size licence__identifier availability_30d "
            "last_checked_at last_status",
        ),
        (
            Dataset.data_themes.through,
            "dataset__slug datatheme__code",
        ),
        (
            Dataset.themes.through,
            "dataset__slug theme__slug",
        ),
        (
            Dataset.spatial.through,
            "dataset__slug municipality__code",
        ),
        (
            Dataset.used_in_cases.through,
            "dataset__slug case__slug",
        ),
        (
            Assessment,
            "organisation__slug year status visibility previous__year "
            "started_by__email submitted_at score answered is_demo",
        ),
        (
            Section,
            "assessment__organisation__slug assessment__year principle__number score answered",
        ),
        (
            Answer,
            "section__assessment__organisation__slug section__assessment__year "
            "key_question__code level comment",
        ),
        (
            Section.barriers.through,
            "section__assessment__organisation__slug section__assessment__year "
            "challenge__principle__number challenge__position",
        ),
        (
            Answer.evidence.through,
            "answer__section__assessment__organisation__slug "
            "answer__section__assessment__year answer__key_question__code "
            "case__slug",
        ),
        (
            NetworkMembership,
            "network__slug organisation__slug joined_on left_on "
            "representative__email deputy__email",
        ),
        (
            NetworkRole,
            "network__slug user__email role",
        ),
        (
            Workgroup,
            "network__slug slug name_nb name_en theme__slug mandate_nb lead__slug "
            "created_on dissolved_on",
        ),
        (
            Workgroup.members.through,
            "workgroup__network__slug workgroup__slug organisation__slug",
        ),
        (
            Meeting,
            "network__slug starts_at title_nb title_en ends_at body__kind "
            "workgroup__slug place is_public status minutes",
        ),
        (
            AgendaItem,
            "meeting__network__slug meeting__starts_at meeting__title_nb position title",
        ),
        (
            Attendance,
            "meeting__network__slug meeting__starts_at meeting__title_nb "
            "user__email organisation__slug",
        ),
        (
            Decision,
            "body__network__slug body__kind opens_at title_nb title_en kind secret "
            "closes_at status electorate_size outcome winning_option__label_nb "
            "closed_at",
        ),
        (
            DecisionOption,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "position label_nb role",
        ),
        (
            Ballot,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "organisation__slug option__position cast_at",
        ),
        (
            VoteRecord,
            "decision__body__network__slug decision__opens_at decision__title_nb "
            "organisation__slug cast_at cast_by__email option__position",
        ),
        (
            Activity,
            "created_at verb url text_nb text_en is_demo",
        ),
    ]
    seeded: dict[type[Model], dict[str, Any]] = {
        Organisation: {"is_demo": True},
        User: {"email__endswith": "@" + EMAIL_DOMAIN},
        Membership: {"user__email__endswith": "@" + EMAIL_DOMAIN},
        Activity: {"is_demo": True},
    }
    return [(model, seeded.get(model, {}), tuple(fields.split())) for model, fields in spec]


def seed_fingerprint() -> str:
    """A SHA-256 over the seeded content in a fixed order (for tests and for checking that
    two benchmark databases hold the same data). Reads every seeded row: slow at scale."""
    digest = hashlib.sha256()
    for model, only, fields in _fingerprint_spec():
        digest.update(model._meta.label.encode())
        rows = model._default_manager.filter(**only).order_by(*fields).values_list(*fields)
        for row in rows.iterator(chunk_size=5000):
            digest.update(repr(row).encode())
    return digest.hexdigest()
