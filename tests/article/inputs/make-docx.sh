#!/bin/sh
# Makes story.docx the way a newsroom's Word-compatible tools do: LibreOffice (Debian's
# libreoffice-writer-nogui) converts docx-source.html, with picture.png embedded, into a
# Word document. Run it from this folder when the source changes; commit the result.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|PICTURE|$(base64 -w0 picture.png)|" docx-source.html > "$tmp/story.html"
HOME="$tmp" soffice --headless --infilter=HTML --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" "$tmp/story.html" >/dev/null
cp "$tmp/story.docx" story.docx
