#!/bin/sh
# Machine set-up the npm packages cannot do: Debian's Chromium, for the browser test (tests/e2e-browser) and
# `npm run bench -- app`. Idempotent: does nothing when the browser is already there. Run as `npm run setup`.
# With --soft (as `npm install` runs it), a browser that cannot be installed is reported and the exit status is 0,
# so that installing the npm packages never fails for it; the browser test then fails with the same advice.
set -eu

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
SOFT=0
[ "${1:-}" = "--soft" ] && SOFT=1
# Exits with 1, or with 0 in --soft mode after saying that only the browser test and the app benchmark need it.
give_up() {
  if [ "$SOFT" -eq 1 ]; then
    echo "setup: continuing without Chromium: only the browser test and the app benchmark need it (npm run setup)." >&2
    exit 0
  fi
  exit 1
}

if [ -x "$CHROMIUM" ]; then
  echo "setup: Chromium is installed ($CHROMIUM)."
  exit 0
fi

if [ "$CHROMIUM" != /usr/bin/chromium ]; then
  echo "setup: CHROMIUM_PATH is $CHROMIUM, which does not exist; Debian's package installs /usr/bin/chromium." >&2
  give_up
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: Chromium is missing ($CHROMIUM) and this is not a Debian/Ubuntu system (no apt-get)." >&2
  echo "       Install Chromium with your package manager and set CHROMIUM_PATH to its executable." >&2
  give_up
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "setup: Chromium is missing ($CHROMIUM) and installing it needs root." >&2
  echo "       Run as root:  apt-get update && apt-get install -y chromium" >&2
  give_up
fi

echo "setup: installing Chromium (apt-get install -y chromium)…"
if ! $SUDO apt-get update || ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium; then
  echo "setup: apt-get could not install chromium (see its messages above)." >&2
  give_up
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "setup: apt-get finished but $CHROMIUM does not exist; set CHROMIUM_PATH to the browser's executable." >&2
  give_up
fi
echo "setup: Chromium installed ($CHROMIUM)."
