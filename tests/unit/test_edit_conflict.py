"""No silent overwrite: an edit made from a dialog opened before someone else's change is refused
with who changed what; the person may then overwrite on purpose."""

from __future__ import annotations

import dataclasses

import pytest

from jkn_desktop.records.households import HouseholdInput
from jkn_desktop.records.people import Actor
from jkn_desktop.records.residents import ResidentInput
from jkn_desktop.services.database import Database
from jkn_desktop.services.edit_conflict import EditConflict
from jkn_desktop.services.registry import households, residents
from tests.engines import outside

SRI = Actor(username="sri", roles=("sekretaris",), full_name="Sri")
BUDI = Actor(username="budi", roles=("operator",), full_name="Budi")


def _resident(db: Database) -> int:
    db.run(
        households.create,
        HouseholdInput("3313050101200001", "Jl. Melati 1", "001", "002", "Krajan"),
    )
    result = db.run(
        residents.create,
        ResidentInput(
            nik="3313054101900001", name="SITI AMINAH", sex="P", no_kk="3313050101200001"
        ),
    )
    return result.id


def test_a_stale_dialog_is_refused_and_names_who_changed_what(village_db: Database) -> None:
    rid = _resident(village_db)
    opened_by_sri = village_db.run(residents.get, rid, write=False)
    # Budi corrects the name in another window meanwhile
    budi_view = village_db.run(residents.get, rid, write=False)
    village_db.run(
        residents.update_resident,
        rid,
        dataclasses.replace(budi_view, name="SITI AMINAH BINTI KARTO"),
        opened=budi_view,
        user=BUDI,
    )
    # Sri, whose dialog still shows the old name, saves her phone number
    mine = dataclasses.replace(opened_by_sri, phone="081234567890")
    with pytest.raises(EditConflict) as caught:
        village_db.run(residents.update_resident, rid, mine, opened=opened_by_sri, user=SRI)
    conflict = caught.value
    assert conflict.by == "budi"
    assert [(f.field, f.opened, f.now) for f in conflict.fields] == [
        ("name", "SITI AMINAH", "SITI AMINAH BINTI KARTO")
    ]
    assert "budi" in conflict.message
    now = village_db.run(residents.get, rid, write=False)
    assert now.name == "SITI AMINAH BINTI KARTO"  # nothing of Sri's was written
    assert now.phone == ""
    # she chooses to keep her entry: the save goes through, on purpose
    village_db.run(residents.update_resident, rid, mine, opened=None, user=SRI)
    assert village_db.run(residents.get, rid, write=False).phone == "081234567890"


def test_a_dialog_whose_record_did_not_change_saves(village_db: Database) -> None:
    rid = _resident(village_db)
    opened = village_db.run(residents.get, rid, write=False)
    village_db.run(
        residents.update_resident,
        rid,
        dataclasses.replace(opened, phone="0811111111"),
        opened=opened,
    )
    assert village_db.run(residents.get, rid, write=False).phone == "0811111111"


def test_a_change_made_outside_the_program_is_caught_too(village_db: Database) -> None:
    rid = _resident(village_db)
    opened = village_db.run(residents.get, rid, write=False)
    outside(village_db, f"UPDATE resident SET mother_name = 'KARTINI' WHERE id = {int(rid)}")
    with pytest.raises(EditConflict) as caught:
        village_db.run(
            residents.update_resident,
            rid,
            dataclasses.replace(opened, phone="081299998888"),
            opened=opened,
        )
    assert caught.value.by == ""
    assert "di luar jendela ini" in caught.value.message
    assert [f.field for f in caught.value.fields] == ["mother_name"]


def test_a_stale_household_dialog_is_refused(village_db: Database) -> None:
    _resident(village_db)
    row = village_db.run(households.find_by_no_kk, "3313050101200001", write=False)
    village_db.run(
        households.update_household,
        row.id,
        HouseholdInput(row.no_kk, "Jl. Melati 3", row.rt, row.rw, row.dusun),
        opened=row,
        user=BUDI,
    )
    with pytest.raises(EditConflict) as caught:
        village_db.run(
            households.update_household,
            row.id,
            HouseholdInput(row.no_kk, row.address, "004", row.rw, row.dusun),
            opened=row,
            user=SRI,
        )
    assert [f.field for f in caught.value.fields] == ["address"]
    assert caught.value.by == "budi"
