"""The kabupaten's dashboard (decision 49): the kecamatan's dashboard over every village of the
kabupaten (``services.kecamatan.summary``, the same rules and the same statements), summed per
kecamatan by the kecamatan's own rule (``totals``), with each kecamatan's villages for the
drill-down; and the submission matrix grouped by kecamatan."""

from __future__ import annotations

from dataclasses import replace

from jkn_desktop.errors import UserError
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kabupaten import KabMatrix, KabSummary, KecamatanFigures, KecamatanMatrix
from jkn_desktop.records.kecamatan import ExpectedVillage
from jkn_desktop.records.kecamatan_matrix import MonthCount
from jkn_desktop.records.kecamatan_reports import KecSummary, VillageFigures
from jkn_desktop.services.kabupaten.identity import (
    kecamatan_names,
    kecamatan_of,
    require_kabupaten,
)
from jkn_desktop.services.kecamatan.matrix import MISSING, RETURNED, submission_matrix
from jkn_desktop.services.kecamatan.summary import kecamatan_summary, totals


def _kecamatan_row(kode: str, name: str, rows: list[VillageFigures]) -> KecamatanFigures:
    total = replace(totals(rows, name), kode_wilayah=kode)
    expected = sum(1 for r in rows if r.expected)
    return KecamatanFigures(kode, name, expected, sum(1 for r in rows if r.sent), total, rows)


def kabupaten_summary(work: Work, period: str) -> KabSummary:
    """The month per kecamatan (every kecamatan of the kabupaten, also one with no village that
    sent) and the kabupaten's total, which is the sum over every village that sent."""
    info = require_kabupaten(work)
    s = kecamatan_summary(work, period)
    names = kecamatan_names(work)
    groups: dict[str, list[VillageFigures]] = {k: [] for k in names}
    for row in s.villages:
        groups.setdefault(kecamatan_of(row.kode_wilayah), []).append(row)
    rows = [_kecamatan_row(k, names.get(k, k), groups[k]) for k in sorted(groups)]
    return KabSummary(
        s.period,
        info.kode_wilayah,
        info.kabupaten,
        s.target_coverage_pct,
        s.target_active_pct,
        rows,
        replace(totals(s.villages, info.kabupaten), kind="kabupaten"),
    )


def kecamatan_drilldown(work: Work, period: str, kode_kecamatan: str) -> KecSummary:
    """One kecamatan's villages for the month, as that kecamatan's own dashboard shows them."""
    from jkn_desktop.services.kecamatan.identity import normalize_code

    require_kabupaten(work)
    kode = normalize_code(kode_kecamatan)
    names = kecamatan_names(work)
    if kode not in names:
        raise UserError("KAB_KECAMATAN", kode=kode_kecamatan)
    s = kecamatan_summary(work, period, within=kode + ".")
    rows = [r for r in s.villages if kecamatan_of(r.kode_wilayah) == kode]
    return replace(
        s, kode_wilayah=kode, kecamatan=names[kode], villages=rows, total=totals(rows, names[kode])
    )


def kabupaten_matrix(work: Work, year: int) -> KabMatrix:
    """The kecamatan's matrix over every village of the kabupaten, and the same month counts per
    kecamatan (received of expected, on time, late, replaced, returned, missing)."""
    require_kabupaten(work)
    m = submission_matrix(work, year)
    names = kecamatan_names(work)
    groups: dict[str, list[ExpectedVillage]] = {k: [] for k in names}
    for v in m.villages:
        groups.setdefault(kecamatan_of(v.kode_wilayah), []).append(v)
    out = KabMatrix(m)
    for kode in sorted(groups):
        vs = groups[kode]
        months = []
        for i, whole in enumerate(m.months):
            cells = [m.cells[v.kode_wilayah][i] for v in vs]
            states = [c.state for c in cells]
            received = [c for c in cells if c.packages]
            months.append(
                MonthCount(
                    whole.period,
                    sum(1 for v in vs if v.expected),
                    len(received),
                    sum(1 for c in received if c.on_time),
                    sum(1 for c in received if not c.on_time),
                    sum(1 for c in received if c.packages > 1),
                    states.count(RETURNED),
                    sum(
                        1
                        for v, c in zip(vs, cells, strict=True)
                        if v.expected and c.state == MISSING
                    ),
                    whole.deadline,
                )
            )
        out.kecamatan.append(KecamatanMatrix(kode, names.get(kode, kode), vs, months))
    return out
