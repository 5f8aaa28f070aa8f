from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "smartby.network"
    label = "network"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from smartby.core.panels import register_panel
        from smartby.network import loaders, panels
        from smartby.reference import registry

        registry.register_loader("networks", loaders.load_networks, order=40)
        register_panel("municipality", panels.municipality_networks)
        register_panel("organisation", panels.organisation_networks)
