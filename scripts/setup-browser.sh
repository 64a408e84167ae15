#!/usr/bin/env bash
# Installs what the browser tests need on Debian: Chromium, its driver (wasm-bindgen-test-runner
# uses chromedriver) and a CJK font (without one every Chinese glyph is a tofu box).
# Idempotent: apt is touched only when something is missing.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup-browser: installing ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

# Node tooling for the end-to-end tests (playwright-core drives /usr/bin/chromium; no browser download).
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -x "$root/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/node_modules/playwright-core" ]; then
  (cd "$root" && if [ -f package-lock.json ]; then npm ci; else npm install; fi)
fi
