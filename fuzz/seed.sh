#!/usr/bin/env bash
# Seeds the fuzz corpora (not committed) from tests/fixtures: the documents as they are for the
# importer targets, and the same documents as yusuan writes them for the JSON loader.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/json_load fuzz/corpus/import_text fuzz/corpus/audit_imported fuzz/corpus/csv_import fuzz/corpus/end_to_end fuzz/corpus/pdf
cargo build -q --bin yusuan
for f in tests/fixtures/*.txt; do
  n=$(basename "$f" .txt)
  install -m 644 "$f" fuzz/corpus/import_text/
  install -m 644 "$f" fuzz/corpus/audit_imported/
  target/debug/yusuan import "$f" -o "fuzz/corpus/json_load/$n.json" 2>/dev/null
  target/debug/yusuan export "$f" --format csv -o "fuzz/corpus/csv_import/$n.csv" 2>/dev/null
  # end_to_end: the first byte picks the name (0 a .txt, 1 a .csv, 2 none).
  { printf '\000'; cat "$f"; } >"fuzz/corpus/end_to_end/$n.txt.seed"
  { printf '\001'; cat "fuzz/corpus/csv_import/$n.csv"; } >"fuzz/corpus/end_to_end/$n.csv.seed"
done
cp fuzz/seeds/csv_import/*.csv fuzz/corpus/csv_import/
# Small, hand-sized JSON seeds reach the loader's error paths faster than 100 KiB documents.
cp fuzz/seeds/json_load/*.json fuzz/corpus/json_load/
# PDFs: the reader's fixtures (small, one feature each: encryption, object streams, rotation),
# hand-made seeds that reach the damaged-file paths, and — when the corpus is beside the crate —
# its three smallest PDFs and their first halves (cut files exercise the recovery scan).
cp tests/fixtures/pdf/*.pdf fuzz/seeds/pdf/*.pdf fuzz/corpus/pdf/
if [ -d ../shared/corpus/pdf ]; then
  for f in $(ls -S ../shared/corpus/pdf/*.pdf | tail -3); do
    n=$(basename "$f" .pdf)
    cp "$f" "fuzz/corpus/pdf/corpus-$n.pdf"
    head -c $(( $(stat -c %s "$f") / 2 )) "$f" > "fuzz/corpus/pdf/corpus-$n-half.pdf"
  done
fi
