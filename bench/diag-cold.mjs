// Diagnosis (not part of the bench, bench/SIZE.md): N cold loads of some bench pages, interleaved, median
// of the page's phases; optionally a Chromium trace of the last load of the first page.
//   node bench/diag-cold.mjs [--runs 15] [--libs yusuan-json,chartjs] [--trace out.json] [--js-flags …] [--dpr 2]
// CATS=cat1,cat2 sets the trace categories (e.g. disabled-by-default-v8.wasm.detailed for each lazy compile).
import fs from 'node:fs';
import { serve } from './serve.mjs';
import { launch } from './browser.mjs';
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const RUNS = Number(args.runs ?? 15);
const LIBS = String(args.libs ?? 'yusuan-json,chartjs').split(',');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const i = (s.length - 1) / 2; return (s[Math.floor(i)] + s[Math.ceil(i)]) / 2; };
const { server, url: base } = await serve(0);
const browser = await launch(args['js-flags'] ? [`--js-flags=${args['js-flags']}`] : []);
const res = Object.fromEntries(LIBS.map((l) => [l, []]));
for (let i = 0; i < RUNS; i++) {
  for (const lib of LIBS) {
    const ctx = await browser.newContext({ viewport: { width: 680, height: 1400 }, deviceScaleFactor: Number(args.dpr ?? 1) });
    const page = await ctx.newPage();
    const tracing = args.trace && i === RUNS - 1 && lib === LIBS[0];
    if (tracing) await browser.startTracing(page, { path: args.trace, categories: (process.env.CATS ?? 'devtools.timeline,v8,v8.wasm,disabled-by-default-devtools.timeline,blink.user_timing,loading,disabled-by-default-v8.compile').split(',') });
    await page.goto(`${base}/bench/pages/${lib}.html`);
    const r = await page.evaluate(() => window.benchReady);
    if (tracing) await browser.stopTracing();
    if (args.raw) console.log(lib, JSON.stringify(r.phases?.marks ?? {}), Math.round(r.t0), Math.round(r.phases?.moduleStart ?? 0));
    res[lib].push({ total: r.painted - r.t0, t0: r.t0, ...(r.phases ?? {}), painted: r.painted });
    await ctx.close();
  }
}
for (const lib of LIBS) {
  const keys = Object.keys(res[lib][0]);
  console.log(lib, Object.fromEntries(keys.map((k) => [k, Math.round(median(res[lib].map((x) => x[k])) * 10) / 10])));
}
const [a, b] = LIBS;
if (b) console.log('ratio', (median(res[a].map((x) => x.total)) / median(res[b].map((x) => x.total))).toFixed(3));
await browser.close();
server.close();
