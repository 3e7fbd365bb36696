"""The demo village's people: households of realistic size and composition, names, NIKs and No. KK
that agree with each person, needs, schooling and work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from jkn_desktop.domain import codes
from jkn_desktop.domain.names import name_key
from jkn_desktop.domain.nik import make_nik, make_no_kk
from jkn_desktop.paths import resources_dir
from jkn_desktop.services.registry.household_copy import copy_of

Progress = Callable[[int, int], None]

DUSUN_NAMES = [
    "Krajan",
    "Tlogo",
    "Ngemplak",
    "Sendang",
    "Kauman",
    "Gondang",
    "Pucung",
    "Sidomulyo",
    "Karangrejo",
    "Jatisari",
    "Ngasem",
    "Banaran",
]


def _names(file: str) -> list[str]:
    path = resources_dir() / "names" / file
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Generator:
    def __init__(
        self,
        rng: random.Random,
        region6: str,
        other_regions: list[str],
        today: dt.date,
        serial_base: int = 0,
    ):
        self.rng = rng
        self.serial_base = serial_base
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
            if self.serial_base:  # a range of this village's own within its kecamatan
                serial = self.serial_base + self.rng.randint(1, 99)
            else:
                serial = (
                    self.rng.randint(1, 60)
                    if self.rng.random() < 0.9
                    else self.rng.randint(1, 9999)
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


def build(
    gen: Generator, rng: random.Random, n: int, today: dt.date, progress: Progress | None
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
        household: dict[str, object] = {
            "id": hh_id,
            "no_kk": gen.no_kk(),
            "address": f"Dusun {dusun}",
            "rt": rt,
            "rw": rw,
            "dusun": dusun,
            "created_at": now,
            "updated_at": now,
        }
        households.append(household)
        copy = copy_of(household)
        for member in _family(gen, rng, today):
            if len(residents) >= n:
                break
            member["household_id"] = hh_id
            member.update(copy)
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
    gen: Generator,
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


def _family(gen: Generator, rng: random.Random, today: dt.date) -> list[dict[str, object]]:
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
