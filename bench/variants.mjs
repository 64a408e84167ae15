// Diagnosis for bench/SIZE.md: the speed of several builds of the wasm module side by side.
//   node bench/variants.mjs DIR…   (each DIR holds a wasm-bindgen --target web output: yusuan.js +
//   yusuan_bg.wasm; it is copied under bench/out/variants/ to be served). Needs bench/out/city-10000.txt.
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from './serve.mjs';
import { launch } from './browser.mjs';

const dirs = process.argv.slice(2);
const runs = Number(process.env.RUNS ?? 5);
const { server, url } = await serve(0);
// JSFLAGS: V8 flags for a diagnosis run, e.g. JSFLAGS=--no-wasm-dynamic-tiering (everything optimised up front).
const browser = await launch(process.env.JSFLAGS ? [`--js-flags=${process.env.JSFLAGS}`] : []);
const rows = [];
try {
  for (const dir of dirs) {
    const name = path.basename(dir);
    const dest = path.join(ROOT, 'bench', 'out', 'variants', name);
    fs.mkdirSync(dest, { recursive: true });
    for (const f of ['yusuan.js', 'yusuan_bg.wasm']) fs.copyFileSync(path.join(dir, f), path.join(dest, f));
    const results = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext(); // cold: no cached compilation
      const page = await context.newPage();
      await page.goto(`${url}/bench/pages/variant.html?pkg=/bench/out/variants/${name}/yusuan.js`);
      results.push(await page.evaluate(() => window.benchReady));
      await context.close();
    }
    const keys = Object.keys(results[0]);
    const med = Object.fromEntries(keys.map((k) => [k, results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs / 2)]]));
    rows.push({ name, wasmBytes: fs.statSync(path.join(dest, 'yusuan_bg.wasm')).size, ...med });
    console.error(JSON.stringify(rows.at(-1)));
  }
} finally {
  await browser.close();
  server.close();
}
const keys = Object.keys(rows[0] ?? {});
console.log(`| ${keys.join(' | ')} |\n| ${keys.map(() => '---').join(' | ')} |`);
for (const r of rows) console.log(`| ${keys.map((k) => (typeof r[k] === 'number' && k !== 'wasmBytes' ? r[k].toFixed(2) : r[k])).join(' | ')} |`);
