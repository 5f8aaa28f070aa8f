from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "smartby.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from smartby.reference import loaders, registry

        registry.register_loader("sdgs", loaders.load_sdgs, order=10)
        registry.register_loader("data-themes", loaders.load_data_themes, order=11)
        registry.register_loader("licences", loaders.load_licences, order=12)
