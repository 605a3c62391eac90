#!/bin/sh
# Install the browser the web-page tests drive: Debian's own `chromium` package (a browser cannot
# be downloaded by Playwright here, so `playwright install` is never run). Idempotent: does
# nothing when /usr/bin/chromium is already there. Needs root (or sudo) for apt-get; without it
# the browser tests skip with a message saying what is missing.
set -eu

if [ -x /usr/bin/chromium ]; then
    echo "browser_setup: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser_setup: no apt-get on this system; install Chromium at /usr/bin/chromium by hand." >&2
    echo "browser_setup: the browser tests (tests/test_web_browser.py) will be skipped." >&2
    exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "browser_setup: not root and no sudo; run as root: apt-get install -y chromium" >&2
        echo "browser_setup: the browser tests (tests/test_web_browser.py) will be skipped." >&2
        exit 0
    fi
fi

echo "browser_setup: installing Debian's chromium package"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
/usr/bin/chromium --version 2>/dev/null | head -n1 || true
