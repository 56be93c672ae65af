#!/usr/bin/env bash
# Installs Debian's chromium for the Playwright browser tests (Playwright's own browser
# download cannot work without internet). No-op when it is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "chromium is missing and installing it needs root: apt-get install chromium" >&2
    exit 1
  fi
fi
echo "Installing Debian's chromium for the browser tests..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
