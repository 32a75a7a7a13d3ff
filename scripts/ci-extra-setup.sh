#!/usr/bin/env bash
# Extra machine setup for CI, run by .ci/run before the tests when present.
# The workplace's browser tests drive Debian's Chromium through playwright-core.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  echo "[ci] installing chromium for the browser test"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/tmp/consentry-chromium-install.log 2>&1 \
    || { tail -20 /tmp/consentry-chromium-install.log; echo "[ci] chromium could not be installed; the browser test will fail"; }
fi
