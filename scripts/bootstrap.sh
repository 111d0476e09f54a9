# Shared set-up for scripts/run-kiosk and scripts/test: system packages, then the venv.
# Sourced, not run. Safe to repeat: it installs only what is missing.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${KIOSK_VENV:-$ROOT/.venv}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages: Qt's runtime libraries, the venv module, and whatever the caller adds.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

QT_RUNTIME_PACKAGES=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  libwayland-cursor0 libwayland-egl1)  # the last two: Qt's wayland plugin, under cage

# What the device adapters need at run time and to build (pyscard compiles against pcsc-lite,
# python-sane against libsane). espeak-ng + speech-dispatcher are the kiosk's fallback voice.
DEVICE_PACKAGES=(pcscd libpcsclite-dev swig pkg-config build-essential python3-dev
  tesseract-ocr tesseract-ocr-eng libzbar0 libsane1 libsane-dev sane-utils
  espeak-ng speech-dispatcher speech-dispatcher-espeak-ng)

make_venv() {  # make_venv EXTRAS
  if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV"
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[$1]"
}
