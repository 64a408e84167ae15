// End-to-end: embedding. The <yusuan-chart> element on the strict-CSP page, the iframe embed page
// and its host script, the demo's snippets, accessibility (axe-core), print, reduced motion, dark
// mode, exports, and memory (the wasm live-chart counter). Serves www/ with scripts/serve.mjs,
// which sends the strict Content-Security-Policy header on every page.
// Writes tests/e2e/out/embed-report.json (axe, CSP and request counts) and screenshots.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSP } from '../../scripts/serve.mjs';
import { axe, chartsSettled, out, painted, root, start, watch } from './helpers.mjs';

let env, browser, base;
const report = { axe: {}, csp_violations: {}, requests: {} };
const JSON_SRC = 'data/futian-investment-2022.json';
const EMBED = `embed.html?src=${encodeURIComponent(JSON_SRC)}`;

before(async () => {
  env = await start();
  ({ browser, base } = env);
});

after(async () => {
  writeFileSync(join(out, 'embed-report.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`embed report: ${JSON.stringify(report)}`);
  await env?.close();
});

/** A fresh context and page on `path`, watched (errors, CSP violations, requests). */
async function open(path, { viewport = { width: 1000, height: 900 }, colorScheme = 'light', reducedMotion = 'no-preference', scale = 1 } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: scale, colorScheme, reducedMotion, acceptDownloads: true });
  const page = await context.newPage();
  const w = await watch(page, base);
  const response = path == null ? null : await page.goto(base + path);
  return { context, page, w, response };
}

const live = (page) =>
  page.evaluate(async () => {
    const y = await import('./yusuan.js');
    return [y.liveCharts(), y.liveBudgets()];
  });

const countBy = (urls, re) => urls.filter((u) => re.test(new URL(u).pathname)).length;

function requestSummary(w) {
  const http = w.requests.filter((u) => /^https?:/.test(u));
  return {
    total: http.length,
    other_origins: w.foreign.length,
    wasm: countBy(http, /\.wasm$/),
    viewer: countBy(http, /yusuan_viewer_bg\.wasm$/),
    importer: countBy(http, /yusuan_importer_bg\.wasm$/),
    json: countBy(http, /\.json$/),
    txt: countBy(http, /\.txt$/),
  };
}

test('CSP page: served with the strict policy, charts drawn, zero violations, zero requests to other origins, one load per file', async () => {
  const { context, page, w, response } = await open('csp.html');
  assert.equal(response.headers()['content-security-policy'], CSP);
  await chartsSettled(page);
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll('yusuan-chart')].map((e) => ({ kind: e.chart?.kind, marks: e.chart?.markCount, title: e.chart?.title })),
  );
  assert.deepEqual(charts.map((c) => c.kind), ['composition', 'functions', 'projects']);
  assert.ok(charts.every((c) => c.marks > 0), JSON.stringify(charts));
  assert.match(charts[2].title, /project/i, 'lang="en" gives an English title');
  for (const canvas of await page.locator('yusuan-chart canvas').elementHandles()) {
    assert.ok((await painted(page, canvas)) > 200, 'a canvas is nearly blank');
  }
  assert.deepEqual(w.errors, []);
  const violations = await w.violations();
  assert.deepEqual(violations, []);
  assert.deepEqual(w.foreign, []);
  const r = requestSummary(w);
  // One viewer instance for all charts; the importer (for the text-src element) fetched once, by
  // the page, which hands it to the import worker; two charts of one JSON file share one load.
  assert.equal(r.viewer, 1, 'the viewer fetched more than once');
  assert.equal(r.importer, 1, 'the importer fetched more than once');
  assert.equal(r.wasm, 2);
  assert.equal(r.json, 1, 'the JSON was fetched more than once');
  assert.equal(r.txt, 1);
  report.csp_violations['csp.html'] = violations.length;
  report.requests['csp.html'] = r;

  // The counters are live: an inline <style> is refused and seen, by the event and by the console.
  await page.evaluate(() => {
    const s = document.createElement('style');
    s.textContent = 'body { color: red }';
    document.head.append(s);
  });
  await page.waitForFunction(() => (window.__csp ?? []).length > 0);
  assert.match((await w.violations()).join('\n'), /style-src/);
  await context.close();
});

const AXE_PAGES = [
  ['demo', '', (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 15_000 })],
  ['embed', `${EMBED}&kind=functions&lang=zh`, (p) => p.waitForSelector('body[data-ready="true"]', { timeout: 15_000 })],
  ['csp', 'csp.html', (p) => chartsSettled(p)],
  ['host', 'host.html', (p) => p.frameLocator('iframe').locator('body[data-ready="true"]').waitFor({ timeout: 15_000 })],
];

for (const [name, path, ready] of AXE_PAGES) {
  for (const scheme of ['light', 'dark']) {
    test(`axe-core: no violations on the ${name} page (${scheme}), with a data table and the embed code open`, async () => {
      const { context, page, w } = await open(path, { colorScheme: scheme });
      await ready(page);
      // Open what a reader opens: a data table (and on the demo the embed snippets) are checked too.
      if (name === 'host') {
        await page.frameLocator('iframe').locator('.yu-btn[aria-controls]').first().click();
      } else {
        await page.locator('.yu-btn[aria-controls]').first().click();
      }
      if (name === 'demo') await page.locator('.embed-code summary').first().click();
      // The page itself first: no CSP violation, nothing from elsewhere (axe is injected after).
      const before = await w.violations();
      assert.deepEqual(before, []);
      assert.deepEqual(w.foreign, []);
      report.csp_violations[`${name} ${scheme}`] = before.length;
      if (scheme === 'light') report.requests[name] = requestSummary(w);
      const { violations, passed } = await axe(page);
      report.axe[`${name} ${scheme}`] = { violations: violations.length, rules_passed: passed };
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
      assert.ok(passed > 10, `axe passed only ${passed} rules`);
      if (name === 'host') {
        const frame = page.frames().find((f) => f.url().includes('embed.html'));
        const inner = await axe(frame);
        report.axe[`host iframe ${scheme}`] = { violations: inner.violations.length, rules_passed: inner.passed };
        assert.deepEqual(inner.violations, [], JSON.stringify(inner.violations, null, 1));
      }
      assert.deepEqual(await w.violations(), [], 'axe injected through CDP trips no CSP violation');
      if (name === 'csp' && scheme === 'light') {
        // axe really runs under this CSP: an image without alt text is reported.
        await page.evaluate(() => {
          const img = document.createElement('img');
          img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
          document.querySelector('main').append(img);
        });
        const found = await axe(page);
        assert.deepEqual(found.violations.map((v) => v.id), ['image-alt']);
      }
      await context.close();
    });
  }
}

test('the element follows its container width (and the window), the height following the width', async () => {
  const { context, page } = await open('csp.html');
  await chartsSettled(page);
  const state = () =>
    page.evaluate(() => {
      const e = document.querySelector('yusuan-chart[kind="functions"]');
      const c = e.shadowRoot.querySelector('canvas');
      return { buffer: c.width, css: c.clientWidth, cssH: c.clientHeight, scene: e.chart.scene().width, host: e.clientWidth };
    });
  const s0 = await state();
  assert.equal(s0.css, s0.host);
  assert.equal(s0.buffer, s0.css);
  await page.evaluate(() => {
    document.querySelector('main').style.maxWidth = '420px'; // CSSOM: allowed under style-src 'self'
  });
  await page.waitForFunction((w0) => document.querySelector('yusuan-chart[kind="functions"]').chart.scene().width !== w0, s0.scene);
  const s1 = await state();
  assert.ok(s1.css < s0.css, `${s1.css} < ${s0.css}`);
  assert.equal(s1.scene, s1.css, 'the scene is laid out at the new width');
  assert.equal(s1.buffer, s1.css);
  assert.equal(s1.cssH, Math.round(Math.min(520, Math.max(320, s1.css * 0.62))));
  await page.evaluate(() => document.querySelector('main').style.removeProperty('max-width'));
  await page.setViewportSize({ width: 600, height: 900 });
  await page.waitForFunction((w0) => {
    const e = document.querySelector('yusuan-chart[kind="functions"]');
    return e.chart.scene().width !== w0 && e.chart.scene().width === e.clientWidth;
  }, s1.scene);
  const s2 = await state();
  assert.ok(s2.css < s0.css && s2.css > s1.css, JSON.stringify([s0, s1, s2]));
  await context.close();
});

test('several elements share one wasm instance; removing them frees their charts and budgets in wasm', async () => {
  const { context, page, w } = await open('csp.html');
  await chartsSettled(page);
  // Three charts; two budgets (the JSON one shared by two charts, the text one).
  assert.deepEqual(await live(page), [3, 2]);
  // A move (remove and insert in one task) keeps the chart as it is.
  const moved = await page.evaluate(async () => {
    const e = document.querySelector('yusuan-chart[kind="functions"]');
    const before = e.chart;
    document.querySelector('main').append(e);
    await new Promise((r) => setTimeout(r, 50));
    return e.chart === before;
  });
  assert.equal(moved, true);
  assert.deepEqual(await live(page), [3, 2]);
  const removeAndCount = (kind) =>
    page.evaluate(async (kind) => {
      document.querySelector(`yusuan-chart[kind="${kind}"]`).remove();
      await new Promise((r) => setTimeout(r, 50));
      const y = await import('./yusuan.js');
      return [y.liveCharts(), y.liveBudgets()];
    }, kind);
  assert.deepEqual(await removeAndCount('composition'), [2, 2], 'the JSON budget stays: functions still shows it');
  assert.deepEqual(await removeAndCount('functions'), [1, 1], 'the last chart of the JSON gone: its budget is freed');
  assert.deepEqual(await removeAndCount('projects'), [0, 0]);
  // A new element loads again (the freed budget is not reused) and counts again.
  await page.evaluate(() => {
    const e = document.createElement('yusuan-chart');
    e.setAttribute('src', 'data/futian-investment-2022.json');
    e.setAttribute('kind', 'sangong');
    document.querySelector('main').append(e);
  });
  await page.waitForFunction(() => document.querySelector('yusuan-chart[kind="sangong"]')?.chart);
  assert.deepEqual(await live(page), [1, 1]);
  assert.equal(requestSummary(w).viewer, 1, 'still one viewer instance');
  assert.deepEqual(w.errors, []);
  await context.close();
});

test('attributes change after mount: lang, theme, kind, text-src; a loaded budget through the property', async () => {
  const { context, page, w } = await open('csp.html');
  const putuo = readFileSync(join(root, 'tests', 'fixtures', 'putuo-commerce-budget-2025.txt'), 'utf8');
  await page.route('**/data/putuo-commerce.txt', (r) => r.fulfill({ body: putuo, contentType: 'text/plain; charset=utf-8' }));
  await chartsSettled(page);
  const el = 'yusuan-chart[kind="functions"]';
  const get = () =>
    page.evaluate(() => {
      const e = document.querySelectorAll('yusuan-chart')[1];
      const c = e.shadowRoot.querySelector('canvas');
      return {
        kind: e.chart?.kind,
        title: e.chart?.title,
        source: e.chart?.source,
        tools: [...e.shadowRoot.querySelectorAll('.yu-btn')].map((b) => b.textContent),
        theme: e.shadowRoot.querySelector('.yu-chart')?.dataset.theme,
        corner: [...c.getContext('2d').getImageData(1, 1, 1, 1).data].slice(0, 3),
      };
    });
  const s0 = await get();
  assert.equal(s0.kind, 'functions');
  assert.deepEqual(s0.tools, ['表格', '下载 PNG', '下载 CSV', '下载 JSON']);
  await page.evaluate((sel) => document.querySelector(sel).setAttribute('lang', 'en'), el);
  await page.waitForFunction((t) => document.querySelectorAll('yusuan-chart')[1].chart.title !== t, s0.title);
  const s1 = await get();
  assert.match(s1.title, /[A-Za-z]{4}/);
  assert.deepEqual(s1.tools, ['Table', 'Download PNG', 'Download CSV', 'Download JSON']);
  await page.evaluate((sel) => document.querySelector(sel).setAttribute('theme', 'dark'), el);
  await page.waitForFunction(() => document.querySelectorAll('yusuan-chart')[1].shadowRoot.querySelector('.yu-chart').dataset.theme === 'dark');
  const s2 = await get();
  assert.ok(s2.corner.every((v) => v < 60), `dark canvas: ${s2.corner}`);
  await page.evaluate((sel) => document.querySelector(sel).setAttribute('kind', 'projects'), el);
  await page.waitForFunction(() => document.querySelectorAll('yusuan-chart')[1].chart?.kind === 'projects');
  assert.equal((await get()).theme, 'dark', 'a new kind keeps the theme');
  await page.evaluate(() => {
    const e = document.querySelectorAll('yusuan-chart')[1];
    e.setAttribute('text-src', 'data/putuo-commerce.txt');
    e.removeAttribute('src');
  });
  await page.waitForFunction(() => /普陀/.test(document.querySelectorAll('yusuan-chart')[1].chart?.source ?? ''));
  // The property: a budget the page loaded itself.
  await page.evaluate(async () => {
    const y = await import('./yusuan.js');
    const text = await (await fetch('data/futian-investment-2022.txt')).text();
    document.querySelectorAll('yusuan-chart')[1].budget = (await y.loadBudgetAsync(text)).budget;
  });
  await page.waitForFunction(() => /福田/.test(document.querySelectorAll('yusuan-chart')[1].chart?.source ?? ''));
  assert.deepEqual(w.errors, []);
  assert.deepEqual(await w.violations(), []);
  await context.close();
});

test('a bad src shows its error in place of the chart, and no stale chart stays', async () => {
  const { context, page } = await open('csp.html');
  await chartsSettled(page);
  await page.evaluate(() => document.querySelector('yusuan-chart').setAttribute('src', 'data/missing.json'));
  await page.waitForSelector('yusuan-chart .yu-error');
  assert.match(await page.textContent('yusuan-chart .yu-error'), /missing\.json: HTTP 404/);
  assert.equal(await page.evaluate(() => document.querySelector('yusuan-chart').view), null);
  assert.equal(await page.locator('yusuan-chart >> nth=0 >> canvas').isHidden(), true);
  assert.deepEqual(await live(page), [2, 2]);
  // An unknown kind: the wasm error, in place.
  await page.evaluate(() => document.querySelectorAll('yusuan-chart')[1].setAttribute('kind', 'pie'));
  await page.waitForSelector('yusuan-chart >> nth=1 >> .yu-error');
  assert.match(await page.locator('yusuan-chart >> nth=1 >> .yu-error').textContent(), /unknown chart kind "pie"/);
  assert.deepEqual(await live(page), [1, 2]);
  await context.close();
});

test('the iframe embed reports its height to the host page, which applies it (and follows the table toggle)', async () => {
  const { context, page, w, response } = await open(null);
  await page.addInitScript(() => {
    window.addEventListener('message', (e) => (window.__messages ??= []).push(e.data));
  });
  const res = await page.goto(base + 'host.html');
  assert.equal(res.headers()['content-security-policy'], `${CSP}; frame-src 'self'`);
  void response;
  const frame = await (await page.waitForSelector('iframe[data-yusuan-embed]')).contentFrame();
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  const settled = async (min = 0) => {
    await page.waitForFunction(
      (min) => {
        const m = (window.__messages ?? []).filter((d) => d?.type === 'yusuan:height');
        const f = document.querySelector('iframe[data-yusuan-embed]');
        return m.length > 0 && m.at(-1).height > min && f.style.height === `${m.at(-1).height}px`;
      },
      min,
      { timeout: 10_000 },
    );
    const reported = await page.evaluate(() => (window.__messages ?? []).filter((d) => d?.type === 'yusuan:height').at(-1).height);
    const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const iframe = await page.evaluate(() => document.querySelector('iframe[data-yusuan-embed]').clientHeight);
    return { reported, content, iframe };
  };
  const h0 = await settled();
  assert.equal(h0.reported, h0.content, 'the height reported is the content height');
  assert.equal(h0.iframe, h0.reported, 'the host script applied it');
  assert.ok(h0.reported > 300 && h0.reported < 900, `height ${h0.reported}`);
  // The table opens below the chart: the frame grows with it, no scrollbar inside.
  await frame.locator('.yu-btn[aria-controls]').click();
  const h1 = await settled(h0.reported);
  assert.ok(h1.reported > h0.reported + 100, `${h1.reported} after the table, ${h0.reported} before`);
  assert.equal(h1.iframe, h1.reported);
  // A message from anything but the iframe's window is ignored.
  await page.evaluate(() => window.postMessage({ type: 'yusuan:height', height: 77 }, '*'));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.querySelector('iframe[data-yusuan-embed]').clientHeight), h1.reported);
  assert.deepEqual(w.errors, []);
  const violations = await w.violations();
  assert.deepEqual(violations, []);
  assert.deepEqual(w.foreign, []);
  report.csp_violations['host.html + iframe'] = violations.length;
  report.requests['host.html + iframe'] = requestSummary(w);
  report.iframe_height = { before_table: h0.reported, after_table: h1.reported };
  await context.close();
});

test('embed page: title, source line and data links; same-origin files only; usage text without parameters', async () => {
  const { context, page, w, response } = await open(`${EMBED}&kind=projects&lang=en`);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  const s = await page.evaluate(() => {
    const e = document.querySelector('yusuan-chart');
    const texts = e.chart.scene().shapes.filter((x) => x.type === 'text').map((x) => x.text).join(' ');
    const a = document.querySelector('#embed-links a');
    return {
      h1: document.querySelector('h1').textContent, doc: document.title, title: e.chart.title, source: e.chart.source, texts,
      link: a.href, target: a.target, rel: a.rel, tools: [...e.shadowRoot.querySelectorAll('.yu-btn')].map((b) => b.textContent),
      lang: document.documentElement.lang,
    };
  });
  assert.equal(s.h1, s.title);
  assert.equal(s.doc, s.title);
  assert.match(s.title, /project/i);
  assert.ok(s.source.length > 5 && s.texts.includes(s.source.slice(0, 12)), `source line «${s.source}» is drawn`);
  assert.equal(s.link, base + JSON_SRC);
  assert.equal(s.target, '_blank');
  assert.equal(s.rel, 'noopener');
  assert.deepEqual(s.tools, ['Table', 'Download PNG', 'Download CSV', 'Download JSON']);
  assert.equal(s.lang, 'en');
  assert.deepEqual(await w.violations(), []);
  await context.close();

  for (const [query, re] of [
    ['embed.html', /用法：embed\.html\?src=/],
    ['embed.html?src=https%3A%2F%2Fexample.org%2Fbudget.json&kind=functions', /只能读取本站的文件/],
  ]) {
    const o = await open(query);
    await o.page.waitForSelector('body[data-ready="error"]');
    assert.match(await o.page.textContent('[role="alert"]'), re);
    assert.deepEqual(o.w.foreign, [], 'nothing fetched from another origin');
    await o.context.close();
  }
});

test('exports: PNG at 2× with title and source line, CSV of the chart data, our JSON', async () => {
  const { context, page } = await open('csp.html');
  await chartsSettled(page);
  const host = page.locator('yusuan-chart[kind="functions"]');
  const info = await page.evaluate(() => {
    const e = document.querySelector('yusuan-chart[kind="functions"]');
    const c = e.shadowRoot.querySelector('canvas');
    const texts = e.chart.scene().shapes.filter((x) => x.type === 'text').map((x) => x.text);
    return { css: [c.clientWidth, c.clientHeight], title: e.chart.title, source: e.chart.source, texts, table: e.chart.table() };
  });
  assert.ok(info.texts.includes(info.title), 'the title is drawn into the canvas');
  assert.ok(info.texts.some((t) => info.source.startsWith(t) || t.startsWith(info.source.slice(0, 10))), 'the source line is drawn');
  const [png] = await Promise.all([page.waitForEvent('download'), host.locator('.yu-btn >> text=下载 PNG').click()]);
  const buf = readFileSync(await png.path());
  assert.equal(buf.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual([buf.readUInt32BE(16), buf.readUInt32BE(20)], [info.css[0] * 2, info.css[1] * 2]);
  assert.match(png.suggestedFilename(), /功能分类.*\.png$/);
  const [csv] = await Promise.all([page.waitForEvent('download'), host.locator('.yu-btn >> text=下载 CSV').click()]);
  const lines = readFileSync(await csv.path(), 'utf8').replace(/^\ufeff/, '').trimEnd().split('\r\n');
  assert.equal(lines.length, info.table.rows.length + 1);
  assert.equal(lines[0], info.table.header.join(','));
  const [json] = await Promise.all([page.waitForEvent('download'), host.locator('.yu-btn >> text=下载 JSON').click()]);
  const text = readFileSync(await json.path(), 'utf8');
  assert.equal(JSON.parse(text).format, 'yusuan/1');
  assert.equal(text + '\n', readFileSync(join(root, 'www', JSON_SRC), 'utf8'), 'the JSON download is the budget as served');
  assert.match(json.suggestedFilename(), /\.json$/);
  await context.close();
});

test('keyboard inside the shadow root: Tab reaches the chart, arrows announce, Enter drills, Escape returns', async () => {
  const { context, page } = await open('csp.html');
  await chartsSettled(page);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const e = document.activeElement;
    return [e.tagName, e.getAttribute('kind'), e.shadowRoot?.activeElement?.tagName];
  });
  assert.deepEqual(focused, ['YUSUAN-CHART', 'composition', 'CANVAS']);
  const canvas = page.locator('yusuan-chart[kind="functions"] canvas');
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  const liveRegion = page.locator('yusuan-chart[kind="functions"] [aria-live="polite"]');
  const first = await page.evaluate(() => document.querySelector('yusuan-chart[kind="functions"]').chart.lines(0).join('，'));
  assert.equal(await liveRegion.textContent(), first);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.querySelector('yusuan-chart[kind="functions"]').chart.depth), 1);
  assert.equal(await page.locator('yusuan-chart[kind="functions"] .yu-crumbs').isVisible(), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.querySelector('yusuan-chart[kind="functions"]').chart.depth), 0);
  // Name and description: the title, and the scene's one-sentence summary.
  const a11y = await page.evaluate(() => {
    const e = document.querySelector('yusuan-chart[kind="projects"]');
    const c = e.shadowRoot.querySelector('canvas');
    return { role: c.getAttribute('role'), label: c.getAttribute('aria-label'), desc: e.shadowRoot.getElementById(c.getAttribute('aria-describedby')).textContent, description: e.chart.description, title: e.chart.title };
  });
  assert.equal(a11y.role, 'img');
  assert.equal(a11y.label, a11y.title);
  assert.ok(a11y.desc.includes(a11y.description) && a11y.description.length > 20, a11y.desc);
  await context.close();
});

test('shadow DOM: the host page’s CSS does not reach the chart, and the chart’s CSS does not reach the page', async () => {
  const { context, page, w } = await open(null);
  const hostile = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>hostile</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="hostile.css">
<script type="module" src="yusuan-chart.js"></script></head><body>
<div class="yu-chart" id="decoy-chart"><button class="yu-btn" id="decoy-btn">decoy</button><div class="yu-tip" id="decoy-tip">decoy</div></div>
<yusuan-chart src="${JSON_SRC}" kind="functions"></yusuan-chart></body></html>`;
  const css = `* { font-size: 40px !important; line-height: 5 !important; color: red !important; letter-spacing: 6px !important; }
canvas { height: 5px !important; display: none !important; } button { background: red; border: 9px solid red; font-size: 50px; }
div { padding: 30px; } yusuan-chart { display: block; }`;
  await page.route(base + 'hostile.html', (r) => r.fulfill({ body: hostile, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': CSP } }));
  await page.route(base + 'hostile.css', (r) => r.fulfill({ body: css, contentType: 'text/css' }));
  await page.goto(base + 'hostile.html');
  await chartsSettled(page);
  const s = await page.evaluate(() => {
    const e = document.querySelector('yusuan-chart');
    const btn = getComputedStyle(e.shadowRoot.querySelector('.yu-btn'));
    const canvas = e.shadowRoot.querySelector('canvas');
    const decoyBtn = getComputedStyle(document.getElementById('decoy-btn'));
    const decoyTip = getComputedStyle(document.getElementById('decoy-tip'));
    const decoyChart = getComputedStyle(document.getElementById('decoy-chart'));
    return {
      btn: [btn.fontSize, btn.lineHeight, btn.color, btn.letterSpacing, btn.borderTopWidth, btn.backgroundColor],
      canvas: [getComputedStyle(canvas).display, canvas.clientHeight, canvas.clientWidth === e.clientWidth],
      decoy: [decoyBtn.textDecorationLine, decoyTip.position, decoyChart.backgroundColor, decoyChart.fontSize],
    };
  });
  assert.deepEqual(s.btn, ['13px', '20.8px', 'rgb(94, 94, 94)', 'normal', '0px', 'rgba(0, 0, 0, 0)']);
  assert.equal(s.canvas[0], 'block');
  assert.ok(s.canvas[1] >= 320 && s.canvas[2], `canvas ${s.canvas}`);
  // Our .yu-btn / .yu-tip / .yu-chart rules live in the shadow root only.
  assert.deepEqual(s.decoy, ['none', 'static', 'rgba(0, 0, 0, 0)', '40px']);
  assert.deepEqual(await w.violations(), []);
  await context.close();
});

test('dark mode: the embed page and its chart are dark, theme=light overrides; screenshot embed-dark.png', async () => {
  const { context, page } = await open(`${EMBED}&kind=functions&lang=zh`, { colorScheme: 'dark', viewport: { width: 720, height: 700 }, scale: 2 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  const s = await page.evaluate(() => {
    const e = document.querySelector('yusuan-chart');
    const c = e.shadowRoot.querySelector('canvas');
    return {
      corner: [...c.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3),
      body: getComputedStyle(document.body).backgroundColor,
      chartBg: getComputedStyle(e.shadowRoot.querySelector('.yu-chart')).backgroundColor,
      tools: getComputedStyle(e.shadowRoot.querySelector('.yu-btn')).color,
      links: getComputedStyle(document.querySelector('#embed-links')).color,
      buffer: c.width / c.clientWidth,
    };
  });
  assert.deepEqual(s.corner, [27, 29, 33]);
  assert.equal(s.body, 'rgb(27, 29, 33)');
  assert.equal(s.chartBg, 'rgb(27, 29, 33)');
  assert.equal(s.tools, 'rgb(180, 180, 180)');
  assert.equal(s.links, 'rgb(180, 180, 180)');
  assert.equal(s.buffer, 2, 'HiDPI buffer');
  // As the host page shows it: the viewport cut to the height the page reports.
  await page.setViewportSize({ width: 720, height: Number(await page.evaluate(() => document.body.dataset.height)) });
  await page.screenshot({ path: join(out, 'embed-dark.png') });
  await context.close();

  const light = await open(`${EMBED}&kind=functions&lang=zh&theme=light`, { colorScheme: 'dark' });
  await light.page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  const corner = await light.page.evaluate(() => {
    const c = document.querySelector('yusuan-chart').shadowRoot.querySelector('canvas');
    return [[...c.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3), getComputedStyle(document.body).backgroundColor];
  });
  assert.deepEqual(corner, [[255, 255, 255], 'rgb(255, 255, 255)']);
  await light.context.close();
});

test('prefers-reduced-motion: the tooltip does not glide', async () => {
  const duration = async (reducedMotion) => {
    const { context, page } = await open('csp.html', { reducedMotion });
    await chartsSettled(page);
    const d = await page.evaluate(() => getComputedStyle(document.querySelector('yusuan-chart').shadowRoot.querySelector('.yu-tip')).transitionDuration);
    await context.close();
    return d;
  };
  assert.equal(await duration('no-preference'), '0.09s');
  assert.equal(await duration('reduce'), '0s');
});

test('print: charts redrawn at 3× in light colours, controls hidden; back to the screen afterwards', async () => {
  const { context, page } = await open('csp.html', { colorScheme: 'dark' });
  await chartsSettled(page);
  const state = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('yusuan-chart')].map((e) => {
        const c = e.shadowRoot.querySelector('canvas');
        return {
          ratio: Math.round((c.width / e.chart.scene().width) * 100) / 100,
          corner: [...c.getContext('2d').getImageData(2, 2, 1, 1).data].slice(0, 3),
          tools: getComputedStyle(e.shadowRoot.querySelector('.yu-tools')).display,
        };
      }),
    );
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  const printing = await state();
  assert.ok(printing.every((s) => s.ratio === 3), JSON.stringify(printing));
  assert.ok(printing.every((s) => s.corner.join() === '255,255,255'), 'printed on white even in dark mode');
  assert.ok(printing.every((s) => s.tools === 'none'));
  await page.pdf({ path: join(out, 'csp-print.pdf'), printBackground: true });
  await page.evaluate(() => dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  const after = await state();
  assert.ok(after.every((s) => s.ratio === 1 && s.corner.join() === '27,29,33' && s.tools !== 'none'), JSON.stringify(after));
  await context.close();
});

test('demo page: each chart offers both embed snippets; copied and pasted into a strict-CSP page, both work', async () => {
  const { context, page } = await open('');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  assert.equal(await page.locator('.card .embed-code').count(), 8, 'one embed panel per chart');
  const card = page.locator('.card[data-kind="functions"]');
  await card.locator('.embed-code summary').click();
  await page.waitForFunction(() => document.querySelector('.card[data-kind="functions"] .snippet code').textContent !== '');
  const element = await card.locator('.snippet code').nth(0).textContent();
  const iframe = await card.locator('.snippet code').nth(1).textContent();
  assert.equal(
    element,
    `<script type="module" src="${base}yusuan-chart.js"></script>\n<yusuan-chart src="${base}${JSON_SRC}" kind="functions" lang="zh"></yusuan-chart>`,
  );
  assert.match(iframe, new RegExp(`^<iframe data-yusuan-embed title="2022年支出功能分类（yusuan 图表）" height="\\d+" loading="lazy"\\n  src="${base.replace(/[.]/g, '\\.')}embed\\.html\\?src=data%2Ffutian-investment-2022\\.json&amp;kind=functions&amp;lang=zh"></iframe>\\n<script src="${base.replace(/[.]/g, '\\.')}embed-host\\.js" defer></script>$`));
  await card.locator('button.copy[data-snippet="iframe"]').click();
  await page.waitForFunction(() => document.querySelector('.card[data-kind="functions"] .embed-status').textContent !== '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), iframe);
  await context.close();

  // Pasted into pages that send the strict policy (the iframe page also allows frames from itself).
  for (const [name, snippet, policy] of [['element', element, CSP], ['iframe', iframe, `${CSP}; frame-src 'self'`]]) {
    const o = await open(null);
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>pasted ${name}</title><link rel="icon" href="data:,"></head><body><main><h1>文章</h1>\n${snippet}\n</main></body></html>`;
    await o.page.route(base + `pasted-${name}.html`, (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': policy } }));
    await o.page.goto(base + `pasted-${name}.html`);
    if (name === 'element') {
      await chartsSettled(o.page);
      assert.equal(await o.page.evaluate(() => document.querySelector('yusuan-chart').chart?.kind), 'functions');
    } else {
      const frame = await (await o.page.waitForSelector('iframe')).contentFrame();
      await frame.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      await o.page.waitForFunction(() => document.querySelector('iframe').style.height !== '');
      const [h, content] = [await o.page.evaluate(() => document.querySelector('iframe').clientHeight), await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height))];
      assert.equal(h, content);
    }
    assert.deepEqual(await o.w.violations(), [], `${name} snippet under CSP`);
    assert.deepEqual(o.w.errors, []);
    await o.context.close();
  }
});
