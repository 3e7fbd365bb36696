"""Fill a kecamatan database's kec_* tables directly (real SQLite), for tests and the benchmark
that need packages without building villages: one package per call, rows as given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from jkn_desktop.persistence.search import index_words
from jkn_desktop.persistence.tables import (
    kec_apbdes_line_t,
    kec_household_t,
    kec_office_figure_t,
    kec_package_t,
    kec_proposal_t,
    kec_resident_t,
)


def _same_keys(table: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One executemany needs every row to name the same columns: a missing one takes the
    column's default (NULL when it has none)."""
    keys = {k for r in rows for k in r}
    defaults = {
        c.name: (c.default.arg if c.default is not None and c.default.is_scalar else None)
        for c in table.columns
    }
    return [{k: r.get(k, defaults.get(k)) for k in keys} for r in rows]


def add_package(
    conn: Any,
    kode: str,
    period: str,
    *,
    households: Sequence[dict[str, Any]] = (),
    residents: Sequence[dict[str, Any]] = (),
    proposals: Sequence[dict[str, Any]] = (),
    lines: Sequence[dict[str, Any]] = (),
    officials: dict[str, int] | None = None,
    made_at: dt.datetime | None = None,
    replace: bool = True,
) -> int:
    """A current package of ``kode`` for ``period`` (an earlier current one becomes replaced)."""
    made = made_at or dt.datetime(int(period[:4]), int(period[5:]), 28, 10, 0)
    if replace:
        conn.execute(
            kec_package_t.update()
            .where(
                kec_package_t.c.kode_wilayah == kode,
                kec_package_t.c.period == period,
                kec_package_t.c.state == "current",
            )
            .values(state="replaced")
        )
    serial = conn.execute(select(func.count()).select_from(kec_package_t)).scalar_one()
    pid = conn.execute(
        kec_package_t.insert().values(
            kode_wilayah=kode,
            period=period,
            made_at=made,
            received_at=made,
            sha256=f"{kode}-{period}-{serial}",
            format_version="2",
            state="current",
        )
    ).inserted_primary_key[0]
    if households:
        conn.execute(
            kec_household_t.insert(),
            _same_keys(kec_household_t, [{"package_id": pid, **h} for h in households]),
        )
    if residents:
        rows = [{"package_id": pid, "status_dasar": 1, "no_kk": "", **r} for r in residents]
        conn.execute(kec_resident_t.insert(), _same_keys(kec_resident_t, rows))
        index_words(conn, int(pid))  # as receiving does
    if proposals:
        rows = [{"package_id": pid, "period": period, **p} for p in proposals]
        conn.execute(kec_proposal_t.insert(), _same_keys(kec_proposal_t, rows))
    if lines:
        rows = [{"package_id": pid, "year": int(period[:4]), **ln} for ln in lines]
        conn.execute(kec_apbdes_line_t.insert(), _same_keys(kec_apbdes_line_t, rows))
    if officials:
        conn.execute(
            kec_office_figure_t.insert(),
            [
                {"package_id": pid, "section": "perangkat", "measure": m, "value": v}
                for m, v in officials.items()
            ],
        )
    return int(pid)
