"""Checks on the .docx zip before any XML is parsed: a bomb or a non-Word zip is refused early.

python-docx would inflate every part into memory; a 40 KB zip can hold gigabytes. The central
directory tells the uncompressed sizes without inflating anything, so this costs nothing.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..base import Limits
from ..errors import DocumentError

MAX_RATIO = 200  # XML compresses well, but not this well


def check_package(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                if "EncryptedPackage" in names or "EncryptionInfo" in names:
                    raise DocumentError("encrypted Word document (password protected)")
                raise DocumentError("a zip file, but not a Word document (no word/document.xml)")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > limits.max_unzipped or (total > 10_000_000 and total / packed > MAX_RATIO):
                raise DocumentError(f"refused: unpacks to {total / 1e6:.0f} MB (zip bomb protection)")
    except zipfile.BadZipFile:
        raise DocumentError("corrupt or truncated Word document (not a valid zip)") from None
    except (zipfile.LargeZipFile, NotImplementedError) as e:
        raise DocumentError(f"unsupported zip features in Word document ({e})") from None
