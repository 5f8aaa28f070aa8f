from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "smartby.assessments"
    label = "assessments"
    verbose_name = _("Roadmap self-assessments")

    def ready(self) -> None:
        from smartby.assessments import panels, rules  # noqa: F401  (rules registers perms)
        from smartby.core.panels import register_column, register_panel

        register_panel("municipality", panels.municipality_assessment)
        register_panel("organisation", panels.organisation_assessment)
        register_column("network_members", panels.member_assessments)
