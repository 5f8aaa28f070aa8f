from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "smartby.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_install_site_triggers, sender=self)


def _install_site_triggers(using: str = "default", **kwargs: Any) -> None:
    """After every migration: the site-version trigger on every table (new ones too)."""
    from django.apps import apps

    from smartby.core.pagecache import install_site_triggers

    install_site_triggers(list(apps.get_models()), using=using)
