// End-to-end: what an embed downloads (issue 13). The package a portal deploys (dist/yusuan, made by
// ./run.sh: minified scripts and styles, one wasm module per chart kind) is served with the data
// file beside it; the iframe page (embed.html?src=…json) and a page with one <yusuan-chart
// src=….json> (www/element.html) are loaded in a fresh Chromium context each; every response the
// page received is gzipped (-9) and added up: wasm, JS (glue and scripts) and CSS make the figure the
// target is about; the page's HTML and the data file are listed beside it. The importer and the
// full viewer must not be among them. Writes tests/e2e/out/size-report.json.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { KINDS, out, root, start } from './helpers.mjs';

/** Issue 13: an embed fetches at most this much wasm, JS and CSS, gzip -9 (bench/SIZE.md). */
const TARGET = 80 * 1024;

const embed = (kind) => ({
  path: `embed.html?src=${encodeURIComponent('data/futian-investment-2022.json')}&kind=${kind}&lang=zh`,
  kind,
  ready: (page) => page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 }),
});

// Issue 13's two pages, then the iframe embed of every other kind (each downloads its own module).
const PAGES = {
  'embed.html': embed('functions'),
  '<yusuan-chart src>': {
    path: 'element.html',
    kind: 'functions',
    ready: (page) => page.waitForFunction(() => document.querySelector('yusuan-chart')?.chart?.markCount > 0, null, { timeout: 20_000 }),
  },
  ...Object.fromEntries(KINDS.filter((k) => k !== 'functions').map((k) => [`embed.html kind=${k}`, embed(k)])),
};

let env, site;
const report = { target_bytes: TARGET, pages: {} };

before(async () => {
  const dist = join(root, 'dist', 'yusuan');
  assert.ok(existsSync(join(dist, 'package.json')), 'dist/yusuan is missing: run ./run.sh --no-serve first');
  // The package as a portal serves it, with the data file beside it and the element page of www/.
  site = mkdtempSync(join(tmpdir(), 'yusuan-size-'));
  cpSync(dist, site, { recursive: true });
  mkdirSync(join(site, 'data'));
  cpSync(join(root, 'www', 'data', 'futian-investment-2022.json'), join(site, 'data', 'futian-investment-2022.json'));
  for (const f of ['element.html', 'article.css']) cpSync(join(root, 'www', f), join(site, f));
  env = await start(site);
});

after(async () => {
  writeFileSync(join(out, 'size-report.json'), JSON.stringify(report, null, 2) + '\n');
  await env?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

const kindOf = (path, type) =>
  /\.wasm$/.test(path) ? 'wasm' : /\.m?js$/.test(path) ? 'js' : /\.css$/.test(path) ? 'css' : /\.json$/.test(path) ? 'data' : /html/.test(type) ? 'html' : 'other';

/** Every response of a page load until it is ready and one second more: path, kind, bytes, gzip -9 bytes. */
async function fetched(name, { path, ready }) {
  const context = await env.browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const pending = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (!/^https?:$/.test(url.protocol)) return;
    pending.push(
      r.body().then(
        (body) => ({ path: url.pathname.replace(/^\//, ''), kind: kindOf(url.pathname, r.headers()['content-type'] ?? ''), bytes: body.length, gzip: gzipSync(body, { level: 9 }).length }),
        () => null,
      ),
    );
  });
  await page.goto(env.base + path);
  await ready(page);
  // Whatever a page fetches when idle comes in too.
  await page.waitForTimeout(1000);
  const files = (await Promise.all(pending)).filter(Boolean);
  await context.close();
  const sum = (kinds) => files.filter((f) => kinds.includes(f.kind)).reduce((n, f) => n + f.gzip, 0);
  return { files, library: sum(['wasm', 'js', 'css']), wasm: sum(['wasm']), js: sum(['js']), css: sum(['css']), html: sum(['html']), data: sum(['data']) };
}

for (const [name, spec] of Object.entries(PAGES)) {
  test(`${name}: fetches only its kind's module, at most 80 KB of wasm, JS and CSS (gzip -9, as fetched)`, async () => {
    const r = await fetched(name, spec);
    report.pages[name] = r;
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`${name}: ${kb(r.library)} of wasm + JS + CSS, gzip -9 (wasm ${kb(r.wasm)}, JS ${kb(r.js)}, CSS ${kb(r.css)}); HTML ${kb(r.html)}, data ${kb(r.data)}`);
    for (const f of r.files) console.log(`  ${f.path.padEnd(44)} ${String(f.bytes).padStart(8)} B  gzip -9 ${String(f.gzip).padStart(7)} B`);
    const paths = r.files.map((f) => f.path);
    assert.ok(paths.includes(`pkg/yusuan_${spec.kind}_bg.wasm`), `the ${spec.kind} module was not fetched`);
    assert.deepEqual(paths.filter((p) => /importer|yusuan-import|worker|yusuan_viewer/.test(p)), [], 'an embed fetched the importer or the whole viewer');
    assert.equal(r.files.filter((f) => f.kind === 'wasm').length, 1);
    assert.ok(r.library <= TARGET, `${name}: ${kb(r.library)}, over issue 13's ${kb(TARGET)}`);
  });
}
