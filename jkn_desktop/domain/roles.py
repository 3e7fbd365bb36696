"""Who may do what (issue #14): the roles of a village office and the permissions each carries.

The services check a permission at their top (``work.require``), so a refused action is refused
whatever asked for it — a button, the command line or a script — not only hidden. Reading is open
to every role; what a role may change, approve, export or administer is listed here and nowhere
else. Least privilege (UU 27/2022 on personal data): the admin manages accounts and backups but
does not edit residents; the pemeriksa reads and exports nothing with full NIKs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# permissions: what a service asks for
REGISTRY: Final = "registry"  # residents, households
IMPORT: Final = "import"  # resident files, PBI lists
MEMBERSHIP: Final = "membership"  # JKN observations, desil, the counter's log
PROPOSALS: Final = "proposals"  # usulan, their suggestions, Musdes lists
APBDES: Final = "apbdes"  # the village budget's premium lines, beneficiaries, payments
OFFICE: Final = "office"  # SKTM letters, the list of officials
EXPORT: Final = "export"  # workbooks, printouts and packages with full NIKs
EXPORT_MASKED: Final = "export_masked"  # printouts and lists whose NIKs are masked
APPROVE: Final = "approve"  # the Musdes approval, a month's package marked final
SETTINGS: Final = "settings"  # the village's identity and the program's settings
USERS: Final = "users"  # accounts: add, disable, reset a password
BACKUP: Final = "backup"  # backups and restore
AUDIT: Final = "audit"  # the audit page and its export
REVIEW: Final = "review"  # the kecamatan: people counted twice, a package returned to its village

PERMISSION_WORDS: Final[dict[str, str]] = {
    REGISTRY: "mengubah data penduduk dan keluarga",
    IMPORT: "mengimpor berkas",
    MEMBERSHIP: "mencatat kepesertaan JKN",
    PROPOSALS: "menyiapkan usulan",
    APBDES: "mengelola iuran dari APBDes",
    OFFICE: "mengelola surat dan daftar perangkat",
    EXPORT: "mengekspor dan mencetak data dengan NIK lengkap",
    EXPORT_MASKED: "mencetak daftar dengan NIK tersamar",
    APPROVE: "menyetujui hasil Musdes dan menetapkan paket bulanan",
    SETTINGS: "mengubah pengaturan dan identitas desa",
    USERS: "mengelola akun pengguna",
    BACKUP: "membuat cadangan dan memulihkan basis data",
    AUDIT: "melihat jejak audit",
    REVIEW: "menilai data ganda antardesa dan mengembalikan paket desa",
}

_OPERATOR = frozenset({REGISTRY, IMPORT, MEMBERSHIP, REVIEW})
_SEKRETARIS = _OPERATOR | {PROPOSALS, APBDES, OFFICE, EXPORT, EXPORT_MASKED}

ROLES: Final[dict[str, frozenset[str]]] = {
    "operator": _OPERATOR,
    "sekretaris": _SEKRETARIS,
    "kepala_desa": frozenset({APPROVE, AUDIT, EXPORT_MASKED}),
    "admin": frozenset({USERS, SETTINGS, BACKUP, AUDIT}),
    "pemeriksa": frozenset({EXPORT_MASKED}),
}

ROLE_WORDS: Final[dict[str, str]] = {
    "operator": "Operator",
    "sekretaris": "Sekretaris Desa",
    "kepala_desa": "Kepala Desa",
    "admin": "Admin",
    "pemeriksa": "Pemeriksa",
}

# what each role is for, shown where an admin picks one
# the same roles in a kecamatan office (a kecamatan file): the Camat approves and signs
ROLE_WORDS_KECAMATAN: Final[dict[str, str]] = {
    **ROLE_WORDS,
    "sekretaris": "Sekretaris Kecamatan",
    "kepala_desa": "Camat",
}

ROLE_HINTS: Final[dict[str, str]] = {
    "operator": "penduduk, keluarga, impor, kepesertaan JKN",
    "sekretaris": "seperti operator, ditambah usulan, APBDes, ekspor dan cetak",
    "kepala_desa": "menyetujui dan menetapkan; melihat semua dan jejak audit",
    "admin": "akun pengguna, pengaturan, cadangan dan pemulihan",
    "pemeriksa": "hanya melihat; tanpa ekspor NIK lengkap",
}

# … and in a kecamatan office, where the work is receiving the villages' packages
ROLE_HINTS_KECAMATAN: Final[dict[str, str]] = {
    **ROLE_HINTS,
    "operator": "menerima paket desa, menilai data ganda, mengembalikan paket",
    "sekretaris": "seperti operator, ditambah ekspor dan cetak laporan",
    "kepala_desa": "menandatangani laporan; melihat semua dan jejak audit",
}

# a job with no logged-in person: a file before its first account, the demo, the self-test
SYSTEM_ROLE: Final = "sistem"
ALL_PERMISSIONS: Final = frozenset(PERMISSION_WORDS)

MIN_PASSWORD_LENGTH: Final = 8


def permissions_of(roles: tuple[str, ...]) -> frozenset[str]:
    """What an account may do: the union of its roles' permissions (an office of two people may
    give one account both "sekretaris" and "admin")."""
    if SYSTEM_ROLE in roles:
        return ALL_PERMISSIONS
    return frozenset().union(*(ROLES.get(r, frozenset()) for r in roles))


def parse_roles(text: str) -> tuple[str, ...]:
    """The stored "sekretaris,admin" as a tuple in the order of ``ROLES``; unknown keys dropped."""
    given = {part.strip() for part in text.split(",")}
    return tuple(r for r in ROLES if r in given)


def roles_label(roles: tuple[str, ...], words: Mapping[str, str] = ROLE_WORDS) -> str:
    """ "Sekretaris Desa + Admin"; ``words``: a kecamatan office's names of the roles."""
    return " + ".join(words[r] for r in roles) or "-"


def roles_with(permission: str) -> list[str]:
    """The roles that carry ``permission``, in the order of ``ROLES``."""
    return [role for role, perms in ROLES.items() if permission in perms]


def roles_in_words(permission: str) -> str:
    """ "Operator, Sekretaris Desa atau Admin": who may do it, for a refusal's message."""
    words = [ROLE_WORDS[r] for r in roles_with(permission)]
    if not words:
        return "tidak ada peran"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " atau " + words[-1]
