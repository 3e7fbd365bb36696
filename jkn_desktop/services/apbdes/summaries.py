"""The money of each budget line in a year: pagu, what the beneficiaries commit, what was paid,
what remains and how many more people it pays for; and the warnings a secretary must read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import rupiah
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import LineSummary, Warning
from jkn_desktop.services.apbdes._common import B, L, P, line_year, scheme_of
from jkn_desktop.services.apbdes.codes import code_names
from jkn_desktop.services.apbdes.rates import rates_of
from jkn_desktop.services.settings import get_setting


def line_summaries(work: Work, year: int, *, from_month: int | None = None) -> list[LineSummary]:
    """Every line of a year with its money and warnings; capacity counts from ``from_month``
    (by default next month this year, January for a later year)."""
    conn = work.conn
    all_rates = rates_of(conn)
    names = code_names(conn)
    stints, residents = _stints(work, year)
    paid = _paid(work, year)
    warn_dd = bool(get_setting(work, "apbdes_warn_dana_desa"))
    start = from_month if from_month is not None else A.default_from_month(year, work.today)
    out = []
    for row in conn.execute(select(L).where(L.c.year == year).order_by(L.c.id)).mappings():
        lid = row["id"]
        scheme = scheme_of(row)
        per_month = tuple(A.monthly_rates(scheme, all_rates, year))
        summary = LineSummary(
            lid,
            year,
            row["kegiatan"],
            names.get(("kegiatan", row["kegiatan"]), ""),
            row["rekening"],
            names.get(("rekening", row["rekening"]), ""),
            row["sumber"],
            names.get(("sumber", row["sumber"]), row["sumber"]),
            row["pagu"],
            row["pagu_revised"],
            row["revised_on"],
            scheme,
            per_month,
            row["notes"],
            len(residents[lid]),
            tuple(A.people_per_month(stints[lid])),
            tuple(paid[lid]),
            A.committed(per_month, stints[lid]),
            sum(paid[lid]),
            start,
        )
        warnings = _line_warnings(summary, work, warn_dana_desa=warn_dd)
        out.append(replace(summary, warnings=tuple(warnings)))
    return out


def line_summary(work: Work, line_id: int, *, from_month: int | None = None) -> LineSummary:
    """One line's money (a clear message when there is no such line)."""
    year = line_year(work.conn, line_id)
    return next(s for s in line_summaries(work, year, from_month=from_month) if s.id == line_id)


def _stints(work: Work, year: int) -> tuple[dict[int, list[A.Stint]], dict[int, set[int]]]:
    stints: dict[int, list[A.Stint]] = defaultdict(list)
    residents: dict[int, set[int]] = defaultdict(set)
    for lid, rid, s, e in work.conn.execute(
        select(B.c.line_id, B.c.resident_id, B.c.start_month, B.c.end_month)
        .join(L, L.c.id == B.c.line_id)
        .where(L.c.year == year)
    ):
        stints[lid].append(A.Stint(s, e))
        residents[lid].add(rid)
    return stints, residents


def _paid(work: Work, year: int) -> dict[int, list[int]]:
    paid: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    for lid, month, amount in work.conn.execute(
        select(P.c.line_id, P.c.month, func.sum(P.c.amount))
        .join(L, L.c.id == P.c.line_id)
        .where(L.c.year == year)
        .group_by(P.c.line_id, P.c.month)
    ):
        paid[lid][month - 1] = int(amount)
    return paid


def _line_warnings(s: LineSummary, work: Work, *, warn_dana_desa: bool) -> list[Warning]:
    out: list[Warning] = []
    what = f"Baris {s.id} ({s.kegiatan}, {s.sumber})"
    if s.committed > s.pagu:
        out.append(
            Warning(
                A.WARN_OVER,
                f"{what}: komitmen {rupiah(s.committed)} melebihi pagu "
                f"{rupiah(s.pagu)} sebesar {rupiah(s.committed - s.pagu)}.",
                s.id,
            )
        )
    if warn_dana_desa and s.sumber == A.DANA_DESA:
        out.append(
            Warning(
                A.WARN_DANA_DESA,
                f"{what} dibiayai Dana Desa. Kemendes (2024) menyatakan Dana Desa tidak boleh dipakai "
                "membayar iuran BPJS Kesehatan; pindahkan ke ADD, PAD atau sumber lain.",
                s.id,
            )
        )
    no_rate = [m for m in A.MONTHS if s.per_month[m - 1] == 0]
    if no_rate:
        out.append(
            Warning(
                A.WARN_NO_RATE,
                f"{what}: belum ada tarif yang berlaku untuk bulan "
                f"{A.months_text(no_rate)} {s.year}. Isi tarif di Pengaturan.",
                s.id,
            )
        )
    realisation = _realisation(s, A.last_due_month(s.year, work.today))
    if realisation:
        out.append(
            Warning(
                A.WARN_REALISATION,
                f"{what}: realisasi tidak sesuai jumlah penerima — " + "; ".join(realisation) + ".",
                s.id,
            )
        )
    return out


def _realisation(s: LineSummary, last_due: int) -> list[str]:
    """Realisation against what the beneficiaries imply, for months already due."""
    unpaid = [m for m in range(1, last_due + 1) if s.paid[m - 1] == 0 and s.implied(m)]
    diffs = [
        f"{A.month_name(m)} dibayar {rupiah(s.paid[m - 1])}, seharusnya {rupiah(s.implied(m))}"
        for m in range(1, last_due + 1)
        if s.paid[m - 1] != s.implied(m) and m not in unpaid
    ]
    if unpaid:
        diffs.insert(0, f"belum dibayar untuk {A.months_text(unpaid)}")
    return diffs


def capacity_json(remaining: int, months: int, rate: int) -> dict[str, Any]:
    """A "what if" capacity question answered for the command line."""
    per_person = rate * months
    people = A.capacity(remaining, per_person)
    return {
        "remaining": remaining,
        "months": months,
        "rate": rate,
        "per_person": per_person,
        "people": people,
        "leftover": remaining - people * per_person if per_person > 0 else remaining,
    }
