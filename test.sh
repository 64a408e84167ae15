#!/usr/bin/env bash
# Runs every yusuan test: native (cargo test), browser (wasm-bindgen-test in headless Chromium) and
# end-to-end (playwright-core driving Chromium against the built demo page). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")"

scripts/setup.sh all

echo "== native tests (cargo test)"
cargo test
# The importer without the PDF reader, as the browser's yusuan_importer module is built.
cargo test --no-default-features --features importer --test no_pdf

echo "== browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web
cargo test --target wasm32-unknown-unknown --test web_hostile
# The viewer module alone, as embeds load it (no importer, audit, summary or serde_json in it).
cargo test --target wasm32-unknown-unknown --no-default-features --features viewer --test web_viewer

echo "== build the demo page (./run.sh --no-serve)"
./run.sh --no-serve

echo "== end-to-end tests (playwright-core + Chromium)"
node --test tests/e2e/
