"""The kecamatan's dashboard from packages held (kec_* rows written directly): per village from
the CURRENT package only, the verdict columns or the fallback rule, households, PBI changes,
proposals, officials, APBDes money against the need, villages that did not send; the trend and
a village's lists."""

from __future__ import annotations

import pytest

from jkn_desktop.errors import UserError
from jkn_desktop.services.kecamatan.identity import init_kecamatan, villages
from jkn_desktop.services.kecamatan.lists import village_lists
from jkn_desktop.services.kecamatan.summary import kecamatan_summary, kecamatan_trend
from tests.kec_fill import add_package


def person(nik: str, kk: str, seg: str | None, st: str | None, **kw: object) -> dict[str, object]:
    return {
        "nik": nik,
        "no_kk": kk,
        "name": f"Warga {nik[-3:]}",
        "segment": seg,
        "jkn_status": st,
        **kw,
    }


@pytest.fixture
def kec(db):  # type: ignore[no-untyped-def]
    db.run(init_kecamatan, "33.13.05", camat="Drs. Bambang Sutejo", camat_nip="196805121990031004")
    return db


def _codes(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [v.kode_wilayah for v in db.run(villages, write=False)]


def _fill_first(conn, a: str) -> None:  # type: ignore[no-untyped-def]
    add_package(
        conn,
        a,
        "2026-03",
        households=[
            {"no_kk": "K1", "desil": 2},
            {"no_kk": "K2", "desil": 7},
            {"no_kk": "K3", "desil": 4},
        ],
        residents=[
            person("1001", "K1", "pbi_apbn", "aktif", shdk=1),
            person("1002", "K1", None, None),  # K1 partly
            person("1003", "K2", "ppu", "aktif", shdk=1),
            person("1004", "K2", "pbpu_mandiri", "nonaktif"),  # registered, not active
            person("1005", "K3", None, None, shdk=1),
            person("1006", "K3", "belum_terdaftar", None),  # K3 fully
            person("1007", "K3", "pbi_apbn", "aktif", status_dasar=2),  # dead: not counted
            person("1008", "", "pbi_apbn", "aktif"),
        ],
    )


def test_a_village_from_its_current_package_with_the_fallback_rule(kec) -> None:  # type: ignore[no-untyped-def]
    a, b, *_ = _codes(kec)
    with kec.work("uji") as job:
        add_package(job.conn, a, "2026-03", residents=[person("9", "", "ppu", "aktif")])
        _fill_first(job.conn, a)  # the same month again: the first one is replaced
    s = kec.run(kecamatan_summary, "2026-03", write=False)
    row = next(v for v in s.villages if v.kode_wilayah == a)
    assert row.sent
    assert not row.verdicts
    assert (row.population, row.registered, row.active) == (7, 4, 3)
    assert (row.households, row.households_fully_uninsured, row.households_partly_uninsured) == (
        3,
        1,
        2,
    )
    assert row.uninsured == 4
    assert row.apbdes.need_people == 3  # 1002 (desil 2), 1005 and 1006 (desil 4)
    assert row.apbdes.need_months == 9
    assert row.apbdes.need == 3 * 9 * 42_000
    assert row.pbi_joined is None  # nothing received for February
    other = next(v for v in s.villages if v.kode_wilayah == b)
    assert not other.sent
    assert other.as_json()["state"] == "belum mengirim"
    assert s.total.population == 7
    assert len(s.missing) == len(s.villages) - 1
    assert s.target_coverage_pct == 98.0
    assert s.target_active_pct == 80.0


def test_verdict_columns_win_over_the_fallback(kec) -> None:  # type: ignore[no-untyped-def]
    a = _codes(kec)[0]
    with kec.work("uji") as job:
        add_package(
            job.conn,
            a,
            "2026-03",
            residents=[
                person("1", "K", "pbi_apbn", "aktif", registered=True, active=False),
                person("2", "K", None, None, registered=True, active=True),
            ],
        )
    row = kec.run(kecamatan_summary, "2026-03", write=False).villages[0]
    assert (row.registered, row.active, row.verdicts) == (2, 1, True)
    assert (row.households_fully_uninsured, row.households_partly_uninsured) == (0, 1)


def test_pbi_changes_proposals_officials_and_apbdes(kec) -> None:  # type: ignore[no-untyped-def]
    a = _codes(kec)[0]
    with kec.work("uji") as job:
        _fill_first(job.conn, a)
        add_package(
            job.conn,
            a,
            "2026-04",
            households=[{"no_kk": "K1", "desil": 2}],
            residents=[
                person("1001", "K1", "pbi_apbn", "aktif"),
                person("1002", "K1", "pbi_apbn", "aktif"),
                person("1008", "", "pbi_apbn", "nonaktif"),
            ],
            proposals=[
                {"kind": "penambahan", "status": "dikirim", "nik": "1002", "track": "pbi_apbn"},
                {"kind": "penambahan", "status": "draft", "nik": "1003", "track": "pbpu_pemda"},
                {"kind": "penghapusan", "status": "diterima", "nik": "1009"},
            ],
            lines=[
                {
                    "line_no": 1,
                    "pagu": 10_000_000,
                    "pagu_revised": 12_000_000,
                    "committed": 5_000_000,
                    "realized": 1_000_000,
                    "beneficiaries": 10,
                },
                {"line_no": 2, "pagu": 1_000_000, "committed": 0, "realized": 0},
                {"line_no": 3, "year": 2025, "pagu": 99_000_000},
            ],
            officials={
                "pejabat": 9,
                "ppu_aktif": 7,
                "bukan_ppu": 2,
                "keluarga": 20,
                "keluarga_belum_terlindungi": 3,
            },
        )
    s = kec.run(kecamatan_summary, "2026-04", write=False)
    row = s.villages[0]
    assert (row.pbi_joined, row.pbi_left) == (1, 1)  # 1002 joined, 1008 left
    assert row.proposals == {
        "penambahan": {"dikirim": 1, "draft": 1},
        "penghapusan": {"diterima": 1},
    }
    assert row.proposals_total == 3
    assert (row.officials, row.officials_not_ppu, row.officials_family_uncovered) == (9, 2, 3)
    m = row.apbdes
    assert (m.lines, m.pagu, m.committed, m.realized, m.capacity) == (
        2,
        13_000_000,
        5_000_000,
        1_000_000,
        8_000_000,
    )
    assert m.need_people == 0
    assert m.gap == 0
    assert s.total.pbi_joined == 1
    assert s.total.apbdes.pagu == 13_000_000
    trend = kec.run(kecamatan_trend, write=False)
    assert trend.months == ["2026-03", "2026-04"]
    assert [p.population for p in trend.total] == [7, 3]
    assert [p.active for p in trend.by_village[a]] == [3, 2]


def test_lists_of_a_village(kec) -> None:  # type: ignore[no-untyped-def]
    a = _codes(kec)[0]
    with kec.work("uji") as job:
        _fill_first(job.conn, a)
    kk = kec.run(village_lists, "2026-03", a, "kk_belum", write=False)
    assert kk.total == 3
    assert [r[0] for r in kk.rows] == ["K1", "K2", "K3"]
    assert kk.rows[2][-1] == "Seluruh anggota"
    assert kk.rows[0][1] == "Warga 001"
    people = kec.run(village_lists, "2026-03", a, "penduduk_belum", limit=2, write=False)
    assert people.total == 4
    assert len(people.rows) == 2
    by_name = kec.run(
        village_lists, "2026-03", a, "penduduk_belum", sort=1, descending=True, write=False
    )
    assert by_name.rows[0][1] == "Warga 006"
    assert by_name.rows[0][7] == "Belum terdaftar JKN"
    none = kec.run(village_lists, "2026-03", _codes(kec)[1], "usulan", write=False)
    assert none.total == 0
    with pytest.raises(UserError) as e:
        kec.run(village_lists, "2026-13", a, "usulan", write=False)
    assert e.value.code == "KEC_PERIODE"


def test_documents_refuse_what_cannot_be_made_and_write_nothing(kec, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from jkn_desktop.cli import main
    from jkn_desktop.services.kecamatan.dinsos import export_dinsos_kecamatan
    from jkn_desktop.services.kecamatan.quarterly import write_apbdes_evaluation, write_quarterly
    from jkn_desktop.services.kecamatan.upward import write_letter, write_recap

    out = tmp_path / "x.pdf"
    for fn, args in (
        (write_recap, ("2026-03", out)),
        (export_dinsos_kecamatan, ("2026-03", tmp_path / "x.xlsx")),
        (write_quarterly, (2026, 1, out)),
    ):
        with pytest.raises(UserError) as e:
            kec.run(fn, *args, write=False, user="staf")
        assert e.value.code == "KEC_BELUM_ADA_PAKET"
    with pytest.raises(UserError) as e:
        kec.run(write_apbdes_evaluation, 2026, tmp_path / "x.docx", write=False, user="staf")
    assert e.value.code == "JENIS_BERKAS"
    with pytest.raises(UserError) as e:
        kec.run(write_quarterly, 2026, 5, out, write=False, user="staf")
    assert e.value.code == "KEC_TRIWULAN"
    with kec.work("uji") as job:
        for kode in _codes(kec):
            add_package(job.conn, kode, "2026-03", residents=[person("1", "", None, None)])
    with pytest.raises(UserError) as e:
        kec.run(write_letter, "2026-03", out, write=False, user="staf")
    assert e.value.code == "KEC_SEMUA_MENGIRIM"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("x.")]
    db = kec.location.text if kec.on_server else str(kec.location)  # the address as typed
    assert main(["kecamatan", "recap", "--period", "2026-3x", "-o", str(out), "--db", db]) == 2
    assert "tidak dikenali" in capsys.readouterr().err
    assert not out.exists()


def test_the_evaluation_workbook_reads_back(kec, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from python_calamine import CalamineWorkbook

    from jkn_desktop.services.kecamatan.quarterly import write_apbdes_evaluation

    a, b, *_ = _codes(kec)
    with kec.work("uji") as job:
        _fill_first(job.conn, a)
        add_package(
            job.conn,
            b,
            "2025-12",
            households=[{"no_kk": "K9", "desil": 1}],
            residents=[person("2001", "K9", None, None)],
        )
        add_package(
            job.conn,
            a,
            "2026-04",
            households=[{"no_kk": "K1", "desil": 2}],
            residents=[person("1001", "K1", None, None), person("1002", "K1", None, None)],
            lines=[{"line_no": 1, "pagu": 1_000_000, "committed": 400_000}],
        )
    book = tmp_path / "evaluasi.xlsx"
    doc = kec.run(write_apbdes_evaluation, 2026, book, write=False, user="staf")
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Evaluasi APBDes 2026")
    cells = rows.to_python()
    first = next(r for r in cells if r[2] == a)
    # April's package: two people × 8 months (May–December) × Rp42.000
    assert first[3] == "April 2026"
    assert first[5] == 1_000_000
    assert first[8] == 600_000
    assert (first[9], first[10], first[11]) == (2, 8, 2 * 8 * 42_000)
    assert first[12] == 2 * 8 * 42_000 - 600_000
    assert first[13].startswith("Kurang Rp")
    second = next(r for r in cells if r[2] == b)
    # December 2025's package: the whole of 2026, nothing budgeted for it yet
    assert (second[10], second[11]) == (12, 12 * 42_000)
    assert second[13] == "Belum menganggarkan iuran JKN"
    assert doc.rows == len(cells) - 1
