#!/bin/sh
# Machine set-up the npm packages cannot do: Debian's Chromium, for the browser test (tests/e2e-browser) and
# `npm run bench -- app`. Idempotent: does nothing when the browser is already there. Run as `npm run setup`.
set -eu

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "setup: Chromium is installed ($CHROMIUM)."
  exit 0
fi

if [ "$CHROMIUM" != /usr/bin/chromium ]; then
  echo "setup: CHROMIUM_PATH is $CHROMIUM, which does not exist; Debian's package installs /usr/bin/chromium." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: Chromium is missing ($CHROMIUM) and this is not a Debian/Ubuntu system (no apt-get)." >&2
  echo "       Install Chromium with your package manager and set CHROMIUM_PATH to its executable." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "setup: Chromium is missing ($CHROMIUM) and installing it needs root." >&2
  echo "       Run as root:  apt-get update && apt-get install -y chromium" >&2
  exit 1
fi

echo "setup: installing Chromium (apt-get install -y chromium)…"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
if [ ! -x "$CHROMIUM" ]; then
  echo "setup: apt-get finished but $CHROMIUM does not exist; set CHROMIUM_PATH to the browser's executable." >&2
  exit 1
fi
echo "setup: Chromium installed ($CHROMIUM)."
