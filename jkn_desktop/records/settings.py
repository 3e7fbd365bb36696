"""The targets and limits the Pengaturan page edits in one go."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Targets:
    coverage_pct: float  # this year's coverage target (UHC)
    active_pct: float  # share of members whose membership is active
    warn_dana_desa: bool  # warn when premiums are paid from Dana Desa
    status_max_age_days: int  # a membership status older than this is "old" at the counter
    desil_max_age_months: int  # a desil older than this needs checking again
