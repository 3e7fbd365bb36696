"""The program itself: the command line without a window, the screenshots."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "NO_GUI": "Jendela tidak tersedia di sini; jalankan lewat jkn-desktop.",
    "SCREENSHOT_FAILED": "Gambar {path} tidak bisa disimpan.",
    "SCREENSHOT_DIR": (
        "Folder gambar {folder} tidak bisa dibuat (pesan sistem: {reason}). Pilih folder lain."
    ),
}
