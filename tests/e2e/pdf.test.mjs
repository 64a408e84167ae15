// End-to-end: PDFs in the browser (issue 12). The PDF reader is a wasm module of its own
// (pkg/yusuan_pdf*), fetched by the import worker only when it is given a PDF; the page shows the
// pages read while it reads; several files dropped together are one budget; <yusuan-chart text-src>
// and embed.html?text-src read PDFs too; a doubtful read is said above the figures and under an
// embed's chart.
//
// With the training corpus (../shared/corpus beside the repository; CI has it) the same PDFs are
// imported by the command line (`yusuan import FILE…`) and in the browser worker, and the two JSON
// texts must be the same bytes; the browser time of the 40-page r140.pdf goes to
// tests/e2e/out/pdf-report.json, and screenshots of the demo page after dropping a 广州 PDF and the
// 北京 pair (r161 + r162) to tests/e2e/out/ (and /tmp/shots/). Without the corpus those tests are
// skipped; the others use tests/fixtures/pdf.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { out, root, start, watch } from './helpers.mjs';

const CORPUS = join(root, '..', 'shared', 'corpus');
const HAVE_CORPUS = existsSync(join(CORPUS, 'pdf', 'r140.pdf'));
const NO_CORPUS = !HAVE_CORPUS && `no corpus at ${CORPUS} (CI has it)`;
const SHOTS = process.env.YUSUAN_SHOTS ?? '/tmp/shots';

/** The documents compared: a 40-page 北京 table file, 上海, 广州, and a 北京 附件1 + 附件2 pair. */
const CASES = [
  { name: '北京 r140 (40 pages)', files: ['r140.pdf'] },
  { name: '上海 001', files: ['001.pdf'] },
  { name: '广州 102', files: ['102.pdf'] },
  { name: '北京 r161 + r162', files: ['r161.pdf', 'r162.pdf'] },
];

let env;
let served; // a root holding www/'s files, the fixtures (fixtures/) and the corpus PDFs (corpus/)
const report = { cases: {}, r140: null };

before(async () => {
  served = mkdtempSync(join(tmpdir(), 'yusuan-pdf-'));
  for (const f of readdirSync(join(root, 'www'))) symlinkSync(join(root, 'www', f), join(served, f));
  symlinkSync(join(root, 'tests', 'fixtures', 'pdf'), join(served, 'fixtures'));
  if (HAVE_CORPUS) symlinkSync(join(CORPUS, 'pdf'), join(served, 'corpus'));
  env = await start(served);
});

after(async () => {
  if (HAVE_CORPUS) writeFileSync(join(out, 'pdf-report.json'), JSON.stringify(report, null, 2) + '\n');
  await env?.close();
  rmSync(served, { recursive: true, force: true });
});

/** The demo page, ready, with errors and requests recorded. */
async function demo() {
  const page = await env.browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  const w = await watch(page, env.base);
  await page.goto(env.base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { page, w };
}

const fetchedPdfReader = (w) => w.requests.filter((u) => /yusuan_pdf(_bg\.wasm|\.js)$/.test(u)).length;

/**
 * The yusuan command line this tree builds: the newer of target/release/yusuan and target/debug/yusuan
 * (./test.sh builds the latter with `cargo test`), which must be newer than every source file it is
 * built from (src/web is the wasm edge: not in the native binary, which cargo does not relink for it).
 */
function cli() {
  const bins = ['release', 'debug'].map((p) => join(root, 'target', p, 'yusuan')).filter(existsSync);
  assert.ok(bins.length > 0, 'no yusuan binary: run cargo build --release (or cargo test)');
  const bin = bins.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const path = join(dir, e.name);
      if (path === join(root, 'src', 'web')) return m;
      return Math.max(m, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  assert.ok(statSync(bin).mtimeMs >= newest(join(root, 'src')), `${bin} is older than src/: rebuild it (cargo build --release)`);
  return bin;
}

/**
 * Imports `files` (corpus names) in the page's import worker through the public API, as the demo
 * page's drop does: the budget's JSON (the viewer's writer, after the wire form), the time from the
 * bytes to the budget on the page, the worker's timings and the progress reports.
 */
function importInPage(page, files) {
  return page.evaluate(async (files) => {
    const y = await import('./yusuan.js');
    const read = await Promise.all(files.map(async (name) => ({ name, bytes: new Uint8Array(await (await fetch(`corpus/${name}`)).arrayBuffer()) })));
    const progress = [];
    const onProgress = (done, total) => progress.push([done, total]);
    const t0 = performance.now();
    const r = read.length === 1
      ? await y.loadBudgetAsync(read[0].bytes, { name: read[0].name, onProgress, findings: 1 })
      : await y.loadBudgetAsync(read, { onProgress, findings: 1 });
    const ms = performance.now() - t0;
    const json = r.budget.toJson();
    const out = { json, ms, timing: r.timing, progress, files: (await r.facts).files, worker: r.worker };
    r.budget.free();
    return out;
  }, files);
}

test('pasted text never fetches the PDF reader; the importer alone refuses a PDF, saying so', async () => {
  const { page, w } = await demo();
  const text = readFileSync(join(root, 'tests', 'fixtures', 'putuo-commerce-budget-2025.txt'), 'utf8');
  await page.fill('#paste', text);
  await page.click('#paste-load');
  await page.waitForFunction(() => document.querySelector('#department').textContent.includes('普陀'));
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(fetchedPdfReader(w), 0, 'the PDF reader was fetched for text');
  // The file input takes PDFs, several at once.
  assert.deepEqual(await page.evaluate(() => [document.querySelector('#file').multiple, document.querySelector('#file').accept.includes('.pdf')]), [true, true]);
  // The importer's own module, without the PDF reader: a clear refusal, not a panic.
  const refusal = await page.evaluate(async () => {
    const m = await import('./pkg/yusuan_importer.js');
    await m.default();
    const pdf = new Uint8Array(await (await fetch('fixtures/plain.pdf')).arrayBuffer());
    const tries = [() => m.importBytes(pdf, 'plain.pdf'), () => m.importBytes(pdf), () => m.importFiles([{ name: 'a.txt', bytes: new TextEncoder().encode('x') }, { name: 'b.pdf', bytes: pdf }])];
    return tries.map((t) => {
      try {
        t();
        return 'read';
      } catch (e) {
        return `${e.constructor.name}: ${e.message}`;
      }
    });
  });
  assert.match(refusal[0], /^Error: «plain\.pdf» 是一份 PDF，而这个模块（yusuan_importer）不含 PDF 阅读器/);
  assert.match(refusal[1], /^Error: 输入是一份 PDF/);
  assert.match(refusal[2], /^Error: .*«b\.pdf» 是一份 PDF/);
  assert.deepEqual(w.errors, []);
  await page.close();
});

test('a PDF that is no budget: the PDF reader is fetched once, the refusal names the file, the page keeps its budget', async () => {
  const { page, w } = await demo();
  const pdf = readFileSync(join(root, 'tests', 'fixtures', 'pdf', 'plain.pdf'));
  await page.setInputFiles('#file', { name: 'plain.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.waitForSelector('#load-error:not([hidden])');
  assert.match(await page.textContent('#load-error'), /^无法读取「plain\.pdf」：/);
  assert.equal(await page.textContent('#department'), '深圳市福田区投资推广和企业服务中心');
  assert.equal(await page.textContent('.load-status'), '', 'the progress line stays after a refusal');
  // Several files with a JSON among them: refused by the reader of several files, in its words.
  await page.setInputFiles('#file', [
    { name: '附件2.pdf', mimeType: 'application/pdf', buffer: pdf },
    { name: '附件1.json', mimeType: 'application/json', buffer: Buffer.from('{}') },
  ]);
  await page.waitForFunction(() => /附件1\.json/.test(document.querySelector('#load-error').textContent));
  assert.match(await page.textContent('#load-error'), /«附件1\.json» 是一份 JSON/);
  assert.equal(fetchedPdfReader(w), 2, 'the PDF reader (glue and wasm) was fetched more than once');
  assert.deepEqual(w.errors, []);
  await page.close();
});

test('<yusuan-chart text-src=….pdf> of a PDF that is no budget shows the reader’s refusal in place of the chart', async () => {
  const page = await env.browser.newPage();
  const w = await watch(page, env.base);
  await page.goto(`${env.base}embed.html?text-src=${encodeURIComponent('fixtures/plain.pdf')}&kind=functions`);
  await page.waitForSelector('body[data-ready="error"]', { timeout: 20_000 });
  const text = await page.evaluate(() => document.querySelector('yusuan-chart').shadowRoot.querySelector('.yu-error').textContent);
  assert.match(text, /预算/, text);
  assert.equal(fetchedPdfReader(w), 2);
  assert.deepEqual(await w.violations(), []);
  await page.close();
});

test('the same budget from the CLI and from the browser worker: byte-identical JSON (corpus)', { skip: NO_CORPUS, timeout: 300_000 }, async () => {
  const bin = cli();
  const { page, w } = await demo();
  // r140 first, in a page whose worker has not loaded the PDF reader yet (cold), then again (warm).
  const cold = await importInPage(page, ['r140.pdf']);
  const warm = await importInPage(page, ['r140.pdf']);
  assert.equal(warm.json, cold.json);
  for (const c of CASES) {
    const paths = c.files.map((f) => join(CORPUS, 'pdf', f));
    const t0 = process.hrtime.bigint();
    const expected = execFileSync(bin, ['import', ...paths], { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
    const cliMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const got = c.files[0] === 'r140.pdf' && c.files.length === 1 ? cold : await importInPage(page, c.files);
    assert.ok(got.worker, `${c.name}: not read in the worker`);
    assert.equal(got.timing.module, 'pdf', `${c.name}: not read by the PDF module`);
    // The CLI ends its output with a newline; the JSON is the same bytes.
    assert.equal(got.json + '\n', expected, `${c.name}: the browser's JSON differs from \`yusuan import ${c.files.join(' ')}\``);
    const budget = JSON.parse(got.json).budget;
    assert.ok(budget.function_tables.some((t) => t.rows.length > 0), `${c.name}: no function table was read`);
    if (c.files.length > 1) {
      assert.deepEqual(got.files, c.files);
      // Numbers keep their file: some from each.
      const cited = new Set(JSON.stringify(budget).match(/"file": ?\d+/g)?.map((s) => Number(s.split(':')[1])));
      assert.deepEqual([...cited].sort(), [0, 1], `${c.name}: sources cite files ${[...cited]}`);
    }
    report.cases[c.name] = { files: c.files, json_bytes: Buffer.byteLength(got.json), browser_ms: Math.round(got.ms), worker: got.timing, cli: basename(bin), cli_process_ms: Math.round(cliMs) };
  }
  // Pages read, reported while the worker read r140: rising, ending with its last page of 40.
  const pages = cold.progress;
  assert.ok(pages.length >= 1 && pages.length <= 40, `${pages.length} progress reports`);
  assert.deepEqual(pages.at(-1), [40, 40]);
  assert.ok(pages.every(([d, t], i) => t === 40 && (i === 0 || d > pages[i - 1][0])), JSON.stringify(pages));
  report.r140 = {
    note: 'browser: bytes on the page → budget decoded on the page (worker import + wire + decode); cold includes fetching and compiling the PDF module',
    cold_ms: Math.round(cold.ms),
    warm_ms: Math.round(warm.ms),
    worker_import_ms_cold: Math.round(cold.timing.import_ms),
    worker_import_ms_warm: Math.round(warm.timing.import_ms),
    pdf_module_load_ms: Math.round(cold.timing.load_ms),
    progress_reports: pages.length,
    target_ms: 1500,
  };
  console.log(`r140.pdf (40 pages) in the browser: ${report.r140.cold_ms} ms cold (PDF module load ${report.r140.pdf_module_load_ms} ms), ${report.r140.warm_ms} ms warm; worker import ${report.r140.worker_import_ms_warm} ms`);
  assert.equal(fetchedPdfReader(w), 2, 'the PDF reader was fetched more than once');
  assert.deepEqual(w.errors, []);
  await page.close();
});

/** Drops files on the demo page (a real drop event with a DataTransfer), recording the status lines. */
async function drop(page, names) {
  await page.evaluate(() => {
    window.__status = [];
    new MutationObserver(() => {
      const t = document.querySelector('.load-status')?.textContent;
      if (t && window.__status.at(-1) !== t) window.__status.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.evaluate(async (names) => {
    const dt = new DataTransfer();
    for (const name of names) {
      const bytes = await (await fetch(`corpus/${name}`)).arrayBuffer();
      dt.items.add(new File([bytes], name, { type: 'application/pdf' }));
    }
    const at = document.querySelector('#charts');
    at.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
    window.__hint = !document.querySelector('#drop-hint').hidden;
    at.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, names);
  // Read once the status line has come and gone and the page is ready again.
  await page.waitForFunction(
    () => window.__status.length > 0 && document.querySelector('.load-status').textContent === '' && document.body.dataset.ready === 'true',
    null,
    { timeout: 60_000 },
  );
  return page.evaluate(() => ({ status: window.__status, hint: window.__hint }));
}

/** The page after a drop: the window's top (charts and findings) as a journalist first sees it. */
async function shoot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  for (const dir of [out, SHOTS]) await page.screenshot({ path: join(dir, name), clip: { x: 0, y: 0, width: 1440, height: 2400 }, fullPage: true });
}

test('dropping the 北京 pair (附件1 + 附件2) reads one budget; findings name their file; the doubt is above the figures (corpus)', { skip: NO_CORPUS, timeout: 120_000 }, async () => {
  const { page, w } = await demo();
  const { status, hint } = await drop(page, ['r162.pdf', 'r161.pdf']); // dropped in any order, read by name
  assert.equal(hint, true, 'no drop hint while dragging');
  assert.equal(await page.isHidden('#drop-hint'), true);
  assert.equal(await page.textContent('#source-name'), 'r161.pdf + r162.pdf');
  assert.equal(await page.textContent('#department'), '北京市气象局');
  // Pages read, file after file: the last report is the second file's last page.
  assert.ok(status.some((s) => /^第 1 \/ 2 个文件：已读 \d+ \/ \d+ 页/.test(s)), JSON.stringify(status));
  assert.match(status.at(-1), /^第 2 \/ 2 个文件：已读 (\d+) \/ \1 页，正在整理表格…$/);
  assert.equal(await page.textContent('.load-status'), '');
  // A finding citing the tables cites their file and page.
  const cited = await page.evaluate(() =>
    [...document.querySelectorAll('#findings .finding-data')].map((dl) => {
      const dts = [...dl.querySelectorAll('dt')];
      const i = dts.findIndex((dt) => dt.textContent === '文件');
      return i < 0 ? null : dl.querySelectorAll('dd')[i].textContent;
    }).filter(Boolean),
  );
  assert.ok(cited.some((t) => /^r16[12]\.pdf（第 \d+(、\d+)* 页）/.test(t)), JSON.stringify(cited));
  await checkDoubt(page);
  await shoot(page, 'page-beijing-pair.png');
  assert.deepEqual(w.errors, []);
  assert.deepEqual(await w.violations(), []);
  await page.close();
});

/** The doubt line: visible above the key figures when the audit has errors or unread tables, linking to the findings. */
async function checkDoubt(page) {
  const d = await page.evaluate(() => {
    const p = document.querySelector('#doubt');
    const a = p.querySelector('a');
    const figures = document.querySelector('.figures');
    return {
      hidden: p.hidden,
      text: p.querySelector('.doubt-text')?.textContent ?? '',
      href: a?.getAttribute('href'),
      above: Boolean(p.compareDocumentPosition(figures) & Node.DOCUMENT_POSITION_FOLLOWING),
      errors: Number(/发现 (\d+) 处错误/.exec(document.querySelector('#audit-summary').textContent)?.[1] ?? 0),
      target: Boolean(document.getElementById(a?.getAttribute('href')?.slice(1) ?? '')?.querySelector('#findings')),
    };
  });
  assert.equal(d.hidden, false, 'no doubt line');
  assert.match(d.text, /^读取可能不完整：.+。$/);
  assert.ok(d.above, 'the doubt line is not above the figures');
  assert.equal(d.href, '#audit');
  assert.ok(d.target, 'the link does not lead to the findings');
  if (d.errors > 0) assert.match(d.text, /处金额加总不符|处数字前后不一致|处单位可能标错|处其他错误/);
  return d;
}

test('dropping a 广州 PDF: progress, charts, the doubt; the embed of the same PDF says the same under its chart (corpus)', { skip: NO_CORPUS, timeout: 120_000 }, async () => {
  const { page, w } = await demo();
  const { status } = await drop(page, ['102.pdf']);
  assert.ok(status.some((s) => /^已读 \d+ \/ 42 页/.test(s)), JSON.stringify(status));
  assert.equal(await page.textContent('#department'), '广州市商务局');
  const d = await checkDoubt(page);
  await shoot(page, 'page-guangzhou.png');
  assert.deepEqual(w.errors, []);
  await page.close();

  // The iframe embed reads the PDF itself (the element's text-src), and says the same under its chart.
  const embed = await env.browser.newPage({ viewport: { width: 800, height: 900 } });
  const we = await watch(embed, env.base);
  await embed.goto(`${env.base}embed.html?text-src=${encodeURIComponent('corpus/102.pdf')}&kind=functions`);
  await embed.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await embed.waitForFunction(() => document.querySelector('yusuan-chart').doubt != null, null, { timeout: 30_000 });
  const under = await embed.evaluate(() => {
    const el = document.querySelector('yusuan-chart');
    const p = el.shadowRoot.querySelector('.yu-doubt');
    const chart = el.shadowRoot.querySelector('.yu-chart');
    return { text: p.textContent, after: Boolean(chart.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING), marks: el.chart.markCount };
  });
  assert.equal(under.text, d.text);
  assert.ok(under.after, 'the doubt is not under the chart');
  assert.ok(under.marks > 0);
  // lang="en": the same counts in English, as text (no re-read).
  const en = await embed.evaluate(() => {
    const el = document.querySelector('yusuan-chart');
    el.setAttribute('lang', 'en');
    const p = el.shadowRoot.querySelector('.yu-doubt');
    return { text: p.textContent, lang: p.lang, children: p.children.length, getter: el.doubt };
  });
  assert.match(en.text, /^The read may be incomplete: [\x20-\x7e]+\.$/);
  assert.equal(en.getter, en.text);
  assert.equal(en.lang, 'en');
  assert.equal(en.children, 0);
  assert.equal(fetchedPdfReader(we), 2);
  // The worker started for the PDF loads the pdf module alone: the plain importer is not fetched too.
  assert.deepEqual(we.requests.filter((u) => /yusuan_importer/.test(u)), []);
  assert.deepEqual(we.errors, []);
  assert.deepEqual(await we.violations(), []);
  await embed.screenshot({ path: join(out, 'embed-guangzhou.png'), fullPage: true });
  await embed.close();
});
