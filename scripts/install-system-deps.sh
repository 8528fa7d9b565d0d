#!/bin/sh
# System packages Prudent needs: the CJK fonts for PDF documents (fonts-noto-cjk) and Debian's
# chromium for the browser journeys of the test suite (tests/browser, issue #4; Playwright drives
# /usr/bin/chromium, it never downloads a browser of its own).
# Idempotent: installs only what is missing. Needs root to install; otherwise prints the command
# to run and exits 1.
set -eu
FONT=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
CHROMIUM=/usr/bin/chromium

PACKAGES=""
[ -f "$FONT" ] || PACKAGES="$PACKAGES fonts-noto-cjk"
[ -x "$CHROMIUM" ] || PACKAGES="$PACKAGES chromium"
PACKAGES="${PACKAGES# }"

if [ -z "$PACKAGES" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian package(s): $PACKAGES (for $FONT and $CHROMIUM). Run as root:" >&2
    echo "    apt-get update && apt-get install -y --no-install-recommends $PACKAGES" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# refresh the package lists only when they are empty or the install cannot find the package
if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' || true)" ]; then
    apt-get update
fi
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y --no-install-recommends $PACKAGES || { apt-get update && apt-get install -y --no-install-recommends $PACKAGES; }
test -f "$FONT"
test -x "$CHROMIUM"
