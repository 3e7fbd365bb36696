"""What kind of village a Kemendagri code names, and the words the program uses for it.

The code is ``PP.KK.SS.DDDD``; the village block ``DDDD`` starts with 1 for a kelurahan and 2 for a
desa (3, a desa adat, is a desa for everything here). A kelurahan is an office of the
kabupaten/kota: its head is the Lurah, it has no APBDes and no Dana Desa, and proposals are agreed
in a Musyawarah Kelurahan instead of a Musyawarah Desa (see ../shared/domain.md).

Every label that names the village, its head, its secretary or its meeting comes from
``VillageWords``, so a screen or a printout never decides "desa or kelurahan" by itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import usulan as U

DESA = "desa"
KELURAHAN = "kelurahan"


def village_kind(kode_wilayah: str) -> str:
    """``KELURAHAN`` when the village block of the code starts with 1, else ``DESA``.

    Dots and spaces do not matter (``33.13.06.1003`` and ``3313061003`` are the same code); a
    code that is not ten digits long is taken for a desa, the usual case."""
    digits = re.sub(r"\D", "", kode_wilayah)
    return KELURAHAN if len(digits) == 10 and digits[6] == "1" else DESA


@dataclass(frozen=True, slots=True)
class VillageWords:
    """The words for one kind of village, in the case they are written in running text."""

    kind: str
    unit: str  # "Desa": before the name, in titles ("Desa Girilayu")
    head: str  # "Kepala Desa"
    secretary: str  # "Sekretaris Desa"
    meeting: str  # "Musyawarah Desa"
    meeting_short: str  # "Musdes": on buttons and in statuses
    office: str  # "kantor desa"
    government: str  # "Pemerintah Desa"
    hall: str  # where the meeting is usually held
    council: str  # who signs the Berita Acara beside the head
    council_abbr: str  # "BPD", as in "Ketua BPD"
    council_keys: tuple[str, ...]  # how a participant list names a member of the council
    has_apbdes: bool

    @property
    def lower(self) -> str:
        """The kind inside a sentence: "penduduk desa", "penduduk kelurahan"."""
        return self.unit.lower()

    @property
    def meeting_named(self) -> str:
        """The meeting named in full: "Musyawarah Desa (Musdes)", "Musyawarah Kelurahan"."""
        if self.meeting_short == self.meeting:
            return self.meeting
        return f"{self.meeting} ({self.meeting_short})"

    def of(self, name: str) -> str:
        """The village's name with its kind: "Desa Girilayu", "Kelurahan Kalisoro"."""
        return f"{self.unit} {name}".strip()

    def status_label(self, status: str) -> str:
        """The step of a proposal, with the meeting that approved it named for this village."""
        if status == U.DISETUJUI:
            return f"Disetujui {self.meeting_short}"
        return U.STATUSES.get(status, status)

    def source_label(self, source: str) -> str:
        """Where a membership fact came from; a card is seen at this village's own office."""
        if source == "kartu":
            return f"Kartu dilihat di {self.office}"
        return J.SOURCES.get(source, source)


DESA_WORDS = VillageWords(
    kind=DESA,
    unit="Desa",
    head="Kepala Desa",
    secretary="Sekretaris Desa",
    meeting="Musyawarah Desa",
    meeting_short="Musdes",
    office="kantor desa",
    government="Pemerintah Desa",
    hall="Balai Desa",
    council="Badan Permusyawaratan Desa",
    council_abbr="BPD",
    council_keys=("bpd", "permusyawaratan"),
    has_apbdes=True,
)
KELURAHAN_WORDS = VillageWords(
    kind=KELURAHAN,
    unit="Kelurahan",
    head="Lurah",
    secretary="Sekretaris Kelurahan",
    meeting="Musyawarah Kelurahan",
    meeting_short="Musyawarah Kelurahan",
    office="kantor kelurahan",
    government="Pemerintah Kelurahan",
    hall="Kantor Kelurahan",
    council="Lembaga Pemberdayaan Masyarakat Kelurahan",
    council_abbr="LPM",
    council_keys=("lpm", "pemberdayaan"),
    has_apbdes=False,
)
_BY_KIND = {DESA: DESA_WORDS, KELURAHAN: KELURAHAN_WORDS}


def words_for(kind: str) -> VillageWords:
    return _BY_KIND.get(kind, DESA_WORDS)


def words_for_kode(kode_wilayah: str) -> VillageWords:
    return words_for(village_kind(kode_wilayah))
