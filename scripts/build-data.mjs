#!/usr/bin/env node
// Writes yusuan JSON beside every document text in www/data (budget.txt → budget.json) with the wasm
// module just built in www/pkg, so the examples can use `src=…json` and the JSON always matches the
// importer that ships. Run by ./run.sh after the wasm build.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(root, 'www');
const { initSync, importText, liveBudgets } = await import(join(www, 'pkg', 'yusuan.js'));
initSync({ module: readFileSync(join(www, 'pkg', 'yusuan_bg.wasm')) });

const dir = join(www, 'data');
for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
  const budget = importText(readFileSync(join(dir, name), 'utf8'));
  const out = join(dir, name.replace(/\.txt$/, '.json'));
  writeFileSync(out, budget.toJson() + '\n');
  budget.free();
  console.log(`data: ${name} → ${name.replace(/\.txt$/, '.json')}`);
}
if (liveBudgets() !== 0) throw new Error(`${liveBudgets()} budgets still alive`);
