"""The village's identity and the Kemendagri region names."""

from __future__ import annotations

from dataclasses import dataclass

from jkn_desktop.domain.wilayah import VillageWords, village_kind, words_for


@dataclass(frozen=True, slots=True)
class RegionItem:
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class VillageNames:
    kode_wilayah: str
    desa: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    kind: str  # "desa" or "kelurahan"


@dataclass(frozen=True, slots=True)
class VillageInfo:
    kode_wilayah: str
    desa: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    kepala_desa: str = ""
    sekretaris_desa: str = ""
    operator: str = ""

    @property
    def kecamatan_code6(self) -> str:
        """``33.13.05.2006`` → ``331305``: the region part of NIKs issued in this kecamatan."""
        return self.kode_wilayah.replace(".", "")[:6]

    @property
    def kind(self) -> str:
        """``"desa"`` or ``"kelurahan"``, from the Kemendagri code (domain.wilayah)."""
        return village_kind(self.kode_wilayah)

    @property
    def words(self) -> VillageWords:
        """Desa or Kelurahan, Kepala Desa or Lurah, Musdes or Musyawarah Kelurahan …"""
        return words_for(self.kind)

    @property
    def full_name(self) -> str:
        """The name with its kind: "Desa Girilayu", "Kelurahan Kalisoro"."""
        return self.words.of(self.desa)
