#!/usr/bin/env bash
# Is the kiosk healthy? Waits up to TIMEOUT seconds (default 60) for kiosk.service to be
# active and running (Type=notify: systemd calls it active only after the app's READY=1) and to
# stay so, without a restart, for SETTLE seconds (default 10). Exit 0 healthy, 1 not (the reason
# on stderr). update.sh calls it after switching releases; KIOSK_HEALTH_CMD replaces it.
set -euo pipefail

timeout="${1:-60}"
settle="${KIOSK_HEALTH_SETTLE:-10}"
unit=kiosk.service

state() {
  systemctl show -p ActiveState -p SubState -p NRestarts --value "$unit" | paste -sd' ' -
}

deadline=$((SECONDS + timeout))
read -r _ _ restarts0 <<< "$(state)"
healthy_since=""
last=""
while [ "$SECONDS" -lt "$deadline" ]; do
  read -r active sub restarts <<< "$(state)"
  last="ActiveState=$active SubState=$sub NRestarts=$restarts"
  if [ "$restarts" != "$restarts0" ]; then
    echo "health: $unit restarted while starting ($last)" >&2
    exit 1
  fi
  if [ "$active" = active ] && [ "$sub" = running ]; then
    healthy_since="${healthy_since:-$SECONDS}"
    if [ $((SECONDS - healthy_since)) -ge "$settle" ]; then
      exit 0
    fi
  else
    healthy_since=""
  fi
  sleep 1
done
echo "health: $unit not ready and steady within ${timeout}s ($last)" >&2
exit 1
