"""Who in the demo village is insured how, and by what evidence: the planner behind demo.jkn.plan."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.records.membership import Observation

NOT_IN_SCHOOL = 18  # pendidikan sedang TIDAK SEDANG SEKOLAH (J.IN_SCHOOL: the codes in school)
_CORE = (codes.KEPALA_KELUARGA, 2, 3)  # kepala keluarga, suami, istri
_CHILD = 4
_PENSIONER = 4  # pekerjaan PENSIUNAN
_KEPALA_DESA = 86
_BELUM_KAWIN = 1
_LISTS = (
    (J.PBPU_PEMDA, "last"),
    (J.PBI_APBN, "last"),
    (J.PBPU_PEMDA, "this"),
    (J.PBI_APBN, "this"),
)
_LIST_FILE = {J.PBI_APBN: "daftar_pbi_apbn", J.PBPU_PEMDA: "daftar_pbpu_pemda"}


def months_before(first: dt.date, n: int) -> dt.date:
    for _ in range(n):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first


KIND_SHARES: dict[str, tuple[tuple[str, int], ...]] = {
    "wage": (("ppu", 62), ("other", 38)),
    "desil_1_5": (("pbi", 905), ("mandiri", 30), ("none", 50), ("baru", 15)),
    "desil_6_10": (("pbi", 280), ("mandiri", 560), ("none", 145), ("baru", 15)),
    "no_desil": (("pbi", 565), ("mandiri", 175), ("opensid", 120), ("none", 125), ("baru", 15)),
}


@dataclass(slots=True)
class Person:
    row: dict[str, object]
    id: int
    household_id: int
    shdk: int
    birth: dt.date
    age: int
    occupation: int
    status_dasar: int
    gone_on: dt.date | None
    married: bool
    needs_care: bool
    card: str = ""

    @property
    def alive(self) -> bool:
        return self.status_dasar == codes.HIDUP

    @property
    def wage(self) -> bool:
        return self.occupation in J.WAGE_OCCUPATIONS

    @property
    def official(self) -> bool:
        return self.occupation in J.OFFICIAL_OCCUPATIONS


@dataclass(slots=True)
class ListPlan:
    segment: str
    as_of: dt.date
    entries: list[Person] = field(default_factory=list)
    dropped: int = 0

    @property
    def period(self) -> str:
        return f"{self.as_of:%Y-%m}"

    @property
    def file_name(self) -> str:
        return f"{_LIST_FILE[self.segment]}_{self.period}.xlsx"


def schooling(rng: random.Random, age: int) -> int | None:
    """Pendidikan sedang: TK, SD, SLTP, SLTA by age; one in five 19–24-year-olds at a college."""
    if age < 4:
        return 1  # belum masuk TK
    if age <= 6:
        return 2 if rng.random() < 0.6 else 1
    if age <= 12:
        return 4
    if age <= 15:
        return 6 if rng.random() < 0.95 else NOT_IN_SCHOOL
    if age <= 18:
        return 7 if rng.random() < 0.8 else NOT_IN_SCHOOL
    if age <= 24:
        if rng.random() < 0.2:
            return rng.choice([10, 11, 11, 11])  # D-3, S-1
        return NOT_IN_SCHOOL
    return None


class Planner:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng = rng
        self.today = today
        this = today.replace(day=1)
        last = months_before(this, 1)
        self.bpjs_as_of = months_before(this, 2)
        self.lists = {
            (seg, when): ListPlan(seg, this if when == "this" else last) for seg, when in _LISTS
        }
        self.obs: list[tuple[tuple[str, str] | None, Observation]] = []
        self.cards: set[str] = set()
        self.pindah_pemda = 0  # PINDAH PBPU Pemda members so far: where they went, in turn
        self.unfound_pbi = False  # a PBI member gone missing (HILANG/PERGI) yet
        self.lapsed_official = False

    # --- evidence ------------------------------------------------------------------------------
    def card(self, p: Person) -> str:
        """One card number per person: a participant keeps it across segments."""
        while not p.card:
            c = f"000{self.rng.randint(1_000_000_000, 9_999_999_999)}"
            if c not in self.cards:
                self.cards.add(c)
                p.card = c
        return p.card

    def when(self, p: Person, days: int, least: int = 3) -> dt.date:
        """A day within the last ``days`` (at least ``least`` ago), while the person was born
        and still here."""
        day = self.today - dt.timedelta(days=self.rng.randint(least, max(least, days)))
        if p.gone_on is not None and day > p.gone_on:
            day = p.gone_on - dt.timedelta(days=self.rng.randint(0, 60))
        return max(day, p.birth)

    def add(
        self,
        p: Person,
        segment: str,
        status: str,
        as_of: dt.date | None,
        source: str,
        *,
        ref: str = "",
        note: str = "",
        kelas: int | None = None,
        card: bool = True,
        lst: tuple[str, str] | None = None,
        absent: bool = False,
    ) -> None:
        if kelas is None and segment in J.PBI_SEGMENTS:
            kelas = 3
        period = f"{as_of:%Y-%m}" if source in ("dinsos", "bpjs") and as_of else ""
        self.obs.append(
            (
                lst,
                Observation(
                    p.id,
                    segment,
                    status,
                    as_of,
                    source,
                    kelas=kelas,
                    card_no=self.card(p) if card else "",
                    period=period,
                    source_ref=ref,
                    note=note,
                    absent=absent,
                ),
            )
        )

    def bpjs(self, p: Person, segment: str, status: str, kelas: int) -> None:
        self.add(
            p,
            segment,
            status,
            self.bpjs_as_of,
            "bpjs",
            kelas=kelas,
            ref=f"Data peserta BPJS Kesehatan per desa {self.bpjs_as_of:%Y-%m} (demo)",
        )

    def kartu(
        self, p: Person, segment: str, status: str, kelas: int | None = None, days: int = 420
    ) -> None:
        note = "kartu dicek di kantor desa" if status == J.NONAKTIF else ""
        self.add(p, segment, status, self.when(p, days), "kartu", kelas=kelas, note=note)

    def says(self, p: Person, segment: str, status: str, note: str, days: int = 540) -> None:
        self.add(p, segment, status, self.when(p, days), "pengakuan", card=False, note=note)

    def opensid(self, p: Person, segment: str, note: str = "") -> None:
        self.add(
            p,
            segment,
            J.STATUS_TIDAK_DIKETAHUI,
            None,
            "impor",
            card=segment in J.JKN_SEGMENTS,
            note=note,
            ref="data penduduk OpenSID lama (demo)",
        )

    def on_list(self, p: Person, segment: str, when: str) -> None:
        lst = self.lists[(segment, when)]
        lst.entries.append(p)
        self.add(p, segment, J.AKTIF, lst.as_of, "dinsos", ref=lst.file_name, lst=(segment, when))

    # --- situations -------------------------------------------------------------------------------
    def pbi(self, p: Person, segment: str) -> None:
        """On both lists; or dropped between them; or new this month; or removed months ago (the
        removed we know of are those who found out at the puskesmas: the sick more often)."""
        r = self.rng.random()
        apbn = segment == J.PBI_APBN
        old = (0.07 if apbn else 0.26) + (0.2 if p.needs_care else 0.0)
        drop = 0.03 if apbn else 0.1
        if p.status_dasar == codes.MATI and p.gone_on is not None:
            if (self.today - p.gone_on).days > 240 and r < 0.6:
                return  # long dead, long off the lists: nothing left to do
            r = 1.0  # the lists lag behind deaths
        elif not p.alive:
            r = 1.0  # nobody told Dinsos
        if r < old:
            if self.rng.random() < 0.6:
                self.kartu(p, segment, J.NONAKTIF, days=300)
            else:
                self.says(p, segment, J.NONAKTIF, "kartu ditolak di puskesmas: nonaktif", days=300)
        elif r < old + drop:
            self.on_list(p, segment, "last")
            lst = self.lists[(segment, "this")]
            lst.dropped += 1
            self.add(
                p,
                segment,
                J.NONAKTIF,
                lst.as_of,
                "dinsos",
                ref=lst.file_name,
                note=f"tidak ada di daftar bulan {lst.period}",
                lst=(segment, "this"),
                absent=True,
            )
        else:
            if r >= old + drop + 0.02:  # else added this month
                self.on_list(p, segment, "last")
            self.on_list(p, segment, "this")
            if p.alive and self.rng.random() < 0.35:
                # the card seen at the office some time before (the Beranda trend has a past)
                self.add(p, segment, J.AKTIF, self.when(p, 365, least=40), "kartu")

    def ppu(self, p: Person, status: str, via_bpjs: bool, kelas: int) -> None:
        if via_bpjs:
            self.bpjs(p, J.PPU, status, kelas)
        else:
            self.kartu(p, J.PPU, status, kelas)

    def mandiri(self, p: Person, kelas: int) -> None:
        status = J.AKTIF if self.rng.random() < 0.5 else J.NONAKTIF
        r = self.rng.random()
        if r < 0.5:
            self.bpjs(p, J.PBPU_MANDIRI, status, kelas)
        elif r < 0.85:
            self.kartu(p, J.PBPU_MANDIRI, status, kelas)
        else:
            note = "bayar iuran sendiri" if status == J.AKTIF else "menunggak iuran"
            self.says(p, J.PBPU_MANDIRI, status, note)

    def unregistered(self, p: Person) -> None:
        """Known to have no JKN (their statement, an old file's other insurance), unsure, or
        nothing recorded at all."""
        r = self.rng.random()
        if r < 0.72:
            self.says(p, J.BELUM_TERDAFTAR, J.STATUS_TIDAK_DIKETAHUI, "belum punya kartu JKN")
        elif r < 0.75:
            self.opensid(p, J.BELUM_TERDAFTAR, note="asuransi lain")
        elif r < 0.79:
            self.says(
                p, J.TIDAK_DIKETAHUI, J.STATUS_TIDAK_DIKETAHUI, "tidak tahu punya kartu atau tidak"
            )
        # else: belum dicatat

    def only_in_opensid(self, p: Person) -> None:
        seg = self.rng.choices([J.NON_PBI, J.PBI_APBN, J.PBPU_PEMDA], weights=[55, 30, 15])[0]
        self.opensid(p, seg)

    # --- households --------------------------------------------------------------------------------
    def household(self, people: list[Person], desil: int | None, kind: str) -> None:
        rng = self.rng
        worker = wage_earner(people)
        family: set[int] = set()
        ppu_status, ppu_bpjs, kelas = J.AKTIF, rng.random() < 0.5, rng.choice([1, 2, 2])
        if kind == "ppu" and worker is not None:
            family = ppu_family(people)
            if worker.official:
                if worker.alive and worker.occupation != _KEPALA_DESA and not self.lapsed_official:
                    # a perangkat desa the Pemda has not registered again
                    self.lapsed_official = True
                    ppu_status, ppu_bpjs = J.NONAKTIF, True
            elif rng.random() < 0.12:
                ppu_status = J.NONAKTIF  # contract ended, or the employer stopped paying
        pbi_main = self.pbi_segment(desil)
        old_file = kind not in ("baru", "none") and rng.random() < 0.3
        for p in people:
            self.person(p, kind, desil, family, pbi_main, (ppu_status, ppu_bpjs, kelas), old_file)

    def kinds(self, members: dict[int, list[Person]], desil: dict[int, int]) -> dict[int, str]:
        """Each household's situation, dealt out in the shares of ``KIND_SHARES`` (a deal, not a
        draw per household: a small village gets the same shares as a big one)."""
        groups: dict[str, list[int]] = {g: [] for g in KIND_SHARES}
        out: dict[int, str] = {}
        for hid, people in members.items():
            worker = wage_earner(people)
            if worker is not None and worker.official:
                out[hid] = "ppu"  # kepala and perangkat desa: PPU registered by the Pemda
            elif worker is not None:
                groups["wage"].append(hid)
            else:
                groups[desil_group(desil.get(hid))].append(hid)
        for hid, kind in self.deal(groups.pop("wage"), KIND_SHARES["wage"]).items():
            if kind == "ppu":
                out[hid] = kind
            else:  # the employer has not registered them: the household as its desil has it
                groups[desil_group(desil.get(hid))].append(hid)
        for name, hids in groups.items():
            out.update(self.deal(sorted(hids), KIND_SHARES[name]))
        return out

    def deal(self, hids: list[int], shares: tuple[tuple[str, int], ...]) -> dict[int, str]:
        total = sum(w for _, w in shares)
        exact = [(kind, len(hids) * w / total) for kind, w in shares]
        counts = {kind: int(x) for kind, x in exact}
        by_remainder = sorted(exact, key=lambda kx: kx[1] - int(kx[1]), reverse=True)
        for kind, _ in by_remainder[: len(hids) - sum(counts.values())]:
            counts[kind] += 1
        kinds = [kind for kind, _ in shares for _ in range(counts[kind])]
        self.rng.shuffle(kinds)
        return dict(zip(hids, kinds, strict=True))

    def pbi_segment(self, desil: int | None) -> str:
        apbn = 0.3 if desil is None else (0.8 if desil <= 5 else 0.55)
        return J.PBI_APBN if self.rng.random() < apbn else J.PBPU_PEMDA

    def person(
        self,
        p: Person,
        kind: str,
        desil: int | None,
        family: set[int],
        pbi_main: str,
        ppu: tuple[str, bool, int],
        old_file: bool,
    ) -> None:
        rng = self.rng
        if kind == "ppu" and p.id not in family:
            kind = self.outside_family(desil)  # the worker's card does not cover them
        other = J.PBPU_PEMDA if pbi_main == J.PBI_APBN else J.PBI_APBN
        segment = pbi_main if rng.random() < 0.9 else other  # one KK may mix PBI segments
        forced = "" if p.id in family else self.rare_case(p)
        if forced:
            kind, segment = "pbi", forced
        if p.status_dasar == codes.PINDAH:
            p.row["moved_out"] = self.moved_out(kind == "pbi" and segment == J.PBPU_PEMDA)
        if forced:
            self.pbi(p, segment)
            return
        if kind == "baru" or (p.alive and not p.official and rng.random() < 0.015):
            return  # belum dicatat
        before = len(self.obs)
        if p.id in family:
            self.ppu(p, *ppu)
        elif p.wage and p.age >= 18 and rng.random() < 0.7:
            self.wage_earner(p, kind, segment)
        elif p.age < 1 and rng.random() < 0.45:
            self.unregistered(p)  # not registered since birth yet
        elif p.occupation == _PENSIONER and p.age >= 56 and kind != "none" and rng.random() < 0.6:
            self.bpjs(p, J.BP, J.AKTIF, rng.choice([1, 2]))
        elif kind == "pbi":
            self.pbi(p, segment)
        elif kind == "mandiri":
            self.mandiri(p, rng.choice([1, 2, 3, 3, 3]))
        elif kind == "opensid":
            self.only_in_opensid(p)
            return
        else:
            self.unregistered(p)
        if old_file and len(self.obs) > before and p.alive:
            # the old OpenSID insurance field, undated: the weakest evidence, never the one held
            seg = {"pbi": segment, "ppu": J.NON_PBI, "mandiri": J.NON_PBI}.get(kind)
            if seg is not None:
                self.opensid(p, seg)

    def outside_family(self, desil: int | None) -> str:
        """A PPU household member the worker's card does not cover."""
        if desil is None:
            return self.rng.choices(["pbi", "mandiri", "none"], weights=[50, 25, 25])[0]
        if desil <= 5:
            return self.rng.choices(["pbi", "none"], weights=[78, 22])[0]
        return self.rng.choices(["mandiri", "none"], weights=[72, 28])[0]

    def wage_earner(self, p: Person, kind: str, pbi_segment: str) -> None:
        """A wage earner outside a PPU family: registered by the employer (some still on the PBI
        list as well), not registered at all, or still PBI."""
        r = self.rng.random()
        if r < 0.45:
            status = J.AKTIF if self.rng.random() < 0.85 else J.NONAKTIF
            if kind == "pbi" and self.rng.random() < 0.5:
                self.pbi(p, pbi_segment)  # Dinsos does not know yet: the PPU card seen here
                self.kartu(p, J.PPU, status, 2, days=150)
            else:
                self.ppu(p, status, self.rng.random() < 0.5, 2)
        elif r < 0.75 or kind != "pbi":
            self.unregistered(p)
        else:
            self.pbi(p, pbi_segment)

    def rare_case(self, p: Person) -> str:
        """The PBI segment to give someone so the rare cases show in a small village too: a PBI
        member gone missing, and PBPU Pemda members who moved (out of the kabupaten, where to
        not known); "" for nobody."""
        if p.status_dasar in J.GONE_UNFOUND and not self.unfound_pbi:
            self.unfound_pbi = True
            return J.PBI_APBN
        if p.status_dasar == codes.PINDAH and self.pindah_pemda < 2:
            return J.PBPU_PEMDA
        return ""

    def moved_out(self, pemda: bool) -> bool | None:
        """Left the kabupaten? PBPU Pemda members in turn (out, not known, within) so each case
        shows; others: mostly not known."""
        if pemda:
            self.pindah_pemda += 1
            return (True, None, False)[(self.pindah_pemda - 1) % 3]
        return self.rng.choices([None, True, False], weights=[50, 30, 20])[0]


def desil_group(desil: int | None) -> str:
    if desil is None:
        return "no_desil"
    return "desil_1_5" if desil <= 5 else "desil_6_10"


def wage_earner(people: list[Person]) -> Person | None:
    """The kepala keluarga or spouse whose wage job makes the household PPU (an official
    first)."""
    core = [p for p in people if p.shdk in _CORE]
    return next((p for p in core if p.official), None) or next((p for p in core if p.wage), None)


def ppu_family(people: list[Person]) -> set[int]:
    """Who a PPU worker's card covers: the worker and spouse, and up to three children under 21
    (under 25 while in school), unmarried, eldest first — ``J.outside_ppu_family`` says who not."""
    members = [
        J.FamilyMember(
            p.id,
            p.shdk,
            p.age,
            p.married,
            p.row.get("schooling") in J.IN_SCHOOL,
            J.PPU if p.shdk in _CORE else None,
            J.AKTIF,
            p.shdk not in _CORE,
        )
        for p in people
    ]
    outside = J.outside_ppu_family(members)
    return {p.id for p in people if p.shdk in _CORE or (p.shdk == _CHILD and p.id not in outside)}
