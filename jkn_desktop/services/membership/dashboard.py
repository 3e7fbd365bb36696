"""Everything the Beranda page shows, read in one job on the database thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import Coverage, TrendPoint
from jkn_desktop.records.registry import RegistryStats
from jkn_desktop.services.membership.coverage import coverage, coverage_trend
from jkn_desktop.services.registry.stats import registry_stats
from jkn_desktop.services.settings import coverage_target, get_setting


# stays here until RegistryStats moves to the records (the registry area's record)
@dataclass(frozen=True, slots=True)
class Dashboard:
    stats: RegistryStats
    coverage: Coverage
    trend: list[TrendPoint]
    target_coverage: float
    target_active: float


def dashboard(
    work: Work, *, trend: bool = True, progress: Callable[[int, int], None] | None = None
) -> Dashboard:
    """The registry's counts, coverage now and over the last twelve months, and the targets of
    the job's year. ``trend=False`` leaves the twelve months out (an empty list): the Beranda
    shows its figures at once and asks for the trend (``trend_of``) in a second job, because the
    trend replays a year of observations and takes several times as long as the figures.
    ``progress`` is called between the parts (a job that gives way is cancelled through it)."""
    tick = progress or (lambda done, total: None)
    tick(0, 3)
    stats = registry_stats(work)
    tick(1, 3)
    covered = coverage(work)
    tick(2, 3)
    return Dashboard(
        stats,
        covered,
        coverage_trend(work, 12, progress) if trend else [],
        coverage_target(work, work.today.year),
        float(get_setting(work, "target_active_pct")),
    )


def trend_of(work: Work, progress: Callable[[int, int], None] | None = None) -> list[TrendPoint]:
    """The Beranda's monthly line: coverage at the end of each of the last twelve months."""
    return coverage_trend(work, 12, progress)
