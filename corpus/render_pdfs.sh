#!/usr/bin/env bash
# Render corpus/documents/*.docx to PDF beside each file with LibreOffice (fixture tooling only:
# the PDFs are committed so tests never need LibreOffice).
#
#   corpus/render_pdfs.sh            render every .docx whose .pdf is missing or older
#   corpus/render_pdfs.sh --all      render every .docx
#   corpus/render_pdfs.sh NAME...    render the named documents (stem or .docx)
#
# One soffice call for the whole batch with a throw-away profile (so it also runs as root and
# never touches a user profile). LibreOffice stamps the PDF with the time and a random /ID; both
# are overwritten in place with fixed same-length values so a re-render gives identical bytes.
set -euo pipefail
cd "$(dirname "$0")/documents"
shopt -s nullglob

files=()
if [ "${1:-}" = "--all" ]; then
  files=(*.docx)
elif [ $# -gt 0 ]; then
  for n in "$@"; do files+=("${n%.docx}.docx"); done
else
  for f in *.docx; do
    pdf="${f%.docx}.pdf"
    if [ ! -e "$pdf" ] || [ "$f" -nt "$pdf" ]; then files+=("$f"); fi
  done
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "render_pdfs: nothing to render" >&2
  exit 0
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
export TZ=UTC LC_ALL=C.UTF-8 FONTCONFIG_FILE="$PWD/../fonts.conf"
soffice --headless --norestore --nologo -env:UserInstallation="file://$profile" \
  --convert-to pdf --outdir . "${files[@]}" >&2

python3 - "${files[@]}" <<'PY'
import re, sys
from pathlib import Path

for name in sys.argv[1:]:
    pdf = Path(name).with_suffix(".pdf")
    if not pdf.exists():
        sys.exit(f"render_pdfs: {pdf} was not produced")
    data = pdf.read_bytes()
    # Same-length substitutions keep the xref offsets valid.
    data = re.sub(rb"\((D:\d{14})([^)]*)\)",
                  lambda m: b"(D:20240101000000" + b"Z" + b" " * (len(m.group(2)) - 1) + b")"
                  if len(m.group(2)) >= 1 else b"(D:20240101000000)", data)
    data = re.sub(rb"<([0-9A-Fa-f]{32})>", lambda m: b"<" + b"0" * 32 + b">", data)
    data = re.sub(rb"(<xmp:(?:Create|Modify|Metadata)Date>)[^<]*(</xmp:\w+Date>)",
                  lambda m: m.group(1) + b"2024-01-01T00:00:00Z" + m.group(2), data)
    pdf.write_bytes(data)
    print(f"rendered {pdf}", file=sys.stderr)
PY
