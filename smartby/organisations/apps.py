from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "smartby.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from smartby.organisations import loaders
        from smartby.reference import registry

        registry.register_loader("counties", loaders.load_counties, order=20)
        registry.register_loader("municipalities", loaders.load_municipalities, order=21)
        registry.register_loader("nordic-cities", loaders.load_nordic_cities, order=22)
        registry.register_loader(
            "public-organisations", loaders.load_public_organisations, order=23
        )
