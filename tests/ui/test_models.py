"""Table models behave as Qt expects (qtmodeltester) and fetch rows a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from ui.table_model import PAGE, ROW_ROLE, Column, LazyIdTableModel, ListTableModel


@dataclass(frozen=True)
class Row:
    id: int
    name: str


COLUMNS = [
    Column("id", "Id", lambda r: str(r.id), Qt.AlignmentFlag.AlignRight),
    Column("name", "Nama", lambda r: r.name),
]


def test_lazy_model_passes_modeltester_and_fetches_by_page(qtmodeltester):
    requests: list[list[int]] = []

    def fetch(ids, deliver):
        requests.append(list(ids))
        deliver([Row(i, f"WARGA {i}") for i in ids])

    model = LazyIdTableModel(COLUMNS, fetch)
    model.set_ids(list(range(1, 1001)))
    qtmodeltester.check(model)
    assert model.rowCount() == 1000
    model = LazyIdTableModel(COLUMNS, fetch)
    model.set_ids(list(range(1, 1001)))
    requests.clear()
    assert model.data(model.index(450, 1)) == "WARGA 451"
    assert model.data(model.index(451, 0)) == "452"
    assert requests == [list(range(PAGE * 2 + 1, PAGE * 3 + 1))]  # one page, fetched once


def test_lazy_model_shows_placeholder_until_rows_arrive_and_ignores_stale_answers():
    pending = []
    model = LazyIdTableModel(COLUMNS, lambda ids, deliver: pending.append((ids, deliver)))
    model.set_ids([5, 6, 7])
    assert model.data(model.index(0, 1)) == "…"
    assert model.data(model.index(0, 1), ROW_ROLE) is None
    ids, deliver = pending.pop()
    model.set_ids([7])  # the list changed before the answer came
    deliver([Row(i, f"LAMA {i}") for i in ids])
    assert model.data(model.index(0, 1)) == "…"
    ids, deliver = pending.pop()
    deliver([Row(7, "BARU 7")])
    assert model.data(model.index(0, 1)) == "BARU 7"


def test_list_model_passes_modeltester(qtmodeltester):
    model = ListTableModel(COLUMNS)
    model.set_rows([Row(1, "A"), Row(2, "B")])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 1)) == "B"


def test_lazy_model_shows_the_rows_read_with_the_list_without_asking_again():
    requests: list[list[int]] = []

    def fetch(ids, deliver):
        requests.append(list(ids))
        deliver([Row(i, f"WARGA {i}") for i in ids])

    model = LazyIdTableModel(COLUMNS, fetch)
    ids = list(range(1, 1001))
    model.set_ids(ids, [Row(i, f"PERTAMA {i}") for i in ids[:PAGE]])
    assert model.data(model.index(0, 1)) == "PERTAMA 1"
    assert model.data(model.index(PAGE - 1, 0)) == str(PAGE)
    assert requests == []  # the first page came with the list
    assert model.data(model.index(PAGE, 1)) == f"WARGA {PAGE + 1}"
    assert requests == [ids[PAGE : 2 * PAGE]]
    model.set_ids([5])  # a new list forgets the rows of the old one
    assert model.data(model.index(0, 1)) == "WARGA 5"
