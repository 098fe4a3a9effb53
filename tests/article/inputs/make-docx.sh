#!/bin/sh
# Makes the Word documents the way a newsroom's Word-compatible tools do: LibreOffice
# (Debian's libreoffice-writer-nogui) converts docx-source.html, with picture.png embedded,
# into story.docx, and styled.fodt (Title, Subtitle and heading styles) into styled.docx.
# Run it from this folder when a source changes; commit the results.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s|PICTURE|$(base64 -w0 picture.png)|" docx-source.html > "$tmp/story.html"
HOME="$tmp" soffice --headless --infilter=HTML --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" "$tmp/story.html" >/dev/null
HOME="$tmp" soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$tmp" styled.fodt >/dev/null
cp "$tmp/story.docx" "$tmp/styled.docx" .
