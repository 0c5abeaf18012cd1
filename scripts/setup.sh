#!/bin/sh
# Machine set-up the npm packages cannot do, with Debian's packages:
#  - Chromium, for the browser tests (tests/e2e-browser) and `npm run bench -- app`;
#  - Ruby and the gems Debian packages, for Zendesk's own app validator (tools/zas, run by tests/app/marketplace.test.ts).
# Idempotent: does nothing when both are there. Run as `npm run setup`.
# With --soft (as `npm install` runs it), what cannot be installed is reported and the exit status is 0, so that
# installing the npm packages never fails for it; the tests that need it then fail with the same advice.
set -eu

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
# What tools/zas needs (its gemspec's runtime dependencies, minus the two it keeps as source), and unzip for the zip.
RUBY_PACKAGES="ruby ruby-i18n ruby-nokogiri ruby-loofah ruby-json ruby-marcel ruby-erubis ruby-sass ruby-sassc ruby-rb-inotify unzip"
SOFT=0
[ "${1:-}" = "--soft" ] && SOFT=1
# Exits with 1, or with 0 in --soft mode after saying which tests need what is missing.
give_up() {
  if [ "$SOFT" -eq 1 ]; then
    echo "setup: continuing without it: only the browser tests, the app benchmark and the Marketplace validator test need it (npm run setup)." >&2
    exit 0
  fi
  exit 1
}

# True when Zendesk's validator can load: Ruby with every gem it requires, and unzip.
ruby_ready() {
  command -v ruby >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1 &&
    ruby -e 'require "i18n"; require "nokogiri"; require "loofah"; require "marcel"; require "sassc"; require "sass"; require "erubis"; require "json"' >/dev/null 2>&1
}

PACKAGES=""
if [ -x "$CHROMIUM" ]; then
  echo "setup: Chromium is installed ($CHROMIUM)."
elif [ "$CHROMIUM" != /usr/bin/chromium ]; then
  echo "setup: CHROMIUM_PATH is $CHROMIUM, which does not exist; Debian's package installs /usr/bin/chromium." >&2
  give_up
else
  PACKAGES="chromium"
fi
if ruby_ready; then
  echo "setup: Ruby and the validator's gems are installed ($(command -v ruby))."
else
  PACKAGES="$PACKAGES $RUBY_PACKAGES"
fi
[ -z "$PACKAGES" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing:$PACKAGES, and this is not a Debian/Ubuntu system (no apt-get)." >&2
  echo "       Install Chromium (set CHROMIUM_PATH to its executable) and Ruby >= 3.2 with the gems i18n nokogiri loofah" >&2
  echo "       marcel sass sassc erubis json, with your package manager." >&2
  give_up
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "setup: missing:$PACKAGES, and installing it needs root." >&2
  echo "       Run as root:  apt-get update && apt-get install -y$PACKAGES" >&2
  give_up
fi

echo "setup: installing$PACKAGES (apt-get install -y)…"
# shellcheck disable=SC2086 # the package list is meant to split into words
if ! $SUDO apt-get update || ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $PACKAGES; then
  echo "setup: apt-get could not install$PACKAGES (see its messages above)." >&2
  give_up
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "setup: apt-get finished but $CHROMIUM does not exist; set CHROMIUM_PATH to the browser's executable." >&2
  give_up
fi
if ! ruby_ready; then
  echo "setup: apt-get finished but Ruby cannot load the validator's gems (ruby -e 'require \"sassc\"' …)." >&2
  give_up
fi
echo "setup: Chromium ($CHROMIUM) and Ruby ($(command -v ruby)) installed."
