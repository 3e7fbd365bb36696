"""A realistic synthetic village for demos, tests and benchmarks.

Households of realistic size and composition (kepala keluarga, istri, anak, sometimes a parent,
a married child with spouse and grandchildren), dusun/RW/RT, Indonesian names, NIKs whose region,
birth date, sex and serial agree with the person, No. KK with a real issue date, a few deceased,
moved and missing residents, and the village's own officials (Kepala Desa, perangkat desa). The
JKN situation and its evidence come from ``demo_jkn``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from jkn_desktop.demo import jkn as demo_jkn
from jkn_desktop.demo.budget import apbdes_demo
from jkn_desktop.demo.counter import counter_demo
from jkn_desktop.demo.officials import officials_demo
from jkn_desktop.demo.people import Generator, Progress, build
from jkn_desktop.demo.sktm import sktm_demo
from jkn_desktop.domain.backups import BEFORE_DEMO
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import ids_given
from jkn_desktop.persistence.migrate import backup_database, copy_database
from jkn_desktop.persistence.tables import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    apbdes_payment_t,
    counter_visit_t,
    household_desil_t,
    household_t,
    jkn_current_t,
    membership_t,
    official_t,
    pbi_entry_t,
    pbi_list_t,
    region_t,
    resident_t,
    sktm_t,
)
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.services import audit
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership import standing_copy
from jkn_desktop.services.registry.village import (
    get_village,
    resolve_identity,
    save_village,
)

DEFAULT_KODE = "33.13.05.2006"  # Desa Girilayu, Kec. Matesih, Kab. Karanganyar (as in the samples)


@dataclass(frozen=True, slots=True)
class DemoResult:
    residents: int
    households: int
    seconds: float


def generate(
    db: Database,
    n_residents: int,
    *,
    seed: int = 1,
    force: bool = False,
    actor: str = "demo",
    progress: Progress | None = None,
    today: dt.date | None = None,
    nik_serial_base: int = 0,
) -> DemoResult:
    """Fill the registry with about ``n_residents`` people (exactly that many).
    ``nik_serial_base``: the villages of one demo kecamatan draw their NIK serials from ranges of
    their own, as Dukcapil never gives two people one NIK (0: the usual 1–60)."""
    import time

    started = time.perf_counter()
    if n_residents < 1:
        raise UserError("DEMO_SIZE")
    with db.work("demo", write=False) as job:
        conn = job.conn
        existing = conn.execute(select(func.count()).select_from(resident_t)).scalar_one()
        existing += conn.execute(select(func.count()).select_from(household_t)).scalar_one()
    if existing and not force:
        raise UserError("DEMO_NOT_EMPTY")
    village = db.run(get_village, write=False)
    if village is None:
        info = db.run(resolve_identity, DEFAULT_KODE, write=False, operator=actor)
        village = db.run(save_village, info, user=actor)
    fill = partial(
        _fill,
        village=village,
        n_residents=n_residents,
        existing=bool(existing),
        seed=seed,
        actor=actor,
        progress=progress,
        today=today,
        started=started,
        nik_serial_base=nik_serial_base,
    )
    if db.on_server:  # one transaction on the server: a demo stopped midway leaves nothing
        return fill(db)
    if existing:
        backup_database(db.path, BEFORE_DEMO)
    # built in a copy renamed over the file at the end: a demo killed midway leaves the database
    # as it was, never a half-built village
    work = db.path.with_name(db.path.name + ".demo-baru")
    for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        leftover.unlink(missing_ok=True)
    copy_database(db.path, work)
    built = Database(work)
    try:
        result = fill(built)
    except BaseException:
        built.close()
        work.unlink(missing_ok=True)
        raise
    built.close()
    db.take_over(work)
    return result


def _fill(
    db: Database,
    village: VillageInfo,
    n_residents: int,
    *,
    existing: bool,
    seed: int,
    actor: str,
    progress: Progress | None,
    today: dt.date | None,
    started: float,
    nik_serial_base: int = 0,
) -> DemoResult:
    import time

    rng = random.Random(seed)
    today = today or dt.date.today()
    other = _other_regions(db, village)
    gen = Generator(rng, village.kecamatan_code6, other, today, nik_serial_base)
    households, residents = build(gen, rng, n_residents, today, progress)
    for i, person in enumerate(residents, start=1):
        person["id"] = i
    jkn_plan = demo_jkn.plan(rng, households, residents, today)  # sets schooling, moved_out
    with db.work(actor) as work:
        conn = work.conn
        if existing:
            for table in (
                counter_visit_t,
                official_t,
                sktm_t,
                apbdes_payment_t,
                apbdes_beneficiary_t,
                apbdes_line_t,
                jkn_current_t,
                membership_t,
                pbi_entry_t,
                pbi_list_t,
                household_desil_t,
            ):
                conn.execute(delete(table))
            conn.execute(delete(resident_t))
            conn.execute(delete(household_t))
        chunk = 5000
        for start in range(0, len(households), chunk):
            conn.execute(insert(household_t), households[start : start + chunk])
        for start in range(0, len(residents), chunk):
            conn.execute(insert(resident_t), residents[start : start + chunk])
            if progress:
                progress(min(start + chunk, len(residents)), len(residents))
        ids_given(conn, household_t, resident_t)
        demo_jkn.record(work, jkn_plan)
        standing_copy.refresh(conn)  # those without desil or membership too
        audit.note(
            work,
            action="demo",
            entity="village",
            entity_id=1,
            entity_key=village.kode_wilayah,
            changes={"residents": (None, len(residents)), "households": (None, len(households))},
            reason=f"data demo (seed {seed})",
        )
    db.optimize()
    if village.words.has_apbdes:  # a kelurahan has no APBDes
        apbdes_demo(db, today, actor, len(residents))
    officials_demo(db, today, actor)
    sktm_demo(db, today, actor)  # after the officials: their families get no letter
    counter_demo(db, today, actor, has_apbdes=village.words.has_apbdes)
    return DemoResult(len(residents), len(households), time.perf_counter() - started)


def _other_regions(db: Database, village: VillageInfo) -> list[str]:
    """Kecamatan codes of the same kabupaten and a few elsewhere: where newcomers' NIKs came from."""
    kab = village.kode_wilayah[:5]
    with db.work("demo", write=False) as job:
        conn = job.conn
        codes_ = list(
            conn.execute(
                select(region_t.c.code).where(region_t.c.level == 3, region_t.c.parent_code == kab)
            ).scalars()
        )
        codes_ += list(
            conn.execute(
                select(region_t.c.code)
                .where(region_t.c.level == 3)
                .order_by(region_t.c.code)
                .limit(40)
            ).scalars()
        )
    return [c.replace(".", "") for c in codes_] or [village.kecamatan_code6]
