#!/usr/bin/env bash
# Render corpus/documents/*.docx to PDF beside each file with LibreOffice (fixture tooling only:
# the PDFs are committed so tests never need LibreOffice).
#
#   corpus/render_pdfs.sh            render every .docx whose .pdf is missing or older
#   corpus/render_pdfs.sh --all      render every .docx
#   corpus/render_pdfs.sh NAME...    render the named documents (stem or .docx)
#
# One soffice call for the whole batch with a throw-away profile (so it also runs as root and
# never touches a user profile). pdf_normalize.py then fixes the time stamps, random ids and font
# UniqueIDs LibreOffice writes, so re-rendering an unchanged .docx gives identical bytes.
# fonts.conf maps the Chinese office fonts the documents name onto the installed Noto CJK fonts.
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

for f in "${files[@]}"; do rm -f "${f%.docx}.pdf"; done  # a failed render must not leave a stale PDF
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
export TZ=UTC LC_ALL=C.UTF-8 FONTCONFIG_FILE="$PWD/../fonts.conf"
soffice --headless --norestore --nologo -env:UserInstallation="file://$profile" \
  --convert-to pdf --outdir . "${files[@]}" >&2

pdfs=()
for f in "${files[@]}"; do
  pdf="${f%.docx}.pdf"
  [ -e "$pdf" ] || { echo "render_pdfs: $pdf was not produced" >&2; exit 1; }
  pdfs+=("$pdf")
done
python3 ../pdf_normalize.py "${pdfs[@]}"
echo "render_pdfs: rendered ${#pdfs[@]} PDF(s)" >&2
