// The side-by-side browser benchmark: yusuan, ECharts 6 and Chart.js 4 (+ treemap plugin) draw the
// same three charts of the seed in one headless Chromium session; then yusuan alone on synthetic
// city budgets. Writes bench/results.json and bench/RESULTS.md. Run through bench/run.sh, which
// builds first; options: --runs N (page loads per lib, cold and warm; default 20), --moves N
// (hover moves per lib; default 210), --dpr 1,2, --scale 1000,10000,… (lines), --scale-runs N.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execSync } from 'node:child_process';
import { serve, fileFor, setBeforeDir, setDistDir, setWwwDir, ROOT } from './serve.mjs';
import { launch } from './browser.mjs';
import { renderMarkdown } from './report.mjs';

// --key value or --key=value.
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (!a.startsWith('--')) return acc;
    const eq = a.indexOf('=');
    return [...acc, eq > 0 ? [a.slice(2, eq), a.slice(eq + 1)] : [a.slice(2), all[i + 1]]];
  }, []),
);
const RUNS = Number(args.runs ?? 20);
const MOVES = Number(args.moves ?? 210);
const DPRS = String(args.dpr ?? '1,2').split(',').map(Number);
const SCALE = String(args.scale ?? '1000,10000,50000,100000,200000').split(',').filter(Boolean).map(Number);
const SCALE_RUNS = Number(args['scale-runs'] ?? 5);
const RERENDERS = 30;
const LIBS = String(args.libs ?? 'yusuan,yusuan-json,echarts,chartjs').split(',');
const KINDS = ['composition', 'functions', 'change'];
const VIEWPORT = { width: 680, height: 1400 };
const OUT = path.join(ROOT, 'bench', 'out');

const log = (...a) => console.error('bench:', ...a);
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
}
const stats = (xs) => ({ n: xs.length, median: median(xs), p95: quantile(xs, 0.95), min: xs.length ? Math.min(...xs) : null, max: xs.length ? Math.max(...xs) : null });
/** Per key, the median over a list of objects of numbers. */
const medians = (objs) => Object.fromEntries(Object.keys(objs[0] ?? {}).map((k) => [k, median(objs.map((o) => o[k]))]));
const round = (x, d = 2) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const sh = (cmd) => {
  try {
    return execSync(cmd, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
};

async function loadPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  const r = await page.evaluate(() => window.benchReady);
  if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
  return { page, r };
}

const pageUrl = (base, lib) => `${base}/bench/pages/${lib}.html`;

/** The chart data every library draws, from yusuan's import of the seed. */
async function extract(browser, base) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/bench/pages/extract.html`);
  const { json, ...data } = await page.evaluate(() => window.extracted);
  await context.close();
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'seed.json'), json);
  fs.writeFileSync(path.join(OUT, 'seed-data.json'), JSON.stringify(data, null, 1) + '\n');
  return data;
}

/** What each page fetched, grouped: the library (scripts, wasm), the page's own files, the data. */
async function transfer(browser, base, lib) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls = [];
  page.on('response', (res) => urls.push(new URL(res.url()).pathname));
  await page.goto(pageUrl(base, lib));
  await page.evaluate(() => window.benchReady);
  await context.close();
  const files = [...new Set(urls)].map((u) => {
    const file = fileFor(u);
    const buf = fs.readFileSync(file);
    const group = /\/(out|data)\//.test(u) ? 'data' : u.startsWith('/bench/pages/') ? 'page' : 'library';
    return { url: u, group, bytes: buf.length, gzip9: gz(buf) };
  });
  const sum = (g) => files.filter((f) => !g || f.group === g).reduce((s, f) => s + f.gzip9, 0);
  const raw = (g) => files.filter((f) => !g || f.group === g).reduce((s, f) => s + f.bytes, 0);
  return { files, library: sum('library'), libraryRaw: raw('library'), page: sum('page'), data: sum('data'), total: sum() };
}

/** Every canvas of the page has drawn something (not one flat colour). */
async function checkDrawn(page, lib) {
  const flat = await page.evaluate((kinds) =>
    kinds.filter((k) => {
      const c = window.bench.canvas(k);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length && seen.size < 3; i += 4 * 97) seen.add((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]);
      return seen.size < 3;
    }), KINDS);
  if (flat.length) throw new Error(`${lib}: nothing drawn on ${flat.join(', ')}`);
}

/** Page loads: cold = a fresh browser context each (empty HTTP and code caches); warm = the same
 * context navigating again (HTTP cache, V8 code cache, cached wasm compilation). Libraries are
 * interleaved run by run so drift of the machine hits all three alike. */
async function loads(browser, base, dpr) {
  const out = Object.fromEntries(LIBS.map((l) => [l, { cold: [], warm: [], coldNav: [], warmNav: [], coldPhases: [], warmPhases: [] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const lib of rotate(LIBS, i)) {
      const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: dpr });
      const { page, r } = await loadPage(context, pageUrl(base, lib));
      if (i === 0) await checkDrawn(page, lib);
      out[lib].cold.push(r.painted - r.t0);
      out[lib].coldNav.push(r.painted);
      if (r.phases) out[lib].coldPhases.push({ ...r.phases, painted: r.painted });
      await context.close();
    }
  }
  const warm = {};
  for (const lib of LIBS) {
    warm[lib] = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: dpr });
    const { page } = await loadPage(warm[lib], pageUrl(base, lib)); // primes the caches
    await page.close();
  }
  for (let i = 0; i < RUNS; i++) {
    for (const lib of rotate(LIBS, i)) {
      const { page, r } = await loadPage(warm[lib], pageUrl(base, lib));
      out[lib].warm.push(r.painted - r.t0);
      out[lib].warmNav.push(r.painted);
      if (r.phases) out[lib].warmPhases.push({ ...r.phases, painted: r.painted });
      await page.close();
    }
  }
  for (const lib of LIBS) await warm[lib].close();
  return out;
}

const rotate = (xs, i) => xs.map((_, j) => xs[(i + j) % xs.length]);

/** JS heap after load (after two forced GCs) and the wasm memory, on a fresh warm page. */
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => (window.bench?.wasmBytes ? window.bench.wasmBytes() : 0));
  await cdp.detach();
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasm };
}

async function rerenders(page) {
  return page.evaluate(
    ({ kinds, n }) => {
      const out = {};
      for (const kind of kinds) {
        for (let i = 0; i < 5; i++) window.bench.rerender(kind);
        const times = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          window.bench.rerender(kind);
          times.push(performance.now() - t);
        }
        out[kind] = times;
      }
      return out;
    },
    { kinds: KINDS, n: RERENDERS },
  );
}

/** One representative point per mark: a grid scan (every 6 CSS px) asks the library what is
 * under each point (its own hit test); per mark, the scanned point nearest the centroid of its
 * points. Not timed. */
async function markPoints(page) {
  return page.evaluate((kinds) => {
    const out = {};
    for (const kind of kinds) {
      const c = window.bench.canvas(kind);
      const w = c.getBoundingClientRect().width;
      const h = c.getBoundingClientRect().height;
      const byId = new Map();
      for (let y = 3; y < h; y += 6) {
        for (let x = 3; x < w; x += 6) {
          const id = window.bench.hitId(kind, x, y);
          if (id == null) continue;
          if (!byId.has(id)) byId.set(id, []);
          byId.get(id).push([x, y]);
        }
      }
      const pts = [];
      for (const [id, ps] of [...byId.entries()].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))) {
        const cx = ps.reduce((s, p) => s + p[0], 0) / ps.length;
        const cy = ps.reduce((s, p) => s + p[1], 0) / ps.length;
        const best = ps.reduce((b, p) => ((p[0] - cx) ** 2 + (p[1] - cy) ** 2 < (b[0] - cx) ** 2 + (b[1] - cy) ** 2 ? p : b));
        pts.push({ id, x: best[0], y: best[1] });
      }
      out[kind] = pts;
    }
    return out;
  }, KINDS);
}

/** Hover latency: a pointermove and then a mousemove (what a real mouse sends) dispatched on the
 * chart canvas at a mark's point, timed until the tooltip shows that mark: the tooltip DOM text
 * changed (yusuan, ECharts: checked right after dispatch, else by a MutationObserver/message-loop
 * watch), or for Chart.js' canvas tooltip the afterDraw of the frame that drew the new tooltip.
 * Moves go round the three charts, each chart's marks in turn, one animation frame apart. */
async function hovers(page, points) {
  const moves = [];
  const counters = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (let i = 0; moves.length < MOVES; i++) {
    const kind = KINDS[i % KINDS.length];
    const pts = points[kind];
    if (pts.length < 2) {
      if (KINDS.every((k) => points[k].length < 2)) break;
      continue;
    }
    moves.push({ kind, ...pts[counters[kind]++ % pts.length] });
  }
  return page.evaluate(async (moves) => {
    const bench = window.bench;
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const channel = new MessageChannel();
    const waitChange = (kind, before, deadline) =>
      new Promise((resolve) => {
        let done = false;
        const finish = (t) => {
          if (done) return;
          done = true;
          mo.disconnect();
          channel.port1.onmessage = null;
          resolve(t);
        };
        const check = () => {
          if (done) return;
          if (bench.tipKey(kind) !== before) finish(bench.tipTime?.(kind) ?? performance.now());
          else if (performance.now() > deadline) finish(null);
        };
        const mo = new MutationObserver(check);
        mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        channel.port1.onmessage = () => {
          check();
          if (!done) channel.port2.postMessage(0);
        };
        channel.port2.postMessage(0);
      });
    const latencies = [];
    const misses = [];
    for (const m of moves) {
      const c = bench.canvas(m.kind);
      const r = c.getBoundingClientRect();
      const init = { clientX: r.left + m.x, clientY: r.top + m.y, bubbles: true, cancelable: true, composed: true, pointerType: 'mouse', pointerId: 1, isPrimary: true, view: window };
      const before = bench.tipKey(m.kind);
      const t0 = performance.now();
      c.dispatchEvent(new PointerEvent('pointermove', init));
      c.dispatchEvent(new MouseEvent('mousemove', init));
      let t1 = null;
      if (bench.tipKey(m.kind) !== before) t1 = bench.tipTime?.(m.kind) ?? performance.now();
      else t1 = await waitChange(m.kind, before, t0 + 500);
      if (t1 == null) misses.push(`${m.kind}:${m.id}`);
      else latencies.push(t1 - t0);
      await frame();
    }
    return { latencies, misses };
  }, moves);
}

/** Re-render, hover and memory on one warm page per library. */
async function interaction(browser, base, dpr) {
  const out = {};
  for (const lib of LIBS) {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: dpr });
    await (await loadPage(context, pageUrl(base, lib))).page.close(); // warm the caches
    const { page } = await loadPage(context, pageUrl(base, lib));
    const mem = await memory(page);
    const rr = await rerenders(page);
    const points = await markPoints(page);
    // Start from nowhere: a move off the charts.
    await page.evaluate(() => document.body.dispatchEvent(new MouseEvent('mousemove', { clientX: 1, clientY: 1, bubbles: true })));
    const hv = await hovers(page, points);
    // yusuan only: where a hover's time goes, per part, over the same points (3 rounds).
    const parts = await page.evaluate((points) => {
      if (!window.bench.hoverParts) return null;
      const acc = { hit: [], lines: [], mark: [] };
      for (let round = 0; round < 3; round++) {
        for (const [kind, pts] of Object.entries(points)) {
          for (const p of pts) for (const [k, v] of Object.entries(window.bench.hoverParts(kind, p.x, p.y))) acc[k].push(v);
        }
      }
      return acc;
    }, points);
    out[lib] = {
      memory: mem,
      rerender: Object.fromEntries(Object.entries(rr).map(([k, v]) => [k, stats(v)])),
      marks: Object.fromEntries(Object.entries(points).map(([k, v]) => [k, v.length])),
      hover: { ...stats(hv.latencies), p50: quantile(hv.latencies, 0.5), misses: hv.misses },
    };
    if (parts) out[lib].hoverParts = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, stats(v)]));
    if (lib === LIBS[0] || dpr === DPRS[0]) await page.screenshot({ path: path.join(OUT, `${lib}-dpr${dpr}.png`), fullPage: true });
    await context.close();
  }
  const baseCtx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: dpr });
  const { page } = await loadPage(baseCtx, pageUrl(base, 'empty'));
  out.empty = { memory: await memory(page) };
  await baseCtx.close();
  return out;
}

/** yusuan on synthetic city budgets of each size (texts from examples/synth.rs, written by run.sh). */
async function scale(browser, base) {
  const out = [];
  for (const n of SCALE) {
    const file = path.join(OUT, `city-${n}.txt`);
    if (!fs.existsSync(file)) {
      log(`no ${file}: skipped (bench/run.sh writes it)`);
      continue;
    }
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const runs = [];
    let heap = null;
    for (let i = 0; i < SCALE_RUNS; i++) {
      const { page, r } = await loadPage(context, `${base}/bench/pages/scale.html?n=${n}`);
      runs.push(r);
      if (i === SCALE_RUNS - 1 && !r.error) heap = (await memory(page)).jsHeapUsed;
      await page.close();
    }
    await context.close();
    const first = runs[0];
    const pick = (k) => round(median(runs.map((r) => r[k]).filter((v) => v != null)));
    const least = (k) => round(Math.min(...runs.map((r) => r[k]).filter((v) => v != null)));
    out.push(
      first.error
        ? { n, bytes: first.bytes, error: first.error, refusedMs: pick('refusedMs') }
        : {
            n, bytes: first.bytes, rows: first.rows, marks: first.marks, findings: first.findings,
            importMs: pick('importMs'), importMinMs: least('importMs'), paintedMinMs: least('paintedMs'), reimportMs: pick('reimportMs'), mountMs: pick('mountMs'), drawMs: pick('drawMs'), paintedMs: pick('paintedMs'),
            auditMs: pick('auditMs'), wasmBytes: first.wasmBytes, wasmBytesAfterAudit: first.wasmBytesAfterAudit, jsHeapUsed: heap,
          },
    );
    log(`scale ${n}: ${JSON.stringify(out[out.length - 1])}`);
  }
  return out;
}

/** Criterion's estimates from `cargo bench --bench import` (run by bench/run.sh before this), if present. */
function native() {
  const dir = path.join(process.env.CARGO_TARGET_DIR ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target'), 'criterion');
  const read = (group, id) => {
    const f = path.join(dir, group, id, 'new', 'estimates.json');
    if (!fs.existsSync(f)) return null;
    const e = JSON.parse(fs.readFileSync(f, 'utf8'));
    return { meanUs: e.mean.point_estimate / 1000, lowUs: e.mean.confidence_interval.lower_bound / 1000, highUs: e.mean.confidence_interval.upper_bound / 1000, medianUs: e.median.point_estimate / 1000, at: fs.statSync(f).mtime.toISOString() };
  };
  const seed = read('import', 'seed');
  if (!seed) return null;
  const rows = [['import', 'seed', seed]];
  for (const g of ['import_city', 'audit_city']) for (const n of ['1000', '10000', '50000']) rows.push([g, n, read(g, n)]);
  const fmtUs = (u) => (u >= 1000 ? `${(u / 1000).toFixed(2)} ms` : `${u.toFixed(0)} µs`);
  const text = ['| benchmark | mean | 95% interval | median | measured at |', '| --- | ---: | ---: | ---: | --- |',
    ...rows.filter((r) => r[2]).map(([g, id, e]) => `| ${g}/${id} | ${fmtUs(e.meanUs)} | ${fmtUs(e.lowUs)} – ${fmtUs(e.highUs)} | ${fmtUs(e.medianUs)} | ${e.at} |`)].join('\n');
  return { seedImportUs: seed.meanUs, rows: rows.map(([g, id, e]) => ({ group: g, id, ...e })), text };
}

function versions(browserVersion) {
  const pkg = (p) => JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'node_modules', p, 'package.json'), 'utf8')).version;
  const commit = sh('git rev-parse --short HEAD');
  const dirty = sh('git status --porcelain -- src www Cargo.toml Cargo.lock');
  return {
    yusuan: `${commit ?? '?'}${dirty ? ' (with uncommitted changes in src/www)' : ''}`,
    echarts: pkg('echarts'),
    'chart.js': pkg('chart.js'),
    'chartjs-chart-treemap': pkg('chartjs-chart-treemap'),
    'playwright-core': pkg('playwright-core'),
    chromium: browserVersion,
    node: process.version,
    rustc: sh('rustc --version'),
    'wasm-bindgen': sh('wasm-bindgen --version'),
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? '?',
    cores: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    debian: fs.existsSync('/etc/debian_version') ? fs.readFileSync('/etc/debian_version', 'utf8').trim() : null,
  };
}

/** The files of the two wasm modules and the scripts around them (bench/SIZE.md's table). */
const MODULE_FILES = [
  'pkg/yusuan_viewer_bg.wasm', 'pkg/yusuan_viewer.js', 'yusuan.js', 'yusuan-chart.js', 'yusuan.css',
  'pkg/yusuan_importer_bg.wasm', 'pkg/yusuan_importer.js', 'yusuan-import.js', 'yusuan-importer.js', 'yusuan-worker.js',
];

/** Raw and gzip -9 bytes of each file: the viewer's (what an embed loads) and the importer's (on demand). */
function moduleSizes(dir) {
  const files = Object.fromEntries(
    MODULE_FILES.map((f) => {
      const buf = fs.readFileSync(path.join(dir, f));
      return [f, { bytes: buf.length, gzip9: gz(buf) }];
    }),
  );
  const sum = (names) => names.reduce((n, f) => n + files[f].gzip9, 0);
  const viewer = sum(MODULE_FILES.slice(0, 5));
  const importer = sum(MODULE_FILES.slice(5));
  return { files, viewer, importer, both: viewer + importer };
}

/** Every chart kind: an embed of each downloads that kind's module. */
const ALL_KINDS = ['composition', 'functions', 'projects', 'change', 'waterfall', 'sangong', 'balance', 'tasks'];
const SEED_JSON = 'data/futian-investment-2022.json';

/** The pages tests/e2e/size.test.mjs measures (issue 13), on the package as a portal deploys it. */
function embedPages() {
  const embed = (kind) => ({
    path: `embed.html?src=${encodeURIComponent(SEED_JSON)}&kind=${kind}&lang=zh`,
    ready: (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }),
  });
  return {
    'embed.html kind=functions': embed('functions'),
    '<yusuan-chart src> (functions)': {
      path: 'element.html',
      ready: (page) => page.waitForFunction(() => document.querySelector('yusuan-chart')?.chart?.markCount > 0, null, { timeout: 20_000 }),
    },
    ...Object.fromEntries(ALL_KINDS.filter((k) => k !== 'functions').map((k) => [`embed.html kind=${k}`, embed(k)])),
  };
}

/**
 * What an embed fetches, as tests/e2e/size.test.mjs measures it: each page in a fresh context, every
 * response until it is ready and one second more, gzip -9; wasm + JS + CSS is the figure issue 13's
 * 80 KB is about (the page's HTML and the data file listed beside it).
 */
async function embedSizes(browser, base) {
  const kindOf = (p) => (/\.wasm$/.test(p) ? 'wasm' : /\.m?js$/.test(p) ? 'js' : /\.css$/.test(p) ? 'css' : /\.json$/.test(p) ? 'data' : 'html');
  const out = {};
  for (const [name, spec] of Object.entries(embedPages())) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const urls = [];
    page.on('response', (res) => urls.push(new URL(res.url()).pathname));
    await page.goto(`${base}/dist/${spec.path}`);
    await spec.ready(page);
    await page.waitForTimeout(1000);
    await context.close();
    const files = [...new Set(urls)].map((u) => {
      const buf = fs.readFileSync(fileFor(u));
      return { url: u.replace(/^\/dist\//, ''), kind: kindOf(u), bytes: buf.length, gzip9: gz(buf) };
    });
    const sum = (kinds) => files.filter((f) => kinds.includes(f.kind)).reduce((n, f) => n + f.gzip9, 0);
    out[name] = { files, library: sum(['wasm', 'js', 'css']), wasm: sum(['wasm']), js: sum(['js']), css: sum(['css']), html: sum(['html']), data: sum(['data']) };
  }
  return out;
}

const PASTE_RUNS = Number(args['paste-runs'] ?? 9);
const PASTED = fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'putuo-commerce-budget-2025.txt'), 'utf8');

/**
 * The importer's first use on the demo page: a fresh context loads index.html, waits until it is
 * ready and idle (1.5 s: the page fetches the importer then), pastes another document and clicks
 * 载入; timed from the click until every chart shows it and has painted (before the split the page
 * drew the charts last, after the figures and the audit; now the audit column may still follow). Builds (`www`, and
 * `before` with --before) interleaved run by run.
 */
async function pasteTimes(browser, base, builds) {
  const out = Object.fromEntries(builds.map((b) => [b, []]));
  for (let i = 0; i < PASTE_RUNS; i++) {
    for (const b of rotate(builds, i)) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = await context.newPage();
      await page.goto(`${base}/${b}/index.html`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await page.waitForTimeout(1500);
      const ms = await page.evaluate(async (text) => {
        document.querySelector('#paste').value = text;
        const t0 = performance.now();
        document.querySelector('#paste-load').click();
        await new Promise((resolve) => {
          // Charts drawn: data-charts (this build; the audit column may follow), else data-ready.
          const check = () =>
            (document.body.dataset.charts ?? document.body.dataset.ready) === 'true' && document.querySelector('#department').textContent.includes('普陀')
              ? resolve()
              : requestAnimationFrame(check);
          check();
        });
        for (const c of document.querySelectorAll('canvas[data-chart]')) c.getContext('2d').getImageData(0, 0, 1, 1);
        await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t0;
      }, PASTED);
      out[b].push(ms);
      await context.close();
    }
  }
  return Object.fromEntries(Object.entries(out).map(([b, xs]) => [b, stats(xs)]));
}

async function main() {
  const loadAtStart = os.loadavg().map((x) => round(x));
  // One consistent build for the whole run: other work in the checkout may rebuild www/pkg meanwhile.
  const snapshot = path.join(OUT, 'www');
  fs.rmSync(snapshot, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'www'), snapshot, { recursive: true });
  for (const f of MODULE_FILES) {
    if (!fs.existsSync(path.join(snapshot, f))) throw new Error(`www/${f} missing: build first (./run.sh --no-serve)`);
  }
  for (const f of MODULE_FILES.filter((f) => f.endsWith('.wasm'))) {
    if (!WebAssembly.validate(fs.readFileSync(path.join(snapshot, f)))) throw new Error(`www/${f} is not a valid module (a build in progress?): run again`);
  }
  setWwwDir(snapshot);
  // The package as a portal serves it, with the data file and the element page beside it (as
  // tests/e2e/size.test.mjs sets it up).
  const dist = path.join(OUT, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'dist', 'yusuan'), dist, { recursive: true });
  fs.mkdirSync(path.join(dist, 'data'));
  fs.copyFileSync(path.join(snapshot, SEED_JSON), path.join(dist, SEED_JSON));
  for (const f of ['element.html', 'article.css']) fs.copyFileSync(path.join(snapshot, f), path.join(dist, f));
  setDistDir(dist);
  // --before DIR: another build's www/ (e.g. the commit before the split) for the paste timing.
  if (args.before) setBeforeDir(path.resolve(args.before));
  const { server, url: base } = await serve(0);
  // --js-flags=… passes V8 flags for diagnosis runs (e.g. --no-wasm-lazy-compilation).
  const browser = await launch(args['js-flags'] ? [`--js-flags=${args['js-flags']}`] : []);
  const started = new Date();
  try {
    log('extracting the chart data from yusuan');
    await extract(browser, base);
    log('transfer sizes');
    const bytes = {};
    for (const lib of LIBS) bytes[lib] = await transfer(browser, base, lib);
    log('what each embed fetches (the package, one kind each)');
    const embeds = await embedSizes(browser, base);
    const perDpr = {};
    for (const dpr of DPRS) {
      log(`dpr ${dpr}: ${RUNS} cold and ${RUNS} warm loads per library`);
      const l = await loads(browser, base, dpr);
      log(`dpr ${dpr}: re-render, hover, memory`);
      const it = await interaction(browser, base, dpr);
      perDpr[dpr] = Object.fromEntries(
        LIBS.map((lib) => [
          lib,
          {
            cold: stats(l[lib].cold), warm: stats(l[lib].warm),
            coldFromNavigation: stats(l[lib].coldNav), warmFromNavigation: stats(l[lib].warmNav),
            ...(l[lib].coldPhases.length ? { coldPhases: medians(l[lib].coldPhases), warmPhases: medians(l[lib].warmPhases) } : {}),
            ...it[lib],
          },
        ]),
      );
      perDpr[dpr].empty = it.empty;
    }
    log('paste → charts on the demo page');
    const pasted = await pasteTimes(browser, base, args.before ? ['www', 'before'] : ['www']);
    log('scale');
    const sc = await scale(browser, base);
    const results = {
      date: started.toISOString(),
      libs: LIBS,
      machine: machine(),
      versions: versions(browser.version()),
      settings: { runs: RUNS, moves: MOVES, rerenders: RERENDERS, dprs: DPRS, canvas: '640×400 CSS px per chart', scaleRuns: SCALE_RUNS },
      bytes,
      modules: moduleSizes(snapshot),
      embeds,
      paste: pasted,
      dpr: perDpr,
      scale: sc,
      native: native(),
    };
    results.machine.loadAverageAtStart = loadAtStart;
    results.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x));
    if (args['js-flags']) results.settings.jsFlags = args['js-flags'];
    // --out FILE: a diagnosis run written elsewhere; RESULTS.md only from a full run of all three libraries.
    const json = args.out ? path.resolve(args.out) : path.join(ROOT, 'bench', 'results.json');
    fs.writeFileSync(json, JSON.stringify(results, null, 1) + '\n');
    const full = ['yusuan', 'echarts', 'chartjs'].every((l) => LIBS.includes(l));
    if (!args.out && full) fs.writeFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), renderMarkdown(results));
    log(`wrote ${path.relative(ROOT, json)}${!args.out && full ? ' and bench/RESULTS.md' : ''}`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
