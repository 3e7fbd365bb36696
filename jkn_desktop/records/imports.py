"""What reading a spreadsheet finds: the issues of its rows and the sheet the wizard previews."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int  # the spreadsheet's own row number (the line number in a CSV)
    column: str
    code: str
    severity: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class SheetPreview:
    """What the wizard shows before the mapping step: the sheets, the header found and the first
    rows under it."""

    sheet: str
    sheet_names: list[str]
    header_row: int  # 1-based
    headers: list[str]
    columns: dict[int, str]  # column index -> field, as recognised
    sample: list[list[Any]]
