#!/usr/bin/env bash
# Build (once) a Debian 12 minbase root for the installer tests, cached at DEST.
# It holds the packages of installer/packages.txt, so debootstrap proves the list resolves on
# bookworm and the tests run install.sh --skip-apt against a root with exactly that run time.
set -euo pipefail

dest="${1:?usage: make-test-root.sh DEST PACKAGES_FILE [MIRROR]}"
packages_file="${2:?usage: make-test-root.sh DEST PACKAGES_FILE [MIRROR]}"
mirror="${3:-${KIOSK_TEST_MIRROR:-http://deb.debian.org/debian}}"

if [ -e "$dest/.complete" ]; then
  exit 0
fi
# systemd and udev are on every Debian PC; minbase lacks them, and systemd-analyze needs its units.
include="systemd,udev,$(grep -v '^[[:space:]]*#' "$packages_file" | awk 'NF {print $1}' | paste -sd, -)"
work="$dest.partial.$$"
rm -rf "$work"
mkdir -p "$(dirname "$dest")"
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase --include="$include" bookworm "$work" "$mirror"
# A half-built root must never be taken for a cached one: publish it only when complete.
touch "$work/.complete"
rm -rf "$dest"
mv -T "$work" "$dest"
trap - EXIT
