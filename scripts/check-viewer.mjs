#!/usr/bin/env node
// Fails when the viewer's wasm (as wasm-bindgen writes it, function names kept) holds code of what
// only the importer may hold: the importer, CSV reader, audit, summary, or serde_json; or, with
// `--importer`, when the importer's wasm holds the PDF reader (the yusuan_pdf module's alone). Run
// by ./run.sh between wasm-bindgen and wasm-opt (which drops the names).
// Usage: node scripts/check-viewer.mjs www/pkg/yusuan_viewer_bg.wasm
//        node scripts/check-viewer.mjs --importer www/pkg/yusuan_importer_bg.wasm
import { readFileSync } from 'node:fs';

/** The PDF reader, which only the yusuan_pdf module holds. */
const PDF_READER = [/\byusuan::pdf::/, /\byusuan::import::pdf_lines::/, /\bminiz_oxide\b/];

const FORBIDDEN = [/\byusuan::import::/, /\byusuan::csv_import::/, /\byusuan::audit\b/, /\byusuan::summary::/, /\byusuan::json::(from_json|to_json|check_|serde_error|explain_syntax|expectation)/, /\bserde_json\b/];

/** The function names of a wasm binary's `name` section (demangled as rustc writes them). */
export function functionNames(bytes) {
  let at = 8;
  const u32 = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return v;
    }
  };
  const names = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 0) {
      const len = u32();
      const name = new TextDecoder().decode(bytes.subarray(at, at + len));
      at += len;
      if (name === 'name') {
        while (at < end) {
          const sub = bytes[at++];
          const subSize = u32();
          const subEnd = at + subSize;
          if (sub === 1) {
            const count = u32();
            for (let i = 0; i < count; i++) {
              u32();
              const n = u32();
              names.push(new TextDecoder().decode(bytes.subarray(at, at + n)));
              at += n;
            }
          }
          at = subEnd;
        }
      }
    }
    at = end;
  }
  return names;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const importer = process.argv[2] === '--importer';
  const file = process.argv[importer ? 3 : 2];
  const names = functionNames(readFileSync(file));
  if (names.length === 0) {
    console.error(`check-viewer: ${file} has no function names (run it before wasm-opt)`);
    process.exit(1);
  }
  const forbidden = importer ? PDF_READER : [...FORBIDDEN, ...PDF_READER];
  const found = names.filter((n) => forbidden.some((re) => re.test(n)));
  if (found.length > 0) {
    console.error(`check-viewer: ${file} holds code the ${importer ? 'importer' : 'viewer'} must not (${found.length} functions), e.g.:`);
    for (const n of found.slice(0, 12)) console.error(`  ${n}`);
    process.exit(1);
  }
  console.log(`check-viewer: ${file}: ${names.length} functions, none of ${importer ? 'the PDF reader' : 'the importer, PDF reader, audit, summary or serde_json'}`);
}
