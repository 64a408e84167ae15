// End-to-end against hostile input, in headless Chromium on the built pages:
// - the bad-input catalogue (tests/bad/) through the page's JS API, then a chart still draws;
// - labels are data: a document whose names are HTML, script, javascript: URLs, an RTL override, a
//   500-character name, emoji and a spreadsheet formula, pasted into the demo page and loaded into
//   <yusuan-chart> elements on the strict-CSP page: hover, table, drill-down, keyboard focus and CSV
//   download show them as text, and nothing runs;
// - the largest accepted document: the longest main-thread task while the demo page loads it;
//   input over the limit refused before it is read;
// - 1,000 mountChart/update/destroy cycles through the JS wrapper: wasm memory, live counters, JS heap.
// Figures go to tests/e2e/out/hostile-report.json. Needs ./run.sh --no-serve first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartsSettled, out, painted, root, start, watch } from './helpers.mjs';

let env, browser, base;
const report = {};

before(async () => {
  env = await start();
  ({ browser, base } = env);
});

after(async () => {
  writeFileSync(join(out, 'hostile-report.json'), JSON.stringify(report, null, 2));
  await env?.close();
});

const SEED = readFileSync(join(root, 'tests', 'fixtures', 'futian-investment-2022.txt'), 'utf8');
const LIMIT = 8 * 1024 * 1024;
// The longest main-thread task allowed while the demo page loads the largest document. Measured on
// the 2-core test machine at load average 5–7: 426–740 ms over 9 runs (the functions chart's build,
// 28k marks; the import runs in the worker, decoding is sliced); 1.9–4.0 s before the worker. 1.6×
// the worst seen, below the best run before.
const LONGEST_TASK_MS = 1200;

/** The demo page, ready, with console errors, page errors and dialogs recorded. */
async function openDemo() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  const w = await watch(page, base);
  w.dialogs = [];
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return { page, w };
}

test('the whole bad-input catalogue through the page’s JS API: its error or a usable budget; misuse throws; a chart still draws', async () => {
  const dir = join(root, 'tests', 'bad');
  const cases = readdirSync(dir)
    .filter((n) => /\.(txt|json)$/.test(n))
    .sort()
    .map((name) => ({
      name,
      bytes: readFileSync(join(dir, name)).toString('base64'),
      expect: readFileSync(join(dir, name.replace(/\.(txt|json)$/, '.expect')), 'utf8'),
    }));
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  const { page, w } = await openDemo();
  const result = await page.evaluate(async (cases) => {
    const y = await import('./yusuan.js');
    const wasm = await y.init();
    // The importer on the page: its readers give the catalogue's exact words; the viewer (what a
    // page charts, through loadBudget) must give the same verdict.
    const imp = await y.loadImporter();
    const [charts0, budgets0] = [y.liveCharts(), y.liveBudgets()];
    const failures = [];
    let errors = 0;
    let read = 0;
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'display:block;width:320px;height:240px';
    document.body.append(canvas);
    for (const c of cases) {
      const bytes = Uint8Array.from(atob(c.bytes), (ch) => ch.charCodeAt(0));
      const json = c.name.endsWith('.json');
      let text = null;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {}
      // Text through importText / importJson by the file's extension, bytes through the byte readers.
      const attempt = (f) => {
        try {
          return { budget: f() };
        } catch (e) {
          if (!(e instanceof Error)) return { error: `not an Error: ${String(e)}` };
          return { error: e.message };
        }
      };
      // TextDecoder drops a leading BOM; the byte readers see it.
      const rb = attempt(() => (json ? imp.importJsonBytes(bytes) : imp.importBytes(bytes)));
      const r = text != null ? attempt(() => (json ? imp.importJson(text) : imp.importText(text))) : rb;
      if ((r.error ?? null) !== (rb.error ?? null)) failures.push(`${c.name}: text and byte readers disagree: ${r.error} / ${rb.error}`);
      if (rb !== r) rb.budget?.free();
      // What a page charts: loadBudget (the viewer's JSON reader, or the importer handing over).
      const v = attempt(() => y.loadBudget(text ?? bytes));
      // loadBudget reads by content; the importer's verdict above is by the case's extension. They
      // are the same reader (and must agree) unless a .json case holds no JSON (a CSV export).
      const sameReader = !json || (text ?? '').trimStart().startsWith('{');
      if (sameReader && (r.error == null) !== (v.error == null)) failures.push(`${c.name}: importer and viewer disagree: ${r.error} / ${v.error}`);
      const lines = c.expect.split('\n').map((l) => l.trimEnd()).filter((l) => l && !l.startsWith('#'));
      const [kind, ...rest] = lines[0].split(':');
      const want = rest.join(':').trim();
      if (r.error != null) {
        errors++;
        if (kind !== 'error' || !r.error.includes(want)) failures.push(`${c.name}: expected ${lines[0]}, got the error «${r.error}»`);
        v.budget?.free();
        continue;
      }
      read++;
      const b = v.budget;
      if (!b) continue;
      const written = b.toJson();
      const model = JSON.parse(written).budget;
      if (kind === 'error') failures.push(`${c.name}: expected ${lines[0]}, got a budget`);
      if (kind === 'warning' && !model.warnings.some((x) => `第 ${x.line} 行：${x.message}`.includes(want)))
        failures.push(`${c.name}: no warning «${want}» in ${JSON.stringify(model.warnings)}`);
      if (!model.department.trim() && !model.function_tables.some((t) => t.rows.length)) failures.push(`${c.name}: not usable`);
      for (const l of lines.slice(1)) {
        const [k, ...v] = l.split(':');
        const s = v.join(':').trim();
        if (k === 'has' && !written.includes(s)) failures.push(`${c.name}: lacks «${s}»`);
        if (k === 'lacks' && written.includes(s)) failures.push(`${c.name}: has «${s}»`);
      }
      // Everything the page does with a budget works on it: the importer's figures, the viewer's charts.
      r.budget.summary();
      r.budget.audit();
      r.budget.priorExpenditure();
      r.budget.free();
      for (const kind of wasm.kinds()) {
        const view = y.mountChart(canvas, b, { kind, onError: (e) => failures.push(`${c.name} ${kind}: ${e.message}`) });
        view.chart.focusNext();
        view.chart.table();
        view.chart.csv();
        view.destroy();
      }
      b.free();
    }
    // Misuse from JS: freed handles, a destroyed chart, wrong types. Errors, not panics.
    const misuse = [];
    const throws = (what, f) => {
      try {
        f();
        misuse.push(`${what}: no error`);
      } catch (e) {
        misuse.push(`${what}: ${e instanceof Error ? e.message : `not an Error: ${e}`}`);
      }
    };
    const SEED_TEXT = await (await fetch('data/futian-investment-2022.txt')).text();
    const freed = y.loadBudget(SEED_TEXT);
    freed.free();
    throws('a chart of a freed budget', () => new wasm.Chart(canvas, freed, { kind: 'functions' }));
    throws('JSON of a freed budget', () => freed.toJson());
    const b = y.loadBudget(await (await fetch('data/futian-investment-2022.txt')).text());
    const chart = new wasm.Chart(canvas, b, { kind: 'functions' });
    chart.destroy();
    throws('a destroyed chart', () => chart.markCount);
    throws('a string as the budget', () => new wasm.Chart(canvas, 'budget', { kind: 'functions' }));
    throws('a number as the text', () => y.loadBudget(5));
    throws('an object as the text', () => imp.importText({}));
    throws('a string as the bytes', () => imp.importBytes('abc'));
    throws('a string as the wire bytes', () => wasm.fromWire('abc'));
    throws('text as the wire bytes', () => wasm.fromWire(new TextEncoder().encode('{"format": "yusuan/1"}')));
    throws('a budget given away twice', () => {
      const given = imp.importText(SEED_TEXT);
      given.intoWireParts();
      given.intoWireParts();
    });
    // A good chart in the same instance.
    const view = y.mountChart(canvas, b, { kind: 'functions' });
    const marks = view.chart.markCount;
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let paintedSamples = 0;
    for (let i = 0; i < d.length; i += 28) if (d[i + 3] > 0 && Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 30) paintedSamples++;
    view.destroy();
    b.free();
    return { failures, errors, read, misuse, marks, paintedSamples, live: [y.liveCharts() - charts0, y.liveBudgets() - budgets0] };
  }, cases);
  assert.deepEqual(result.failures, []);
  assert.equal(result.errors + result.read, cases.length);
  assert.deepEqual(result.misuse, [
    'a chart of a freed budget: null pointer passed to rust',
    'JSON of a freed budget: null pointer passed to rust',
    'a destroyed chart: null pointer passed to rust',
    'a string as the budget: expected instance of Budget',
    'a number as the text: loadBudget expects the document text as a string, or its bytes',
    'an object as the text: expected the text as a string, got object',
    "a string as the bytes: expected the file's bytes as a Uint8Array, got string",
    'a string as the wire bytes: expected the wire bytes as a Uint8Array, got string',
    'text as the wire bytes: yusuan wire data, byte 0: not yusuan wire data (no YSW magic)',
    'a budget given away twice: null pointer passed to rust',
  ]);
  assert.ok(result.marks > 0 && result.paintedSamples > 300, JSON.stringify(result));
  assert.deepEqual(result.live, [0, 0], 'everything the cases made was freed');
  // The page's own charts still work in the same instance.
  const still = await page.evaluate(() => window.yusuanPage.views.get('projects').chart.markCount);
  assert.ok(still > 0);
  assert.deepEqual(w.errors, [], 'console errors (a panic reports one)');
  report.catalogue = { cases: cases.length, errors: result.errors, read: result.read };
  console.log(`catalogue through the JS API: ${cases.length} cases (${result.errors} errors, ${result.read} read)`);
  await page.close();
});

// ---- labels are data --------------------------------------------------------------------------

const IMG = '<img src=x onerror=window.__pwned=1>';
const IMG_TIGHT = '<img/src=x/onerror=window.__pwned=1>'; // the importer compacts spaces in names
const SCRIPT = '<script>window.__pwned=1</script>';
const JS_URL = 'javascript:window.__pwned=1';
const RTL = '\u202e出支障保房住';
const LONG = '卫生健康'.repeat(125); // 500 characters
const EMOJI = '💰产业发展🚀';
const FORMULA = "=cmd|' /C calc'!A0";
const FORMULA_TIGHT = "=cmd|'/C'!A0";

/** The seed's text with hostile names (no spaces: the importer would compact them). */
function hostileText() {
  return SEED.replaceAll('资源勘探工业信息支出', IMG_TIGHT)
    .replaceAll('社会保障和就业支出', SCRIPT)
    .replaceAll('一般公共服务支出', JS_URL)
    .replaceAll('住房保障支出', RTL)
    .replaceAll('卫生健康支出', LONG)
    .replaceAll('产业发展专项资金', EMOJI)
    .replaceAll('人才政策经费', FORMULA_TIGHT);
}

/** The seed as yusuan JSON with hostile names as they are, spaces included, and a hostile department. */
async function hostileJson(page) {
  return page.evaluate(
    async ([n, seed]) => {
      const y = await import('./yusuan.js');
      await y.loadImporter();
      const b = y.loadBudget(seed);
      const doc = JSON.parse(b.toJson());
      b.free();
      doc.budget.department = n.IMG;
      const names = { 215: n.IMG, 208: n.SCRIPT, 201: n.JS_URL, 221: n.RTL, 210: n.LONG };
      for (const r of doc.budget.function_tables[0].rows) if (names[r.code]) r.name = names[r.code];
      for (const p of doc.budget.projects) {
        if (p.name.includes('产业发展专项资金')) p.name = n.EMOJI;
        if (p.name.includes('人才政策经费')) p.name = n.FORMULA;
      }
      return JSON.stringify(doc, null, 2);
    },
    [{ IMG, SCRIPT, JS_URL, RTL, LONG, EMOJI, FORMULA }, SEED],
  );
}

/** img and script elements in the document and in every shadow root. */
function countElements(page) {
  return page.evaluate(() => {
    const count = (rootNode) => {
      let n = rootNode.querySelectorAll('img, script, iframe, object, embed').length;
      for (const e of rootNode.querySelectorAll('*')) if (e.shadowRoot) n += count(e.shadowRoot);
      return n;
    };
    return count(document);
  });
}

/** A point inside the first shape of mark `m` (CSS px relative to the canvas). */
function markPoint(scene, m) {
  const s = scene.shapes.find((s) => s.mark === m && (s.type === 'rect' || s.type === 'arc'));
  if (s.type === 'rect') return { x: s.x + s.w / 2, y: s.y + s.h / 2 };
  const a = (s.start + s.end) / 2, r = (s.r0 + s.r1) / 2;
  return { x: s.cx + r * Math.sin(a), y: s.cy - r * Math.cos(a) };
}

/**
 * Drives one mounted chart the way a reader does: hover every mark (tooltip text), keyboard focus
 * through every mark (live region), the data table, a drill into `drillLabel` (breadcrumb) and the
 * CSV download. `sel` finds the chart's parts (CSS that pierces shadow roots); `get` is a page
 * function returning the wasm chart. Returns everything shown, as text.
 */
async function readChart(page, sel, get) {
  const shown = { tips: [], live: [], table: '', crumbs: [], desc: '', label: '', csv: '' };
  const canvas = page.locator(`${sel} canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const scene = await page.evaluate(`(${get})().scene()`);
  for (let m = 0; m < scene.marks.length; m++) {
    await canvas.hover({ position: markPoint(scene, m), force: true });
    const tip = page.locator(`${sel} .yu-tip`);
    if (await tip.isVisible()) shown.tips.push(await tip.innerText());
  }
  await canvas.focus();
  for (let m = 0; m < scene.marks.length; m++) {
    await page.keyboard.press('ArrowRight');
    shown.live.push(await page.locator(`${sel} [aria-live="polite"]`).textContent());
  }
  shown.label = await canvas.getAttribute('aria-label');
  shown.desc = await page.locator(`${sel} .yu-desc`).textContent();
  const tableBtn = page.locator(`${sel} .yu-btn[aria-controls]`);
  if ((await tableBtn.getAttribute('aria-pressed')) !== 'true') await tableBtn.click();
  shown.table = await page.locator(`${sel} .yu-table`).textContent();
  shown.tableCells = await page.locator(`${sel} .yu-table th, ${sel} .yu-table td`).allTextContents();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator(`${sel} .yu-btn:nth-of-type(3)`).click()]);
  shown.csv = readFileSync(await csv.path(), 'utf8');
  shown.scene = scene;
  return shown;
}

/** Drills into the mark labelled `label` by clicking it; returns the breadcrumb buttons' text. */
async function drillInto(page, sel, get, label) {
  const scene = await page.evaluate(`(${get})().scene()`);
  const m = scene.marks.findIndex((k) => k.label === label);
  assert.ok(m >= 0, `no mark labelled «${label}»`);
  await page.locator(`${sel} canvas`).click({ position: markPoint(scene, m), force: true });
  await page.locator(`${sel} .yu-crumbs`).waitFor({ state: 'visible' });
  const crumbs = await page.locator(`${sel} .yu-crumb`).allTextContents();
  await page.locator(`${sel} .yu-crumb >> nth=0`).click();
  return crumbs;
}

async function nothingRan(page, w, elementsBefore) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'window.__pwned was set: a label ran as code');
  assert.deepEqual(w.dialogs, [], 'a dialog opened');
  assert.equal(await countElements(page), elementsBefore, 'img/script/iframe elements appeared');
  assert.deepEqual(w.errors, []);
  assert.deepEqual(await w.violations(), [], 'CSP violations (an inline handler or script would be one)');
}

/** The labels of the functions chart's root and the projects chart, as shown. */
function assertShown(shownF, shownP, names) {
  for (const label of names.functions) {
    assert.ok(shownF.tips.some((t) => t.split('\n')[0] === label), `no tooltip headed «${label.slice(0, 40)}»`);
    assert.ok(shownF.live.some((t) => t.startsWith(label)), `live region never read «${label.slice(0, 40)}»`);
    assert.ok(shownF.tableCells.includes(label), `table has no cell «${label.slice(0, 40)}»`);
  }
  assert.ok(shownF.desc.includes(names.largest), `description «${shownF.desc.slice(0, 80)}»`);
  for (const label of names.projects) {
    assert.ok(shownP.tips.some((t) => t.split('\n')[0] === label), `no project tooltip headed «${label}»`);
    assert.ok(shownP.tableCells.includes(label), `projects table has no cell «${label}»`);
  }
  // CSV: the formula is neutralised, the other names are there as written.
  const csvLines = shownP.csv.replace(/^\ufeff/, '').split('\r\n');
  const formula = names.projects.find((p) => p.startsWith('='));
  assert.ok(csvLines.some((l) => l.startsWith(`'${formula}`)), `CSV has no line starting '${formula}: ${csvLines.slice(0, 4).join(' | ')}`);
  assert.ok(!csvLines.some((l) => l.startsWith('=')), 'a CSV line starts with =');
  const csvF = shownF.csv.replace(/^\ufeff/, '');
  for (const label of names.functions) assert.ok(csvF.includes(label.includes('"') ? `"${label.replaceAll('"', '""')}"` : label), `functions CSV lacks «${label.slice(0, 40)}»`);
}

test('labels are data on the demo page: a pasted hostile document (text, then JSON) shows every name as text and runs nothing', async () => {
  const { page, w } = await openDemo();
  const before = await countElements(page);
  const F = '[data-kind="functions"]';
  const P = '[data-kind="projects"]';
  const getF = `() => window.yusuanPage.views.get('functions').chart`;
  const getP = `() => window.yusuanPage.views.get('projects').chart`;
  for (const [variant, input, names] of [
    ['text', hostileText(), { functions: [IMG_TIGHT, SCRIPT, JS_URL, RTL, LONG], projects: [EMOJI, FORMULA_TIGHT], largest: IMG_TIGHT, department: '深圳市福田区投资推广和企业服务中心' }],
    ['json', await hostileJson(page), { functions: [IMG, SCRIPT, JS_URL, RTL, LONG], projects: [EMOJI, FORMULA], largest: IMG, department: IMG }],
  ]) {
    await page.evaluate((t) => {
      document.querySelector('#paste').value = t;
      document.body.dataset.ready = 'loading';
    }, input);
    await page.click('#paste-load');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    assert.equal(await page.isHidden('#load-error'), true, await page.textContent('#load-error'));
    assert.equal(await page.textContent('#department'), names.department, variant);
    const shownF = await readChart(page, F, getF);
    const shownP = await readChart(page, P, getP);
    assertShown(shownF, shownP, names);
    // Drill into the script-named 类 and the HTML-named one: the breadcrumb shows them as text.
    assert.deepEqual(await drillInto(page, F, getF, SCRIPT), ['全部', SCRIPT]);
    assert.deepEqual(await drillInto(page, F, getF, names.largest), ['全部', names.largest]);
    // The audit findings cite names as text too.
    assert.ok((await page.textContent('#findings')).includes(SCRIPT), `${variant}: findings do not cite the script-named row`);
    await nothingRan(page, w, before);
    report[`demo_${variant}`] = { tooltips: shownF.tips.length + shownP.tips.length, live: shownF.live.length + shownP.live.length };
  }
  // Control: the same label written as markup into the tooltip is seen — one more element, and the
  // policy refusing its inline handler (which is why __pwned stays unset even then).
  await page.evaluate((html) => document.querySelector('[data-kind="functions"] .yu-tip').insertAdjacentHTML('beforeend', html), IMG);
  await page.waitForFunction(() => (window.__csp ?? []).length > 0, null, { timeout: 5000 });
  assert.equal(await countElements(page), before + 1, 'the control <img> is not counted');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.close();
});

test('labels are data in <yusuan-chart> on the strict-CSP page: the hostile JSON and text show as text, nothing runs', async () => {
  // The same page with the seed first: how many img/script elements it has of its own.
  const plain = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await plain.goto(`${base}csp.html`);
  await chartsSettled(plain);
  const before = await countElements(plain);
  await plain.close();

  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  const w = await watch(page, base);
  w.dialogs = [];
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  // The hostile JSON is made by the module itself, on a blank page of the same origin.
  const maker = await browser.newPage();
  await maker.goto(`${base}csp.html`);
  const json = await hostileJson(maker);
  await maker.close();
  await page.route('**/data/futian-investment-2022.json', (r) => r.fulfill({ body: json, contentType: 'application/json; charset=utf-8' }));
  await page.route('**/data/futian-investment-2022.txt', (r) => r.fulfill({ body: hostileText(), contentType: 'text/plain; charset=utf-8' }));
  await page.goto(`${base}csp.html`);
  await chartsSettled(page);
  const errorsShown = await page.evaluate(() => [...document.querySelectorAll('yusuan-chart')].map((e) => e.shadowRoot.querySelector('.yu-error:not([hidden])')?.textContent ?? null));
  assert.deepEqual(errorsShown, [null, null, null]);
  const F = 'yusuan-chart[kind="functions"]';
  const P = 'yusuan-chart[kind="projects"]';
  const getF = `() => document.querySelector('yusuan-chart[kind="functions"]').chart`;
  const getP = `() => document.querySelector('yusuan-chart[kind="projects"]').chart`;
  const shownF = await readChart(page, F, getF);
  const shownP = await readChart(page, P, getP);
  // The projects element reads the text (lang en): names without spaces.
  assertShown(shownF, shownP, { functions: [IMG, SCRIPT, JS_URL, RTL, LONG], projects: [EMOJI, FORMULA_TIGHT], largest: IMG });
  assert.deepEqual(await drillInto(page, F, getF, SCRIPT), ['全部', SCRIPT]);
  assert.deepEqual(await drillInto(page, F, getF, RTL), ['全部', RTL]);
  // Inside the shadow roots, the names are text nodes only.
  const inShadow = await page.evaluate(() =>
    [...document.querySelectorAll('yusuan-chart')].map((e) => e.shadowRoot.querySelectorAll('img, script, iframe, [onerror], [onload], a[href^="javascript:"]').length),
  );
  assert.deepEqual(inShadow, [0, 0, 0]);
  await nothingRan(page, w, before);
  report.csp_page = { tooltips: shownF.tips.length + shownP.tips.length, elementsBefore: before };
  await page.close();
});

// ---- limits and responsiveness ----------------------------------------------------------------

/**
 * The largest accepted document: the seed with its function table's rows repeated to just under the
 * limit; in every copy 201 prints 6,301.42 for 6,301.32, so each copy also breaks its sums (thousands
 * of findings: the page lists the first ones and counts the rest).
 */
function largestDocument() {
  const lines = SEED.split('\n');
  const first = lines.findIndex((l) => l.startsWith('\t201\t一般公共服务支出\t6,301.32'));
  const last = lines.findIndex((l) => l.startsWith('\t2210203\t购房补贴'));
  assert.ok(first > 0 && last > first);
  const block = lines.slice(first, last + 1).join('\n').replace('\t201\t一般公共服务支出\t6,301.32', '\t201\t一般公共服务支出\t6,301.42') + '\n';
  assert.ok(block.includes('6,301.42'));
  const head = lines.slice(0, last + 1).join('\n') + '\n';
  const tail = lines.slice(last + 1).join('\n');
  const n = Math.floor((LIMIT - 4096 - Buffer.byteLength(head + tail)) / Buffer.byteLength(block));
  const text = head + block.repeat(n) + tail;
  return { text, bytes: Buffer.byteLength(text), rows: (n + 1) * (last - first + 1) };
}

test('the largest accepted document loads on the demo page without one long freeze; larger input is refused before it is read', async () => {
  const { page, w } = await openDemo();
  const doc = largestDocument();
  assert.ok(doc.bytes <= LIMIT && doc.bytes > LIMIT - 64 * 1024, `${doc.bytes} bytes`);
  await page.evaluate((t) => {
    window.__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__long.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
    document.querySelector('#paste').value = t;
  }, doc.text);
  const t0 = await page.evaluate(() => {
    document.body.dataset.ready = 'loading';
    return performance.now();
  });
  await page.click('#paste-load');
  // The worker reads; the page says so until the charts are drawn.
  assert.equal(await page.textContent('.load-status'), `正在读取约 ${Math.round(doc.text.length / 10000)} 万字的内容…`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  const t1 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(200);
  const tasks = await page.evaluate(() => window.__long);
  const longest = Math.max(0, ...tasks);
  const last = await page.evaluate(() => window.yusuanPage.lastLoad);
  assert.equal(last.worker, true, 'the largest document was not read in the worker');
  const rows = await page.evaluate(() => window.yusuanPage.views.get('functions').chart.table().rows.length);
  assert.ok(rows > 1000, `${rows} rows in the functions table`);
  // The status said a large document was being read, and is cleared now.
  assert.equal((await page.textContent('.load-status')) ?? '', '');
  // The findings list shows the first ones and counts the rest; the repeated codes are one warning
  // past the first 20.
  const findings = await page.textContent('#findings');
  assert.match(findings, /另有 \d+ 处未列出/);
  assert.match(findings, /另有 \d+ 行重复了上面已印的科目编码/);
  assert.ok((await page.locator('#findings li.finding').count()) <= 3 * 200);
  const timing = Object.fromEntries(Object.entries(last.timing).map(([k, v]) => [k, Math.round(v)]));
  report.largest = { bytes: doc.bytes, rows: doc.rows, load_ms: Math.round(t1 - t0), long_tasks_ms: tasks, longest_task_ms: longest, worker: timing, steps_ms: last.steps_ms };
  console.log(`largest accepted document: ${doc.bytes} bytes, ${doc.rows} table rows: loaded in ${Math.round(t1 - t0)} ms, long tasks ${tasks.join(', ')} ms; worker ${JSON.stringify(timing)}`);
  // The import runs in the worker; the page decodes its result in slices and draws in steps.
  assert.ok(longest < LONGEST_TASK_MS, `longest task ${longest} ms`);
  assert.ok(last.timing.parts > 10 && last.timing.decode_slices > 1, JSON.stringify(last.timing));
  assert.deepEqual(w.errors, []);

  // 50 MB pasted: refused by its length, before it is copied into the module (memory unchanged).
  const refused = await page.evaluate(async () => {
    const y = await import('./yusuan.js');
    const exports = await (await import('./pkg/yusuan_viewer.js')).default();
    const mem0 = exports.memory.buffer.byteLength;
    document.querySelector('#paste').value = '预算'.repeat(25_000_000);
    const t = performance.now();
    document.querySelector('#paste-load').click();
    const ms = performance.now() - t;
    // Emptied at once: laying out 50 million characters would keep the page busy for long.
    document.querySelector('#paste').value = '';
    return { ms, mem: exports.memory.buffer.byteLength - mem0, alert: document.querySelector('#load-error').textContent, max: y.maxInputBytes() };
  });
  assert.equal(refused.max, LIMIT);
  assert.match(refused.alert, /输入至少有 50000000 字节；yusuan 只导入不超过 8388608 字节/);
  assert.equal(refused.mem, 0, 'the refused paste grew wasm memory');
  assert.ok(refused.ms < 1000, `refusing took ${refused.ms} ms`);
  // A file over the limit is refused unread, with its size.
  await page.setInputFiles('#file', { name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(LIMIT + 1, 0x41) });
  await page.waitForFunction(() => document.querySelector('#load-error').textContent.includes('huge.txt'));
  assert.match(await page.textContent('#load-error'), /huge\.txt.*8,388,609 字节，超过上限 8,388,608 字节/);
  // A GBK file is named as such (bytes reach the reader, not mojibake).
  await page.setInputFiles('#file', { name: 'gbk.txt', mimeType: 'text/plain', buffer: readFileSync(join(root, 'tests', 'bad', '35-doc-gbk.txt')) });
  await page.waitForFunction(() => document.querySelector('#load-error').textContent.includes('gbk.txt'));
  assert.match(await page.textContent('#load-error'), /gbk\.txt.*GBK/);
  report.refused_50MB = { ms: Math.round(refused.ms * 10) / 10, wasm_memory_growth: refused.mem };
  await page.close();
});

test('the import worker gives the same budget, figures and errors as the page reading on its own', async () => {
  const { page, w } = await openDemo();
  const gbk = readFileSync(join(root, 'tests', 'bad', '35-doc-gbk.txt'));
  const bad = {
    prose: readFileSync(join(root, 'tests', 'bad', '33-doc-prose-only.txt'), 'utf8'),
    json: readFileSync(join(root, 'tests', 'bad', '12-json-amount-beyond-decimal.json'), 'utf8'),
  };
  const r = await page.evaluate(async ([gbk, bad]) => {
    const y = await import('./yusuan.js');
    await y.init();
    const text = await (await fetch('data/futian-investment-2022.txt')).text();
    const json = await (await fetch('data/futian-investment-2022.json')).text();
    const opts = { summary: 'rows', findings: 50 };
    const both = async (input, o = opts) => {
      const [a, b] = [await y.loadBudgetAsync(input, { ...o, worker: false }), await y.loadBudgetAsync(input, { ...o, worker: true })];
      // The figures: with the budget from the importer, after it when the viewer read our JSON.
      const [fa, fb] = [await a.facts, await b.facts];
      const out = {
        worker: [a.worker, b.worker],
        json: [a.budget.toJson(), b.budget.toJson()],
        summary: [JSON.stringify(fa.summary), JSON.stringify(fb.summary)],
        prior: [JSON.stringify(fa.prior), JSON.stringify(fb.prior)],
        audit: [JSON.stringify(fa.audit), JSON.stringify(fb.audit)],
        header: [[a.budget.department, a.budget.year, a.budget.kind], [b.budget.department, b.budget.year, b.budget.kind]],
      };
      a.budget.free();
      b.budget.free();
      return out;
    };
    const error = async (input, o) => {
      try {
        await y.loadBudgetAsync(input, o);
        return null;
      } catch (e) {
        return `${e.constructor.name}: ${e.message}`;
      }
    };
    const bytes = new Uint8Array(gbk);
    return {
      text: await both(text),
      json: await both(json),
      bytes: await both(new TextEncoder().encode(text).buffer),
      gbk: [await error(bytes, { worker: false }), await error(bytes, { worker: true })],
      prose: [await error(bad.prose, { worker: false }), await error(bad.prose, { worker: true })],
      badJson: [await error(bad.json, { worker: false }), await error(bad.json, { worker: true })],
      wire: (await y.loadBudgetAsync(text, { worker: true })).timing,
      live: y.liveBudgets(),
    };
  }, [[...gbk], bad]);
  for (const k of ['text', 'json', 'bytes']) {
    const x = r[k];
    assert.deepEqual(x.worker, [false, true], k);
    assert.ok(x.json[0].includes('深圳市福田区投资推广和企业服务中心'), k);
    for (const f of ['json', 'summary', 'prior', 'audit', 'header']) assert.deepEqual(x[f][1], x[f][0], `${k}: ${f} differs through the worker`);
    assert.match(x.summary[0], /"expenditure_total":"\d+/, k);
    assert.deepEqual(x.header[0], ['深圳市福田区投资推广和企业服务中心', 2022, 'budget'], k);
  }
  // Errors cross with the reader's own text.
  assert.match(r.gbk[0], /^Error: .*GBK/);
  assert.equal(r.gbk[1], r.gbk[0]);
  assert.match(r.prose[0], /^Error: 未找到预算表/);
  assert.equal(r.prose[1], r.prose[0]);
  assert.match(r.badJson[0], /^Error: budget\.function_tables\[0\]\.rows\[0\]\.total \(line 29, column 22\)/);
  assert.equal(r.badJson[1], r.badJson[0]);
  // The wire form is smaller than the JSON it stands for (bytes against bytes).
  assert.ok(r.wire.wire_bytes > 1000 && r.wire.wire_bytes < Buffer.byteLength(r.text.json[0], 'utf8'), JSON.stringify(r.wire));
  report.worker_seed = r.wire;

  // On the demo page: a large GBK file (over the worker threshold) gets the message a small one gets.
  await page.setInputFiles('#file', { name: 'gbk.txt', mimeType: 'text/plain', buffer: gbk });
  await page.waitForFunction(() => document.querySelector('#load-error').textContent.includes('gbk.txt'));
  const small = await page.textContent('#load-error');
  await page.evaluate(() => (document.querySelector('#load-error').textContent = ''));
  const big = Buffer.concat(Array.from({ length: Math.ceil((300 * 1024) / gbk.length) }, () => gbk));
  await page.setInputFiles('#file', { name: 'gbk.txt', mimeType: 'text/plain', buffer: big });
  await page.waitForFunction(() => document.querySelector('#load-error').textContent.includes('gbk.txt'));
  assert.equal(await page.textContent('#load-error'), small);
  assert.match(small, /gbk\.txt.*GBK/);
  assert.deepEqual(w.errors, []);
  await page.close();
});

test('<yusuan-chart text-src> of a large document reads it in the worker on the strict-CSP page: same budget as the page alone', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  const w = await watch(page, base);
  // The seed with its function table repeated to about 600 KB (over 256 Ki characters): over the worker threshold.
  const lines = SEED.split('\n');
  const first = lines.findIndex((l) => l.startsWith('\t201\t一般公共服务支出\t6,301.32'));
  const last = lines.findIndex((l) => l.startsWith('\t2210203\t购房补贴'));
  const block = lines.slice(first, last + 1).join('\n') + '\n';
  const text = lines.slice(0, last + 1).join('\n') + '\n' + block.repeat(Math.ceil(600_000 / Buffer.byteLength(block))) + lines.slice(last + 1).join('\n');
  await page.route('**/data/futian-investment-2022.txt', (r) => r.fulfill({ body: text, contentType: 'text/plain; charset=utf-8' }));
  await page.goto(`${base}csp.html`);
  await chartsSettled(page);
  const r = await page.evaluate(async (text) => {
    const y = await import('./yusuan.js');
    const el = document.querySelector('yusuan-chart[text-src]');
    await y.loadImporter();
    const alone = y.loadBudget(text);
    const out = { shown: el.chart?.budgetJson(), alone: alone.toJson(), error: el.shadowRoot.querySelector('.yu-error:not([hidden])')?.textContent ?? null, threshold: y.WORKER_THRESHOLD, length: text.length };
    alone.free();
    return out;
  }, text);
  assert.equal(r.error, null);
  assert.ok(r.length > r.threshold, `${r.length} characters`);
  assert.ok(r.shown && r.shown === r.alone, 'the element shows another budget than importText gives');
  assert.ok(w.requests.some((u) => u.endsWith('/yusuan-worker.js')), 'the worker was not started');
  // Each module is fetched once: the worker gets the importer the page compiled.
  const wasm = w.requests.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname.split('/').pop());
  assert.deepEqual(wasm.sort(), ['yusuan_importer_bg.wasm', 'yusuan_viewer_bg.wasm']);
  assert.deepEqual(await w.violations(), []);
  assert.deepEqual(w.errors, []);
  await page.close();
});

test('1,000 mountChart → update → destroy cycles through the JS wrapper keep wasm memory, live counts and the JS heap flat', async () => {
  const { page } = await openDemo();
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const run = (from, to) =>
    page.evaluate(
      async ([from, to]) => {
        const y = await import('./yusuan.js');
        const exports = await (await import('./pkg/yusuan_viewer.js')).default();
        await y.loadImporter();
        window.__cyc ??= {
          a: y.loadBudget(await (await fetch('data/futian-investment-2022.txt')).text()),
          b: y.loadBudget(await (await fetch('data/futian-investment-2022.json')).text()),
          box: Object.assign(document.body.appendChild(document.createElement('div')), { className: 'cycles' }),
        };
        const { a, b, box } = window.__cyc;
        const kinds = ['composition', 'functions', 'projects', 'change', 'waterfall', 'sangong', 'balance', 'tasks'];
        const t = performance.now();
        for (let i = from; i < to; i++) {
          const canvas = document.createElement('canvas');
          canvas.style.cssText = 'display:block;width:320px;height:200px';
          box.append(canvas);
          const view = y.mountChart(canvas, a, { kind: kinds[i % kinds.length] });
          view.update(b);
          view.chart.hit(100, 100);
          view.destroy();
          canvas.remove();
        }
        return { ms: performance.now() - t, mem: exports.memory.buffer.byteLength, charts: y.liveCharts(), budgets: y.liveBudgets() };
      },
      [from, to],
    );
  const start = await page.evaluate(async () => {
    const y = await import('./yusuan.js');
    return { charts: y.liveCharts(), budgets: y.liveBudgets() };
  });
  const warm = await run(0, 50);
  const heap0 = await heap();
  const mid = await run(50, 500);
  const heapMid = await heap();
  const end = await run(500, 1000);
  const heap1 = await heap();
  report.cycles_js = {
    wasm_memory_after_50: warm.mem,
    wasm_memory_after_500: mid.mem,
    wasm_memory_after_1000: end.mem,
    js_heap_after_50: heap0,
    js_heap_after_500: heapMid,
    js_heap_after_1000: heap1,
    ms_per_cycle: Math.round(((mid.ms + end.ms) / 950) * 100) / 100,
  };
  console.log(`1,000 JS cycles: wasm memory ${warm.mem} → ${end.mem} B, JS heap ${heap0} → ${heapMid} → ${heap1} B (after 50, 500, 1,000), ${report.cycles_js.ms_per_cycle} ms a cycle`);
  assert.ok(end.mem - warm.mem <= 65_536, `wasm memory grew by ${end.mem - warm.mem} B`);
  assert.deepEqual([end.charts, end.budgets], [start.charts, start.budgets + 2], 'only the two budgets of the test are alive');
  // Each cycle creates DOM (wrapper, breadcrumb, tools, table) and listeners: a leak of even 1 KB a
  // cycle would show as ~1 MB here.
  assert.ok(heap1 - heap0 < 256 * 1024, `JS heap grew by ${heap1 - heap0} B over 950 cycles`);
  await page.close();
});
