from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "smartby.assessments"
    label = "assessments"
    verbose_name = _("Roadmap self-assessments")

    def ready(self) -> None:
        from smartby.assessments import panels, rules  # noqa: F401  (rules registers perms)
        from smartby.assessments.selectors import personal_data
        from smartby.core.panels import register_column, register_panel
        from smartby.core.personal_data import register_personal_data

        register_panel("municipality", panels.municipality_assessment)
        register_panel("organisation", panels.organisation_assessment)
        register_column("network_members", panels.member_assessments)
        register_personal_data("assessments", personal_data.assessments_handled_by)
        register_personal_data("assessment_sections", personal_data.assessment_sections_updated_by)
