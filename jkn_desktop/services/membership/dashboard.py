"""Everything the Beranda page shows, read in one job on the database thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jkn_desktop.records.registry import RegistryStats
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership.jkn import Coverage, TrendPoint, coverage, coverage_trend
from jkn_desktop.services.registry.stats import registry_stats
from jkn_desktop.services.settings import coverage_target, get_setting


@dataclass(frozen=True, slots=True)
class Dashboard:
    stats: RegistryStats
    coverage: Coverage
    trend: list[TrendPoint]
    target_coverage: float
    target_active: float


def dashboard(db: Database, today: dt.date | None = None) -> Dashboard:
    return Dashboard(
        db.run(registry_stats, write=False),
        coverage(db),
        coverage_trend(db, 12, today),
        db.run(coverage_target, write=False, year=(today or dt.date.today()).year),
        float(db.run(get_setting, write=False, key="target_active_pct")),
    )
