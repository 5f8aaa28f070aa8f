from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "smartby.network"
    label = "network"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from smartby.core.panels import register_panel
        from smartby.core.personal_data import register_personal_data
        from smartby.network import loaders, panels, selectors
        from smartby.reference import registry

        registry.register_loader("networks", loaders.load_networks, order=40)
        register_panel("municipality", panels.municipality_networks)
        register_panel("organisation", panels.organisation_networks)
        register_personal_data("network_seats", selectors.network_seats_of)
        register_personal_data("votes_cast", selectors.votes_cast_by)
        register_personal_data("priority_ballots", selectors.priority_ballots_cast_by)
        register_personal_data("meetings_attended", selectors.meetings_attended_by)
        register_personal_data("meeting_preferences", selectors.meeting_preferences_of)
