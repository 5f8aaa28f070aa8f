from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "smartby.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from smartby.cases import loaders, panels
        from smartby.cases.selectors import personal_data
        from smartby.core.panels import register_column, register_panel
        from smartby.core.personal_data import register_personal_data
        from smartby.reference import registry

        registry.register_loader("case-themes", loaders.load_themes, order=40)
        registry.register_loader("technologies", loaders.load_technologies, order=41)
        register_panel("network", panels.network_reused_solutions)
        register_panel("municipality", panels.municipality_cases)
        register_panel("organisation", panels.organisation_cases)
        register_panel("workgroup", panels.workgroup_cases)
        register_column("network_members", panels.member_cases)
        register_personal_data("cases_created", personal_data.cases_created_by)
        register_personal_data("case_attachments", personal_data.case_attachments_uploaded_by)
        register_personal_data("case_updates", personal_data.case_updates_written_by)
