#!/bin/sh
# /usr/local/bin/kiosk: the technician's `kiosk` (diag, config check, say, scan …) with the same
# shipped data, settings and data folder as the running kiosk service.
export KIOSK_CONFIG_DIR=/opt/kiosk/current/share/config
export KIOSK_DATA_DIR=/var/lib/kiosk
exec /opt/kiosk/current/bin/kiosk "$@"
