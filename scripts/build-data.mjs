#!/usr/bin/env node
// Writes yusuan JSON beside every document text in www/data (budget.txt → budget.json) with the wasm
// modules just built in www/pkg, so the examples can use `src=…json` and the JSON always matches the
// importer that ships: the importer reads the text, hands the budget to the viewer as wire parts (as
// the import worker does) and the viewer writes the JSON, which it reads back as a check. Run by
// ./run.sh after the wasm build.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(root, 'www');
const importer = await import(join(www, 'pkg', 'yusuan_importer.js'));
importer.initSync({ module: readFileSync(join(www, 'pkg', 'yusuan_importer_bg.wasm')) });
const viewer = await import(join(www, 'pkg', 'yusuan_viewer.js'));
viewer.initSync({ module: readFileSync(join(www, 'pkg', 'yusuan_viewer_bg.wasm')) });

const dir = join(www, 'data');
for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
  const parts = importer.importText(readFileSync(join(dir, name), 'utf8')).intoWireParts();
  const reader = new viewer.WireReader(parts[0]);
  for (const p of parts.slice(1)) reader.push(p);
  const budget = reader.finish();
  const json = budget.toJson();
  budget.free();
  const back = viewer.fromJson(json);
  if (back.toJson() !== json) throw new Error(`${name}: the viewer does not read back the JSON it wrote`);
  back.free();
  writeFileSync(join(dir, name.replace(/\.txt$/, '.json')), json + '\n');
  console.log(`data: ${name} → ${name.replace(/\.txt$/, '.json')}`);
}
for (const m of [importer, viewer]) {
  if (m.liveBudgets() !== 0) throw new Error(`${m.liveBudgets()} budgets still alive`);
}
