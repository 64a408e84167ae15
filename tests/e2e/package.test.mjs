// The package folder dist/yusuan (made by ./run.sh --no-serve): what a portal copies to its server.
// Checks its files and package.json, type-checks a consumer against its declarations with tsc, and
// serves it the way a portal would (under /yusuan/, its data elsewhere, the strict CSP header on the
// pages) to check that the element and the iframe work and that nothing outside is fetched.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartsSettled, root, start, watch } from './helpers.mjs';

const dist = join(root, 'dist', 'yusuan');
let env, site;

before(async () => {
  assert.ok(existsSync(join(dist, 'package.json')), 'dist/yusuan is missing: run ./run.sh --no-serve first');
  // A portal's static root: the package under /yusuan/, its own data under /data/, its own pages.
  site = mkdtempSync(join(tmpdir(), 'yusuan-portal-'));
  cpSync(dist, join(site, 'yusuan'), { recursive: true });
  mkdirSync(join(site, 'data'));
  cpSync(join(root, 'www', 'data', 'futian-investment-2022.json'), join(site, 'data', 'budget.json'));
  writeFileSync(
    join(site, 'article.html'),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户文章</title><link rel="icon" href="data:,">
<script type="module" src="/yusuan/yusuan-chart.js"></script></head><body><main><h1>部门预算</h1>
<yusuan-chart src="/data/budget.json" kind="functions" lang="zh"></yusuan-chart>
<yusuan-chart src="/data/budget.json" kind="projects" lang="zh"></yusuan-chart></main></body></html>\n`,
  );
  // serve.mjs allows frames on /host.html only.
  writeFileSync(
    join(site, 'host.html'),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户 iframe</title><link rel="icon" href="data:,">
<script src="/yusuan/embed-host.js" defer></script></head><body><main><h1>部门预算</h1>
<iframe data-yusuan-embed title="部门预算图表" height="300" src="/yusuan/embed.html?src=%2Fdata%2Fbudget.json&amp;kind=sangong&amp;lang=zh"></iframe>
</main></body></html>\n`,
  );
  env = await start(site);
});

after(async () => {
  await env?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

test('package.json: an ES module package whose exports, types and files all exist', () => {
  const pkg = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'yusuan');
  assert.equal(pkg.type, 'module');
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(pkg.types, './yusuan.d.ts');
  const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  for (const f of [...targets, pkg.main, pkg.types, ...pkg.files.map((f) => `./${f}`)]) {
    assert.ok(existsSync(join(dist, f)), `${f} is listed but missing`);
  }
  for (const f of ['yusuan.js', 'yusuan-import.js', 'yusuan-importer.js', 'yusuan-worker.js', 'yusuan-chart.js', 'yusuan.css', 'yusuan.d.ts', 'embed.html', 'embed-host.js', 'pkg/yusuan_viewer_bg.wasm', 'pkg/yusuan_importer_bg.wasm', 'pkg/yusuan_pdf_bg.wasm', 'pkg/yusuan_pdf.js']) {
    assert.ok(pkg.files.includes(f), `${f} not in files`);
  }
});

test('the package refers to no other origin: no absolute URL in its code, styles or page', () => {
  for (const f of ['yusuan.js', 'yusuan-import.js', 'yusuan-importer.js', 'yusuan-worker.js', 'yusuan-chart.js', 'embed.js', 'embed-host.js', 'pkg/yusuan_viewer.js', 'pkg/yusuan_importer.js', 'pkg/yusuan_pdf.js', 'yusuan.css', 'embed.css', 'embed.html']) {
    const text = readFileSync(join(dist, f), 'utf8')
      // Comments may name URLs (documentation); code, styles and markup may not.
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/<!--[\s\S]*?-->/g, '');
    assert.doesNotMatch(text, /(?<![\w.])(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i, `${f} refers to another origin`);
    assert.doesNotMatch(text, /@import|cdn|googleapis|unpkg|jsdelivr/i, `${f} loads from elsewhere`);
  }
});

test('TypeScript: a consumer type-checks against the declarations, and a wrong chart kind does not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yusuan-ts-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(dist, join(dir, 'node_modules', 'yusuan'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
    const good = `import { init, loadBudget, loadBudgetAsync, loadImporter, prefetchImporter, mountChart, liveCharts, defineElement, tableToCsv, type ChartView } from 'yusuan';
import 'yusuan/element';
export async function show(canvas: HTMLCanvasElement, text: string): Promise<ChartView> {
  const wasm = await init();
  const budget = loadBudget(text);
  const year: number | undefined = budget.year;
  const view = mountChart(canvas, budget, { kind: 'functions', lang: 'zh', theme: 'auto' });
  view.setOptions({ lang: 'en' });
  const csv: string = tableToCsv(view.chart.table());
  const n: number = liveCharts() + wasm.kinds().length + csv.length + (year ?? 0);
  const big = await loadBudgetAsync(text, { summary: true, findings: 10, signal: AbortSignal.timeout(60_000) });
  const facts = await big.facts;
  const errors: number = facts?.audit ? facts.audit.counts.error : 0;
  const importer = await loadImporter();
  const parts: Uint8Array[] = importer.importText(text).intoWireParts();
  const reader = new wasm.WireReader(parts[0]);
  reader.finish().free();
  prefetchImporter();
  console.log(errors, big.worker, facts?.errors.audit ?? '', JSON.stringify(big.budget.toJson()).length);
  // Several files (a PDF among them) as one budget, with the pages read reported.
  const pair = await loadBudgetAsync([{ name: '附件1.pdf', bytes: new Uint8Array(8) }, { name: '附件2.pdf', bytes: new ArrayBuffer(8) }], {
    findings: 200,
    onProgress: (done: number, total: number) => console.log(done, total),
  });
  const files: string[] = (await pair.facts)?.files ?? [];
  const doubt: string | undefined = (await pair.facts)?.doubt?.sentence;
  const byCheck: number = (await pair.facts)?.audit?.checks['hierarchy']?.error ?? 0;
  console.log(files.length, doubt ?? '', byCheck, pair.timing?.module === 'pdf');
  defineElement();
  const el = document.createElement('yusuan-chart');
  el.budget = budget;
  el.addEventListener('yusuan-ready', (e) => console.log(e.detail.title, n, el.chart?.markCount, el.doubt ?? ''));
  return view;
}
`;
    writeFileSync(join(dir, 'good.mts'), good);
    writeFileSync(join(dir, 'bad.mts'), `import { mountChart, loadBudget } from 'yusuan';\nmountChart(document.createElement('canvas'), loadBudget(''), { kind: 'pie' });\n`);
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const args = (f) => ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom,esnext.disposable', f];
    execFileSync(tsc, args('good.mts'), { cwd: dir, stdio: 'pipe' });
    let message = '';
    try {
      execFileSync(tsc, args('bad.mts'), { cwd: dir, stdio: 'pipe' });
    } catch (e) {
      message = String(e.stdout);
    }
    assert.match(message, /"pie"/, `tsc accepted kind "pie": ${message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('served from a portal (/yusuan/ + its own data): element and iframe work, nothing fetched outside, no CSP violation', async () => {
  const { browser, base } = env;
  for (const [path, check] of [
    ['article.html', async (page) => {
      await chartsSettled(page);
      const kinds = await page.evaluate(() => [...document.querySelectorAll('yusuan-chart')].map((e) => e.chart?.kind));
      assert.deepEqual(kinds, ['functions', 'projects']);
    }],
    ['host.html', async (page) => {
      const frame = await (await page.waitForSelector('iframe')).contentFrame();
      await frame.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      await page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
      const h = await page.evaluate(() => document.querySelector('iframe').clientHeight);
      const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      assert.equal(h, content);
    }],
  ]) {
    const page = await browser.newPage();
    const w = await watch(page, base);
    await page.goto(base + path);
    await check(page);
    assert.deepEqual(w.errors, []);
    assert.deepEqual(await w.violations(), []);
    assert.deepEqual(w.foreign, []);
    const paths = w.requests.filter((u) => u.startsWith('http')).map((u) => new URL(u).pathname);
    const outside = paths.filter((p) => p !== `/${path}` && !p.startsWith('/yusuan/') && p !== '/data/budget.json');
    assert.deepEqual(outside, [], 'requests outside the package and the page’s own data');
    // Two kinds on the article: the viewer draws both; the iframe's one chart: that kind's module only.
    const wasm = path === 'article.html' ? 'viewer' : 'sangong';
    assert.deepEqual(paths.filter((p) => p.endsWith('.wasm')), [`/yusuan/pkg/yusuan_${wasm}_bg.wasm`]);
    assert.ok(!paths.includes('/yusuan/pkg/yusuan_importer_bg.wasm'), 'the importer was fetched for prepared JSON');
    await page.close();
  }
});
