#!/usr/bin/env bash
# Build (once) an Ubuntu 24.04 (noble) minbase root for the installer tests, cached at DEST.
#   make-ubuntu-root.sh DEST PACKAGES_FILE [EXTRA_PACKAGE...]
# It holds the packages of installer/packages.txt (plus EXTRA_PACKAGEs: the bundle's build root
# adds a compiler and headers), installed by apt inside the root, so apt resolves the list the
# way install.sh does on a ward PC (noble renamed libraries for 64-bit time: libglib2.0-0 is
# only provided by libglib2.0-0t64 there, and debootstrap's --include does not follow Provides).
set -euo pipefail

usage="usage: make-ubuntu-root.sh DEST PACKAGES_FILE [EXTRA_PACKAGE...]"
dest="${1:?$usage}"
packages_file="${2:?$usage}"
shift 2
mirror="${KIOSK_TEST_UBUNTU_MIRROR:-http://archive.ubuntu.com/ubuntu}"
# Ubuntu Archive Automatic Signing Key (2018) <ftpmaster@ubuntu.com>: the key that signs noble's
# InRelease. Debian 12 has no ubuntu-keyring package, so the keyring comes from Ubuntu's own
# package over plain http and is trusted only if it holds exactly this pinned fingerprint.
archive_key=F6ECB3762474EDA9D21B7022871920D1991BC93C
keyring_deb="$mirror/pool/main/u/ubuntu-keyring/ubuntu-keyring_2023.11.28.1_all.deb"

if [ -e "$dest/.complete" ]; then
  exit 0
fi
work="$dest.partial.$$"
rm -rf "$work"
mkdir -p "$(dirname "$dest")"
cleanup() {
  if mountpoint -q "$work/proc" 2>/dev/null; then umount "$work/proc"; fi
  rm -rf "$work" "$work.keys"
}
trap cleanup EXIT

mkdir -p "$work.keys"
curl -fsS --retry 3 -o "$work.keys/keyring.deb" "$keyring_deb"
dpkg-deb -x "$work.keys/keyring.deb" "$work.keys/x"
keyring="$work.keys/x/etc/apt/trusted.gpg.d/ubuntu-keyring-2018-archive.gpg"
fingerprints="$(gpg --show-keys --with-colons "$keyring" 2>/dev/null | awk -F: '$1 == "fpr" {print $10}')"
if [ "$fingerprints" != "$archive_key" ]; then
  echo "make-ubuntu-root.sh: $keyring_deb does not hold exactly key $archive_key" >&2
  exit 1
fi

# debootstrap 1.0.128 (Debian 12) has no noble script; gutsy's serves every Ubuntu release since
# (noble's own script upstream is a link to it). It handles zstd packages and merged /usr.
debootstrap --variant=minbase --components=main,universe --include=systemd,udev \
  --keyring="$keyring" noble "$work" "$mirror" /usr/share/debootstrap/scripts/gutsy

# Install the kiosk's run time with apt, as install.sh would; no service may start in a chroot.
printf '#!/bin/sh\nexit 101\n' > "$work/usr/sbin/policy-rc.d"
chmod 0755 "$work/usr/sbin/policy-rc.d"
mount -t proc proc "$work/proc"
mapfile -t packages < <(grep -v '^[[:space:]]*#' "$packages_file" | awk 'NF {print $1}')
chroot "$work" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$work" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${packages[@]}" "$@" > /dev/null
chroot "$work" apt-get clean
umount "$work/proc"
rm -f "$work/usr/sbin/policy-rc.d"

# A half-built root must never be taken for a cached one: publish it only when complete.
touch "$work/.complete"
rm -rf "$dest" "$work.keys"
mv -T "$work" "$dest"
trap - EXIT
