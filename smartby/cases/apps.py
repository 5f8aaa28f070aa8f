from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "smartby.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from smartby.cases import loaders, panels
        from smartby.core.panels import register_column, register_panel
        from smartby.reference import registry

        registry.register_loader("case-themes", loaders.load_themes, order=40)
        registry.register_loader("technologies", loaders.load_technologies, order=41)
        register_panel("network", panels.network_reused_solutions)
        register_panel("municipality", panels.municipality_cases)
        register_panel("organisation", panels.organisation_cases)
        register_panel("workgroup", panels.workgroup_cases)
        register_column("network_members", panels.member_cases)
