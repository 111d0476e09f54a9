# Shared helpers of install.sh, update.sh and uninstall.sh. Sourced, not run.
# ROOT is the system being changed: "/" on a ward PC, a chroot or throwaway root in tests.
# shellcheck shell=bash disable=SC2034  # the settings below are used by the scripts that source this

ROOT="${ROOT:-/}"
KIOSK_USER=kiosk
OPT=/opt/kiosk
ETC=/etc/kiosk
DATA=/var/lib/kiosk
UNIT_DIR=/etc/systemd/system
RULES_DIR=/etc/udev/rules.d
# Device groups the kiosk user joins when the system has them (udev rules and packages make them).
DEVICE_GROUPS=(scanner lp dialout audio video input render)

log() {
  echo "kiosk-installer: $*" >&2
  # On the PC itself the technician finds the story in journald (journalctl -t kiosk-installer).
  if [ "$ROOT" = / ] && command -v logger >/dev/null 2>&1; then
    logger -t kiosk-installer -- "$*" 2>/dev/null || true
  fi
}

die() {
  log "error: $*"
  exit 1
}

# The path of FILE inside ROOT, as seen from here.
r() {
  if [ "$ROOT" = / ]; then echo "$1"; else echo "${ROOT%/}$1"; fi
}

# Run a command of the target system (its python, its kiosk) there.
in_root() {
  if [ "$ROOT" = / ]; then "$@"; else chroot "$ROOT" "$@"; fi
}

# Run a command there as the kiosk user, with only the environment the service gives it.
as_kiosk() {
  in_root setpriv --reuid="$KIOSK_USER" --regid="$KIOSK_USER" --init-groups \
    env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$DATA" LANG=C.UTF-8 \
    KIOSK_DATA_DIR="$DATA" "$@"
}

require_root() {
  [ "$(id -u)" -eq 0 ] || die "run me as root (sudo $0 ...)"
}

# Copy SRC to ROOT/DEST with MODE, touching nothing when it is already so (idempotent runs).
put_file() {
  local src="$1" dest mode="$2"
  dest="$(r "$3")"
  if ! cmp -s "$src" "$dest"; then
    install -D -m "$mode" "$src" "$dest"
    log "wrote $3"
  fi
  chmod "$mode" "$dest"
}

# A symlink LINK -> TARGET, switched atomically (a half-made link is never seen).
put_link() {
  local target="$1" link
  link="$(r "$2")"
  if [ "$(readlink "$link" 2>/dev/null || true)" != "$target" ]; then
    mkdir -p "$(dirname "$link")"
    ln -sfn "$target" "$link.new.$$"
    mv -T "$link.new.$$" "$link"
    log "linked $2 -> $target"
  fi
}

has_group() {
  grep -q "^$1:" "$(r /etc/group)"
}

systemd_running() {
  [ "$ROOT" = / ] && [ -d /run/systemd/system ]
}

# The release `current` points at ("" when none).
current_release() {
  local link
  link="$(readlink "$(r "$OPT/current")" 2>/dev/null || true)"
  echo "${link##*/}"
}

# Unpack and verify a bundle into DIR; prints nothing, fails loudly on a damaged archive.
unpack_bundle() {
  local bundle="$1" dir="$2"
  tar -xf "$bundle" -C "$dir"
  [ -f "$dir/kiosk-bundle/MANIFEST.sha256" ] || die "$bundle is not a kiosk bundle (no MANIFEST.sha256)"
  (cd "$dir/kiosk-bundle" && sha256sum --quiet --strict -c MANIFEST.sha256) >&2 ||
    die "$bundle is damaged: a file does not match its SHA-256 in MANIFEST.sha256"
}

bundle_field() {  # bundle_field DIR KEY
  sed -n "s/^$2=//p" "$1/kiosk-bundle/BUNDLE_INFO"
}
