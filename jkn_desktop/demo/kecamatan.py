"""A demo kecamatan (issue #15's "Done when"): every village of a kecamatan as its own demo village
database (its own seed and, from format 3, its own signing key), with a few people planted in two
villages, two months of packages, one village that re-sends corrected data, one altered package,
one village that never sent October; and the kecamatan's consolidation database that received
them. What a Camat's staff would find on a flash drive, and what the window shows afterwards."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import codes
from jkn_desktop.persistence.tables import apbdes_beneficiary_t, apbdes_line_t, resident_t
from jkn_desktop.records.residents import ResidentInput

R = resident_t
DEFAULT_KECAMATAN = "33.08.02"  # Borobudur, Kabupaten Magelang: twenty villages


@dataclass(slots=True)
class KecamatanDemo:
    villages: list[Path] = field(default_factory=list)
    october: Path = Path()
    november: Path = Path()
    planted: dict[str, list[str]] = field(default_factory=dict)  # kind → NIKs
    altered: str = ""  # the altered package's file name
    resent: str = ""  # the village that sent November twice
    missing: str = ""  # the village with no October package
    received: Any = None  # the ReceiveReports of the two months


def _moment(day: int, month: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0).astimezone()


def _resident(work: Any, nik: str) -> Any:
    return work.conn.execute(
        select(R.c.nik, R.c.name, R.c.sex, R.c.birth_date, R.c.mother_name, R.c.birth_place).where(
            R.c.nik == nik
        )
    ).first()


def _copy_into(target: Any, person: Any, *, nik: str | None = None, name: str | None = None) -> str:
    """The person as a resident of another village (no KK there: a newcomer not yet in a KK)."""
    from jkn_desktop.services.registry.residents import create

    data = ResidentInput(
        nik=nik or person.nik,
        name=name or person.name,
        sex=person.sex,
        birth_place=person.birth_place or "",
        birth_date=person.birth_date,
        mother_name=person.mother_name or "",
        status_dasar=codes.HIDUP,
    )
    with target.work("demo", write=True) as work:
        create(work, data, region_known=lambda _code: True)
    return data.nik


def _other_nik(nik: str, kode: str, serial: int) -> str:
    """A second NIK for the same person: the other village's kecamatan digits, the same birth
    date digits, another serial."""
    return kode.replace(".", "")[:6] + nik[6:12] + f"{9000 + serial:04d}"


_VARIANTS = (("MUHAMMAD", "MOCH."), ("MUHAMAD", "MOH."), ("U", "OE"), ("J", "DJ"), ("C", "TJ"))


def _old_spelling(name: str) -> str:
    """The name as an older record may spell it (still the same person to a reader)."""
    for new, old in _VARIANTS:
        if new in name:
            return name.replace(new, old, 1)
    return "H. " + name


def _plant(dbs: list[Any], kodes: list[str], planted: dict[str, list[str]]) -> None:
    """People counted twice across villages, of every kind the kecamatan looks for."""
    from jkn_desktop.records.membership import Observation
    from jkn_desktop.services.membership.evidence import add_observation

    def living(db: Any, limit: int, where: Any = None) -> list[Any]:
        with db.work("demo", write=False) as work:
            stmt = select(R.c.nik).where(
                R.c.status_dasar == codes.HIDUP, R.c.birth_date.is_not(None)
            )
            if where is not None:
                stmt = stmt.where(where)
            niks = list(work.conn.execute(stmt.order_by(R.c.id).limit(limit)).scalars())
            return [_resident(work, n) for n in niks]

    # the same NIK in two villages (moved, still listed at home)
    for person in living(dbs[0], 3):
        planted.setdefault("nik_sama", []).append(_copy_into(dbs[1], person))
    # the same person under two NIKs, the name spelled the old way
    for i, person in enumerate(living(dbs[2], 2)):
        nik = _other_nik(person.nik, kodes[3], i)
        _copy_into(dbs[3], person, nik=nik, name=_old_spelling(person.name))
        planted.setdefault("orang_sama", []).append(f"{person.nik}/{nik}")
    # one person on the PBI list of two villages
    for person in living(dbs[4], 1, (R.c.jkn_segment == "pbi_apbn") & (R.c.jkn_status == "aktif")):
        nik = _copy_into(dbs[5], person)
        with dbs[5].work("demo", write=True) as work:
            rid = work.conn.execute(select(R.c.id).where(R.c.nik == nik)).scalar_one()
            add_observation(
                work, Observation(rid, "pbi_apbn", "aktif", dt.date(2026, 10, 1), "dinsos", kelas=3)
            )
        planted.setdefault("pbi_ganda", []).append(nik)
    # one person paid for by two villages' APBDes
    _plant_apbdes(dbs[6], dbs[7], planted)


def _plant_apbdes(source: Any, target: Any, planted: dict[str, list[str]]) -> None:
    from jkn_desktop.services.apbdes.beneficiaries import add_residents

    B, L = apbdes_beneficiary_t, apbdes_line_t
    with source.work("demo", write=False) as work:
        nik = work.conn.execute(
            select(R.c.nik)
            .select_from(B.join(R, R.c.id == B.c.resident_id))
            .order_by(B.c.id)
            .limit(1)
        ).scalar()
        person = _resident(work, nik) if nik else None
    with target.work("demo", write=False) as work:
        line = work.conn.execute(select(L.c.id).where(L.c.year == 2026).order_by(L.c.id)).scalar()
    if person is None or line is None:
        return
    _copy_into(target, person)
    with target.work("demo", write=True) as work:
        add_residents(work, int(line), 1, 12, nik=person.nik, force=True, notes="demo: ganda")
    planted.setdefault("apbdes_ganda", []).append(person.nik)


def generate_kecamatan(
    kecamatan_db: Any,
    folder: Path,
    *,
    kode_kecamatan: str = DEFAULT_KECAMATAN,
    residents: int = 800,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> KecamatanDemo:
    """Build the villages in ``folder``, their packages, and receive them into ``kecamatan_db``
    (a new file: it becomes the kecamatan's)."""
    from jkn_desktop.demo.village import generate
    from jkn_desktop.records.kecamatan import ReceiveReport
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.batch import receive_files
    from jkn_desktop.services.kecamatan.identity import init_kecamatan, villages
    from jkn_desktop.services.registry.village import resolve_identity, save_village
    from jkn_desktop.services.usulan.package import export_package

    kecamatan_db.run(
        init_kecamatan,
        kode_kecamatan,
        camat="Drs. Bambang Sutejo, M.Si.",
        camat_nip="196805121990031007",
        user="demo",
    )
    listed = kecamatan_db.run(villages, write=False)
    out = KecamatanDemo()
    (folder / "desa").mkdir(parents=True, exist_ok=True)
    dbs = []
    steps = len(listed) * 3 + 2
    for i, v in enumerate(listed):
        path = folder / "desa" / f"{v.name.lower().replace(' ', '_')}.sqlite3"
        path.unlink(missing_ok=True)
        db = open_database(path)
        info = db.run(
            resolve_identity,
            v.kode_wilayah,
            kepala_desa=f"Kepala {v.name}",
            operator="Operator",
            write=False,
        )
        db.run(save_village, info, user="demo")
        generate(db, residents + 37 * i, seed=seed * 100 + i, nik_serial_base=100 * (i + 1))
        dbs.append(db)
        out.villages.append(path)
        if progress:
            progress(i + 1, steps)
    _plant(dbs, [v.kode_wilayah for v in listed], out.planted)
    out.october, out.november = folder / "kirim_oktober", folder / "kirim_november"
    for d in (out.october, out.november):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    out.missing = listed[-1].name
    october_made: dict[Path, dt.datetime] = {}
    for i, (v, db) in enumerate(zip(listed, dbs, strict=True)):
        stem = f"paket_{v.name.lower().replace(' ', '_')}"
        if v.name != out.missing:  # one village never sent October
            made = _moment(2 + i % 10, 11)
            october_made[out.october / f"{stem}_2026-10.xlsx"] = made
            with db.work("Operator", write=True, now=made) as work:
                export_package(work, "2026-10", out.october / f"{stem}_2026-10.xlsx")
        with db.work("Operator", write=True, now=_moment(1, 12, 7)) as work:
            export_package(work, "2026-11", out.november / f"{stem}_2026-11.xlsx")
        if progress:
            progress(len(listed) + i + 1, steps)
    # one village corrects a name and sends November again, later the same morning
    out.resent = listed[0].name
    _correct_a_name(dbs[0])
    with dbs[0].work("Operator", write=True, now=_moment(1, 12, 8)) as work:
        export_package(
            work,
            "2026-11",
            folder / "kirim_ulang" / f"paket_{listed[0].name.lower()}_2026-11_perbaikan.xlsx",
        )
    # one package altered by hand on the way (a name edited in Excel): it arrives instead of the
    # village's own, so that village's November stays open until it sends again
    original = out.november / f"paket_{listed[1].name.lower().replace(' ', '_')}_2026-11.xlsx"
    out.altered = f"paket_{listed[1].name.lower().replace(' ', '_')}_2026-11_diedit.xlsx"
    _alter(original, out.november / out.altered)
    original.unlink()
    # the staff compared each village's fingerprint with its Berita Acara before registering
    # October arrived village by village, each the day after it was made (some after the
    # deadline of the 10th)
    report_oct = ReceiveReport()
    for path, made in sorted(october_made.items(), key=lambda item: item[1]):
        part = receive_files(
            kecamatan_db,
            [path],
            user="demo",
            register_new_keys=True,
            now=made + dt.timedelta(days=1, hours=2),
        )
        report_oct.received += part.received
        report_oct.refused += part.refused
    report_nov = receive_files(
        kecamatan_db, [out.november], user="demo", register_new_keys=True, now=_moment(1, 12, 9)
    )
    report_fix = receive_files(
        kecamatan_db, [folder / "kirim_ulang"], user="demo", now=_moment(1, 12, 10)
    )
    out.received = (report_oct, report_nov, report_fix)
    for db in dbs:
        db.close()
    if progress:
        progress(steps, steps)
    return out


def _correct_a_name(db: Any) -> None:
    """The village fixes a misspelt name (through the program, audited)."""
    from jkn_desktop.services.registry.residents import get, update_resident

    with db.work("demo", write=True) as work:
        rid = work.conn.execute(select(R.c.id).order_by(R.c.id).limit(1)).scalar_one()
        before = get(work, rid)
        fields = {f: getattr(before, f) for f in ResidentInput.__dataclass_fields__}
        fields["name"] = before.name + " PRATAMA"
        update_resident(work, rid, ResidentInput(**fields))


def _alter(source: Path, target: Path) -> None:
    """A package opened in Excel and a name changed before it was sent on."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    sheet = book["Penduduk"]
    sheet.cell(row=3, column=3).value = "NAMA DIUBAH DI EXCEL"
    book.save(target)
