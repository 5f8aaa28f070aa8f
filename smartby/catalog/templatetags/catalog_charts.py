from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString

from smartby.catalog.charts import availability_summary, availability_svg
from smartby.catalog.models import LinkCheck

register = template.Library()


@register.simple_tag
def availability_chart(checks: Sequence[LinkCheck]) -> SafeString:
    return availability_svg(checks)


@register.simple_tag
def availability_text(checks: Sequence[LinkCheck]) -> str:
    return availability_summary(checks)
