"""The one table of error messages: every key raised is in it, every entry is raised, no two
entries alike, every raise passes exactly the placeholders its template names, and every
template is Indonesian."""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.issues import error, warning
from jkn_desktop.errors import DatabaseError, UserError, ValidationError
from jkn_desktop.messages import AREAS, MESSAGES, code_of, message

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("jkn_desktop", "ui")
BASE_ERRORS = {"UserError"}
# UserError itself passes the key it was given on to message(): it names none of its own
FORWARDER = ("jkn_desktop/errors.py", "UserError")

# Entries no raise names literally: none today. An entry used through a computed key belongs
# here, with the reason.
DYNAMIC: dict[str, str] = {}

# Placeholders that carry whole sentences (ending in their own period) from elsewhere: a template
# may end with one of them.
SENTENCES = {
    "problem": "VALIDATION: the first error's own message, from the validation findings",
    "problems": "MEMBERSHIP_INVALID: the MEMBERSHIP_INVALID.* sentences of one observation",
    "short": "LIST_SHORT: the LIST_SHORT.found sentence",
}

# The codes the command line, the README and the tests have named: they never go away.
STABLE_CODES = frozenset(
    re.findall(
        r"\w+",
        """
    ALASAN_KOSONG BARIS_BERISI BARIS_HILANG BUKAN_PDF BUKAN_WARGA BULAN CELL_TOO_LONG DB_CORRUPT
    DB_DAMAGED DB_EMPTY_FILE DB_ERROR DB_IOERR DB_IS_DIR DB_LOCKED DB_NOT_FILE DB_NOT_SQLITE
    DB_READONLY DB_TOO_NEW DB_UNOPENABLE DEMO_NOT_EMPTY DEMO_SIZE DESIL_RANGE DISK_FULL
    FILE_ACCESS FILE_EMPTY FILE_LOCKED FILE_NOT_FOUND FILE_NOT_REGULAR FILE_PROTECTED
    FILE_TOO_LARGE FILE_UNREADABLE FILE_WRITE HEADER_NOT_FOUND HOUSEHOLD_NOT_EMPTY
    HOUSEHOLD_NOT_FOUND JENIS_BERKAS JENIS_DAFTAR JENIS_DOKUMEN JUMLAH KK_KOSONG KK_TIDAK_ADA
    KODE_FORMAT KODE_JENIS KODE_NAMA KODE_TIDAK_ADA KODE_WILAYAH_FORMAT KODE_WILAYAH_UNKNOWN
    LANGKAH LINE_TOO_LONG LIST_EMPTY LIST_SHORT MEMBERSHIP_INVALID MUSDES_HILANG MUSDES_TANGGAL
    MUSDES_TEMPAT NIK_COLUMN_MISSING NIK_FORMAT NO_GUI NO_VILLAGE PAGU PENERIMA_DITOLAK
    PENERIMA_HILANG PERIODE PERIOD_FORMAT PERIOD_FUTURE PERIOD_MISMATCH PERIOD_MISSING
    RESIDENT_NOT_FOUND SCREENSHOT_DIR SCREENSHOT_FAILED SEGMENT_UNKNOWN SHEET_NONE
    SHEET_NOT_FOUND SHEET_TOO_LARGE SKEMA SOURCE_UNKNOWN SPLIT_NOT_MEMBER STATUS_INVALID TAHUN
    TAHUN_TERKUNCI TANGGAL TANPA_APBDES TARIF_GANDA TARIF_HILANG TARIF_KELAS TARIF_KOSONG
    TARIF_NEGATIF TARIF_NOL TARIF_SEGMEN TARIF_TIDAK_PAS TIDAK_ADA_PENERIMA USULAN_ALASAN
    USULAN_GANDA USULAN_GANTI USULAN_HILANG USULAN_JALUR USULAN_JENIS USULAN_LANGKAH
    USULAN_SURAT USULAN_TERKUNCI VALIDATION
    """,
    )
)

ENGLISH = re.compile(
    r"\b(error|errors|failed|failure|fail|not|found|database|cannot|invalid|please|unknown|"
    r"missing|warning|the|must|should|is|are|and|or|of|to|with|file is)\b",
    re.IGNORECASE,
)
KEY = re.compile(r"^[A-Z][A-Z0-9_]*(\.[a-z][a-z0-9_]*)?$")


@dataclass(frozen=True)
class Site:
    where: str
    key: str | None  # None: the first argument is not a string
    keywords: frozenset[str]
    spread: bool  # **params: the keywords cannot be read


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _trees() -> list[tuple[str, ast.Module]]:
    found = []
    for pkg in SOURCES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            found.append((str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _error_classes(trees: list[tuple[str, ast.Module]]) -> tuple[set[str], set[str]]:
    """The UserError family by name, and those of them with an ``__init__`` of their own (they
    are called with their own arguments and name their key inside)."""
    classes = set(BASE_ERRORS)
    own_init: set[str] = set()
    defs = [n for _, t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for node in defs:
            if node.name not in classes and any(_name(b) in classes for b in node.bases):
                classes.add(node.name)
                grew = True
    for node in defs:
        if node.name in classes - BASE_ERRORS and any(
            isinstance(f, ast.FunctionDef) and f.name == "__init__" for f in node.body
        ):
            own_init.add(node.name)
    return classes, own_init


def _site(where: str, call: ast.Call) -> Site:
    first = call.args[0] if call.args else None
    key = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    names = frozenset(k.arg for k in call.keywords if k.arg is not None)
    return Site(where, key, names, any(k.arg is None for k in call.keywords))


def _is_super_init(call: ast.Call) -> bool:
    f = call.func
    return (
        isinstance(f, ast.Attribute)
        and f.attr == "__init__"
        and isinstance(f.value, ast.Call)
        and _name(f.value.func) == "super"
    )


def scan() -> tuple[list[Site], set[str]]:
    """Every construction of an error of the family, every ``super().__init__`` inside one, and
    every ``message(...)`` call; with the classes that take their own arguments."""
    trees = _trees()
    classes, own_init = _error_classes(trees)
    sites: list[Site] = []
    for where, tree in trees:
        skip = {
            id(n)
            for c in ast.walk(tree)
            if (where, getattr(c, "name", None)) == FORWARDER
            for n in ast.walk(c)
        }
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            if cls.name in classes:
                for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                    if _is_super_init(call) and id(call) not in skip:
                        sites.append(_site(f"{where}:{call.lineno} ({cls.name})", call))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and id(n) not in skip):
            name = _name(call.func)
            if name in classes or (isinstance(call.func, ast.Name) and name == "message"):
                if name in own_init:
                    continue  # GuardError(blocked), ValidationError(issues)
                sites.append(_site(f"{where}:{call.lineno}", call))
    return sites, own_init


SITES, OWN_INIT = scan()


def placeholders(template: str) -> set[str]:
    return {
        re.split(r"[.\[]", field)[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field is not None
    }


def test_the_scan_sees_the_raise_sites():
    assert len(SITES) > 150
    assert {"GuardError", "ValidationError"} <= OWN_INIT


def test_every_key_is_a_literal_string_with_readable_keywords():
    computed = [s.where for s in SITES if s.key is None]
    spread = [s.where for s in SITES if s.spread]
    assert not computed, f"key not written as a string: {computed}"
    assert not spread, f"**params hides the placeholders: {spread}"


def test_every_key_raised_is_in_the_table():
    missing = sorted({f"{s.key} ({s.where})" for s in SITES if s.key not in MESSAGES})
    assert not missing


def test_every_entry_is_raised_somewhere():
    used = {s.key for s in SITES}
    unused = sorted(set(MESSAGES) - used - set(DYNAMIC))
    assert not unused, f"in the table but raised nowhere: {unused}"
    assert not set(DYNAMIC) - set(MESSAGES)


def test_no_two_entries_share_a_template():
    seen: dict[str, str] = {}
    for key, template in MESSAGES.items():
        assert template not in seen, f"{key} and {seen[template]} say the same"
        seen[template] = key


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_keys_are_codes_with_an_optional_variant(key):
    assert KEY.match(key), key


def test_every_raise_passes_exactly_the_placeholders_of_its_template():
    wrong = []
    for s in SITES:
        assert s.key is not None
        wanted = placeholders(MESSAGES[s.key])
        if set(s.keywords) != wanted:
            wrong.append(f"{s.where} {s.key}: passes {sorted(s.keywords)}, needs {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_template_is_indonesian_and_ends_a_sentence(key):
    template = MESSAGES[key]
    fields = list(string.Formatter().parse(template))
    assert all(f is None or (f and f[0].isalpha()) for _, f, _, _ in fields), "named fields only"
    literal = " ".join(text for text, _, _, _ in fields)
    assert not ENGLISH.search(literal.replace("basis data", "")), ENGLISH.search(literal)
    last = template.rstrip()
    ends_with_sentence = any(last.endswith("{" + p + "}") for p in SENTENCES)
    assert last.endswith((".", "?")) or ends_with_sentence, template
    filled = message(key, **dict.fromkeys(placeholders(template), "x"))
    assert "{" not in filled


def test_the_codes_are_stable():
    codes = {code_of(k) for k in MESSAGES}
    assert codes >= STABLE_CODES, sorted(STABLE_CODES - codes)


def test_the_areas_do_not_overlap():
    assert sum(len(m) for m in AREAS.values()) == len(MESSAGES)


# --- the exceptions ---------------------------------------------------------------------------
def test_an_error_carries_its_code_its_key_and_the_filled_message():
    exc = DatabaseError("DB_LOCKED", name="desa.sqlite3")
    assert (exc.code, exc.key) == ("DB_LOCKED", "DB_LOCKED")
    assert exc.message == str(exc)
    assert exc.message.startswith("Basis data desa.sqlite3 sedang dipakai program lain.")
    variant = UserError("FILE_UNREADABLE.xlsb", name="data.xlsb")
    assert (variant.code, variant.key) == ("FILE_UNREADABLE", "FILE_UNREADABLE.xlsb")
    assert "data.xlsb" in variant.message


def test_a_message_cannot_be_written_at_the_raise():
    with pytest.raises(TypeError):
        UserError("DB_LOCKED", "Basis data sedang dipakai.")  # type: ignore[call-arg]
    with pytest.raises(KeyError):
        UserError("TIDAK_ADA_KODE_INI")
    with pytest.raises(KeyError):
        UserError("DB_LOCKED")  # the placeholder {name} is missing


def test_a_placeholder_may_be_named_code():
    exc = UserError("KODE_WILAYAH_FORMAT", code="35.08")
    assert exc.code == "KODE_WILAYAH_FORMAT"
    assert "'35.08'" in exc.message


def test_a_validation_error_says_its_first_error():
    exc = ValidationError(
        [warning("W", "Hanya peringatan."), error("A", "Yang pertama."), error("B", "Kedua.")]
    )
    assert (exc.code, exc.message) == ("VALIDATION", "Yang pertama.")
    assert [i.code for i in exc.issues] == ["W", "A", "B"]
    only_warnings = ValidationError([warning("W", "Hanya peringatan.")])
    assert only_warnings.message == MESSAGES["VALIDATION.none"]


def test_the_guard_of_a_stranger_and_its_error_share_a_code():
    assert A.GUARD_NOT_FOUND == "BUKAN_WARGA"
