from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "smartby.assessments"
    label = "assessments"
    verbose_name = _("Roadmap self-assessments")

    def ready(self) -> None:
        from smartby.assessments import rules  # noqa: F401  (registers the permissions)
