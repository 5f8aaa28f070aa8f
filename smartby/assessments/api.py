"""The assessments API: /api/v1/assessments and /api/v1/roadmap/benchmark."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["assessments"])
