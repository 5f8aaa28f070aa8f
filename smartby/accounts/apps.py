from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "smartby.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from smartby.accounts import panels
        from smartby.core.panels import register_panel

        register_panel("organisation", panels.organisation_people)
        register_panel("municipality", panels.municipality_people)
