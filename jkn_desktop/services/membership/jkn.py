"""The membership area's stable names for code outside it: migration 0005 imports
``recompute_current`` from here, and the other areas' services call the evidence, desil and rule
functions by this path. The code lives by concern beside this module: ``evidence`` (observations
and the decided state), ``desil``, ``rules`` (the uninsured rules as SQL) and ``coverage``."""

from __future__ import annotations

from jkn_desktop.records.membership import CurrentState, Observation
from jkn_desktop.services.membership.desil import record_desil_bulk, set_desil
from jkn_desktop.services.membership.evidence import (
    decide_rows,
    known_by,
    observation_rows,
    recompute_current,
    record_observations,
    states_at,
)
from jkn_desktop.services.membership.rules import people_from, rule_columns

__all__ = [
    "CurrentState",
    "Observation",
    "decide_rows",
    "known_by",
    "observation_rows",
    "people_from",
    "recompute_current",
    "record_desil_bulk",
    "record_observations",
    "rule_columns",
    "set_desil",
    "states_at",
]
