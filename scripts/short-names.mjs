#!/usr/bin/env node
// Gives a wasm module's imports and exports one- or two-letter names, in the .wasm and in its
// wasm-bindgen glue together: wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` and the
// glue spells each import and export out once more, ≈ 1.5 KB gzip of an embed for names no one reads.
// Only the names change (every section but the import and export sections is copied byte for
// byte); `memory` keeps its name. Run by ./run.sh on the one-kind modules, after wasm-opt.
// Usage: node scripts/short-names.mjs pkg/yusuan_functions.js pkg/yusuan_functions_bg.wasm
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [glueFile, wasmFile] = process.argv.slice(2);
if (!glueFile || !wasmFile) {
  console.error('usage: short-names.mjs GLUE.js MODULE_bg.wasm');
  process.exit(2);
}

function reader(bytes, at = 0) {
  return {
    get at() {
      return at;
    },
    byte: () => bytes[at++],
    u32() {
      let v = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[at++];
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (b < 0x80) return v;
      }
    },
    name() {
      const n = this.u32();
      const s = new TextDecoder().decode(bytes.subarray(at, at + n));
      at += n;
      return s;
    },
    bytes(from, to) {
      return bytes.subarray(from, to);
    },
    seek(to) {
      at = to;
    },
  };
}

function leb(v) {
  const out = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

const name = (s) => {
  const b = new TextEncoder().encode(s);
  return [...leb(b.length), ...b];
};

/** a … z, A … Z, then aa, ab …: valid identifiers, shortest first. */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  do {
    s = letters[i % 52] + s;
    i = Math.floor(i / 52) - 1;
  } while (i >= 0);
  return s;
}

const wasm = readFileSync(wasmFile);
const glue = readFileSync(glueFile, 'utf8');
const r = reader(wasm, 8);
const sections = [];
const imports = new Map(); // old field name → new
const exports = new Map();
let importModule = null;

while (r.at < wasm.length) {
  const id = r.byte();
  const size = r.u32();
  const start = r.at;
  const end = start + size;
  if (id === 2) {
    const s = reader(wasm, start);
    const count = s.u32();
    const out = [...leb(count)];
    for (let k = 0; k < count; k++) {
      const module = s.name();
      const field = s.name();
      const descFrom = s.at;
      const kind = s.byte();
      if (kind === 0) s.u32();
      else if (kind === 1 || kind === 2) {
        if (kind === 1) s.byte();
        const flags = s.byte();
        s.u32();
        if (flags & 1) s.u32();
      } else if (kind === 3) {
        s.byte();
        s.byte();
      } else if (kind === 4) {
        s.byte();
        s.u32();
      } else throw new Error(`import kind ${kind} not known`);
      importModule ??= module;
      if (module !== importModule) throw new Error(`imports from two modules: ${importModule}, ${module}`);
      if (!imports.has(field)) imports.set(field, shortName(imports.size));
      out.push(...name('m'), ...name(imports.get(field)), ...s.bytes(descFrom, s.at));
    }
    sections.push([2, Uint8Array.from(out)]);
  } else if (id === 7) {
    const s = reader(wasm, start);
    const count = s.u32();
    const out = [...leb(count)];
    for (let k = 0; k < count; k++) {
      const field = s.name();
      const kind = s.byte();
      const index = s.u32();
      const renamed = field === 'memory' ? field : shortName(exports.size);
      exports.set(field, renamed);
      out.push(...name(renamed), kind, ...leb(index));
    }
    sections.push([7, Uint8Array.from(out)]);
  } else {
    sections.push([id, wasm.subarray(start, end)]);
  }
  r.seek(end);
}

const parts = [wasm.subarray(0, 8)];
for (const [id, body] of sections) parts.push(Uint8Array.from([id, ...leb(body.length)]), body);
writeFileSync(wasmFile, Buffer.concat(parts));

// The glue: import keys (`__wbg_…: function`), `wasm.<export>` and the import module's name.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (names) => [...names].sort((a, b) => b.length - a.length).map(escape).join('|');
let out = glue.replace(new RegExp(`\\b(${alternation(imports.keys())})\\b`, 'g'), (m) => imports.get(m));
const renamedExports = [...exports].filter(([a, b]) => a !== b);
out = out.replace(new RegExp(`\\bwasm\\.(${alternation(renamedExports.map(([a]) => a))})\\b`, 'g'), (_, m) => `wasm.${exports.get(m)}`);
const quoted = JSON.stringify(importModule);
if (!out.includes(quoted)) throw new Error(`${glueFile} does not name the import module ${quoted}`);
out = out.split(quoted).join('"m"');
// Whatever still names an old export through `wasm.` would now be undefined at run time.
const left = [...out.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]).filter((n) => !/^[a-zA-Z]{1,2}$/.test(n) && n !== 'memory');
if (left.length) throw new Error(`${glueFile}: exports left unrenamed: ${[...new Set(left)].join(', ')}`);
writeFileSync(glueFile, out);
console.log(`short-names: ${basename(wasmFile)}: ${imports.size} imports, ${exports.size} exports renamed`);
