"""Smartby's settings with static files stored without a manifest (compressed, not hashed).

bench/run.py uses these only when `smartby collectstatic` fails with the real production
settings (for example when a file refers to one the build did not copy), so the pages can
still be timed; the report then says so at the top of that run. Nothing else differs.
"""

from smartby.settings import *  # noqa: F403
from smartby.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
