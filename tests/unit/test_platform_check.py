"""The Windows the window can run on (Qt 6.8+: Windows 10 1809 or later, 64-bit), and what an
older one is told, in Indonesian, before Qt is loaded (ui/platform_check.py)."""

from __future__ import annotations

import sys

import pytest

from ui.platform_check import MIN_WINDOWS_BUILD, check_windows, windows_name, windows_problem


@pytest.mark.parametrize(
    "version",
    [(10, 0, MIN_WINDOWS_BUILD), (10, 0, 19045), (10, 0, 22631), (10, 0, 26100)],
    ids=["10-1809", "10-22H2", "11-23H2", "11-24H2"],
)
def test_windows_10_1809_and_later_run_the_window(version: tuple[int, int, int]) -> None:
    assert windows_problem(version, is_64bit=True) is None


@pytest.mark.parametrize(
    ("version", "named"),
    [
        ((10, 0, 17134), "Windows 10 (build 17134)"),  # 1803: one release too old for Qt 6.8
        ((10, 0, 10240), "Windows 10 (build 10240)"),
        ((6, 3, 9600), "Windows 8.1 (build 9600)"),
        ((6, 1, 7601), "Windows 7 (build 7601)"),
    ],
)
def test_an_older_windows_is_told_what_it_needs_in_indonesian(
    version: tuple[int, int, int], named: str
) -> None:
    message = windows_problem(version, is_64bit=True)
    assert message is not None
    assert message.startswith("JKN Desktop tidak dapat berjalan di komputer ini.")
    assert "Windows 10 versi 1809 atau yang lebih baru" in message
    assert f"Komputer ini memakai {named}." in message
    assert "Windows Update" in message


def test_a_32_bit_system_is_refused_even_when_new_enough() -> None:
    message = windows_problem((10, 0, 19045), is_64bit=False)
    assert message is not None
    assert "Komputer ini memakai Windows 10 (build 19045) 32-bit." in message


def test_windows_names_as_people_know_them() -> None:
    assert windows_name((6, 3, 9600)) == "Windows 8.1"
    assert windows_name((10, 0, 19045)) == "Windows 10"
    assert windows_name((10, 0, 22000)) == "Windows 11"
    assert windows_name((5, 1, 2600)) == "Windows 5.1"


@pytest.mark.skipif(sys.platform == "win32", reason="the check is a no-op elsewhere only")
def test_other_systems_are_never_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_windows(has_console=True)
    assert check_windows(has_console=False)
    assert capsys.readouterr().err == ""
