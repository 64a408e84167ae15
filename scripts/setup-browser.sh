#!/usr/bin/env bash
# What the browser and end-to-end tests need on Debian: Chromium, chromedriver (used by
# wasm-bindgen-test-runner), a CJK font (without one every Chinese glyph is a tofu box) and the npm
# packages (playwright-core drives /usr/bin/chromium; no browser download). Idempotent: apt-get
# update and install run only when something is missing. scripts/setup.sh holds the steps.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
scripts/setup.sh browser
