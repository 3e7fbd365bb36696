"""APBDes premium allocations: rates, budget codes, lines, beneficiaries (with their guards),
payments, the money of each line and year, capacity, and the priority list of households.

Every write is one transaction with its audit rows. Money is whole rupiah (``int``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import age_on, rupiah, tanggal
from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import chunks, insert_id
from jkn_desktop.persistence.models import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    apbdes_payment_t,
    budget_code_t,
    household_t,
    premium_rate_t,
    resident_t,
)
from jkn_desktop.services import audit
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership.jkn import (
    decide_rows,
    known_by,
    observation_rows,
    people_from,
    rule_columns,
)
from jkn_desktop.services.settings import get_setting

R = resident_t
H = household_t
L = apbdes_line_t
B = apbdes_beneficiary_t
P = apbdes_payment_t
KINDS = {
    "bidang": "Bidang",
    "kegiatan": "Kegiatan",
    "rekening": "Rekening",
    "sumber": "Sumber dana",
}


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


# --- rates -------------------------------------------------------------------------------------
def rates(db: Database) -> list[A.Rate]:
    with db.read() as conn:
        return _rates(conn)


def _rates(conn: Connection) -> list[A.Rate]:
    t = premium_rate_t
    rows = conn.execute(select(t).order_by(t.c.segment, t.c.kelas, t.c.valid_from)).mappings()
    return [
        A.Rate(
            r["segment"],
            r["kelas"],
            r["monthly"],
            r["participant"],
            r["government"],
            r["valid_from"],
            r["legal_basis"],
            r["id"],
        )
        for r in rows
    ]


def validate_rate(rate: A.Rate) -> None:
    if rate.segment not in A.RATE_SEGMENTS:
        raise UserError(
            "TARIF_SEGMEN", "Pilih segmen tarif: PBI APBN, PBPU/BP Pemda atau PBPU/BP mandiri."
        )
    if rate.kelas not in (1, 2, 3):
        raise UserError("TARIF_KELAS", "Kelas harus 1, 2 atau 3.")
    if rate.monthly <= 0:
        raise UserError("TARIF_NOL", "Iuran per bulan harus lebih dari Rp0.")
    if rate.participant < 0 or rate.government < 0:
        raise UserError(
            "TARIF_NEGATIF", "Bagian peserta dan bantuan pemerintah tidak boleh negatif."
        )
    if rate.participant + rate.government != rate.monthly:
        raise UserError(
            "TARIF_TIDAK_PAS",
            f"Bagian peserta ({rupiah(rate.participant)}) ditambah bantuan pemerintah "
            f"({rupiah(rate.government)}) harus sama dengan iuran per bulan ({rupiah(rate.monthly)}).",
        )


def save_rate(db: Database, rate: A.Rate, actor: str) -> int:
    """Insert (``rate.id`` None) or update a rate; a new Perpres is a new row with its own date."""
    validate_rate(rate)
    t = premium_rate_t
    values = {"segment": rate.segment, "kelas": rate.kelas, "monthly": rate.monthly,
              "participant": rate.participant, "government": rate.government,
              "valid_from": rate.valid_from, "legal_basis": rate.legal_basis.strip()}  # fmt: skip
    key = f"{rate.segment} kelas {rate.kelas} mulai {rate.valid_from.isoformat()}"
    now = dt.datetime.now().replace(microsecond=0)
    with db.write() as conn:
        clash = conn.execute(
            select(t.c.id).where(
                t.c.segment == rate.segment,
                t.c.kelas == rate.kelas,
                t.c.valid_from == rate.valid_from,
                t.c.id != (rate.id or 0),
            )
        ).scalar()
        if clash is not None:
            raise UserError(
                "TARIF_GANDA",
                f"Sudah ada tarif {A.Scheme(rate.segment, rate.kelas).label().split(',')[0]} yang "
                f"berlaku mulai {tanggal(rate.valid_from)}. Ubah tarif itu, atau pilih tanggal lain.",
            )
        if rate.id is None:
            rid = insert_id(conn, insert(t).values(**values, created_at=now, updated_at=now))  # fmt: skip
            audit.record(conn, actor=actor, action="create", entity="premium_rate", entity_id=rid,
                         entity_key=key, changes={k: (None, v) for k, v in values.items()})  # fmt: skip
            return rid
        old = conn.execute(select(t).where(t.c.id == rate.id)).mappings().first()
        if old is None:
            raise UserError("TARIF_HILANG", "Tarif ini sudah tidak ada. Muat ulang daftar tarif.")
        changes = audit.diff(dict(old), values)
        if changes:
            conn.execute(update(t).where(t.c.id == rate.id).values(**values, updated_at=now))
            audit.record(conn, actor=actor, action="update", entity="premium_rate",
                         entity_id=rate.id, entity_key=key, changes=changes)  # fmt: skip
        return rate.id


def _delete_audited(
    db: Database, table: Any, row_id: int, actor: str, key: Callable[[Any], str],
    fields: Sequence[str], reason: str = "",
) -> None:  # fmt: skip
    """Delete one row (gone already: nothing to do), keeping its values in the audit trail."""
    with db.write() as conn:
        old = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
        if old is None:
            return
        conn.execute(delete(table).where(table.c.id == row_id))
        audit.record(conn, actor=actor, action="delete", entity=table.name, entity_id=row_id,
                     entity_key=key(old), changes={k: (old[k], None) for k in fields}, reason=reason)  # fmt: skip


def delete_rate(db: Database, rate_id: int, actor: str) -> None:
    _delete_audited(db, premium_rate_t, rate_id, actor,
                    lambda o: f"{o['segment']} kelas {o['kelas']} mulai {o['valid_from']}",
                    ("monthly", "participant", "government", "valid_from"))  # fmt: skip


def current_rate(db: Database, today: dt.date | None = None) -> int:
    """The rate a capacity question uses by default: PBPU/BP Pemda class 3 in force today."""
    seg, kelas, share = A.DEFAULT_SCHEME
    r = A.rate_in_force(rates(db), seg, kelas, _today(today))
    if r is None:
        raise UserError(
            "TARIF_KOSONG",
            "Belum ada tarif iuran PBPU/BP Pemda kelas 3 yang berlaku. Isi tarif di Pengaturan, "
            "atau sebutkan tarif dengan --rate.",
        )
    return r.amount(share)


# --- budget codes ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BudgetCode:
    kind: str
    code: str
    name: str
    local: bool = False

    def label(self) -> str:
        return f"{self.code} {self.name}"


def budget_codes(db: Database, kind: str | None = None) -> list[BudgetCode]:
    t = budget_code_t
    stmt = select(t.c.kind, t.c.code, t.c.name, t.c.local).order_by(t.c.kind, t.c.code)
    if kind is not None:
        stmt = stmt.where(t.c.kind == kind)
    with db.read() as conn:
        return [BudgetCode(*r) for r in conn.execute(stmt)]


def save_budget_code(db: Database, kind: str, code: str, name: str, actor: str) -> None:
    """Add a local code (or rename one). Codes are digits in dot-separated groups, except funding
    sources, which are short letters (DDS, ADD, …)."""
    import re

    code, name = code.strip(), clean_name(name) if kind != "sumber" else name.strip()
    name = name.strip()
    if kind not in KINDS:
        raise UserError("KODE_JENIS", "Jenis kode tidak dikenal.")
    pattern = r"[A-Z]{2,5}" if kind == "sumber" else r"\d{1,3}(\.\d{1,3}){0,3}"
    if kind == "sumber":
        code = code.upper()
    if not re.fullmatch(pattern, code):
        example = "DDS" if kind == "sumber" else ("02.02.96" if kind == "kegiatan" else "5.2.7")
        raise UserError(
            "KODE_FORMAT",
            f"Kode {KINDS[kind].lower()} {code!r} tidak sesuai pola. Contoh: {example}.",
        )
    if not name:
        raise UserError("KODE_NAMA", "Isi nama/uraian kode.")
    t = budget_code_t
    with db.write() as conn:
        old = conn.execute(select(t.c.name).where(t.c.kind == kind, t.c.code == code)).scalar()
        if old is None:
            conn.execute(insert(t).values(kind=kind, code=code, name=name, local=True))
            audit.record(conn, actor=actor, action="create", entity="budget_code", entity_id=None,
                         entity_key=f"{kind} {code}", changes={"name": (None, name)})  # fmt: skip
        elif old != name:
            conn.execute(update(t).where(t.c.kind == kind, t.c.code == code).values(name=name))
            audit.record(conn, actor=actor, action="update", entity="budget_code", entity_id=None,
                         entity_key=f"{kind} {code}", changes={"name": (old, name)})  # fmt: skip


# --- lines -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LineInput:
    year: int
    kegiatan: str
    rekening: str
    sumber: str
    pagu: int
    scheme: A.Scheme = field(default_factory=lambda: A.Scheme(*A.DEFAULT_SCHEME))
    pagu_revised: int | None = None
    revised_on: dt.date | None = None
    notes: str = ""

    def values(self) -> dict[str, Any]:
        return {
            "year": self.year, "kegiatan": self.kegiatan.strip(), "rekening": self.rekening.strip(),
            "sumber": self.sumber.strip().upper(), "pagu": self.pagu, "pagu_revised": self.pagu_revised,
            "revised_on": self.revised_on if self.pagu_revised is not None else None,
            "scheme_segment": None if self.scheme.is_custom else self.scheme.segment,
            "scheme_kelas": None if self.scheme.is_custom else self.scheme.kelas,
            "scheme_share": self.scheme.share, "custom_rate": self.scheme.custom_rate,
            "notes": self.notes.strip(),
        }  # fmt: skip


def _validate_line(conn: Connection, line: LineInput) -> None:
    if not 2000 <= line.year <= 2100:
        raise UserError("TAHUN", f"Tahun anggaran {line.year} tidak masuk akal.")
    t = budget_code_t
    for kind, code in (
        ("kegiatan", line.kegiatan),
        ("rekening", line.rekening),
        ("sumber", line.sumber),
    ):
        found = conn.execute(
            select(t.c.code).where(t.c.kind == kind, t.c.code == (code.strip().upper() if kind == "sumber" else code.strip()))
        ).scalar()  # fmt: skip
        if found is None:
            raise UserError(
                "KODE_TIDAK_ADA",
                f"Kode {KINDS[kind].lower()} {code!r} belum ada di daftar. Tambahkan dulu di "
                "Pengaturan → Kode APBDes, atau pilih kode yang ada.",
            )
    if line.pagu <= 0:
        raise UserError("PAGU", "Pagu harus lebih dari Rp0.")
    if line.pagu_revised is not None and line.pagu_revised < 0:
        raise UserError("PAGU", "Pagu perubahan tidak boleh negatif.")
    s = line.scheme
    if s.is_custom:
        if (s.custom_rate or 0) <= 0:
            raise UserError("TARIF_NOL", "Tarif khusus per orang per bulan harus lebih dari Rp0.")
    elif s.segment not in A.RATE_SEGMENTS or s.kelas not in (1, 2, 3) or s.share not in A.SHARES:
        raise UserError("SKEMA", "Pilih skema iuran: segmen, kelas dan bagian yang dibayar desa.")


def add_line(db: Database, line: LineInput, actor: str) -> int:
    now = dt.datetime.now().replace(microsecond=0)
    with db.write() as conn:
        _validate_line(conn, line)
        values = line.values()
        lid = insert_id(conn, insert(L).values(**values, created_at=now, updated_at=now))  # fmt: skip
        audit.record(conn, actor=actor, action="create", entity="apbdes_line", entity_id=lid,
                     entity_key=_line_key(values), changes={k: (None, v) for k, v in values.items() if v not in (None, "")})  # fmt: skip
    return lid


def update_line(db: Database, line_id: int, line: LineInput, actor: str) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    with db.write() as conn:
        _validate_line(conn, line)
        old = conn.execute(select(L).where(L.c.id == line_id)).mappings().first()
        if old is None:
            raise UserError("BARIS_HILANG", "Baris anggaran ini sudah tidak ada.")
        values = line.values()
        if values["year"] != old["year"] and _has_children(conn, line_id):
            raise UserError(
                "TAHUN_TERKUNCI",
                "Tahun anggaran tidak bisa diubah karena baris ini sudah punya penerima atau "
                "pembayaran. Buat baris baru untuk tahun lain.",
            )
        changes = audit.diff(dict(old), values)
        if changes:
            conn.execute(update(L).where(L.c.id == line_id).values(**values, updated_at=now))
            audit.record(conn, actor=actor, action="update", entity="apbdes_line", entity_id=line_id,
                         entity_key=_line_key(values), changes=changes)  # fmt: skip


def _has_children(conn: Connection, line_id: int) -> bool:
    return bool(
        conn.execute(select(func.count()).select_from(B).where(B.c.line_id == line_id)).scalar()
        or conn.execute(select(func.count()).select_from(P).where(P.c.line_id == line_id)).scalar()
    )


def delete_line(db: Database, line_id: int, actor: str) -> None:
    """Only an empty line can go: beneficiaries and payments are history."""
    with db.write() as conn:
        old = conn.execute(select(L).where(L.c.id == line_id)).mappings().first()
        if old is None:
            return
        if _has_children(conn, line_id):
            raise UserError(
                "BARIS_BERISI",
                "Baris ini sudah punya penerima atau pembayaran, jadi tidak bisa dihapus. "
                "Akhiri tanggungan penerimanya, atau ubah pagunya menjadi pagu perubahan.",
            )
        conn.execute(delete(L).where(L.c.id == line_id))
        audit.record(conn, actor=actor, action="delete", entity="apbdes_line", entity_id=line_id,
                     entity_key=_line_key(dict(old)), changes={"pagu": (old["pagu"], None)})  # fmt: skip


def _line_key(v: Any) -> str:
    return f"{v['year']} {v['kegiatan']} / {v['rekening']} / {v['sumber']}"


def _scheme(row: Any) -> A.Scheme:
    return A.Scheme(
        row["scheme_segment"], row["scheme_kelas"], row["scheme_share"], row["custom_rate"]
    )


# --- money of the lines ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    message: str
    line_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "line_id": self.line_id}


WARN_OVER = "MELEBIHI_PAGU"
WARN_REALISATION = "REALISASI_BEDA"
WARN_DANA_DESA = "DANA_DESA"
WARN_NO_RATE = "TARIF_KOSONG"


@dataclass(frozen=True, slots=True)
class LineSummary:
    id: int
    year: int
    kegiatan: str
    kegiatan_name: str
    rekening: str
    rekening_name: str
    sumber: str
    sumber_name: str
    pagu_original: int
    pagu_revised: int | None
    revised_on: dt.date | None
    scheme: A.Scheme
    per_month: tuple[int, ...]  # rate per person for each month
    notes: str
    beneficiaries: int  # distinct residents
    people: tuple[int, ...]  # people covered in each month
    paid: tuple[int, ...]  # realisation per month
    committed: int
    realized: int
    from_month: int  # first month a capacity question counts (13: none left this year)
    warnings: tuple[Warning, ...] = ()

    @property
    def pagu(self) -> int:
        """The pagu in force: the revised one after an APBDes Perubahan."""
        return self.pagu_original if self.pagu_revised is None else self.pagu_revised

    @property
    def remaining(self) -> int:
        return self.pagu - self.committed

    @property
    def months_left(self) -> int:
        return max(0, 13 - self.from_month)

    @property
    def rate(self) -> int:
        """The rate of the first month still open (December's when the year is over)."""
        return self.per_month[min(self.from_month, 12) - 1]

    @property
    def per_person_left(self) -> int:
        return A.months_cost(self.per_month, self.from_month, 12) if self.months_left else 0

    @property
    def capacity(self) -> int:
        return A.capacity(self.remaining, self.per_person_left)

    def label(self) -> str:
        return f"{self.kegiatan} {self.kegiatan_name} — {self.sumber_name}"

    def implied(self, month: int) -> int:
        """What the beneficiaries of a month cost: what the payment of that month should be."""
        return self.people[month - 1] * self.per_month[month - 1]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kegiatan": self.kegiatan, "kegiatan_nama": self.kegiatan_name,
            "rekening": self.rekening, "rekening_nama": self.rekening_name,
            "sumber_dana": self.sumber, "sumber_dana_nama": self.sumber_name,
            "pagu": self.pagu, "pagu_awal": self.pagu_original, "pagu_perubahan": self.pagu_revised,
            "skema": self.scheme.label(), "rate": self.rate, "committed": self.committed,
            "realized": self.realized, "remaining": self.remaining,
            "beneficiaries": self.beneficiaries, "capacity": self.capacity,
            "capacity_from": f"{self.year}-{self.from_month:02d}" if self.months_left else None,
        }  # fmt: skip


def default_from_month(year: int, today: dt.date | None = None) -> int:
    """Capacity counts from next month in the current year (this month is usually paid by the
    10th), from January for a later year; 13 (no months left) for a past year."""
    t = _today(today)
    if year > t.year:
        return 1
    if year < t.year:
        return 13
    return t.month + 1


def line_summaries(
    db: Database, year: int, *, today: dt.date | None = None, from_month: int | None = None
) -> list[LineSummary]:
    with db.read() as conn:
        return _summaries(conn, year, _today(today), from_month)


def _code_names(conn: Connection) -> dict[tuple[str, str], str]:
    t = budget_code_t
    return {(k, c): n for k, c, n in conn.execute(select(t.c.kind, t.c.code, t.c.name))}


def _summaries(
    conn: Connection, year: int, today: dt.date, from_month: int | None
) -> list[LineSummary]:
    all_rates = _rates(conn)
    names = _code_names(conn)
    stints: dict[int, list[A.Stint]] = defaultdict(list)
    residents: dict[int, set[int]] = defaultdict(set)
    for lid, rid, s, e in conn.execute(
        select(B.c.line_id, B.c.resident_id, B.c.start_month, B.c.end_month)
        .join(L, L.c.id == B.c.line_id)
        .where(L.c.year == year)
    ):
        stints[lid].append(A.Stint(s, e))
        residents[lid].add(rid)
    paid: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    for lid, month, amount in conn.execute(
        select(P.c.line_id, P.c.month, func.sum(P.c.amount))
        .join(L, L.c.id == P.c.line_id)
        .where(L.c.year == year)
        .group_by(P.c.line_id, P.c.month)
    ):
        paid[lid][month - 1] = int(amount)
    warn_dd = bool(get_setting_conn(conn, "apbdes_warn_dana_desa"))
    start = from_month if from_month is not None else default_from_month(year, today)
    out = []
    for row in conn.execute(select(L).where(L.c.year == year).order_by(L.c.id)).mappings():
        lid = row["id"]
        scheme = _scheme(row)
        per_month = tuple(A.monthly_rates(scheme, all_rates, year))
        summary = LineSummary(
            lid, year, row["kegiatan"], names.get(("kegiatan", row["kegiatan"]), ""),
            row["rekening"], names.get(("rekening", row["rekening"]), ""), row["sumber"],
            names.get(("sumber", row["sumber"]), row["sumber"]), row["pagu"], row["pagu_revised"],
            row["revised_on"], scheme, per_month, row["notes"], len(residents[lid]),
            tuple(A.people_per_month(stints[lid])), tuple(paid[lid]),
            A.committed(per_month, stints[lid]), sum(paid[lid]), start,
        )  # fmt: skip
        out.append(replace(summary, warnings=tuple(_line_warnings(summary, today, warn_dd))))
    return out


def get_setting_conn(conn: Connection, key: str) -> Any:
    """A setting read inside an open transaction (see jkn_desktop.services.settings)."""
    import json

    from jkn_desktop.persistence.models import setting_t
    from jkn_desktop.services.settings import SETTINGS

    raw = conn.execute(select(setting_t.c.value).where(setting_t.c.key == key)).scalar()
    default = SETTINGS[key].default
    return default if raw is None else type(default)(json.loads(raw))


def _line_warnings(s: LineSummary, today: dt.date, warn_dana_desa: bool) -> list[Warning]:
    out: list[Warning] = []
    what = f"Baris {s.id} ({s.kegiatan}, {s.sumber})"
    if s.committed > s.pagu:
        out.append(Warning(WARN_OVER, f"{what}: komitmen {rupiah(s.committed)} melebihi pagu "
                                      f"{rupiah(s.pagu)} sebesar {rupiah(s.committed - s.pagu)}.", s.id))  # fmt: skip
    if warn_dana_desa and s.sumber == A.DANA_DESA:
        out.append(Warning(
            WARN_DANA_DESA,
            f"{what} dibiayai Dana Desa. Kemendes (2024) menyatakan Dana Desa tidak boleh dipakai "
            "membayar iuran BPJS Kesehatan; pindahkan ke ADD, PAD atau sumber lain.", s.id))  # fmt: skip
    no_rate = [m for m in A.MONTHS if s.per_month[m - 1] == 0]
    if no_rate:
        out.append(Warning(WARN_NO_RATE, f"{what}: belum ada tarif yang berlaku untuk bulan "
                                         f"{_months_text(no_rate)} {s.year}. Isi tarif di Pengaturan.", s.id))  # fmt: skip
    # realisation against what the beneficiaries imply, for months already due
    last_due = last_due_month(s.year, today)
    unpaid = [m for m in range(1, last_due + 1) if s.paid[m - 1] == 0 and s.implied(m)]
    diffs = [
        f"{A.month_name(m)} dibayar {rupiah(s.paid[m - 1])}, seharusnya {rupiah(s.implied(m))}"
        for m in range(1, last_due + 1)
        if s.paid[m - 1] != s.implied(m) and m not in unpaid
    ]
    if unpaid:
        diffs.insert(0, f"belum dibayar untuk {_months_text(unpaid)}")
    if diffs:
        out.append(Warning(WARN_REALISATION, f"{what}: realisasi tidak sesuai jumlah penerima — "
                                             + "; ".join(diffs) + ".", s.id))  # fmt: skip
    return out


def last_due_month(year: int, today: dt.date) -> int:
    """The last month of ``year`` whose premium is due by ``today`` (0: none yet). A month's
    premium is due by its 10th, so the current month counts."""
    return 12 if year < today.year else (today.month if year == today.year else 0)


def _months_text(months: Sequence[int]) -> str:
    # consecutive runs: 1,2,3,7 → Januari–Maret, Juli
    runs: list[list[int]] = []
    for m in months:
        if runs and runs[-1][-1] == m - 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(A.month_range(r[0], r[-1]) for r in runs)


# --- beneficiaries and their guards ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Beneficiary:
    id: int
    line_id: int
    resident_id: int
    nik: str
    name: str
    no_kk: str
    dusun: str
    rt: str
    rw: str
    start: int
    end: int
    cost: int
    overridden: str
    notes: str
    guards: tuple[A.Guard, ...] = ()

    @property
    def months(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True, slots=True)
class Candidate:
    """A resident proposed for a line, with what the guards say."""

    resident_id: int
    nik: str
    name: str
    guards: tuple[A.Guard, ...]
    warnings: tuple[str, ...] = ()  # shown, never blocking: someone else should pay


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _guards(
    conn: Connection, year: int, start: int, end: int, resident_ids: Sequence[int],
    today: dt.date, *, twice: bool = True,
) -> dict[int, list[A.Guard]]:  # fmt: skip
    """The guards for each resident over months start..end of a year."""
    out: dict[int, list[A.Guard]] = {rid: [] for rid in resident_ids}
    ids = list(resident_ids)
    for part in chunks(ids):
        # MATI / PINDAH (and the other ways of leaving)
        for rid, sd, changed in conn.execute(
            select(R.c.id, R.c.status_dasar, R.c.status_changed_at).where(R.c.id.in_(part))
        ):
            if sd != codes.HIDUP:
                end_at = None
                if changed is not None and changed.year == year:
                    end_at = max(start, min(end, changed.month))
                elif changed is not None and changed.year < year:
                    end_at = start
                when = f" sejak {tanggal(changed)}" if changed else ""
                status = codes.STATUS_DASAR.get(sd, str(sd))
                out[rid].append(A.Guard(
                    A.GUARD_GONE, f"berstatus {status}{when}; tanggungan seharusnya berakhir", (), end_at))  # fmt: skip
        # double funding: an active PBI APBN / PPU membership in one of the months, or an active
        # PBPU Pemda membership before the first month (the kabupaten pays already); the state
        # at each month end as the rule (J.decide) over what was known then decides it
        for rid, rows in observation_rows(conn, set(part)).items():
            def state_on(on: dt.date, rows: list[Any] = rows) -> Any:
                return decide_rows([r for r in rows if known_by(r, on)])

            months, funded = [], ""
            for m in range(start, end + 1):  # months still to come: the state today
                st = state_on(min(_month_end(year, m), today))
                if st and st.segment in A.FUNDED_ELSEWHERE and st.status == J.AKTIF:
                    months.append(m)
                    funded = st.segment
            if months:
                out[rid].append(A.Guard(
                    A.GUARD_DOUBLE, f"sudah peserta {J.SEGMENT_SHORT.get(funded, funded)} aktif pada "
                                    f"{_months_text(months)} (iuran akan dibayar dua kali)", tuple(months)))  # fmt: skip
            before = min(dt.date(year, start, 1) - dt.timedelta(days=1), today)
            st = state_on(before)
            if st and st.segment == J.PBPU_PEMDA and st.status == J.AKTIF:
                out[rid].append(A.Guard(
                    A.GUARD_PEMDA, f"sudah peserta PBPU Pemda aktif per {tanggal(before)}: iurannya "
                                   "dibayar kabupaten", ()))  # fmt: skip
        if not twice:
            continue
        # the same person on a line of the same year in overlapping months
        stmt = (
            select(B.c.resident_id, B.c.start_month, B.c.end_month, L.c.id, L.c.kegiatan, L.c.sumber)
            .join(L, L.c.id == B.c.line_id)
            .where(L.c.year == year, B.c.resident_id.in_(part),
                   B.c.start_month <= end, B.c.end_month >= start)
        )  # fmt: skip
        for rid, s, e, lid, keg, sumber in conn.execute(stmt):
            overlap = list(range(max(s, start), min(e, end) + 1))
            out[rid].append(A.Guard(
                A.GUARD_TWICE, f"sudah ditanggung baris {lid} ({keg}, {sumber}) pada {_months_text(overlap)}",
                tuple(overlap)))  # fmt: skip
    return out


def _check_months(start: int, end: int) -> None:
    if not (1 <= start <= 12 and 1 <= end <= 12):
        raise UserError("BULAN", "Bulan mulai dan bulan akhir harus antara Januari dan Desember.")
    if end < start:
        raise UserError("BULAN", "Bulan akhir tidak boleh sebelum bulan mulai.")


def line_year(db: Database, line_id: int) -> int:
    """The fiscal year of a line; a clear message when there is no such line."""
    with db.read() as conn:
        return _line_year(conn, line_id)


def _line_year(conn: Connection, line_id: int) -> int:
    year = conn.execute(select(L.c.year).where(L.c.id == line_id)).scalar()
    if year is None:
        raise UserError("BARIS_HILANG", f"Baris anggaran nomor {line_id} tidak ada.")
    return int(year)


def candidates(
    db: Database, line_id: int, resident_ids: Sequence[int], start: int, end: int,
    today: dt.date | None = None,
) -> list[Candidate]:  # fmt: skip
    """What the dialog shows before anything is saved: each resident with its guards."""
    _check_months(start, end)
    with db.read() as conn:
        year = _line_year(conn, line_id)
        guards = _guards(conn, year, start, end, resident_ids, _today(today))
        people = {
            r.id: r
            for r in conn.execute(
                select(R.c.id, R.c.nik, R.c.name, R.c.occupation).where(R.c.id.in_(list(resident_ids)))
            )
        }
    return [Candidate(rid, people[rid].nik, people[rid].name, tuple(guards[rid]),
                      _payer_warnings(people[rid].occupation))
            for rid in resident_ids if rid in people]  # fmt: skip


def _payer_warnings(occupation: int | None) -> tuple[str, ...]:
    if occupation in J.OFFICIAL_OCCUPATIONS:
        return (A.OFFICIAL_WARNING,)
    if occupation in J.WAGE_OCCUPATIONS:
        return (A.WAGE_WARNING,)
    return ()


def household_members(db: Database, no_kk: str) -> list[int]:
    """Residents of a KK, living ones first, in SHDK order."""
    kk = clean_identifier(no_kk)
    with db.read() as conn:
        hid = conn.execute(select(H.c.id).where(H.c.no_kk == kk)).scalar()
        if hid is None:
            raise UserError("KK_TIDAK_ADA", f"No. KK {kk} tidak terdaftar di desa ini.")
        return [int(r) for r in conn.execute(
            select(R.c.id).where(R.c.household_id == hid)
            .order_by(R.c.status_dasar != codes.HIDUP, func.coalesce(R.c.shdk, 99), R.c.birth_date)
        ).scalars()]  # fmt: skip


def resident_by_nik(db: Database, nik: str) -> int:
    n = clean_identifier(nik)
    with db.read() as conn:
        rid = conn.execute(select(R.c.id).where(R.c.nik == n)).scalar()
    if rid is None:
        raise UserError(
            A.GUARD_NOT_FOUND,
            f"NIK {n} {A.GUARDS[A.GUARD_NOT_FOUND]}. Iuran APBDes hanya untuk warga yang tercatat; "
            "daftarkan dulu di halaman Penduduk.",
        )
    return int(rid)


@dataclass(frozen=True, slots=True)
class AddResult:
    added: list[int]  # beneficiary ids
    candidates: list[Candidate]

    @property
    def blocked(self) -> list[Candidate]:
        return [c for c in self.candidates if c.guards]


class GuardError(UserError):
    """Adding was refused by the guards; nothing was written."""

    def __init__(self, blocked: list[Candidate]) -> None:
        lines = [
            f"- {c.name} ({c.nik}): " + "; ".join(g.message for g in c.guards) for c in blocked
        ]
        super().__init__(
            "PENERIMA_DITOLAK",
            "Tidak ditambahkan, karena:\n"
            + "\n".join(lines)
            + "\nPeriksa datanya. Bila tetap harus ditambahkan, pakai --force (tercatat di riwayat).",
        )
        self.blocked = blocked


def add_beneficiaries(
    db: Database, line_id: int, resident_ids: Sequence[int], start: int, end: int, actor: str,
    *, force: bool = False, notes: str = "", today: dt.date | None = None,
) -> AddResult:  # fmt: skip
    """Add residents to a line for months start..end, all in one transaction. Any guard refuses
    the whole request (``GuardError``) unless ``force``: then the overridden guards are kept on
    the row and in the audit trail."""
    _check_months(start, end)
    ids = list(dict.fromkeys(resident_ids))
    if not ids:
        raise UserError("TIDAK_ADA_PENERIMA", "Pilih paling sedikit satu penduduk.")
    now = dt.datetime.now().replace(microsecond=0)
    with db.write() as conn:
        year = _line_year(conn, line_id)
        guards = _guards(conn, year, start, end, ids, _today(today))
        people = {
            r.id: r
            for r in conn.execute(
                select(R.c.id, R.c.nik, R.c.name, R.c.occupation).where(R.c.id.in_(ids))
            )
        }
        missing = [rid for rid in ids if rid not in people]
        if missing:
            raise UserError(
                A.GUARD_NOT_FOUND,
                "Sebagian penduduk yang dipilih sudah tidak ada. Muat ulang daftar.",
            )
        cands = [
            Candidate(rid, people[rid].nik, people[rid].name, tuple(guards[rid]),
                      _payer_warnings(people[rid].occupation))
            for rid in ids
        ]  # fmt: skip
        blocked = [c for c in cands if c.guards]
        if blocked and not force:
            raise GuardError(blocked)
        added = []
        for c in cands:
            overridden = ",".join(dict.fromkeys(g.code for g in c.guards))
            bid = insert_id(conn, insert(B).values(
                line_id=line_id, resident_id=c.resident_id, start_month=start, end_month=end,
                overridden=overridden, notes=notes.strip(), created_at=now, actor=actor,
            ))  # fmt: skip
            added.append(bid)
            reason = (
                ("Peringatan dikesampingkan: " + "; ".join(g.message for g in c.guards))
                if c.guards
                else ""
            )
            audit.record(conn, actor=actor, action="create", entity="apbdes_beneficiary", entity_id=bid,
                         entity_key=f"{c.nik} baris {line_id}",
                         changes={"line_id": (None, line_id), "start_month": (None, start),
                                  "end_month": (None, end), "overridden": (None, overridden or None)},
                         reason=reason)  # fmt: skip
    return AddResult(added, cands)


def end_beneficiary(
    db: Database, beneficiary_id: int, end_month: int, actor: str, reason: str = ""
) -> None:
    """Stop paying from the month after ``end_month`` (e.g. the resident died or moved)."""
    with db.write() as conn:
        old = conn.execute(select(B).where(B.c.id == beneficiary_id)).mappings().first()
        if old is None:
            raise UserError("PENERIMA_HILANG", "Penerima ini sudah tidak ada di baris tersebut.")
        if not old["start_month"] <= end_month <= 12:
            raise UserError(
                "BULAN",
                f"Bulan akhir harus antara {A.month_name(old['start_month'])} dan Desember.",
            )
        if end_month != old["end_month"]:
            conn.execute(update(B).where(B.c.id == beneficiary_id).values(end_month=end_month))
            audit.record(conn, actor=actor, action="update", entity="apbdes_beneficiary",
                         entity_id=beneficiary_id, entity_key=f"penerima {beneficiary_id}",
                         changes={"end_month": (old["end_month"], end_month)}, reason=reason)  # fmt: skip


def remove_beneficiary(db: Database, beneficiary_id: int, actor: str, reason: str) -> None:
    """Take a row entered by mistake off the line (kept in the audit trail with its values)."""
    _delete_audited(db, B, beneficiary_id, actor, lambda o: f"penerima {o['id']}",
                    ("line_id", "resident_id", "start_month", "end_month"), reason)  # fmt: skip


def beneficiaries(db: Database, line_id: int, today: dt.date | None = None) -> list[Beneficiary]:
    """The beneficiaries of a line with their cost and what the guards say about them now."""
    with db.read() as conn:
        return _beneficiaries(conn, [line_id], _today(today))[line_id]


def _beneficiaries(
    conn: Connection, line_ids: Sequence[int], today: dt.date
) -> dict[int, list[Beneficiary]]:
    out: dict[int, list[Beneficiary]] = {lid: [] for lid in line_ids}
    if not line_ids:
        return out
    all_rates = _rates(conn)
    lines = {
        r["id"]: r for r in conn.execute(select(L).where(L.c.id.in_(list(line_ids)))).mappings()
    }
    rows = conn.execute(
        select(B.c.id, B.c.line_id, B.c.resident_id, R.c.nik, R.c.name, H.c.no_kk, H.c.dusun, H.c.rt,
               H.c.rw, B.c.start_month, B.c.end_month, B.c.overridden, B.c.notes)
        .join(R, R.c.id == B.c.resident_id)
        .outerjoin(H, H.c.id == R.c.household_id)
        .where(B.c.line_id.in_(list(line_ids)))
        .order_by(B.c.line_id, H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, func.coalesce(R.c.shdk, 99), R.c.birth_date)
    ).all()  # fmt: skip
    per_month = {
        lid: A.monthly_rates(_scheme(row), all_rates, row["year"]) for lid, row in lines.items()
    }
    # guards per (year, months) window: one batch of queries per window
    windows: dict[tuple[int, int, int], list[Any]] = defaultdict(list)
    for r in rows:
        windows[(lines[r.line_id]["year"], r.start_month, r.end_month)].append(r)
    found: dict[int, list[A.Guard]] = {}
    for (year, s, e), group in windows.items():
        g = _guards(conn, year, s, e, sorted({r.resident_id for r in group}), today, twice=False)
        for r in group:
            found[r.id] = list(g[r.resident_id])
    # the same person twice: against every row of the same year, whichever line it is on
    by_person: dict[tuple[int, int], list[Any]] = defaultdict(list)
    years_ = {row["year"] for row in lines.values()}
    for other in conn.execute(
        select(B.c.id, B.c.resident_id, B.c.start_month, B.c.end_month, L.c.year, L.c.kegiatan,
               L.c.sumber, B.c.line_id)
        .join(L, L.c.id == B.c.line_id).where(L.c.year.in_(years_))
    ):  # fmt: skip
        by_person[(other.year, other.resident_id)].append(other)
    for r in rows:
        year = lines[r.line_id]["year"]
        for o in by_person[(year, r.resident_id)]:
            if o.id != r.id and o.start_month <= r.end_month and o.end_month >= r.start_month:
                overlap = list(
                    range(max(o.start_month, r.start_month), min(o.end_month, r.end_month) + 1)
                )
                found[r.id].append(A.Guard(
                    A.GUARD_TWICE, f"juga ditanggung baris {o.line_id} ({o.kegiatan}, {o.sumber}) pada "
                                   f"{_months_text(overlap)}", tuple(overlap)))  # fmt: skip
    for r in rows:
        out[r.line_id].append(Beneficiary(
            r.id, r.line_id, r.resident_id, r.nik, r.name, r.no_kk or "", r.dusun or "", r.rt or "",
            r.rw or "", r.start_month, r.end_month,
            A.months_cost(per_month[r.line_id], r.start_month, r.end_month), r.overridden, r.notes,
            tuple(found.get(r.id, ())),
        ))  # fmt: skip
    return out


# --- payments ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Payment:
    id: int
    line_id: int
    month: int
    amount: int
    paid_on: dt.date
    reference: str
    notes: str


def add_payment(
    db: Database, line_id: int, month: int, amount: int, paid_on: dt.date, reference: str,
    actor: str, notes: str = "",
) -> int:  # fmt: skip
    if not 1 <= month <= 12:
        raise UserError("BULAN", "Bulan pembayaran harus antara Januari dan Desember.")
    if amount <= 0:
        raise UserError("JUMLAH", "Jumlah pembayaran harus lebih dari Rp0.")
    now = dt.datetime.now().replace(microsecond=0)
    with db.write() as conn:
        year = _line_year(conn, line_id)
        if not year - 1 <= paid_on.year <= year + 1:
            raise UserError(
                "TANGGAL", f"Tanggal bayar {tanggal(paid_on)} jauh dari tahun anggaran {year}."
            )
        pid = insert_id(conn, insert(P).values(
            line_id=line_id, month=month, amount=amount, paid_on=paid_on, reference=reference.strip(),
            notes=notes.strip(), created_at=now, actor=actor))  # fmt: skip
        audit.record(conn, actor=actor, action="create", entity="apbdes_payment", entity_id=pid,
                     entity_key=f"baris {line_id} {A.month_name(month)} {year}",
                     changes={"amount": (None, amount), "paid_on": (None, paid_on), "reference": (None, reference.strip())})  # fmt: skip
    return pid


def delete_payment(db: Database, payment_id: int, actor: str, reason: str) -> None:
    _delete_audited(db, P, payment_id, actor, lambda o: f"baris {o['line_id']} bulan {o['month']}",
                    ("line_id", "month", "amount", "reference"), reason)  # fmt: skip


def payments(db: Database, line_id: int) -> list[Payment]:
    with db.read() as conn:
        return [Payment(*r) for r in conn.execute(
            select(P.c.id, P.c.line_id, P.c.month, P.c.amount, P.c.paid_on, P.c.reference, P.c.notes)
            .where(P.c.line_id == line_id).order_by(P.c.month, P.c.paid_on, P.c.id)
        )]  # fmt: skip


# --- the year ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class YearReport:
    year: int
    lines: list[LineSummary]
    beneficiaries: dict[int, list[Beneficiary]]
    warnings: list[Warning]
    made_on: dt.date

    @property
    def totals(self) -> dict[str, int]:
        return {
            "pagu": sum(s.pagu for s in self.lines),
            "committed": sum(s.committed for s in self.lines),
            "realized": sum(s.realized for s in self.lines),
            "remaining": sum(s.remaining for s in self.lines),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "lines": [s.as_json() for s in self.lines],
            "totals": self.totals,
            "warnings": [w.as_json() for w in self.warnings],
        }


def year_report(db: Database, year: int, today: dt.date | None = None) -> YearReport:
    t = _today(today)
    with db.read() as conn:
        lines = _summaries(conn, year, t, None)
        people = _beneficiaries(conn, [s.id for s in lines], t)
    warnings = [w for s in lines for w in s.warnings]
    for s in lines:
        for b in people[s.id]:
            for g in b.guards:
                note = (
                    " (sudah dikecualikan oleh operator)"
                    if g.code in b.overridden.split(",")
                    else ""
                )
                warnings.append(Warning(g.code, f"{b.name} ({b.nik}) di baris {s.id} ({s.kegiatan}, {s.sumber}): {g.message}{note}.", s.id))  # fmt: skip
    return YearReport(year, lines, people, warnings, t)


def years(db: Database) -> list[int]:
    with db.read() as conn:
        return [
            int(y) for y in conn.execute(select(L.c.year).distinct().order_by(L.c.year)).scalars()
        ]


# --- who to fund first -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PriorityMember:
    resident_id: int
    name: str
    age: int | None
    needs: A.MemberNeeds


@dataclass(frozen=True, slots=True)
class PriorityHousehold:
    household_id: int
    no_kk: str
    head: str
    dusun: str
    rw: str
    rt: str
    desil: int | None
    members: tuple[PriorityMember, ...]
    score: A.Score
    cost: int  # covering the members from the chosen month to December
    running_total: int = 0
    within_budget: bool = True


@dataclass(frozen=True, slots=True)
class PriorityList:
    households: list[PriorityHousehold]
    from_month: int
    per_person: int
    remaining: int
    weights: A.PriorityWeights = field(default_factory=A.PriorityWeights)

    @property
    def affordable(self) -> int:
        return sum(1 for h in self.households if h.within_budget)


def priority_list(
    db: Database, line_id: int, *, from_month: int | None = None,
    weights: A.PriorityWeights | None = None, include_waiting: bool = False,
    today: dt.date | None = None,
) -> PriorityList:  # fmt: skip
    """Uninsured households a PBI proposal will not cover soon (no desil yet or desil 6–10; with
    ``include_waiting`` also desil 1–5), ranked by the score; the cost of covering their uninsured
    members on this line from ``from_month`` to December, and a running total against the line's
    remaining budget. Residents already funded by a line of the year are left out."""
    t = _today(today)
    w = weights or A.PriorityWeights.from_dict(db.run(get_setting, write=False, key="priority_weights"))
    rc = rule_columns()
    with db.read() as conn:
        summary = next(
            (
                s
                for s in _summaries(conn, _line_year(conn, line_id), t, from_month)
                if s.id == line_id
            ),
            None,
        )
        assert summary is not None
        year = summary.year
        funded = (
            select(B.c.resident_id)
            .join(L, L.c.id == B.c.line_id)
            .where(L.c.year == year, B.c.end_month >= summary.from_month)
        )
        rows = conn.execute(
            select(R.c.id, R.c.name, R.c.birth_date, R.c.pregnant, R.c.chronic_illness, R.c.disability,
                   H.c.id.label("hid"), H.c.no_kk, H.c.dusun, H.c.rw, H.c.rt, H.c.desil)
            .select_from(people_from())
            .where(rc.uninsured, H.c.id.is_not(None), R.c.id.not_in(funded))
            .order_by(H.c.id, func.coalesce(R.c.shdk, 99), R.c.birth_date)
        ).all()  # fmt: skip
        heads = dict(conn.execute(
            select(R.c.household_id, R.c.name).where(R.c.shdk == 1, R.c.status_dasar == codes.HIDUP)
        ).all())  # fmt: skip
    per_person = summary.per_person_left
    grouped: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        grouped[r.hid].append(r)
    found: list[PriorityHousehold] = []
    for hid, members in grouped.items():
        first = members[0]
        if A.pbi_likely(first.desil) and not include_waiting:
            continue
        pm = []
        for r in members:
            age = age_on(r.birth_date, t) if r.birth_date else None
            needs = A.MemberNeeds(
                age, bool(r.pregnant),
                r.chronic_illness is not None and r.chronic_illness != CHRONIC_NONE,
                r.disability is not None and r.disability != DISABILITY_NONE,
            )  # fmt: skip
            pm.append(PriorityMember(r.id, r.name, age, needs))
        score = A.priority_score(first.desil, [m.needs for m in pm], w)
        found.append(PriorityHousehold(
            hid, first.no_kk, heads.get(hid, members[0].name), first.dusun or "", first.rw or "",
            first.rt or "", first.desil, tuple(pm), score, per_person * len(pm)))  # fmt: skip
    found.sort(key=lambda h: (-h.score.points, h.cost, h.no_kk))
    running = 0
    ranked = []
    for h in found:
        running += h.cost
        ranked.append(replace(h, running_total=running, within_budget=running <= summary.remaining))
    return PriorityList(ranked, summary.from_month, per_person, summary.remaining, w)


CHRONIC_NONE = 14  # sakit_menahun.csv: TIDAK ADA/TIDAK SAKIT
DISABILITY_NONE = 7  # cacat.csv: TIDAK CACAT


def capacity_json(remaining: int, months: int, rate: int) -> dict[str, Any]:
    per_person = rate * months
    return {"remaining": remaining, "months": months, "rate": rate, "per_person": per_person,
            "people": A.capacity(remaining, per_person),
            "leftover": remaining - A.capacity(remaining, per_person) * per_person if per_person > 0 else remaining}  # fmt: skip


def lines_of(db: Database, year: int) -> list[tuple[int, str]]:
    """(id, label) of a year's lines, for pickers."""
    return [(s.id, s.label()) for s in line_summaries(db, year)]


def export_report(
    db: Database, year: int, out: Path, *, today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> YearReport:  # fmt: skip
    """The year's report as PDF or .xlsx, chosen by the file's extension."""
    from jkn_desktop.reports import apbdes_report
    from jkn_desktop.services.registry.village import get_village

    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise UserError(
            "JENIS_BERKAS",
            f"Laporan hanya bisa disimpan sebagai .pdf atau .xlsx, bukan {out.suffix or 'tanpa akhiran'}.",
        )
    village = db.run(get_village, write=False)
    if village is None:
        raise UserError(
            "NO_VILLAGE",
            "Identitas desa belum diisi. Isi dulu di Pengaturan (atau jkn-desktop init).",
        )
    report = year_report(db, year, today)
    paid = {s.id: payments(db, s.id) for s in report.lines}
    if suffix == ".pdf":
        from jkn_desktop.services.settings import logo

        apbdes_report.write_pdf(report, village, paid, out, progress, db.run(logo, write=False))
    else:
        apbdes_report.write_xlsx(report, village, paid, out)
    return report
