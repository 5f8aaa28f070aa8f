from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "smartby.catalog"
    label = "catalog"
    verbose_name = _("Data catalogue")

    def ready(self) -> None:
        from smartby.catalog import panels, rules  # noqa: F401  (registers the permissions)
        from smartby.catalog.selectors import personal_data
        from smartby.core.panels import register_column, register_panel
        from smartby.core.personal_data import register_personal_data

        register_panel("case", panels.case_datasets)
        register_panel("workgroup", panels.workgroup_datasets)
        register_column("network_members", panels.member_datasets)
        register_personal_data("harvest_sources", personal_data.harvest_sources_created_by)
