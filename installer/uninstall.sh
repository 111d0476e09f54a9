#!/usr/bin/env bash
# Remove the ward kiosk: service units, udev rules, every release and the kiosk user.
# The settings (/etc/kiosk) and the data with the outbox (/var/lib/kiosk) are KEPT, so dossiers
# not yet sent are never lost; --purge removes them too.
#   sudo ./uninstall.sh [--root DIR] [--purge]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(cd "$2" && pwd)"; shift 2 ;;
    --purge) purge=1; shift ;;
    -h | --help) sed -n '2,5p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
require_root

if systemd_running; then
  systemctl stop kiosk.service kiosk-out-of-service.service 2>/dev/null || true
fi
rm -f "$(r "$UNIT_DIR/kiosk.service")" "$(r "$UNIT_DIR/kiosk-out-of-service.service")" \
  "$(r "$UNIT_DIR/graphical.target.wants/kiosk.service")"
rm -rf "$(r "$UNIT_DIR/kiosk.service.d")" "$(r "$UNIT_DIR/kiosk-out-of-service.service.d")"
# Give tty1 its login prompt back (install.sh masked it).
if [ "$(readlink "$(r "$UNIT_DIR/getty@tty1.service")" 2>/dev/null || true)" = /dev/null ]; then
  rm -f "$(r "$UNIT_DIR/getty@tty1.service")"
fi
rm -f "$(r "$RULES_DIR/70-kiosk-devices.rules")" "$(r "$RULES_DIR/71-kiosk-hide-cursor.rules")" \
  "$(r "$RULES_DIR/72-kiosk-touch.rules")" "$(r /usr/local/bin/kiosk)"
rm -rf "$(r "$OPT")"
if grep -q "^$KIOSK_USER:" "$(r /etc/passwd)"; then
  userdel --root "$ROOT" "$KIOSK_USER"
  log "removed user $KIOSK_USER"
fi
if [ "$purge" -eq 1 ]; then
  rm -rf "$(r "$ETC")" "$(r "$DATA")"
  log "purged $ETC and $DATA"
else
  log "kept $ETC (settings) and $DATA (database and outbox); --purge removes them"
fi
if systemd_running; then
  systemctl daemon-reload
  udevadm control --reload 2>/dev/null || true
fi
log "kiosk removed"
