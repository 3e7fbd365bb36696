"""The kecamatan's dashboard: per village for a month, from its CURRENT package (a replaced one
never counts), and the totals; the trend over the months received. The rules behind each figure
are in :mod:`jkn_desktop.services.kecamatan.figures`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import func, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_package_t, kec_resident_t, kec_village_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import ExpectedVillage
from jkn_desktop.records.kecamatan_reports import (
    ApbdesFigures,
    KecSummary,
    KecTrend,
    KecTrendPoint,
    VillageFigures,
)
from jkn_desktop.services.apbdes.rates import rates_of
from jkn_desktop.services.kecamatan import figures as F
from jkn_desktop.services.kecamatan import memo
from jkn_desktop.services.kecamatan.identity import require_kecamatan, villages
from jkn_desktop.services.kecamatan.packages import current_packages, periods_received
from jkn_desktop.services.settings import coverage_target, get_setting

P, R, V = kec_package_t, kec_resident_t, kec_village_t


def check_period(period: str) -> tuple[int, int]:
    try:
        return A.parse_period(period)
    except ValueError:
        raise UserError("KEC_PERIODE", period=period) from None


def previous_period(period: str) -> str:
    year, month = check_period(period)
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def need_rates(work: Work, year: int) -> list[int]:
    """The monthly premium of PBPU/BP Pemda class 3 (in full) for each month of ``year``, from
    the premium table (``premium_rate``, as at the village: ``domain.apbdes.DEFAULT_SCHEME``)."""
    seg, kelas, share = A.DEFAULT_SCHEME
    return A.monthly_rates(A.Scheme(seg, kelas, share), rates_of(work.conn), year)


def need_per_person(work: Work, period: str, year: int | None = None) -> tuple[int, int, int]:
    """(months, rupiah per person, first month's rate): covering one person for the rest of
    ``year`` (by default the period's) — from the month after ``period`` when it is in that
    year, all twelve months when ``period`` is of an earlier year."""
    p_year, month = check_period(period)
    year = p_year if year is None else year
    per_month = need_rates(work, year)
    rest = per_month[month:] if p_year == year else per_month if p_year < year else []
    return len(rest), sum(rest), (rest[0] if rest else per_month[-1])


def _shown(work: Work, held: dict[str, int], within: str) -> list[ExpectedVillage]:
    """Every expected village, and any other that sent a package this month."""
    return [
        v
        for v in villages(work)
        if (v.expected or v.kode_wilayah in held) and v.kode_wilayah.startswith(within)
    ]


def _within(held: dict[str, int], prefix: str) -> dict[str, int]:
    return {k: v for k, v in held.items() if k.startswith(prefix)} if prefix else held


def kecamatan_summary(work: Work, period: str, *, within: str = "") -> KecSummary:
    """The dashboard of ``period``: one row per expected village (and any village that sent),
    totals over the villages that sent. ``within``: only the villages whose code starts so (a
    kabupaten's drill-down into one kecamatan, ``"33.18.04."``), the rest not even counted."""
    info = require_kecamatan(work)
    year, _month = check_period(period)
    held = _within(current_packages(work, period), within)
    before = _within(current_packages(work, previous_period(period)), within)
    ids = list(held.values())
    numbers = F.counts(work, ids)
    changes = F.pbi_changes(work, {pid: before[k] for k, pid in held.items() if k in before})
    props = F.proposals(work, ids)
    office = F.officials(work, ids)
    money = F.apbdes(work, ids, year)
    months, per_person, rate = need_per_person(work, period)
    rows: list[VillageFigures] = []
    for v in _shown(work, held, within):
        pid = held.get(v.kode_wilayah)
        if pid is None:
            rows.append(VillageFigures(v.kode_wilayah, v.name, v.kind, v.expected, False))
            continue
        c = numbers.get(pid, F.Counts())
        joined, left = changes.get(pid, (None, None))
        lines, pagu, committed, realized, benef = money.get(pid, (0, 0, 0, 0, 0))
        o = office.get(pid, {})
        rows.append(
            VillageFigures(
                v.kode_wilayah,
                v.name,
                v.kind,
                v.expected,
                True,
                pid,
                c.living,
                c.registered,
                c.active,
                c.households,
                c.fully_uninsured,
                c.partly_uninsured,
                c.living - c.active,
                joined,
                left,
                props.get(pid, {}),
                o.get("pejabat", 0),
                o.get("bukan_ppu", 0),
                o.get("keluarga", 0),
                o.get("keluarga_belum_terlindungi", 0),
                ApbdesFigures(
                    lines,
                    pagu,
                    committed,
                    realized,
                    benef,
                    max(0, pagu - committed),
                    c.need,
                    months,
                    c.need * per_person,
                ),
                c.verdicts,
            )
        )
    return KecSummary(
        period,
        info.kode_wilayah,
        info.kecamatan,
        coverage_target(work, year),
        float(get_setting(work, "target_active_pct")),
        rate,
        rows,
        totals(rows, info.kecamatan),
    )


def _sum_optional(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def totals(rows: list[VillageFigures], name: str = "") -> VillageFigures:
    """The kecamatan's row: the sums over the villages that sent."""
    sent = [r for r in rows if r.sent]

    def total(get: Callable[[VillageFigures], int]) -> int:
        return sum(get(r) for r in sent)

    proposals: dict[str, dict[str, int]] = {}
    for r in sent:
        for kind, by_status in r.proposals.items():
            for status, n in by_status.items():
                slot = proposals.setdefault(kind, {})
                slot[status] = slot.get(status, 0) + n
    money = ApbdesFigures(
        total(lambda r: r.apbdes.lines),
        total(lambda r: r.apbdes.pagu),
        total(lambda r: r.apbdes.committed),
        total(lambda r: r.apbdes.realized),
        total(lambda r: r.apbdes.beneficiaries),
        total(lambda r: r.apbdes.capacity),
        total(lambda r: r.apbdes.need_people),
        max((r.apbdes.need_months for r in sent), default=0),
        total(lambda r: r.apbdes.need),
    )
    return VillageFigures(
        "",
        name,
        "kecamatan",
        True,
        bool(sent),
        None,
        total(lambda r: r.population),
        total(lambda r: r.registered),
        total(lambda r: r.active),
        total(lambda r: r.households),
        total(lambda r: r.households_fully_uninsured),
        total(lambda r: r.households_partly_uninsured),
        total(lambda r: r.uninsured),
        _sum_optional([r.pbi_joined for r in sent]),
        _sum_optional([r.pbi_left for r in sent]),
        proposals,
        total(lambda r: r.officials),
        total(lambda r: r.officials_not_ppu),
        total(lambda r: r.officials_family),
        total(lambda r: r.officials_family_uncovered),
        money,
        all(r.verdicts for r in sent) if sent else False,
    )


def kecamatan_trend(work: Work, months: int = 12) -> KecTrend:
    """Coverage and keaktifan per month received (the last ``months`` of them), for the
    kecamatan and per village, each month from its current packages."""
    require_kecamatan(work)
    periods = periods_received(work)[-months:] if months > 0 else []
    by_village: dict[str, list[KecTrendPoint]] = {}
    total: dict[str, KecTrendPoint] = {p: KecTrendPoint(p, "", 0, 0, 0, 0) for p in periods}
    for kode, by_period in points(work, periods).items():
        for period, point in by_period.items():
            by_village.setdefault(kode, []).append(point)
            t = total[period]
            total[period] = replace(
                t,
                population=t.population + point.population,
                registered=t.registered + point.registered,
                active=t.active + point.active,
                villages_sent=t.villages_sent + 1,
            )
    return KecTrend(periods, [total[p] for p in periods], by_village)


def points(work: Work, periods: list[str]) -> dict[str, dict[str, KecTrendPoint]]:
    """kode_wilayah → period → the village's coverage in that month's current package (kept
    per package: :mod:`memo`)."""
    out: dict[str, dict[str, KecTrendPoint]] = {}
    if not periods:
        return out
    held = work.conn.execute(
        select(P.c.id, P.c.period, P.c.kode_wilayah)
        .where(P.c.period.in_(periods), P.c.state == "current")
        .order_by(P.c.period, P.c.kode_wilayah)
    ).all()
    keys = memo.package_keys(work, [int(r[0]) for r in held])
    numbers = memo.cached("people", keys, lambda todo: _people(work, todo))
    for pid, period, kode in held:
        n, reg, act = numbers[int(pid)]
        out.setdefault(str(kode), {})[str(period)] = KecTrendPoint(period, kode, n, reg, act)
    return out


def _people(work: Work, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    stmt = (
        select(
            R.c.package_id,
            func.count(),
            func.sum(F.registered_expr()),
            func.sum(F.active_expr()),
        )
        .where(R.c.package_id.in_(ids), F.living())
        .group_by(R.c.package_id)
    )
    found = {
        int(pid): (int(n), int(reg or 0), int(act or 0))
        for pid, n, reg, act in work.conn.execute(stmt)
    }
    return {pid: found.get(pid, (0, 0, 0)) for pid in ids}
