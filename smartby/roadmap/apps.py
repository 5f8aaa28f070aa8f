from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "smartby.roadmap"
    label = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        from smartby.reference import registry
        from smartby.roadmap import loaders

        registry.register_loader("roadmap", loaders.load_roadmap, order=30)
