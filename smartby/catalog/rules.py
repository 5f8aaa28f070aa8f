"""Who may do what in the catalogue.

- Everyone reads the catalogue (a dataset's access rights describe the data, not the entry).
- Editors (and admins) of the publisher create and change its datasets and distributions;
  nobody else. Harvested datasets are changed by their next harvest, not by hand.
- Harvest sources are added and run by editors of the source's publisher and by the
  secretariat; the platform admin may do everything.
- A case's editors say which datasets the case uses.
"""

from __future__ import annotations

from typing import Any

import rules

from smartby.cases.rules import editor_org_ids, is_case_editor
from smartby.organisations.rules import is_platform_admin, is_secretariat


@rules.predicate
def edits_publisher(user: Any, dataset: Any) -> bool:
    return dataset is not None and dataset.publisher_id in editor_org_ids(user)


@rules.predicate
def is_harvested(user: Any, dataset: Any) -> bool:
    return dataset is not None and dataset.harvest_source_id is not None


@rules.predicate
def edits_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in editor_org_ids(user)


@rules.predicate
def edits_source_publisher(user: Any, source: Any) -> bool:
    return source is not None and source.publisher_id in editor_org_ids(user)


rules.add_perm("catalog.view_dataset", rules.always_allow)
# Object: the publishing organisation.
rules.add_perm("catalog.add_dataset", edits_organisation | is_platform_admin)
rules.add_perm("catalog.change_dataset", (edits_publisher & ~is_harvested) | is_platform_admin)
rules.add_perm("catalog.delete_dataset", (edits_publisher & ~is_harvested) | is_platform_admin)
# Object: the organisation the source harvests for (None for the page listing sources).
rules.add_perm("catalog.add_harvestsource", edits_organisation | is_secretariat | is_platform_admin)
rules.add_perm(
    "catalog.change_harvestsource", edits_source_publisher | is_secretariat | is_platform_admin
)
rules.add_perm(
    "catalog.run_harvestsource", edits_source_publisher | is_secretariat | is_platform_admin
)
# Object: the case.
rules.add_perm("catalog.link_case_datasets", is_case_editor)
