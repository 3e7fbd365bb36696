"""The Kepesertaan JKN lists: residents with their membership, reason and next step, filtered and
sorted in SQL; households with their coverage flag; the counter check; the uninsured exports."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, true

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import age_on, tanggal, tanggal_pendek
from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.domain.wilayah import DESA_WORDS
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import write_table
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.fastread import read_ids
from jkn_desktop.persistence.models import household_t, jkn_current_t, resident_t
from jkn_desktop.persistence.search import name_condition
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership.jkn import people_from, rule_columns
from jkn_desktop.services.registry.village import get_village
from jkn_desktop.services.settings import get_setting

R = resident_t
H = household_t
C = jkn_current_t


@dataclass(frozen=True, slots=True)
class JknFilter:
    search: str = ""
    dusun: str | None = None
    rw: str | None = None
    rt: str | None = None
    segment: str | None = None  # a key of J.SEGMENTS
    status: str | None = None  # a key of J.STATUSES
    uninsured: bool | None = None
    reason: str | None = None
    step: str | None = None
    officials: bool = False  # Kepala Desa / perangkat desa and their households
    living_only: bool = True


@dataclass(frozen=True, slots=True)
class JknRow:
    id: int
    nik: str
    name: str
    sex: str
    birth_date: dt.date | None
    shdk: int | None
    status_dasar: int
    occupation: int | None
    no_kk: str
    dusun: str
    rw: str
    rt: str
    desil: int | None
    segment: str
    kelas: int | None
    card_no: str
    status: str
    as_of: dt.date | None
    source: str
    uninsured: bool
    reason: str | None
    step: str | None
    household_id: int | None
    marital_status: int | None = None
    schooling: int | None = None

    @property
    def step_label(self) -> str:
        return J.STEPS.get(self.step or "", "")

    @property
    def segment_label(self) -> str:
        return J.SEGMENT_SHORT.get(self.segment, self.segment)

    @property
    def status_label(self) -> str:
        return J.STATUSES.get(self.status, self.status) if self.segment in J.JKN_SEGMENTS else "—"

    def age(self, today: dt.date | None = None) -> int | None:
        return age_on(self.birth_date, today or dt.date.today()) if self.birth_date else None


def _official_households() -> Any:
    return select(R.c.household_id).where(
        R.c.occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS)), R.c.household_id.is_not(None)
    )


def _conditions(dialect: str, flt: JknFilter) -> list[ColumnElement[bool]]:
    rc = rule_columns()
    conds: list[ColumnElement[bool]] = []
    if flt.living_only:
        conds.append(R.c.status_dasar == codes.HIDUP)
    text = flt.search.strip()
    if text:
        digits = clean_identifier(text)
        if digits.isdigit():
            # each term is indexed on resident, so SQLite answers the OR with three index lookups
            kk = select(H.c.id).where(H.c.no_kk >= digits, H.c.no_kk < digits + ":")
            cards = select(C.c.resident_id).where(C.c.card_no >= digits, C.c.card_no < digits + ":")
            conds.append(
                or_(
                    and_(R.c.nik >= digits, R.c.nik < digits + ":"),
                    R.c.household_id.in_(kk),
                    R.c.id.in_(cards),
                )
            )

        else:
            conds.append(name_condition(dialect, clean_name(text).split(" ")))
    for key in ("dusun", "rw", "rt"):
        value = getattr(flt, key)
        if value is not None:
            conds.append(H.c[key] == value)
    if flt.segment is not None:
        conds.append(rc.segment == flt.segment)
    if flt.status is not None:
        conds.append(and_(rc.registered, rc.status == flt.status))
    if flt.uninsured is not None:
        conds.append(rc.uninsured if flt.uninsured else ~rc.uninsured)
    if flt.reason is not None:
        conds.append(rc.reason == flt.reason)
    if flt.step is not None:
        conds.append(rc.step == flt.step)
    if flt.officials:
        conds.append(R.c.household_id.in_(_official_households()))
    return conds


SORTS = {
    "name": [R.c.name_key, R.c.id],
    "nik": [R.c.nik, R.c.id],
    "area": [H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, R.c.shdk, R.c.birth_date, R.c.id],
    "segment": [R.c.jkn_segment, R.c.name_key, R.c.id],
    "status": [R.c.jkn_status, R.c.name_key, R.c.id],
    "as_of": [C.c.as_of, R.c.name_key, R.c.id],
    "desil": [H.c.desil, H.c.no_kk, R.c.shdk, R.c.id],
}


def query_ids(
    db: Database, flt: JknFilter, sort: str = "area", descending: bool = False
) -> list[int]:
    cols = SORTS.get(sort, SORTS["area"])
    with db.read() as conn:
        stmt = (
            select(R.c.id)
            .select_from(people_from())
            .where(and_(true(), *_conditions(conn.dialect.name, flt)))
            .order_by(*[c.desc() if descending else c.asc() for c in cols])
        )
        return read_ids(conn, stmt)


def _row_columns() -> list[Any]:
    rc = rule_columns()
    return [
        R.c.id, R.c.nik, R.c.name, R.c.sex, R.c.birth_date, R.c.shdk, R.c.status_dasar,
        R.c.occupation, func.coalesce(H.c.no_kk, ""), func.coalesce(H.c.dusun, ""),
        func.coalesce(H.c.rw, ""), func.coalesce(H.c.rt, ""), H.c.desil, rc.segment, C.c.kelas,
        func.coalesce(C.c.card_no, ""), rc.status, C.c.as_of, func.coalesce(C.c.source, ""),
        rc.uninsured, rc.reason, rc.step, R.c.household_id, R.c.marital_status, R.c.schooling,
    ]  # fmt: skip


def fetch_rows(db: Database, ids: Sequence[int]) -> list[JknRow]:
    if not ids:
        return []
    out: dict[int, JknRow] = {}
    with db.read() as conn:
        for part in chunks(ids):
            stmt = (
                select(*_row_columns())
                .select_from(people_from())
                .where(R.c.id.in_(list(part)))
            )
            for r in conn.execute(stmt):
                values = list(r)
                values[19] = bool(values[19])
                out[int(r[0])] = JknRow(*values)
    return [out[i] for i in ids if i in out]


# --- households ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HouseholdCoverage:
    id: int
    no_kk: str
    head: str
    address: str
    dusun: str
    rw: str
    rt: str
    desil: int | None
    living: int
    uninsured: int
    flag: str | None
    desil_as_of: dt.date | None = None
    # what registering the uninsured members as PBPU mandiri class 3 would cost a month (BPJS
    # registers every member of the KK together)
    mandiri_cost: int = 0

    @property
    def flag_label(self) -> str:
        return J.HOUSEHOLD_FLAGS.get(self.flag or "", "Tanpa anggota hidup")


def household_coverage(
    db: Database, *, flag: str | None = None, dusun: str | None = None, search: str = ""
) -> list[HouseholdCoverage]:
    """Every KK with its living members, uninsured members and flag, in dusun/RW/RT order."""
    rc = rule_columns()
    alive = R.c.status_dasar == codes.HIDUP
    head = func.max(
        case((and_(R.c.shdk == codes.KEPALA_KELUARGA, alive), R.c.name), else_=literal(None))
    )
    stmt = (
        select(
            H.c.id,
            H.c.no_kk,
            func.coalesce(head, ""),
            H.c.address,
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.desil,
            func.count(R.c.id),
            func.sum(case((rc.uninsured, 1), else_=0)),
            H.c.desil_as_of,
        )
        .select_from(
            H.outerjoin(R, and_(R.c.household_id == H.c.id, alive)).outerjoin(
                C, C.c.resident_id == R.c.id
            )
        )
        .group_by(H.c.id)
        .order_by(H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk)
    )
    if dusun is not None:
        stmt = stmt.where(H.c.dusun == dusun)
    if search.strip():
        digits = clean_identifier(search)
        if digits.isdigit():
            stmt = stmt.where(H.c.no_kk >= digits, H.c.no_kk < digits + ":")
    rate = mandiri_rate(db)
    with db.read() as conn:
        rows = [
            HouseholdCoverage(
                int(i), kk, hd, addr or "", d or "", w or "", t or "", desil, int(liv),
                int(un or 0), J.household_flag(int(liv), int(un or 0)), since,
                int(un or 0) * rate,
            )
            for i, kk, hd, addr, d, w, t, desil, liv, un, since in conn.execute(stmt)
        ]  # fmt: skip
    if search.strip() and not clean_identifier(search).isdigit():
        key = clean_name(search).upper()
        rows = [r for r in rows if key in r.head.upper()]
    if flag is not None:
        rows = [r for r in rows if r.flag == flag]
    return rows


def members(db: Database, household_id: int) -> list[JknRow]:
    """A KK's members (all statuses) with their membership, in SHDK order."""
    with db.read() as conn:
        ids = [
            int(i)
            for i in conn.execute(
                select(R.c.id)
                .where(R.c.household_id == household_id)
                .order_by(R.c.shdk, R.c.birth_date, R.c.id)
            ).scalars()
        ]
    return fetch_rows(db, ids)


@dataclass(frozen=True, slots=True)
class HouseholdDetail:
    """A KK's members with what the family rules and the money say about them."""

    members: list[JknRow]
    outside_ppu: frozenset[int]
    mandiri_cost: int
    warnings: list[str]


def household_detail(db: Database, household_id: int, today: dt.date | None = None) -> HouseholdDetail:
    today = today or dt.date.today()
    rows = members(db, household_id)
    with db.read() as conn:
        desil_as_of = conn.execute(select(H.c.desil_as_of).where(H.c.id == household_id)).scalar()
    uninsured = sum(1 for m in rows if m.status_dasar == codes.HIDUP and m.uninsured)
    months = int(db.run(get_setting, write=False, key="desil_max_age_months"))
    warnings = []
    if desil_as_of is not None and _months_between(desil_as_of, today) > months:
        warnings.append(f"Desil per {tanggal(desil_as_of)}, lebih dari {months} bulan: periksa desil terbaru.")
    return HouseholdDetail(
        rows, frozenset(J.outside_ppu_family(family_members(rows, today))),
        uninsured * mandiri_rate(db, today), warnings,
    )  # fmt: skip


# --- the counter check --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CheckWarning:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    person: JknRow
    household: list[JknRow]
    warnings: list[CheckWarning] = field(default_factory=list)
    outside_ppu: frozenset[int] = frozenset()  # members the worker's PPU does not cover
    mandiri_cost: int = 0  # the KK's uninsured members as PBPU mandiri class 3, a month

    def as_json(self) -> dict[str, Any]:
        def one(p: JknRow) -> dict[str, Any]:
            return {
                "nik": p.nik, "name": p.name, "status_dasar": codes.STATUS_DASAR.get(p.status_dasar, ""),
                "segment": p.segment, "status": p.status if p.segment in J.JKN_SEGMENTS else None,
                "active": p.segment in J.JKN_SEGMENTS and p.status == J.AKTIF,
                "card_no": p.card_no, "as_of": p.as_of.isoformat() if p.as_of else None,
                "source": p.source, "reason": p.reason, "next_step": p.step,
                "family": J.NOT_COVERED_BY_PPU if p.id in self.outside_ppu else None,
            }  # fmt: skip

        return {
            **one(self.person),
            "no_kk": self.person.no_kk,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
            "household_mandiri_cost": self.mandiri_cost,
            "household": [one(m) for m in self.household],
        }


def family_members(rows: Sequence[JknRow], today: dt.date) -> list[J.FamilyMember]:
    return [
        J.FamilyMember(
            p.id, p.shdk, p.age(today), p.marital_status not in (None, 1),
            p.schooling in J.IN_SCHOOL, p.segment, p.status, p.uninsured,
            p.occupation in J.WAGE_OCCUPATIONS,
        )
        for p in rows
        if p.status_dasar == codes.HIDUP
    ]  # fmt: skip


def mandiri_rate(db: Database, today: dt.date | None = None) -> int:
    """What a PBPU mandiri class 3 participant pays a month, by the rate table (0 when none)."""
    from jkn_desktop.services.apbdes.rates import rates

    table = db.run(rates, write=False)
    rate = A.rate_in_force(table, J.PBPU_MANDIRI, 3, today or dt.date.today())
    return rate.participant if rate is not None else 0


def staleness(
    p: JknRow, desil_as_of: dt.date | None, today: dt.date, *, max_days: int, desil_months: int
) -> list[CheckWarning]:
    """Warnings that the status or the household's desil may be out of date."""
    out = []
    if p.segment in J.JKN_SEGMENTS:
        if p.as_of is None:
            out.append(CheckWarning("STATUS_TANPA_TANGGAL",
                "Status ini dari isian berkas penduduk tanpa tanggal: pastikan di BPJS (aplikasi "
                "Mobile JKN atau kantor BPJS) sebelum memutuskan."))  # fmt: skip
        elif (today - p.as_of).days > max_days:
            out.append(CheckWarning("STATUS_LAMA",
                f"Status ini per {tanggal(p.as_of)}, sudah {(today - p.as_of).days} hari: "
                "pastikan di BPJS sebelum memutuskan."))  # fmt: skip
    if desil_as_of is not None and _months_between(desil_as_of, today) > desil_months:
        out.append(CheckWarning("DESIL_LAMA",
            f"Desil KK ini per {tanggal(desil_as_of)}, lebih dari {desil_months} bulan: DTSEN "
            "diperbarui tiap tiga bulan, periksa desil terbaru."))  # fmt: skip
    return out


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def counter_check(
    db: Database, text: str, limit: int = 10, today: dt.date | None = None
) -> list[CheckResult]:
    """Who is this, and are they covered? A NIK (or its start), a card number or part of a name;
    every status dasar is searched, since a dead person's card is a finding too. Each result says
    when the status or the desil may be out of date, who in the KK the worker's PPU does not
    cover, and what the KK's uninsured members would cost as PBPU mandiri."""
    if not text.strip():
        return []
    today = today or dt.date.today()
    ids = query_ids(db, JknFilter(search=text, living_only=False), sort="name")[:limit]
    people = fetch_rows(db, ids)
    hh_ids = sorted({p.household_id for p in people if p.household_id is not None})
    by_hh: dict[int, list[JknRow]] = {h: members(db, h) for h in hh_ids}
    with db.read() as conn:
        desil_dates = dict(
            conn.execute(select(H.c.id, H.c.desil_as_of).where(H.c.id.in_(hh_ids))).all()
        ) if hh_ids else {}  # fmt: skip
    max_days = int(db.run(get_setting, write=False, key="status_max_age_days"))
    desil_months = int(db.run(get_setting, write=False, key="desil_max_age_months"))
    rate = mandiri_rate(db, today)
    out = []
    for p in people:
        family = by_hh.get(p.household_id, []) if p.household_id is not None else []
        living_uninsured = sum(1 for m in family if m.status_dasar == codes.HIDUP and m.uninsured)
        out.append(CheckResult(
            p, family,
            staleness(p, desil_dates.get(p.household_id), today, max_days=max_days,
                      desil_months=desil_months),
            frozenset(J.outside_ppu_family(family_members(family, today))),
            living_uninsured * rate,
        ))  # fmt: skip
    return out


# --- exports ------------------------------------------------------------------------------------
PEOPLE_HEADERS = [
    "NIK", "NO KK", "NAMA", "JENIS KELAMIN", "TANGGAL LAHIR", "UMUR", "SHDK", "DUSUN", "RW", "RT",
    "DESIL", "SEGMEN TERAKHIR", "STATUS JKN", "NO KARTU JKN", "PER TANGGAL", "SUMBER", "ALASAN",
    "LANGKAH BERIKUTNYA",
]  # fmt: skip
HOUSEHOLD_HEADERS = [
    "NO KK", "KEPALA KELUARGA", "ALAMAT", "DUSUN", "RW", "RT", "DESIL", "ANGGOTA HIDUP",
    "BELUM TERTANGGUNG", "KEADAAN KK",
]  # fmt: skip


def _people_rows(db: Database, today: dt.date) -> Iterator[list[Any]]:
    village = db.run(get_village, write=False)
    words = village.words if village is not None else DESA_WORDS
    ids = query_ids(db, JknFilter(uninsured=True), sort="area")
    for start in range(0, len(ids), 2000):
        for p in fetch_rows(db, ids[start : start + 2000]):
            yield [
                p.nik, p.no_kk, p.name, p.sex, p.birth_date.strftime("%d-%m-%Y") if p.birth_date else "",
                p.age(today), codes.shdk().label(p.shdk) if p.shdk else "", p.dusun, p.rw, p.rt,
                p.desil or "", J.SEGMENTS.get(p.segment, p.segment),
                p.status_label, p.card_no, p.as_of.strftime("%d-%m-%Y") if p.as_of else "",
                words.source_label(p.source), J.REASONS.get(p.reason or "", ""),
                J.STEPS.get(p.step or "", ""),
            ]  # fmt: skip


def export_uninsured(
    db: Database, path: Path, *, households: bool = False, today: dt.date | None = None
) -> int:
    """The uninsured persons (or households with uninsured members) to .xlsx, in dusun, RW, RT and
    household order; NIK, No. KK and card numbers as text cells."""
    today = today or dt.date.today()
    count = 0
    if households:
        rows = [
            h for h in household_coverage(db) if h.flag in (J.FULLY_UNINSURED, J.PARTLY_UNINSURED)
        ]
        count = len(rows)
        write_table(
            Path(path), "KK belum tertanggung", HOUSEHOLD_HEADERS,
            ([h.no_kk, h.head, h.address, h.dusun, h.rw, h.rt, h.desil or "", h.living, h.uninsured,
              h.flag_label] for h in rows),
            text_columns=[0, 4, 5], widths=[19, 28, 28, 14, 6, 6, 7, 14, 18, 34],
        )  # fmt: skip
        return count

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for row in _people_rows(db, today):
            count += 1
            yield row

    write_table(
        Path(path), "Penduduk belum tertanggung", PEOPLE_HEADERS, counted(),
        text_columns=[0, 1, 8, 9, 13],
        widths=[19, 19, 28, 8, 13, 6, 16, 14, 6, 6, 7, 22, 14, 16, 13, 26, 24, 40],
    )  # fmt: skip
    return count


HANDOFF_HEADERS = [
    "NIK", "NO KK", "NAMA", "JENIS KELAMIN", "UMUR", "PEKERJAAN", "DUSUN", "RW", "RT", "SEGMEN",
    "STATUS JKN", "NO KARTU JKN", "PER TANGGAL", "LANGKAH", "DASAR",
]  # fmt: skip


def export_step(db: Database, path: Path, step: str, today: dt.date | None = None) -> int:
    """Everyone whose next step is ``step`` (e.g. ``cek_ppu``: the PBI members with a wage job, the
    list handed to the employers and the Disnaker), in dusun, RW, RT order; identifiers as text."""
    if step not in J.STEPS:
        raise UserError("LANGKAH", "Langkah tidak dikenal. Pilih salah satu: " + ", ".join(J.STEPS))
    today = today or dt.date.today()
    ids = query_ids(db, JknFilter(step=step, living_only=False), sort="area")
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for start in range(0, len(ids), 2000):
            for p in fetch_rows(db, ids[start : start + 2000]):
                count += 1
                yield [
                    p.nik, p.no_kk, p.name, p.sex, p.age(today),
                    codes.pekerjaan().label(p.occupation) if p.occupation else "", p.dusun, p.rw,
                    p.rt, J.SEGMENTS.get(p.segment, p.segment), p.status_label, p.card_no,
                    tanggal_pendek(p.as_of), J.STEPS[step], J.STEP_BASIS.get(step, ""),
                ]  # fmt: skip

    write_table(
        Path(path), re.sub(r"[\\/*?:\[\]]", "-", J.STEPS[step])[:31], HANDOFF_HEADERS, rows(), text_columns=[0, 1, 7, 8, 11],
        widths=[19, 19, 28, 8, 6, 26, 14, 6, 6, 24, 12, 16, 12, 40, 40],
    )  # fmt: skip
    return count
