#!/usr/bin/env bash
# Installs what yusuan's build and tests need on a fresh Debian machine; each step is skipped when already done.
# Usage: scripts/setup.sh [build|browser|python|all]   (build: wasm toolchain + npm packages; browser: Chromium
# for tests; python: .venv with PyPI frictionless, which tests/export.rs runs on the exported Fiscal Data Packages)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
WASM_BINDGEN_VERSION=0.2.130

say() { printf 'setup: %s\n' "$*" >&2; }

setup_build() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    # --locked fails here: the CLI's lockfile pins a crate version the registry no longer has.
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
  fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "installing node and npm"
    apt_install nodejs npm
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -x node_modules/.bin/tsc ] || [ ! -x node_modules/.bin/esbuild ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (binaryen, esbuild, playwright-core, axe-core, typescript)"
    npm ci --no-audit --no-fund
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

setup_browser() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  # Without a CJK font every Chinese glyph is a box in headless Chromium.
  fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || need+=(fonts-wqy-microhei)
  if [ "${#need[@]}" -gt 0 ]; then
    say "installing ${need[*]}"
    apt_install "${need[@]}"
  fi
}

setup_python() {
  if [ -x .venv/bin/frictionless ]; then
    return
  fi
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    say "installing python3 and python3-venv"
    apt_install python3 python3-venv
  fi
  say "creating .venv with frictionless (about 20 seconds)"
  python3 -m venv .venv
  .venv/bin/pip install -q frictionless
}

case "$what" in
  build) setup_build ;;
  browser) setup_browser ;;
  python) setup_python ;;
  all) setup_build; setup_browser; setup_python ;;
  *) echo "usage: scripts/setup.sh [build|browser|python|all]" >&2; exit 2 ;;
esac
