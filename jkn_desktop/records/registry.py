"""The registry's counts and the outcome of a resident import."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkn_desktop.records.imports import RowIssue, SheetPreview


@dataclass(frozen=True, slots=True)
class RegistryStats:
    residents: int
    living: int
    households: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)
    by_dusun: dict[str, int] = field(default_factory=dict)  # living residents per dusun

    def as_json(self) -> dict[str, object]:
        return {
            "residents": self.residents,
            "living": self.living,
            "households": self.households,
            "by_status_dasar": self.by_status,
            "by_sex": self.by_sex,
            "by_dusun": self.by_dusun,
        }


@dataclass(frozen=True, eq=False)
class PreparedFile:
    """A resident file as a dry run read and checked it, kept by the caller (the import wizard,
    between its preview and its import) so that the import does not read the file again while
    it is unchanged. ``key`` says what was read: the file (path, size, modification time and a
    hash of its bytes), the sheet, the mapping and the day; ``content`` is the checked rows, for
    the service that made them only."""

    key: tuple[object, ...]
    content: object


@dataclass(frozen=True)
class ImportResult:
    file: str
    sheet: str
    header_row: int
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    warnings: int
    issues: list[RowIssue]
    unused_columns: list[str]
    mapping: dict[str, str]  # header text -> field label
    households_created: int
    households_updated: int
    written: bool
    skipped_lines: list[int]
    # a dry run asked to keep what it read (the wizard's preview): hand it to the import
    prepared: PreparedFile | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "households_created": self.households_created,
            "households_updated": self.households_updated,
            "unused_columns": self.unused_columns,
            "written": self.written,
            "skipped_lines": self.skipped_lines,
            "issues": [i.as_json() for i in self.issues],
        }


@dataclass(frozen=True)
class FilePreview:
    """The first step of the import wizard: the sheet, its header, and the mapping to propose
    (the one remembered for this header, else the recognised columns)."""

    path: Path
    sheet: SheetPreview
    mapping: dict[int, str]
    remembered: bool
