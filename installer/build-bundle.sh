#!/usr/bin/env bash
# Build the offline bundle: ONE tar with every wheel the app needs (built for one Python),
# the app's own wheel, its shipped data (prompts, procedures, addresses), the installer, and a
# manifest of SHA-256s. A ward PC without internet installs it from a USB stick:
#   sudo ./install.sh --bundle kiosk-bundle-<release>.tar
#
# Usage: build-bundle.sh [--source DIR] [--python PY] [--out FILE] [--find-links DIR]
#   --source      the checkout to bundle (default: the one this script is in)
#   --python      the interpreter whose version and platform the wheels are for (default:
#                 python3). It must match the ward PCs' python3 (Debian 12: 3.11).
#   --out         the archive (default: ./kiosk-bundle-<release>.tar); its path is printed
#   --find-links  a folder of wheels to reuse before any index (e.g. an earlier bundle's)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(cd "$here/.." && pwd)"
python=python3
out=""
find_links=()

while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_dir="$(cd "$2" && pwd)"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --find-links) find_links+=(--find-links "$(cd "$2" && pwd)"); shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "build-bundle.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

[ -f "$source_dir/pyproject.toml" ] || { echo "build-bundle.sh: no pyproject.toml in $source_dir" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/kiosk-bundle.XXXXXX")"
trap 'rm -rf "$work"' EXIT
stage="$work/kiosk-bundle"
mkdir -p "$stage/wheels" "$work/src"

# Build from a clean copy: a wheel build writes build/ and *.egg-info into its source tree,
# and the checkout may be shared with other people's work.
tar -C "$source_dir" \
  --exclude=./.git --exclude=./.venv --exclude=./build --exclude='*.egg-info' \
  --exclude=__pycache__ --exclude=.mypy_cache --exclude=.ruff_cache --exclude=.pytest_cache \
  --exclude=./tests --exclude=./docs/screens \
  -cf - . | tar -C "$work/src" -xf -

# Debian's python3 has no pip of its own; python3-venv brings one into a throwaway venv.
if ! "$python" -m pip --version >/dev/null 2>&1; then
  "$python" -m venv "$work/venv"
  python="$work/venv/bin/python"
fi

# Every dependency as a wheel (sdists such as python-sane are built here, once, so the ward PC
# needs no compiler). --only-binary is not forced for the same reason.
"$python" -m pip wheel --quiet --disable-pip-version-check --wheel-dir "$stage/wheels" \
  "${find_links[@]}" "$work/src" >&2

app_wheel="$(cd "$stage/wheels" && ls ward_kiosk-*.whl)"
version="$(echo "$app_wheel" | cut -d- -f2)"
py_tag="$("$python" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')"

cp -a "$work/src/config" "$stage/config"
mkdir -p "$stage/installer"
for f in install.sh update.sh uninstall.sh health.sh lib.sh build-bundle.sh touch-udev.py cage-rotation.py \
  kiosk-wrapper.sh \
  packages.txt README.md; do
  cp -a "$here/$f" "$stage/installer/$f"
done
cp -a "$here/systemd" "$here/udev" "$stage/installer/"

# The release name is the app version plus a digest of everything that runs, so one bundle
# always installs as the same release (a second install changes nothing) and two different
# builds never share a folder.
(cd "$stage" && find wheels config installer -type f -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum > "$work/payload.sha256")
digest="$(sha256sum "$work/payload.sha256" | cut -c1-10)"
release="$version-$digest"
{
  echo "release=$release"
  echo "version=$version"
  echo "python=$py_tag"
  echo "app_wheel=$app_wheel"
} > "$stage/BUNDLE_INFO"
(cd "$stage" && { cat "$work/payload.sha256"; sha256sum BUNDLE_INFO; } > MANIFEST.sha256)

[ -n "$out" ] || out="$PWD/kiosk-bundle-$release.tar"
# Wheels are compressed already; a plain, reproducible tar is as small and opens faster.
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
  -cf "$out.partial" kiosk-bundle
mv -f "$out.partial" "$out"
echo "$out"
