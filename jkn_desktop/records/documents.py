"""The documents of the Laporan page and the printed rosters: what is asked for and what came out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.records.usulan import Meeting


@dataclass(frozen=True, slots=True)
class DocKind:
    key: str
    title: str
    suffix: str  # ".pdf" or ".xlsx"
    public: bool = False  # meant to be posted: NIK masked by default
    needs_meeting: bool = False
    file_stem: str = ""
    apbdes: bool = False  # only a desa has an APBDes

    def for_village(self, words: VillageWords) -> DocKind:
        """The title and file name with this village's words ({lower}, {head}, {meeting},
        {stem_meeting})."""
        fill = {
            "lower": words.lower,
            "head": words.head,
            "meeting": words.meeting,
            "stem_meeting": words.meeting_short.lower().replace(" ", "_"),
        }
        return replace(
            self, title=self.title.format(**fill), file_stem=self.file_stem.format(**fill)
        )


@dataclass(frozen=True, slots=True)
class DocRequest:
    key: str
    period: str  # YYYY-MM (the year for the APBDes report)
    mask_nik: bool = False
    portrait: bool = False
    musdes_id: int | None = None


@dataclass(frozen=True, slots=True)
class DocChoices:
    """What the Laporan page offers besides the documents: the digits of a NIK a masked list
    keeps, and the meetings whose Berita Acara can be printed (the latest first)."""

    mask_keep: int
    meetings: list[Meeting]
    fingerprint: str = ""  # the village's package key ("" before its first package)


@dataclass(frozen=True, slots=True)
class RosterOptions:
    kind: str = "pbi"
    period: str = ""  # YYYY-MM
    mask_nik: bool = True
    portrait: bool = False
    keep: int = 6  # digits of the NIK that stay visible when masked


@dataclass(frozen=True, slots=True)
class RosterResult:
    path: Path
    pages: int
    rows: int
    households: int
