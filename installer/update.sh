#!/usr/bin/env bash
# Update a ward kiosk with rollback:
#   sudo /opt/kiosk/current/share/installer/update.sh kiosk-bundle-<release>.tar
#   sudo .../update.sh /path/to/checkout
# The new release is installed beside the running one and must accept /etc/kiosk/kiosk.toml;
# then `current` is switched, the kiosk restarted and given TIMEOUT seconds (default 60) to
# report healthy. If it does not, `current` goes back to the old release, the kiosk is
# restarted on it, and the reason is written to journald and /var/lib/kiosk/update-history.log.
# Afterwards only the running release and the one before it are kept (disk space).
#
# Options: --root DIR, --timeout SECONDS.
# KIOSK_RESTART_CMD (default: systemctl restart kiosk.service) and KIOSK_HEALTH_CMD (default:
# health.sh; it gets the timeout as its last argument) replace the two steps that need systemd.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$here/lib.sh"

timeout=60
new=""
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(cd "$2" && pwd)"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) new="$1"; shift ;;
  esac
done
require_root
[ -n "$new" ] || die "give the new bundle (.tar) or source folder"
restart_cmd="${KIOSK_RESTART_CMD:-systemctl restart kiosk.service}"
health_cmd="${KIOSK_HEALTH_CMD:-$here/health.sh}"

history() {  # history RESULT FROM TO REASON
  local line
  line="$(date -u +%Y-%m-%dT%H:%M:%SZ) result=$1 from=${2:-none} to=${3:-none} reason=\"$4\""
  log "update: $line"
  mkdir -p "$(r "$DATA")"
  echo "$line" >> "$(r "$DATA/update-history.log")"
}

switch_to() {
  put_link "releases/$1" "$OPT/current"
}

# A release takes ~600 MB: keep the running one and the one to roll back to, nothing else.
prune_except() {
  local dir keep
  for dir in "$(r "$OPT/releases")"/*; do
    [ -d "$dir" ] || continue
    for keep in "$@"; do
      [ "${dir##*/}" != "$keep" ] || continue 2
    done
    rm -rf "$dir"
    log "removed release ${dir##*/}"
  done
}

restart() {
  # Word splitting is wanted: the command comes from the environment as one string.
  # shellcheck disable=SC2086
  $restart_cmd
}

old="$(current_release)"
[ -n "$old" ] || die "no release is installed yet: use install.sh first"
if [ -d "$new" ]; then src=(--source "$new"); else src=(--bundle "$new"); fi

release_file="$(mktemp "${TMPDIR:-/tmp}/kiosk-release.XXXXXX")"
trap 'rm -f "$release_file"' EXIT
if ! "$here/install.sh" --root "$ROOT" --no-start --no-switch --skip-apt \
  --release-file "$release_file" "${src[@]}"; then
  history refused "$old" "" "the new release did not install or rejected the settings; nothing was switched"
  prune_except "$old"
  exit 1
fi
release="$(cat "$release_file")"
if [ "$release" = "$old" ]; then
  log "release $release is current already; nothing to do"
  exit 0
fi

switch_to "$release"
log "switched to $release; waiting up to ${timeout}s for the kiosk to report healthy"
reason=""
if ! restart; then
  reason="restart of the kiosk failed"
else
  # shellcheck disable=SC2086
  health_out="$($health_cmd "$timeout" 2>&1)" || reason="not healthy within ${timeout}s: ${health_out//$'\n'/ }"
fi
if [ -z "$reason" ]; then
  history updated "$old" "$release" "healthy"
  prune_except "$release" "$old"
  exit 0
fi

switch_to "$old"
restart || log "restart on the old release $old failed too"
history rolled-back "$old" "$release" "$reason"
prune_except "$old"
exit 1
