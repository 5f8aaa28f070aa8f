"""Reference-data loaders registered by each app, run in order by `smartby loadrefs`.

Each loader is idempotent: it creates missing rows, updates rows whose values changed and
leaves identical rows alone, returning counts so a second run can show that nothing changed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.db import models, transaction

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: LoadResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged

    @property
    def changed(self) -> int:
        return self.created + self.updated


Loader = Callable[[], LoadResult]


@dataclass(order=True)
class _Entry:
    order: int
    name: str = field(compare=False)
    loader: Loader = field(compare=False)


_loaders: dict[str, _Entry] = {}


def register_loader(name: str, loader: Loader, *, order: int) -> None:
    _loaders[name] = _Entry(order, name, loader)


def loaders() -> list[tuple[str, Loader]]:
    return [(e.name, e.loader) for e in sorted(_loaders.values())]


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


_yaml_cache: dict[str, Any] = {}


def read_roadmap() -> dict[str, Any]:
    path = DATA_DIR / "roadmap.yaml"
    key = f"{path}:{path.stat().st_mtime_ns}"
    if key not in _yaml_cache:
        _yaml_cache.clear()
        _yaml_cache[key] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _yaml_cache[key]


M = TypeVar("M", bound=models.Model)


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[M, LoadResult]:
    """Create or update one row; only writes when a value differs."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        return obj, LoadResult(created=1)
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        return obj, LoadResult(unchanged=1)
    for k in changed:
        setattr(obj, k, values[k])
    obj.save(update_fields=changed)
    return obj, LoadResult(updated=1)


def load_all(only: list[str] | None = None) -> dict[str, LoadResult]:
    """Run every registered loader (or the named ones) in one transaction each."""
    results: dict[str, LoadResult] = {}
    for name, loader in loaders():
        if only and name not in only:
            continue
        with transaction.atomic():
            results[name] = loader()
    return results
