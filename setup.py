"""What pyproject.toml cannot say: resources/ and db/ stay top-level folders of the repository, but
a wheel carries them inside the jkn_desktop package (jkn_desktop/resources, jkn_desktop/db), so
nothing generic named ``resources`` or ``db`` lands in site-packages. jkn_desktop/paths.py finds
them in either place, and in the frozen bundle. Decision 40."""

from __future__ import annotations

from setuptools import find_namespace_packages, find_packages, setup

# top-level folder → where it lives in the installed package
SHIPPED = {"resources": "jkn_desktop.resources", "db": "jkn_desktop.db"}


def _shipped_packages() -> tuple[list[str], dict[str, str]]:
    """Each shipped folder and its subfolders as (data) packages, mapped to the folder."""
    packages: list[str] = []
    mapping: dict[str, str] = {}
    for folder, package in SHIPPED.items():
        mapping[package] = folder
        packages.append(package)
        subfolders = find_namespace_packages(where=folder, exclude=["*__pycache__*"])
        packages += [f"{package}.{sub}" for sub in subfolders]
    return packages, mapping


shipped, package_dir = _shipped_packages()
setup(
    packages=[*find_packages(include=["jkn_desktop", "jkn_desktop.*", "ui", "ui.*"]), *shipped],
    package_dir=package_dir,
    package_data={package: ["*"] for package in shipped},
    exclude_package_data={package: ["*.pyc"] for package in shipped},
)
