"""Files the user picks: a spreadsheet to import (refused whole, the database untouched) and a
file the program writes."""

from __future__ import annotations

_RESAVE = "Buka di Excel lalu simpan ulang sebagai .xlsx."
_SPLIT = "Pisahkan datanya menjadi beberapa berkas, misalnya per dusun, lalu impor satu per satu."
_PICK = "Pilih berkas .xlsx, .xls, .ods atau .csv."
_LIMITS = (
    "batasnya paling banyak {max_rows} baris, {max_cols} kolom dan {max_cells} sel (baris × "
    "kolom, dihitung dari A1). Di Excel tekan Ctrl+End untuk melihat sel terakhir, hapus baris "
    "dan kolom kosong di luar data (atau pisahkan datanya), simpan, lalu impor lagi."
)
_TEXT = (
    "akan menjadi terlalu banyak teks saat dibaca (sekitar {chars} karakter; batasnya {limit}): "
    "teks panjang yang diulang di sangat banyak sel. Periksa isi sel yang berulang, atau "
    "pisahkan datanya menjadi beberapa berkas, misalnya per dusun, lalu impor satu per satu."
)
_CANNOT_WRITE = "Berkas {path} tidak bisa ditulis: "

MESSAGES: dict[str, str] = {
    # --- the file itself
    "FILE_NOT_FOUND": "Berkas {path} tidak ditemukan.",
    "FILE_NOT_REGULAR": (
        "{path} bukan berkas biasa (perangkat, pipa atau soket), jadi tidak dibaca. " + _PICK
    ),
    "FILE_NOT_REGULAR.folder": "{path} adalah folder, bukan berkas. " + _PICK,
    "FILE_EMPTY": "Berkas {name} kosong (0 bita).",
    "FILE_EMPTY.blank": "Berkas {name} kosong: isinya hanya spasi atau baris kosong.",
    "FILE_ACCESS": (
        "Berkas {name} tidak bisa dibuka: izinnya ditolak atau berkas sedang dipakai program "
        "lain. Tutup berkas itu (mis. di Excel), lalu coba lagi."
    ),
    "FILE_PROTECTED": (
        "Berkas {name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File → Info → "
        "Lindungi Buku Kerja), simpan, lalu impor lagi."
    ),
    "FILE_TOO_LARGE": "Berkas {name} terlalu besar ({size}; batasnya {limit}). " + _SPLIT,
    "FILE_TOO_LARGE.unpacked": (
        "Isi berkas {name} terlalu besar setelah dibuka ({size}; batasnya {limit}). " + _SPLIT
    ),
    "FILE_TOO_LARGE.ratio": (
        "Berkas {name} dimampatkan secara tidak wajar (isinya {ratio} kali lebih besar dari "
        "berkasnya), jadi tidak dibuka. " + _RESAVE
    ),
    "FILE_TOO_LARGE.memory": "Berkas {name} terlalu besar untuk dibaca di komputer ini. " + _SPLIT,
    # --- what is inside
    "FILE_UNREADABLE": (
        "Berkas {name} bukan lembar kerja yang bisa dibaca (rusak, terpotong, atau bukan berkas "
        "Excel/ODS/CSV). " + _RESAVE
    ),
    "FILE_UNREADABLE.odd": "Berkas {name} tidak wajar ({what}), jadi tidak dibuka. " + _RESAVE,
    "FILE_UNREADABLE.renamed_xls": (
        "Berkas {name} berisi buku kerja .xls lama, tetapi namanya .xlsx. Ganti akhiran namanya "
        "menjadi .xls, atau buka di Excel lalu simpan ulang sebagai .xlsx."
    ),
    "FILE_UNREADABLE.xlsb": (
        "Berkas {name} berformat Excel Binary (.xlsb), yang tidak dibaca aplikasi ini. Buka di "
        "Excel lalu simpan sebagai .xlsx (Buku Kerja Excel)."
    ),
    "FILE_UNREADABLE.sheet": (
        "Lembar '{sheet}' di {name} tidak bisa dibaca (isinya rusak atau tidak lengkap). " + _RESAVE
    ),
    "FILE_UNREADABLE.not_text": (
        "Berkas {name} bukan teks CSV (mungkin gambar atau berkas lain yang diganti namanya)."
    ),
    "FILE_UNREADABLE.csv": (
        "Berkas {name} bukan CSV yang bisa dibaca (baris {line}: tanda kutip atau karakter "
        "kendali yang tidak wajar). Buka di Excel lalu simpan ulang sebagai CSV atau .xlsx."
    ),
    "SHEET_NONE": "Berkas {name} tidak berisi lembar kerja.",
    "SHEET_NONE.hidden": (
        "Berkas {name} tidak punya lembar kerja yang terlihat (yang ada: {sheets}). Tampilkan "
        "lembarnya di Excel (klik kanan tab lembar → Perlihatkan), simpan, lalu impor lagi; atau "
        "sebut nama lembarnya."
    ),
    "SHEET_NOT_FOUND": "Lembar '{sheet}' tidak ada di {name}. Lembar yang ada: {sheets}.",
    "SHEET_TOO_LARGE": (
        "Lembar '{sheet}' di {name} tercatat berisi sel sampai {last} ({rows} baris × {cols} "
        "kolom, {cells} sel); " + _LIMITS
    ),
    "SHEET_TOO_LARGE.workbook": (
        "Berkas {name} tercatat berisi sel sampai {last} ({rows} baris × {cols} kolom, {cells} "
        "sel); " + _LIMITS
    ),
    "SHEET_TOO_LARGE.text": "Lembar '{sheet}' di {name} " + _TEXT,
    "SHEET_TOO_LARGE.text_workbook": "Berkas {name} " + _TEXT,
    "CELL_TOO_LONG": (
        "Sel {cell} di lembar '{sheet}' ({name}) berisi {length} karakter; paling banyak "
        "{limit}. Periksa isi sel itu (mungkin tertempel teks yang sangat panjang), simpan, lalu "
        "impor lagi."
    ),
    "CELL_TOO_LONG.csv": (
        "Satu isian di baris {line} berkas {name} berisi {length} karakter; paling banyak "
        "{limit} karakter. Periksa baris itu (mungkin tanda kutip yang tidak ditutup atau teks "
        "yang sangat panjang), simpan, lalu impor lagi."
    ),
    "CELL_TOO_LONG.csv_unmeasured": (
        "Satu isian di baris {line} berkas {name} terlalu panjang; paling banyak {limit} "
        "karakter. Periksa baris itu (mungkin tanda kutip yang tidak ditutup atau teks yang "
        "sangat panjang), simpan, lalu impor lagi."
    ),
    "LINE_TOO_LONG": (
        "Baris {line} di {name} terlalu panjang (lebih dari {limit} karakter dalam satu baris "
        'data). Biasanya ada tanda kutip (") yang tidak ditutup. Buka di Excel lalu simpan ulang '
        "sebagai CSV atau .xlsx."
    ),
    # --- the columns a list needs
    "HEADER_NOT_FOUND": (
        "Baris judul kolom tidak ditemukan di 20 baris pertama lembar '{sheet}' ({name}). "
        "Pastikan ada baris berisi nama kolom seperti {columns}."
    ),
    "NIK_COLUMN_MISSING": (
        "Lembar '{sheet}' tidak punya kolom NIK (dikenali: {found}). Tambahkan kolom NIK, atau "
        "pilih kolom NIK di langkah pemetaan kolom, lalu impor lagi."
    ),
    "NIK_COLUMN_MISSING.list": (
        "Lembar '{sheet}' tidak punya kolom NIK atau NAMA; peserta tidak bisa dicocokkan."
    ),
    # --- a file the program writes
    "FILE_LOCKED": (
        "Berkas {name} tidak bisa ditulis; mungkin sedang terbuka di Excel atau pembaca PDF, atau "
        "foldernya hanya-baca. Tutup berkas itu atau pilih folder lain, lalu ulangi."
    ),
    "FILE_WRITE": _CANNOT_WRITE + "periksa sisa ruang disk dan foldernya, lalu ulangi.",
    "FILE_WRITE.no_folder": (
        _CANNOT_WRITE + "foldernya tidak ada atau tidak bisa dibuat. Pilih folder lain."
    ),
    "FILE_WRITE.full": (
        _CANNOT_WRITE + "disk atau flashdisk penuh. Kosongkan ruang atau pilih tempat lain, lalu "
        "ulangi."
    ),
    "FILE_WRITE.read_only": (
        _CANNOT_WRITE + "tempat itu hanya-baca (mis. flashdisk terkunci). Pilih folder lain."
    ),
    "FILE_WRITE.denied": _CANNOT_WRITE + "tidak ada izin menulis di folder itu. Pilih folder lain.",
    "FILE_WRITE.long_name": (
        _CANNOT_WRITE + "nama atau alamat berkasnya terlalu panjang. Pakai nama yang lebih pendek."
    ),
    "FILE_WRITE.is_folder": (
        _CANNOT_WRITE + "yang dipilih adalah folder, bukan berkas. Tulis nama berkasnya."
    ),
}
