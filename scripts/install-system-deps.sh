#!/bin/sh
# System packages Prudent needs at run time: the CJK fonts for PDF documents (fonts-noto-cjk).
# Idempotent: does nothing when the font is already installed. Needs root to install; otherwise
# prints the command to run and exits 1.
set -eu
FONT=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
PACKAGES="fonts-noto-cjk"

if [ -f "$FONT" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing $FONT (Debian package $PACKAGES). Run as root:" >&2
    echo "    apt-get update && apt-get install -y $PACKAGES" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# refresh the package lists only when they are empty or the install cannot find the package
if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' || true)" ]; then
    apt-get update
fi
apt-get install -y --no-install-recommends $PACKAGES || { apt-get update && apt-get install -y --no-install-recommends $PACKAGES; }
test -f "$FONT"
