#!/usr/bin/env bash
# Builds the three wasm modules, the example data and the package folder, and serves the demo page in www/.
#   ./run.sh             build, then serve www/ on http://127.0.0.1:${PORT:-8000}/ (with the strict CSP header)
#   ./run.sh --no-serve  build only
# Outputs: www/pkg/ (wasm + JS glue of the viewer, which embeds load, of the importer, which the
# import worker loads on demand, and of the importer with the PDF reader, which it loads for a PDF), www/data/*.json (from the bundled texts), dist/yusuan/ (the
# self-contained folder a portal copies to its server: see README "Embedding").
# On a fresh Debian machine it installs what is missing: the wasm32 target, wasm-bindgen-cli
# (exactly the crate's version) and npm's binaryen (Debian's binaryen 108 breaks wasm-bindgen 0.2.130 output).
set -euo pipefail
cd "$(dirname "$0")"

serve=1
for arg in "$@"; do
  case "$arg" in
    --no-serve) serve=0 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

export PATH="$HOME/.cargo/bin:$PATH"
# The wasm32 target, wasm-bindgen-cli (exactly the crate's version) and npm's binaryen, each only when missing.
scripts/setup.sh build

target_dir="${CARGO_TARGET_DIR:-target}"
# Modules from the one crate (Cargo features): the viewer (our JSON or wire parts → every chart kind),
# one module per chart kind (our JSON → that kind: all an embed of it downloads), the importer
# (text, bytes and JSON → budget, summary, audit, wire parts) and pdf (the importer with the PDF
# reader: the worker loads it instead when it is given a PDF). opt-level "z" for the wasm builds
# only: measured here 27% smaller than 3 and no slower to reach ready; native release builds keep
# Cargo.toml's profile.
kinds="composition functions projects change waterfall sangong balance tasks"
rm -rf www/pkg
for module in viewer importer pdf $kinds; do
  case "$module" in
    viewer) features="viewer,kinds" ;;
    importer) features="importer" ;;
    pdf) features="pdf" ;;
    *) features="embed,kind-$module" ;;
  esac
  CARGO_PROFILE_RELEASE_OPT_LEVEL="${YUSUAN_WASM_OPT_LEVEL:-z}" \
    cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features "$features"
  wasm-bindgen --target web --out-dir www/pkg --out-name "yusuan_$module" "$target_dir/wasm32-unknown-unknown/release/yusuan.wasm"
  # What a viewer module must not hold, and the importer the PDF reader (README "Size and speed"),
  # checked on the names wasm-bindgen keeps.
  case "$module" in
    importer) node scripts/check-viewer.mjs --importer "www/pkg/yusuan_importer_bg.wasm" ;;
    pdf) ;;
    *) node scripts/check-viewer.mjs "www/pkg/yusuan_${module}_bg.wasm" ;;
  esac
  # The viewer keeps each kind's scene builder a function of its own (binaryen would inline every
  # one into chart::build, their one caller): the browser compiles a wasm function when it first
  # runs, on the page's thread, so one 79 KB function made a page compile all eight kinds to draw one.
  # It also inlines functions of up to 8 expressions everywhere (binaryen's default for -Oz is 2):
  # each function a cold page calls is compiled at its first call (about 210 for the seed's three
  # charts), and the small helpers were a good part of them. Import 11.6 -> 9.9 ms, first mount
  # 20.2 -> 18.5 ms (41 interleaved cold loads), for 670 B gzip; the kind modules keep their bytes.
  inline=()
  [ "$module" = viewer ] && inline=(--no-inline='yusuan::chart::*::build::*' --always-inline-max-function-size=8)
  node_modules/.bin/wasm-opt "${inline[@]}" -Oz "www/pkg/yusuan_${module}_bg.wasm" -o "www/pkg/yusuan_${module}_bg.wasm"
  # An embed downloads a kind's module: its imports and exports get one-letter names, in the wasm
  # and its glue together (the viewer and the importer keep theirs: pages and the worker name them).
  case "$module" in viewer|importer|pdf) ;; *) node scripts/short-names.mjs "www/pkg/yusuan_$module.js" "www/pkg/yusuan_${module}_bg.wasm" ;; esac
done
# The examples' JSON comes from the importer just built, so it always matches the format that ships.
node scripts/build-data.mjs
node scripts/package.mjs dist/yusuan

size() { [ -f "$2" ] || return 0; printf '%-24s %9d B  (gzip -9: %8d B)\n' "$1" "$(wc -c <"$2")" "$(gzip -9c "$2" | wc -c)"; }
for k in $kinds; do size "www/pkg/yusuan_${k}_bg.wasm" "www/pkg/yusuan_${k}_bg.wasm"; done
size "www/pkg/yusuan_viewer_bg.wasm" www/pkg/yusuan_viewer_bg.wasm
size "www/pkg/yusuan_viewer.js" www/pkg/yusuan_viewer.js
size "www/pkg/yusuan_importer_bg.wasm" www/pkg/yusuan_importer_bg.wasm
size "www/pkg/yusuan_importer.js" www/pkg/yusuan_importer.js
size "www/pkg/yusuan_pdf_bg.wasm" www/pkg/yusuan_pdf_bg.wasm
size "www/pkg/yusuan_pdf.js" www/pkg/yusuan_pdf.js
size "www/yusuan.js" www/yusuan.js
size "www/yusuan-import.js" www/yusuan-import.js
size "www/app.js" www/app.js
size "www/yusuan.css" www/yusuan.css

if [ "$serve" = 1 ]; then
  port="${PORT:-8000}"
  echo "yusuan demo: http://127.0.0.1:$port/  (embedding examples: csp.html, host.html, embed.html?src=…)"
  exec node scripts/serve.mjs --root www --port "$port"
fi
