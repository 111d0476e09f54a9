#!/usr/bin/env bash
# Turn a Debian 12 / Ubuntu 24.04 PC into a ward kiosk, or bring one up to date. Idempotent:
# running it again with the same bundle changes nothing.
#
#   sudo ./install.sh --bundle kiosk-bundle-<release>.tar     (offline, from a USB stick)
#   sudo ./install.sh --source /path/to/checkout              (builds a bundle first; needs PyPI)
#
# Options:
#   --root DIR    install into DIR (a chroot or throwaway root); nothing is started there
#   --no-start    do not (re)start the kiosk service
#   --no-switch   install and validate the release but leave `current` alone (update.sh uses it)
#   --skip-apt    do not install Debian packages (they must be there already)
#   --release-file FILE  write the installed release's name to FILE
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

bundle=""
source_dir=""
start=1
switch=1
apt=1
release_file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(cd "$2" && pwd)"; shift 2 ;;
    --bundle) bundle="$(realpath "$2")"; shift 2 ;;
    --source) source_dir="$(cd "$2" && pwd)"; shift 2 ;;
    --no-start) start=0; shift ;;
    --no-switch) switch=0; shift ;;
    --skip-apt) apt=0; shift ;;
    --release-file) release_file="$2"; shift 2 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
require_root
[ -n "$bundle" ] || [ -n "$source_dir" ] || die "give --bundle FILE or --source DIR"

work="$(mktemp -d "${TMPDIR:-/tmp}/kiosk-install.XXXXXX")"
cleanup() {
  rm -rf "$work"
  if [ -n "${staging:-}" ]; then rm -rf "$(r "$staging")"; fi
}
trap cleanup EXIT

install_packages() {  # install_packages LIST_FILE
  local wanted missing=() pkg present
  wanted="$(grep -v '^[[:space:]]*#' "$1" | awk 'NF {print $1}')"
  # Every installed package and every name one of them provides: Ubuntu 24.04 renamed libraries
  # for 64-bit time (libglib2.0-0 is provided by libglib2.0-0t64 there), so a listed name counts
  # as present when an installed package provides it. apt-get picks that provider too.
  # shellcheck disable=SC2016  # ${...} are dpkg-query's fields, not shell variables
  present="$(in_root dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n' 2>/dev/null |
    awk -F'|' '$1 ~ /^ii/ {
      print $2
      n = split($3, provides, ",")
      for (i = 1; i <= n; i++) { sub(/^ +/, "", provides[i]); sub(/ .*/, "", provides[i]); print provides[i] }
    }')"
  for pkg in $wanted; do
    grep -qxF -- "$pkg" <<< "$present" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then return; fi
  log "installing Debian packages: ${missing[*]}"
  in_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

if [ -z "$bundle" ]; then
  # Building from a checkout needs python3-venv (and the rest) first.
  [ "$apt" -eq 0 ] || install_packages "$here/packages.txt"
  log "building a bundle from $source_dir"
  bundle="$("$here/build-bundle.sh" --source "$source_dir" --out "$work/bundle.tar")"
fi
unpack_bundle "$bundle" "$work"
release="$(bundle_field "$work" release)"
want_python="$(bundle_field "$work" python)"
app_wheel="$(bundle_field "$work" app_wheel)"
[ -n "$release" ] || die "$bundle names no release in BUNDLE_INFO"
B="$work/kiosk-bundle"

make_user() {
  if ! grep -q "^$KIOSK_USER:" "$(r /etc/passwd)"; then
    useradd --root "$ROOT" --system --user-group --home-dir "$DATA" --no-create-home \
      --shell /usr/sbin/nologin --comment "Ward kiosk" "$KIOSK_USER"
    log "created user $KIOSK_USER"
  fi
  local group members
  for group in "${DEVICE_GROUPS[@]}"; do
    has_group "$group" || continue
    members="$(awk -F: -v g="$group" '$1 == g {print $4}' "$(r /etc/group)")"
    # Only touch /etc/group when a membership is missing: usermod rewrites it (and group-).
    case ",$members," in
      *",$KIOSK_USER,"*) ;;
      *) usermod --root "$ROOT" -a -G "$group" "$KIOSK_USER"; log "added $KIOSK_USER to $group" ;;
    esac
  done
}

make_dirs() {
  local uid gid
  uid="$(awk -F: -v u="$KIOSK_USER" '$1 == u {print $3}' "$(r /etc/passwd)")"
  gid="$(awk -F: -v u="$KIOSK_USER" '$1 == u {print $4}' "$(r /etc/passwd)")"
  # Data (database, outbox): the kiosk's alone; it survives updates and uninstall.
  mkdir -p "$(r "$DATA")"
  if [ "$(stat -c %u:%g "$(r "$DATA")")" != "$uid:$gid" ]; then
    # A reinstall after uninstall may have given the user another uid: hand its files back.
    chown -R "$uid:$gid" "$(r "$DATA")"
  fi
  chmod 0700 "$(r "$DATA")"
  # Settings: root writes, the kiosk reads.
  mkdir -p "$(r "$ETC")"
  chown "0:$gid" "$(r "$ETC")"
  chmod 0750 "$(r "$ETC")"
  if [ ! -e "$(r "$ETC/kiosk.toml")" ]; then
    install -m 0640 -o 0 -g "$gid" "$B/config/kiosk.toml" "$(r "$ETC/kiosk.toml")"
    log "wrote $ETC/kiosk.toml from the sample: edit it, then run kiosk config check"
  fi
  mkdir -p "$(r "$OPT/releases")"
}

python_tag_in_root() {
  in_root python3 -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")'
}

install_release() {
  local dest="$OPT/releases/$release"
  if [ -e "$(r "$dest/.complete")" ]; then
    log "release $release is installed already"
    return
  fi
  local have_python
  have_python="$(python_tag_in_root)"
  [ "$have_python" = "$want_python" ] ||
    die "the bundle's wheels are for $want_python but this system's python3 is $have_python: build the bundle on a PC like this one"
  rm -rf "$(r "$dest")"
  staging="$OPT/.staging-$release"
  rm -rf "$(r "$staging")"
  mkdir -p "$(r "$staging")"
  cp -a "$B/wheels" "$(r "$staging")/"
  log "installing release $release into $dest"
  # The venv is made where it will live: its scripts carry that path.
  in_root python3 -m venv "$dest"
  # --isolated: the PC's own pip settings (indexes, constraints) must not change what the
  # bundle installs; --no-index: no network, only the bundle's wheels.
  in_root env PIP_CONFIG_FILE=/dev/null "$dest/bin/python" -m pip install --isolated --quiet \
    --no-index --find-links "$staging/wheels" --disable-pip-version-check "$staging/wheels/$app_wheel"
  mkdir -p "$(r "$dest/share")"
  cp -a "$B/config" "$(r "$dest/share/config")"
  # The shipped sample stays beside the release; the settings the kiosk reads are /etc/kiosk's,
  # so every `kiosk` command of this release finds them by default.
  mv "$(r "$dest/share/config/kiosk.toml")" "$(r "$dest/share/kiosk.toml.sample")"
  ln -s "$ETC/kiosk.toml" "$(r "$dest/share/config/kiosk.toml")"
  cp -a "$B/installer" "$(r "$dest/share/installer")"
  echo "$release" > "$(r "$dest/RELEASE")"
  rm -rf "$(r "$staging")"
  staging=""
  touch "$(r "$dest/.complete")"
}

check_config() {
  local dest="$OPT/releases/$release"
  log "checking $ETC/kiosk.toml with release $release"
  if ! as_kiosk KIOSK_CONFIG_DIR="$dest/share/config" "$dest/bin/kiosk" config check \
    "$ETC/kiosk.toml" >&2; then
    die "release $release rejects $ETC/kiosk.toml (above); the kiosk keeps running the old release"
  fi
}

install_system_files() {
  local unit rule
  for unit in "$B"/installer/systemd/*.service; do
    put_file "$unit" 0644 "$UNIT_DIR/${unit##*/}"
  done
  # Enabled the way `systemctl enable` would, so it also works in a root without systemd.
  put_link "$UNIT_DIR/kiosk.service" "$UNIT_DIR/graphical.target.wants/kiosk.service"
  # tty1 belongs to the kiosk: no login prompt there, ever.
  put_link /dev/null "$UNIT_DIR/getty@tty1.service"
  for rule in "$B"/installer/udev/*.rules; do
    put_file "$rule" 0644 "$RULES_DIR/${rule##*/}"
  done
  put_file "$B/installer/kiosk-wrapper.sh" 0755 /usr/local/bin/kiosk
  touch_rule
  rotation_dropins
}

# Display rotation from the settings ([display] rotation) as cage's -r flags, in a drop-in for
# both units (they put $KIOSK_CAGE_ROTATION on cage's command line).
rotation_dropins() {
  local dropin="$work/20-rotation.conf" unit
  in_root "$OPT/releases/$release/bin/python" - "$ETC/kiosk.toml" < "$B/installer/cage-rotation.py" \
    > "$dropin" || die "cannot apply [display] rotation from $ETC/kiosk.toml (above)"
  for unit in kiosk.service kiosk-out-of-service.service; do
    if [ -s "$dropin" ]; then
      put_file "$dropin" 0644 "$UNIT_DIR/$unit.d/20-rotation.conf"
    elif [ -e "$(r "$UNIT_DIR/$unit.d/20-rotation.conf")" ]; then
      rm -f "$(r "$UNIT_DIR/$unit.d/20-rotation.conf")"
      rmdir "$(r "$UNIT_DIR/$unit.d")" 2>/dev/null || true
      log "removed $UNIT_DIR/$unit.d/20-rotation.conf (rotation 0 in the settings)"
    fi
  done
}

# Touch calibration from the settings ([display] touch_calibration) as a libinput udev property.
touch_rule() {
  local rules="$work/72-kiosk-touch.rules"
  in_root "$OPT/releases/$release/bin/python" - "$ETC/kiosk.toml" < "$B/installer/touch-udev.py" \
    > "$rules" || die "bad [display] touch_calibration in $ETC/kiosk.toml"
  if [ -s "$rules" ]; then
    put_file "$rules" 0644 "$RULES_DIR/72-kiosk-touch.rules"
  elif [ -e "$(r "$RULES_DIR/72-kiosk-touch.rules")" ]; then
    rm -f "$(r "$RULES_DIR/72-kiosk-touch.rules")"
    log "removed $RULES_DIR/72-kiosk-touch.rules (no touch_calibration in the settings)"
  fi
}

[ "$apt" -eq 0 ] || install_packages "$B/installer/packages.txt"
make_user
make_dirs
install_release
check_config
install_system_files
if [ "$switch" -eq 1 ]; then
  put_link "releases/$release" "$OPT/current"
fi
[ -z "$release_file" ] || echo "$release" > "$release_file"
if systemd_running; then
  systemctl daemon-reload
  udevadm control --reload 2>/dev/null || true
  udevadm trigger --subsystem-match=usb --subsystem-match=tty --subsystem-match=input || true
  systemctl set-default graphical.target >/dev/null
  if [ "$start" -eq 1 ] && [ "$switch" -eq 1 ]; then
    log "restarting kiosk.service"
    systemctl restart kiosk.service
  fi
fi
log "release $release ready ($(current_release) is current)"
