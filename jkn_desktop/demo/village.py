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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from jkn_desktop.demo import jkn as demo_jkn
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.names import name_key
from jkn_desktop.domain.nik import make_nik, make_no_kk
from jkn_desktop.errors import UserError
from jkn_desktop.paths import resources_dir
from jkn_desktop.persistence.migrate import backup_database, copy_database
from jkn_desktop.persistence.models import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    apbdes_payment_t,
    household_desil_t,
    household_t,
    jkn_current_t,
    membership_t,
    pbi_entry_t,
    pbi_list_t,
    region_t,
    resident_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.services import audit
from jkn_desktop.services.database import Database
from jkn_desktop.services.registry.village import (
    get_village,
    resolve_identity,
    save_village,
)

DEFAULT_KODE = "33.13.05.2006"  # Desa Girilayu, Kec. Matesih, Kab. Karanganyar (as in the samples)
DUSUN_NAMES = [
    "Krajan", "Tlogo", "Ngemplak", "Sendang", "Kauman", "Gondang", "Pucung", "Sidomulyo",
    "Karangrejo", "Jatisari", "Ngasem", "Banaran",
]  # fmt: skip

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class DemoResult:
    residents: int
    households: int
    seconds: float


def _names(file: str) -> list[str]:
    path = resources_dir() / "names" / file
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class _Generator:
    def __init__(self, rng: random.Random, region6: str, other_regions: list[str], today: dt.date):
        self.rng = rng
        self.region6 = region6
        self.other_regions = other_regions
        self.today = today
        self.male = _names("laki.txt")
        self.female = _names("perempuan.txt")
        self.last_male = _names("belakang_l.txt")
        self.last_female = _names("belakang_p.txt")
        self.used_nik: set[str] = set()
        self.used_kk: set[str] = set()

    def name(self, sex: str) -> str:
        r = self.rng
        first = r.choice(self.male if sex == "L" else self.female)
        roll = r.random()
        if roll < 0.25:
            return first.upper()
        last = r.choice(self.last_male if sex == "L" else self.last_female)
        if roll < 0.35:
            middle = r.choice(self.male if sex == "L" else self.female)
            if middle != first:
                return f"{first} {middle} {last}".upper()
        return f"{first} {last}".upper()

    def birth(self, min_age: int, max_age: int) -> dt.date:
        days_min = min_age * 365 + 1
        days_max = max_age * 365 + 300
        return self.today - dt.timedelta(days=self.rng.randint(days_min, max(days_min, days_max)))

    def nik(self, birth: dt.date, sex: str) -> str:
        region = self.region6 if self.rng.random() < 0.9 else self.rng.choice(self.other_regions)
        while True:
            serial = (
                self.rng.randint(1, 60) if self.rng.random() < 0.9 else self.rng.randint(1, 9999)
            )
            nik = make_nik(region, birth, sex, serial)
            if nik not in self.used_nik:
                self.used_nik.add(nik)
                return nik

    def no_kk(self) -> str:
        while True:
            issued = self.today - dt.timedelta(days=self.rng.randint(30, 16 * 365))
            kk = make_no_kk(self.region6, issued, self.rng.randint(1, 9999))
            if kk not in self.used_kk:
                self.used_kk.add(kk)
                return kk


def _occupation(rng: random.Random, age: int, sex: str, shdk: int) -> int:
    if age < 5:
        return 1
    if age < 19:
        return 3 if age >= 6 else 1
    if age >= 65:
        return rng.choice([1, 4, 9, 9, 2]) if sex == "P" else rng.choice([1, 4, 9, 9, 20])
    if sex == "P" and shdk == 3 and rng.random() < 0.5:
        return 2
    return rng.choices(
        [9, 20, 88, 15, 19, 8, 5, 65, 26, 81, 30, 18, 1, 3, 16, 6, 7],
        weights=[22, 14, 14, 12, 8, 6, 2, 2, 3, 2, 2, 2, 6, 3, 1, 1, 1],
    )[0]


def _education(rng: random.Random, age: int) -> int:
    if age < 7:
        return 1
    if age < 13:
        return 2
    if age < 16:
        return rng.choice([2, 3])
    if age > 60:
        return rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 5, 2, 1])[0]
    return rng.choices([3, 4, 5, 6, 7, 8, 9], weights=[10, 20, 35, 3, 6, 12, 1])[0]


def generate(
    db: Database,
    n_residents: int,
    *,
    seed: int = 1,
    force: bool = False,
    actor: str = "demo",
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> DemoResult:
    """Fill the registry with about ``n_residents`` people (exactly that many)."""
    import time

    started = time.perf_counter()
    if n_residents < 1:
        raise UserError("DEMO_SIZE")
    with db.read() as conn:
        existing = conn.execute(select(func.count()).select_from(resident_t)).scalar_one()
        existing += conn.execute(select(func.count()).select_from(household_t)).scalar_one()
    if existing and not force:
        raise UserError("DEMO_NOT_EMPTY")
    village = db.run(get_village, write=False)
    if village is None:
        info = db.run(resolve_identity, DEFAULT_KODE, write=False, operator=actor)
        village = db.run(save_village, info, user=actor)
    if existing:
        backup_database(db.path, "sebelum-demo")
    # built in a copy renamed over the file at the end: a demo killed midway leaves the database
    # as it was, never a half-built village
    work = db.path.with_name(db.path.name + ".demo-baru")
    for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        leftover.unlink(missing_ok=True)
    copy_database(db.path, work)
    built = Database(work)
    try:
        result = _fill(built, village, n_residents, existing=bool(existing), seed=seed, actor=actor,
                       progress=progress, today=today, started=started)  # fmt: skip
    except BaseException:
        built.close()
        work.unlink(missing_ok=True)
        raise
    built.close()
    db.take_over(work)
    return result


def _fill(
    db: Database, village: VillageInfo, n_residents: int, *, existing: bool, seed: int, actor: str,
    progress: Progress | None, today: dt.date | None, started: float,
) -> DemoResult:  # fmt: skip
    import time

    rng = random.Random(seed)
    today = today or dt.date.today()
    other = _other_regions(db, village)
    gen = _Generator(rng, village.kecamatan_code6, other, today)
    households, residents = _build(gen, rng, n_residents, today, progress)
    for i, person in enumerate(residents, start=1):
        person["id"] = i
    jkn_plan = demo_jkn.plan(rng, households, residents, today)  # sets schooling, moved_out
    with db.work(actor) as work:
        conn = work.conn
        if existing:
            for table in (apbdes_payment_t, apbdes_beneficiary_t, apbdes_line_t, jkn_current_t,
                          membership_t, pbi_entry_t, pbi_list_t, household_desil_t):  # fmt: skip
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
        demo_jkn.record(work, jkn_plan)
        audit.record(
            conn,
            actor=actor,
            action="demo",
            entity="village",
            entity_id=1,
            entity_key=village.kode_wilayah,
            changes={"residents": (None, len(residents)), "households": (None, len(households))},
            reason=f"data demo (seed {seed})",
        )
    db.optimize()
    if village.words.has_apbdes:  # a kelurahan has no APBDes
        _apbdes_demo(db, today, actor, len(residents))
    return DemoResult(len(residents), len(households), time.perf_counter() - started)


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _apbdes_demo(db: Database, today: dt.date, actor: str, population: int) -> None:
    """Two premium lines of this year, as a village would have them: one funded by ADD from
    January (revised upward in the APBDes Perubahan), one by Dana Desa from July (which the Dana
    Desa rule warns about); beneficiaries taken from the priority list; payments recorded for the
    months already past, so the current month shows as not yet paid."""
    from dataclasses import replace

    from jkn_desktop.domain import apbdes as A
    from jkn_desktop.records.apbdes import LineInput
    from jkn_desktop.services.apbdes.lines import add_line, update_line

    year = today.year
    pagu_add = max(10, round(population * 20_000 / 1_000_000)) * 1_000_000
    sktm = "Iuran JKN warga miskin non-PBI (SKTM)"
    by_add = LineInput(year, "02.02.96", "5.2.7", "ADD", pagu_add, notes=sktm)
    mandiri = A.Scheme(J.PBPU_MANDIRI, 3, A.SHARE_PARTICIPANT)
    by_dds = LineInput(
        year, "02.02.96", "5.2.7", "DDS", pagu_add // 4, mandiri, notes="Tambahan semester II"
    )
    with db.work(actor, today=today) as work:
        add, dds = add_line(work, by_add), add_line(work, by_dds)
        _demo_beneficiaries(work, add, 1, 0.6)
        _demo_beneficiaries(work, dds, 7, 0.7)
        revised = replace(
            by_add, pagu_revised=pagu_add + 5_000_000, revised_on=dt.date(year, 8, 15)
        )
        update_line(work, add, revised)
        _demo_payments(work, year)


def _demo_beneficiaries(work: Work, line: int, start: int, share: float) -> None:
    """The first households of the priority list, up to a share of the line's budget; whom a guard
    stops (a PBI member until last month's list, …) the operator leaves out."""
    from jkn_desktop.services.apbdes.beneficiaries import add_beneficiaries, candidates
    from jkn_desktop.services.apbdes.priority import priority_list

    plist = priority_list(work, line, from_month=start)
    chosen: list[int] = []
    spent = 0
    for h in plist.households:
        if spent + h.cost > plist.remaining * share:
            continue
        spent += h.cost
        chosen += [m.resident_id for m in h.members]
    chosen = [c.resident_id for c in candidates(work, line, chosen, start, 12) if not c.guards]
    if chosen:
        add_beneficiaries(work, line, chosen, start, 12, notes="data demo")


def _demo_payments(work: Work, year: int) -> None:
    """What each month already past cost, paid on the 8th with its SPP number."""
    from jkn_desktop.services.apbdes.payments import add_payment
    from jkn_desktop.services.apbdes.summaries import line_summaries

    today = work.today
    number = 0
    for s in line_summaries(work, year):
        for m in range(1, today.month if year == today.year else 13):
            if s.implied(m):
                number += 1
                spp = f"SPP {number:03d}/{_ROMAN[m - 1]}/{year}"
                add_payment(work, s.id, m, s.implied(m), dt.date(year, m, 8), spp)


def _other_regions(db: Database, village: VillageInfo) -> list[str]:
    """Kecamatan codes of the same kabupaten and a few elsewhere: where newcomers' NIKs came from."""
    kab = village.kode_wilayah[:5]
    with db.read() as conn:
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


def _build(
    gen: _Generator, rng: random.Random, n: int, today: dt.date, progress: Progress | None
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    n_dusun = max(1, min(len(DUSUN_NAMES), round(n / 900) or 1))
    dusun_list = DUSUN_NAMES[:n_dusun]
    households: list[dict[str, object]] = []
    residents: list[dict[str, object]] = []
    now = dt.datetime.now().replace(microsecond=0)
    hh_id = 0
    officials_left = 9  # one Kepala Desa and eight perangkat desa
    while len(residents) < n:
        hh_id += 1
        d_index = (hh_id * 7919) % n_dusun if n_dusun > 1 else 0
        dusun = dusun_list[d_index]
        rw = f"{d_index * 2 + rng.randint(1, 2):03d}"
        rt = f"{rng.randint(1, 6):03d}"
        households.append(
            {
                "id": hh_id,
                "no_kk": gen.no_kk(),
                "address": f"Dusun {dusun}",
                "rt": rt,
                "rw": rw,
                "dusun": dusun,
                "created_at": now,
                "updated_at": now,
            }
        )
        for member in _family(gen, rng, today):
            if len(residents) >= n:
                break
            member["household_id"] = hh_id
            member["created_at"] = now
            member["updated_at"] = now
            age = (today - member["birth_date"]).days // 365  # type: ignore[operator]
            if officials_left and member["shdk"] == codes.KEPALA_KELUARGA and 30 <= age <= 58:
                member["occupation"] = 86 if officials_left == 9 else 85
                officials_left -= 1
            residents.append(member)
        if progress and hh_id % 2000 == 0:
            progress(0, n)
    # a few deceased and moved residents, with dates
    for person in rng.sample(residents, k=max(1, len(residents) // 100)):
        person["status_dasar"] = codes.MATI
        person["status_changed_at"] = today - dt.timedelta(days=rng.randint(10, 900))
    for person in rng.sample(residents, k=max(1, len(residents) // 70)):
        if person["status_dasar"] == codes.HIDUP:
            person["status_dasar"] = codes.PINDAH
            person["status_changed_at"] = today - dt.timedelta(days=rng.randint(10, 700))
    # a few who left without a word (PERGI) or went missing (HILANG)
    for person in rng.sample(residents, k=max(1, len(residents) // 250)):
        if person["status_dasar"] == codes.HIDUP and _age(person, today) >= 17:
            person["status_dasar"] = codes.PERGI if rng.random() < 0.7 else codes.HILANG
            person["status_changed_at"] = today - dt.timedelta(days=rng.randint(30, 700))
    for person in residents:
        birth = person["birth_date"]
        changed = person["status_changed_at"]
        if changed is not None and changed < birth:  # type: ignore[operator]
            person["status_changed_at"] = birth
    return households, residents


def _age(person: dict[str, object], today: dt.date) -> int:
    born = person["birth_date"]
    assert isinstance(born, dt.date)
    return (today - born).days // 365


def _person(
    gen: _Generator,
    rng: random.Random,
    today: dt.date,
    sex: str,
    shdk: int,
    min_age: int,
    max_age: int,
    mother: str = "",
) -> dict[str, object]:
    birth = gen.birth(min_age, max_age)
    age = (today - birth).days // 365
    name = gen.name(sex)
    if age >= 19 and shdk in (1, 2, 3, 5, 7, 8):
        marital = codes.status_kawin().lookup("KAWIN")
        if shdk in (7, 8) and rng.random() < 0.5:
            marital = codes.status_kawin().lookup("CERAI MATI")
    elif shdk == 1:
        marital = rng.choice([1, 3, 4])
    else:
        marital = 1
    return {
        "nik": gen.nik(birth, sex),
        "name": name,
        "name_key": name_key(name),
        "birth_place": rng.choice(
            [
                "KARANGANYAR",
                "KARANGANYAR",
                "KARANGANYAR",
                "SUKOHARJO",
                "WONOGIRI",
                "SURAKARTA",
                "SRAGEN",
                "BOYOLALI",
                "JAKARTA",
            ]
        ),
        "birth_date": birth,
        "sex": sex,
        "shdk": shdk,
        "religion": rng.choices([1, 2, 3, 4, 5], weights=[90, 5, 3, 1, 1])[0],
        "marital_status": marital,
        "education": _education(rng, age),
        "occupation": _occupation(rng, age, sex, shdk),
        "status_dasar": codes.HIDUP,
        "status_changed_at": None,
        "moved_out": None,  # demo_jkn sets these two
        "schooling": None,
        **_needs(birth, age, sex, marital),
        "mother_name": mother,
        "phone": f"08{rng.randint(11, 59)}{rng.randint(10000000, 99999999)}"
        if shdk == 1 and rng.random() < 0.6
        else "",
        "notes": "",
    }


def _needs(birth: dt.date, age: int, sex: str, marital: int | None) -> dict[str, object]:
    """Disability, chronic illness and pregnancy, drawn from their own generator (seeded by the
    birth date and age) so the rest of the demo stays what it was before these fields existed."""
    r = random.Random(f"{birth.isoformat()}/{age}/{sex}")
    chronic = 14  # TIDAK ADA/TIDAK SAKIT
    if age >= 40 and r.random() < 0.08 + age / 1000:
        chronic = r.choice([6, 6, 1, 1, 5, 12, 13, 7, 4])  # diabetes, jantung, stroke, TBC, asma, …
    disability = r.choice([1, 1, 2, 3, 4, 6]) if r.random() < 0.03 else 7  # 7 = TIDAK CACAT
    pregnant = sex == "P" and 18 <= age <= 40 and marital == 2 and r.random() < 0.06
    return {"disability": disability, "chronic_illness": chronic, "pregnant": pregnant}


def _family(gen: _Generator, rng: random.Random, today: dt.date) -> list[dict[str, object]]:
    """One household's members: composition weighted to match typical Javanese villages."""
    kind = rng.choices(
        ["single", "couple", "nuclear", "extended", "three_gen", "female_head"],
        weights=[8, 14, 52, 10, 8, 8],
    )[0]
    members: list[dict[str, object]] = []
    if kind == "female_head":
        head = _person(gen, rng, today, "P", 1, 35, 85)
        members.append(head)
        for _ in range(rng.randint(0, 3)):
            members.append(_person(gen, rng, today, rng.choice("LP"), 4, 5, 30, str(head["name"])))
        return members
    head_sex = "L" if rng.random() < 0.92 else "P"
    head_age = (20, 80) if kind != "single" else (19, 85)
    head = _person(gen, rng, today, head_sex, 1, *head_age)
    members.append(head)
    if kind == "single":
        return members
    spouse_sex = "P" if head_sex == "L" else "L"
    head_age_now = (today - head["birth_date"]).days // 365  # type: ignore[operator]
    lo = max(18, head_age_now - 10)
    hi = max(lo, head_age_now + 2)
    spouse = _person(gen, rng, today, spouse_sex, 3 if spouse_sex == "P" else 2, lo, hi)
    members.append(spouse)
    mother = str(spouse["name"] if spouse_sex == "P" else head["name"])
    if kind == "couple":
        return members
    n_children = rng.choices([1, 2, 3, 4, 5], weights=[25, 38, 22, 10, 5])[0]
    max_child_age = max(0, min(head_age_now, hi) - 19)
    for _ in range(n_children):
        members.append(_person(gen, rng, today, rng.choice("LP"), 4, 0, max_child_age, mother))
    if kind == "extended":
        members.append(
            _person(
                gen,
                rng,
                today,
                rng.choice("LP"),
                rng.choice([7, 8]),
                max(60, head_age_now + 20),
                max(62, head_age_now + 35),
            )
        )
    if kind == "three_gen" and head_age_now >= 45:
        members.append(
            _person(gen, rng, today, rng.choice("LP"), 5, 20, max(20, head_age_now - 20))
        )
        for _ in range(rng.randint(1, 2)):
            members.append(_person(gen, rng, today, rng.choice("LP"), 6, 0, 8))
    return members


def write_demo_import_file(db: Database, path: Path, *, today: dt.date | None = None) -> int:
    """A resident list the way an operator receives one, for the wizard's screenshots and the
    benchmark: some residents already registered (three with a corrected name), a new household,
    and rows with the faults villages' files really have. Returns the number of data rows."""
    from jkn_desktop.exporters.residents_xlsx import HEADERS, TEXT, resident_lines
    from jkn_desktop.exporters.xlsx import write_table
    from jkn_desktop.services.registry.resident_export import export_rows

    today = today or dt.date.today()
    village = db.run(get_village, write=False)
    region6 = village.kecamatan_code6 if village else DEFAULT_KODE.replace(".", "")[:6]
    rows: list[list[object]] = []
    for i, row in enumerate(resident_lines(db.run(export_rows, 40, write=False))):
        if i in (3, 11, 25):
            row[2] = f"{row[2]} (PERBAIKAN EJAAN)"
        rows.append(row)
    kk = make_no_kk(region6, today - dt.timedelta(days=30), 9901)
    family = [
        ("SUTARNO", "L", dt.date(1979, 4, 2), "KEPALA KELUARGA"),
        ("PARMI", "P", dt.date(1983, 9, 17), "ISTRI"),
        ("DIMAS SAPUTRA", "L", dt.date(2009, 1, 23), "ANAK"),
        ("LESTARI", "P", dt.date(2014, 6, 5), "ANAK"),
    ]
    for n, (name, sex, born, shdk) in enumerate(family, start=1):
        nik = make_nik(region6, born, sex, 9900 + n)
        written = "" if name == "LESTARI" else born.strftime("%d-%m-%Y")  # taken from the NIK
        rows.append([nik, kk, name, sex, "KARANGANYAR", written, shdk, "ISLAM",
                     "", "", "", "HIDUP", "", "", "JL. MERAPI 7", "004", "002", "Tlogo", ""])  # fmt: skip
    bad_nik = float(make_nik(region6, dt.date(1990, 2, 14), "L", 9910))  # typed as a number
    rows.append([bad_nik, kk, "WAHYU", "L", "", "14-02-1990", "FAMILI LAIN", "", "", "", "", "",
                 "", "", "", "", "", "", ""])  # fmt: skip
    rows.append([make_nik(region6, dt.date(1995, 3, 1), "P", 9912), kk, "RINI", "P", "",
                 "31-02-1995", "FAMILI LAIN", "", "", "", "", "", "", "", "", "", "", "", ""])  # fmt: skip
    write_table(Path(path), "Penduduk", HEADERS, rows, text_columns=[c for c in TEXT if c != 0])
    return len(rows)


@dataclass(frozen=True, slots=True)
class DemoList:
    rows: int
    matched_nik: int
    matched_name: int
    ambiguous: int
    not_found: int
    dropped: int


def write_demo_pbi_list(
    db: Database,
    path: Path,
    *,
    removed: int = 5,
    outsiders: int = 3,
    mistyped: int = 4,
    seed: int = 7,
    period: str | None = None,
) -> DemoList:
    """The Dinsos PBI APBN list of ``period`` (YYYY-MM; default the month of the latest list
    recorded, which importing this file then replaces) built from the latest list up to that
    month: ``removed`` people left out, ``outsiders`` who do not live here added, ``mistyped`` NIKs
    with two digits swapped (still found by name and birth date when those are unique). Returns
    what a correct import for ``period`` must report; ``dropped`` counts who was on the list
    before ``period`` and is not on this one."""
    from sqlalchemy import and_

    from jkn_desktop.exporters.xlsx import write_table

    rng = random.Random(seed)
    L, E = pbi_list_t, pbi_entry_t
    same = (L.c.source == "dinsos", L.c.segment == J.PBI_APBN)
    with db.read() as conn:
        latest = select(L.c.id, L.c.period).where(*same).order_by(L.c.period.desc()).limit(1)
        base = conn.execute(latest.where(L.c.period <= period) if period else latest).first()
        period = period or (base.period if base is not None else None)
        before = conn.execute(
            select(L.c.id).where(*same, L.c.period < (period or ""))
            .order_by(L.c.period.desc()).limit(1)
        ).scalar()  # fmt: skip
        entries = conn.execute(
            select(E.c.nik, E.c.name, E.c.birth_date, E.c.card_no, E.c.resident_id)
            .where(and_(E.c.list_id == (base.id if base is not None else None),
                        E.c.resident_id.is_not(None)))
            .order_by(E.c.row)
        ).all()  # fmt: skip
        earlier = set(
            conn.execute(
                select(E.c.resident_id).where(E.c.list_id == before, E.c.resident_id.is_not(None))
            ).scalars()
        )
        people = conn.execute(
            select(resident_t.c.nik, resident_t.c.name_key, resident_t.c.birth_date)
        ).all()
    niks = {p.nik for p in people}
    same_name_birth: dict[tuple[str, object], int] = {}
    for p in people:
        k = (name_key(p.name_key), p.birth_date)
        same_name_birth[k] = same_name_birth.get(k, 0) + 1
    kept = list(entries)
    for e in rng.sample(kept, k=min(removed, len(kept))):
        kept.remove(e)
    rows: list[list[object]] = []
    by_name = 0
    wrong = set(rng.sample(range(len(kept)), k=min(mistyped, len(kept))))
    for i, e in enumerate(kept):
        nik = e.nik
        if i in wrong:
            nik = nik[:12] + nik[14:16] + nik[12:14]
            if nik in niks or nik == e.nik:
                nik = nik[:12] + f"{(int(nik[12:]) + 5000) % 10000:04d}"
            if same_name_birth.get((name_key(e.name), e.birth_date)) == 1:
                by_name += 1
        rows.append(
            [
                i + 1,
                e.card_no,
                nik,
                e.name,
                e.birth_date.strftime("%d-%m-%Y") if e.birth_date else "",
                "GIRILAYU",
            ]
        )
    for j in range(outsiders):
        born = dt.date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik("331306", born, "P", 9000 + j)  # issued in the next kecamatan, lives there
        rows.append([len(rows) + 1, f"0009{rng.randint(100_000_000, 999_999_999)}", nik,
                     f"WARGA LUAR {j + 1}", born.strftime("%d-%m-%Y"), "DESA TETANGGA"])  # fmt: skip
    write_table(Path(path), "Daftar PBI", ["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR", "ALAMAT"], rows,
                text_columns=[1, 2])  # fmt: skip
    return DemoList(
        rows=len(rows),
        matched_nik=len(kept) - len(wrong),
        matched_name=by_name,
        ambiguous=len(wrong) - by_name,  # the same name and birth date twice in the village
        not_found=outsiders,
        dropped=len(earlier - {e.resident_id for e in kept}),
    )
