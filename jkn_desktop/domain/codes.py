"""Dukcapil code lists (SHDK, agama, pekerjaan, …) as shipped in resources/reference/.

Each list maps an integer code to its label; lookups accept the code or the label, ignoring case,
spaces and punctuation, so "Laki laki", "LAKI-LAKI" and "1" all find the same entry.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, cached_property

from jkn_desktop.paths import resources_dir

_NORM = re.compile(r"[^0-9a-z]+")


def normalize_label(text: object) -> str:
    return _NORM.sub("", str(text).lower())


def _label_parts(label: str) -> set[str]:
    parts = set()
    outer = re.sub(r"\(.*?\)", "", label)
    for piece in [*re.split(r"[/(),]", label), outer]:
        key = normalize_label(piece)
        if len(key) >= 3:
            parts.add(key)
    return parts


# Words villages and Dukcapil's own exports use for an entry, beyond the label itself
# (normalised like labels: lowercase letters and digits only).
ALIASES: dict[str, dict[str, int]] = {
    "pendidikan_kk": {
        "tidaksekolah": 1,
        "belumsekolah": 1,
        "tidaktamatsd": 2,
        "tidaktamatsdsederajat": 2,
        "belumtamatsd": 2,
        "sd": 3,
        "tamatsd": 3,
        "mi": 3,
        "smp": 4,
        "mts": 4,
        "sltp": 4,
        "sma": 5,
        "smk": 5,
        "ma": 5,
        "slta": 5,
        "d1": 6,
        "d2": 6,
        "d3": 7,
        "d4": 8,
        "s1": 8,
        "s2": 9,
        "s3": 10,
    },
    "shdk": {"kepala": 1, "kk": 1, "orangtua": 7, "familylain": 9, "keluargalain": 9},
    "status_kawin": {
        "kawintercatat": 2,
        "kawinbelumtercatat": 2,
        "ceraihiduptercatat": 3,
        "ceraihidupbelumtercatat": 3,
        "janda": 4,
        "duda": 4,
    },
    "agama": {"katolik": 3, "budha": 5, "buddha": 5, "konghucu": 6, "khonghucu": 6},
}


@dataclass(frozen=True)
class CodeList:
    name: str
    entries: tuple[tuple[int, str], ...]

    def label(self, code: int | None) -> str:
        if code is None:
            return ""
        for c, label in self.entries:
            if c == code:
                return label
        return f"kode {code}?"

    def codes(self) -> list[int]:
        return [c for c, _ in self.entries]

    @cached_property
    def _index(self) -> tuple[dict[str, int], dict[str, int]]:
        exact = {normalize_label(label): c for c, label in self.entries}
        exact.update({k: v for k, v in ALIASES.get(self.name, {}).items() if k not in exact})
        # people write one part of a combined label: "Petani" for PETANI/PEKEBUN,
        # "PNS" for PEGAWAI NEGERI SIPIL (PNS); the first entry owning a part wins
        parts: dict[str, int] = {}
        for c, label in self.entries:
            for part in _label_parts(label):
                parts.setdefault(part, c)
        return exact, parts

    @cached_property
    def _memo(self) -> dict[str, int | None]:
        return {}

    def lookup(self, value: object) -> int | None:
        """Code for a code or a label; ``None`` when unknown."""
        if value is None:
            return None
        raw = str(value)
        memo = self._memo
        if raw in memo:
            return memo[raw]
        found = self._lookup(raw)
        if len(memo) < 10_000:
            memo[raw] = found
        return found

    def _lookup(self, raw: str) -> int | None:
        text = raw.strip()
        if not text:
            return None
        if re.fullmatch(r"\d+(\.0+)?", text):
            code = int(float(text))
            return code if code in self.codes() else None
        key = normalize_label(text)
        exact, parts = self._index
        return exact.get(key, parts.get(key))


@cache
def load(name: str) -> CodeList:
    path = resources_dir() / "reference" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(int(r["kode"]), r["nama"]) for r in csv.DictReader(fh)]
    return CodeList(name, tuple(rows))


def shdk() -> CodeList:
    return load("shdk")


def agama() -> CodeList:
    return load("agama")


def status_kawin() -> CodeList:
    return load("status_kawin")


def pendidikan() -> CodeList:
    return load("pendidikan_kk")


def pekerjaan() -> CodeList:
    return load("pekerjaan")


def cacat() -> CodeList:
    return load("cacat")


def sakit_menahun() -> CodeList:
    return load("sakit_menahun")


SAKIT_NONE = 14  # TIDAK ADA/TIDAK SAKIT


def coded_fields() -> dict[str, CodeList]:
    """The resident fields stored as Dukcapil codes, with their lists."""
    return {
        "shdk": shdk(),
        "religion": agama(),
        "marital_status": status_kawin(),
        "education": pendidikan(),
        "occupation": pekerjaan(),
        "disability": cacat(),
        "chronic_illness": sakit_menahun(),
    }


# Status dasar as the registry uses it (codes follow OpenSID / Dukcapil order).
HIDUP, MATI, PINDAH, HILANG, PERGI = 1, 2, 3, 4, 6
TIDAK_VALID = 9  # SIAK's mark on an old or duplicate record: never stored, the row is not imported
STATUS_DASAR: dict[int, str] = {
    HIDUP: "HIDUP",
    MATI: "MATI",
    PINDAH: "PINDAH",
    HILANG: "HILANG",
    PERGI: "PERGI",
}
STATUS_NEEDS_DATE = {MATI, PINDAH, HILANG, PERGI}

SEX_LABEL = {"L": "Laki-laki", "P": "Perempuan"}

KEPALA_KELUARGA = 1
