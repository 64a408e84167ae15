// Diagnosis (not part of the bench, bench/SIZE.md): cold loads of pages/yusuan-json.html with up to
// four versions of some files, interleaved with Chart.js's page; the median of each and its phases.
//   node bench/diag-ab.mjs --runs 41 --a dirA --b dirB [--c dirC] [--d dirD] [--cpu 1] [--page chartjs] [--dpr 2]
// --page: the page the versions are loaded on (default yusuan-json); chartjs checks that a change to
// the bench's shared files leaves the other library's time alone.
// dirX holds files by their path under the repository (www/yusuan.js, www/pkg/yusuan_viewer_bg.wasm,
// bench/pages/…); they are copied in place before each of that version's loads, and the working
// tree's own files are put back at the end. --cpu 1: also the page's main-thread CPU (a trace per load).
// Needs a built www/ (./run.sh --no-serve). Between runs of one build the medians move by ±10 ms on
// 2 shared cores: compare versions within one run, with 40 or more loads each.
import fs from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from './serve.mjs';
import { launch } from './browser.mjs';
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const RUNS = Number(args.runs ?? 15);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const i = (s.length - 1) / 2; return (s[Math.floor(i)] + s[Math.ceil(i)]) / 2; };
const files = (dir) => fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
const install = (dir) => { for (const f of files(dir)) fs.copyFileSync(path.join(dir, f), path.join(ROOT, f)); };
// The working tree's own versions of every file a variant replaces, put back at the end.
const touched = new Set(['a', 'b', 'c', 'd'].filter((v) => args[v]).flatMap((v) => files(args[v])));
const saved = new Map([...touched].map((f) => [f, fs.existsSync(path.join(ROOT, f)) ? fs.readFileSync(path.join(ROOT, f)) : null]));
const restore = () => { for (const [f, body] of saved) body === null ? fs.rmSync(path.join(ROOT, f), { force: true }) : fs.writeFileSync(path.join(ROOT, f), body); };
const { server, url: base } = await serve(0);
const browser = await launch();
const VS = ['a', 'b', 'c', 'd'].filter((v) => args[v]);
const res = { chartjs: [] };
const phases = {};
for (const v of VS) { res[v] = []; phases[v] = []; }
async function load(lib) {
  const ctx = await browser.newContext({ viewport: { width: 680, height: 1400 }, deviceScaleFactor: Number(args.dpr ?? 1) });
  const page = await ctx.newPage();
  const tp = '/tmp/ab-trace.json';
  if (args.cpu) await browser.startTracing(page, { path: tp, categories: ['devtools.timeline', 'toplevel', 'loading'] });
  await page.goto(`${base}/bench/pages/${lib}.html`);
  const r = await page.evaluate(() => window.benchReady);
  if (args.cpu) {
    await browser.stopTracing();
    const ev = JSON.parse(fs.readFileSync(tp)).traceEvents;
    const ph = ev.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').includes('bench/pages'));
    const end = ph.ts + (r.painted - r.t0) * 1000;
    let cpu = 0, last = 0;
    for (const e of ev.filter((e) => e.pid === ph.pid && e.tid === ph.tid && e.ph === 'X' && e.ts >= ph.ts && e.ts <= end).sort((a, b) => a.ts - b.ts)) {
      if (e.ts < last) continue;
      last = e.ts + e.dur;
      cpu += (e.tdur ?? 0) / 1000;
    }
    r.phases = { ...(r.phases ?? {}), cpu };
    r.cpu = cpu;
  }
  await ctx.close();
  return r;
}
try {
  for (let i = 0; i < RUNS; i++) {
    const all = [...VS, 'chartjs'];
    const order = all.map((_, j) => all[(i + j) % all.length]);
    for (const v of order) {
      if (v === 'chartjs') { const r = await load('chartjs'); res.chartjs.push(r.painted - r.t0); (res.cjcpu ??= []).push(r.cpu ?? 0); continue; }
      install(args[v]);
      const r = await load(args.page ?? 'yusuan-json');
      res[v].push(r.painted - r.t0);
      phases[v].push({ ...r.phases, t0: r.t0, painted: r.painted });
    }
  }
} finally {
  restore();
}
const c = median(res.chartjs);
const q1 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 4)];
for (const v of VS) {
  const p = Object.fromEntries(Object.keys(phases[v][0]).map((k) => [k, Math.round(median(phases[v].map((x) => x[k])) * 10) / 10]));
  console.log(v, median(res[v]).toFixed(1), 'ratio', (median(res[v]) / c).toFixed(3), 'q1', q1(res[v]).toFixed(1), (q1(res[v]) / q1(res.chartjs)).toFixed(3), JSON.stringify(p));
}
console.log('chartjs', c.toFixed(1), 'cpu', res.cjcpu ? median(res.cjcpu).toFixed(1) : '');
await browser.close();
server.close();
