// End-to-end: the demo page in headless Chromium (playwright-core driving /usr/bin/chromium).
// Serves www/ with scripts/serve.mjs (strict CSP header) on a free port. Needs ./run.sh --no-serve first.
// Run: node --test tests/e2e/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KINDS, out, root, start, watch } from './helpers.mjs';

let env, browser, base;

before(async () => {
  env = await start();
  ({ browser, base } = env);
});

after(async () => {
  await env?.close();
});

/** The demo page (served with the strict CSP header), with console errors, page errors and CSP violations collected. */
async function open(viewport = { width: 1440, height: 1000 }) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const w = await watch(page, base);
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  return { page, errors: w.errors, w };
}

/** A point inside the first shape of mark `m` in the chart of `kind` (CSS px relative to the canvas). */
function markPoint(page, kind, m) {
  return page.evaluate(
    ([kind, m]) => {
      const scene = window.yusuanPage.views.get(kind).chart.scene();
      const s = scene.shapes.find((s) => s.mark === m && (s.type === 'rect' || s.type === 'arc'));
      if (s.type === 'rect') return { x: s.x + s.w / 2, y: s.y + s.h / 2 };
      const a = (s.start + s.end) / 2, r = (s.r0 + s.r1) / 2;
      return { x: s.cx + r * Math.sin(a), y: s.cy - r * Math.cos(a) };
    },
    [kind, m],
  );
}

test('the page reaches ready with every chart drawn, no console error and no CSP violation', async () => {
  const { page, errors, w } = await open();
  assert.deepEqual(errors, []);
  assert.deepEqual(await w.violations(), []);
  assert.deepEqual(w.foreign, [], 'requests to other origins');
  assert.equal(await page.textContent('#department'), '深圳市福田区投资推广和企业服务中心');
  assert.equal(await page.isHidden('#load-error'), true);
  for (const kind of KINDS) {
    const state = await page.evaluate((kind) => {
      const v = window.yusuanPage.views.get(kind);
      const c = document.querySelector(`canvas[data-chart="${kind}"]`);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < d.length; i += 4 * 7) if (d[i] > 0 && (d[i - 1] < 250 || d[i - 2] < 250 || d[i - 3] < 250)) painted++;
      const desc = c.getRootNode().getElementById(c.getAttribute('aria-describedby'))?.textContent ?? '';
      return { message: v.chart.message ?? null, marks: v.chart.markCount, painted, label: c.getAttribute('aria-label'), title: v.chart.title, desc, description: v.chart.description };
    }, kind);
    assert.equal(state.message, null, `${kind} shows a message instead of a chart`);
    assert.ok(state.marks > 0, `${kind} has no marks`);
    assert.ok(state.painted > 200, `${kind}: canvas is nearly blank (${state.painted} painted samples)`);
    // Accessible name: the title; description: the scene's one-sentence summary (and how to use the keys).
    assert.equal(state.label, state.title, `${kind}: canvas is not named by its title`);
    assert.ok(state.label.length >= 4, `${kind}: short accessible name «${state.label}»`);
    assert.ok(state.description.length > 10 && state.desc.includes(state.description), `${kind}: description «${state.desc}»`);
  }
  // Key figures and audit are filled in.
  assert.notEqual(await page.textContent('#fig-total'), '—');
  assert.match(await page.textContent('#audit-summary'), /核对|发现/);
  await page.screenshot({ path: join(out, 'page.png'), fullPage: true });
  await page.close();
});

test('keyboard: ArrowRight on the projects chart reaches 产业发展专项资金 and the live region reads its amount', async () => {
  const { page, errors } = await open();
  await page.focus('[data-chart="projects"]');
  const live = page.locator('[data-kind="projects"] [aria-live="polite"]');
  let text = '';
  for (let i = 0; i < 40 && !text.includes('产业发展专项资金'); i++) {
    await page.keyboard.press('ArrowRight');
    text = await live.textContent();
  }
  assert.match(text, /产业发展专项资金/);
  assert.match(text, /28,000\.00 万元/);
  // The tooltip shows the same mark for sighted keyboard users.
  assert.match(await page.textContent('[data-kind="projects"] .yu-tip'), /产业发展专项资金/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('clicking a 类 in the functions chart drills to its 款 and the breadcrumb leads back', async () => {
  const { page, errors } = await open();
  const target = await page.evaluate(() => {
    const chart = window.yusuanPage.views.get('functions').chart;
    for (let m = 0; m < chart.markCount; m++) {
      const mark = chart.mark(m);
      if (mark.drill) return { m, label: mark.label, count: chart.markCount };
    }
    return null;
  });
  assert.ok(target, 'no drillable mark in the functions chart');
  const p = await markPoint(page, 'functions', target.m);
  await page.click('canvas[data-chart="functions"]', { position: p });
  const crumbs = page.locator('[data-kind="functions"] .yu-crumbs');
  await crumbs.waitFor({ state: 'visible' });
  const crumbText = await crumbs.textContent();
  assert.ok(crumbText.includes(target.label), `breadcrumb «${crumbText}» lacks «${target.label}»`);
  const depth = await page.evaluate(() => window.yusuanPage.views.get('functions').chart.depth);
  assert.equal(depth, 1);
  // Escape on the focused canvas goes back up.
  await page.focus('canvas[data-chart="functions"]');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => window.yusuanPage.views.get('functions').chart.depth), 0);
  assert.equal(await crumbs.isHidden(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('hovering a mark shows its tooltip as text', async () => {
  const { page, errors } = await open();
  const p = await markPoint(page, 'composition', 0);
  await page.hover('canvas[data-chart="composition"]', { position: p });
  const tip = page.locator('[data-kind="composition"] .yu-tip');
  await tip.waitFor({ state: 'visible' });
  const expected = await page.evaluate(() => window.yusuanPage.views.get('composition').chart.lines(0));
  assert.equal(await tip.innerText(), expected.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the table toggle shows the chart data as a real table, and CSV cells cannot run as formulas', async () => {
  const { page } = await open();
  await page.click('[data-kind="projects"] .yu-btn[aria-controls]');
  const rows = await page.locator('[data-kind="projects"] .yu-table tbody tr').count();
  const expected = await page.evaluate(() => window.yusuanPage.views.get('projects').chart.table().rows.length);
  assert.ok(rows > 0);
  assert.equal(rows, expected);
  assert.match(await page.textContent('[data-kind="projects"] .yu-table'), /产业发展专项资金/);
  const csv = await page.evaluate(async () => {
    const y = await import('./yusuan.js');
    return [y.csvCell('=1+2'), y.csvCell('-6,593.32'), y.csvCell('@x'), y.csvCell('a"b'), y.tableToCsv({ header: ['名称'], rows: [['+1']] }),
      y.csvCell('-12.9%'), y.csvCell('-cmd|x'), y.csvCell('-252.00')];
  });
  // A plain negative amount stays a number (as in the CLI's CSV); other leading signs are neutralised.
  assert.deepEqual(csv, ["'=1+2", '"-6,593.32"', "'@x", '"a""b"', "\ufeff名称\r\n'+1\r\n", "'-12.9%", "'-cmd|x", '-252.00']);
  // The JS writer and the Rust one (Chart.csv(), used by the download and the CLI) agree on every chart.
  const agree = await page.evaluate(async () => {
    const y = await import('./yusuan.js');
    return [...window.yusuanPage.views.values()].map((v) => [v.kind, y.tableToCsv(v.chart.table()) === v.chart.csv()]);
  });
  assert.ok(agree.every(([, same]) => same), JSON.stringify(agree));
  await page.close();
});

test('pasting another document redraws every chart; bad input shows an alert and the page keeps working', async () => {
  const { page, errors } = await open();
  // Garbage first: an alert, and the seed stays on screen.
  await page.fill('#paste', '这不是预算文件');
  await page.click('#paste-load');
  await page.waitForSelector('#load-error:not([hidden])');
  assert.match(await page.textContent('#load-error'), /无法读取.*这不像是公开的部门预算或部门决算的文本/);
  assert.equal(await page.textContent('#department'), '深圳市福田区投资推广和企业服务中心');
  const putuo = readFileSync(join(root, 'tests', 'fixtures', 'putuo-commerce-budget-2025.txt'), 'utf8');
  await page.fill('#paste', putuo);
  await page.click('#paste-load');
  await page.waitForSelector('body[data-ready="true"]');
  assert.match(await page.textContent('#department'), /普陀区商务委员会/);
  assert.equal(await page.isHidden('#load-error'), true);
  const departmentInCharts = await page.evaluate(() =>
    [...window.yusuanPage.views.values()].map((v) => v.chart.source + v.chart.title + v.chart.subtitle).join(' '),
  );
  assert.ok(!departmentInCharts.includes('福田'), 'a chart still shows the seed');
  // Putuo compares only its fiscal spending: the key figure says so, in the sentence's unit, with last
  // year derived exactly (37,151.47 − 24,491.71) and the percent computed from it.
  assert.equal(await page.textContent('#fig-change-label'), '财政拨款支出比 2024 年');
  assert.equal(await page.textContent('#fig-change'), '+24,491.71 万元');
  assert.equal(await page.textContent('#fig-change-note'), '增长 193.46%，2024 年为 12,659.76 万元');
  // The change chart shows those stated comparisons instead of "no comparison".
  const change = await page.evaluate(() => {
    const c = window.yusuanPage.views.get('change').chart;
    return { message: c.message ?? null, labels: c.table().rows.map((r) => r[0]) };
  });
  assert.deepEqual(change, { message: null, labels: ['财政拨款收入', '财政拨款支出预算', '一般公共预算拨款支出预算'] });
  await page.screenshot({ path: join(out, 'page-putuo.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('phones get one column', async () => {
  const { page, errors } = await open({ width: 390, height: 844 });
  const widths = await page.evaluate(() =>
    [...document.querySelectorAll('.card')].map((c) => Math.round(c.getBoundingClientRect().width)),
  );
  assert.ok(widths.every((w) => w === widths[0]), `cards differ in width: ${widths}`);
  assert.ok(widths[0] >= 340, `cards are narrow: ${widths[0]}`);
  await page.screenshot({ path: join(out, 'page-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('time from navigation to ready (median of 5)', async () => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const { page } = await open();
    times.push(Number(await page.evaluate(() => document.body.dataset.readyMs)));
    await page.close();
  }
  times.sort((a, b) => a - b);
  const median = times[2];
  writeFileSync(join(out, 'timing.json'), JSON.stringify({ ready_ms: times, median_ms: median }, null, 2));
  console.log(`navigation → ready: median ${median} ms (${times.join(', ')})`);
  assert.ok(median > 0 && median < 5000, `median ${median} ms`);
});

test('a dark page gets dark charts, switching live', async () => {
  const { page, errors } = await open();
  const corner = () =>
    page.evaluate(() => [...document.querySelectorAll('canvas[data-chart]')].map((c) => [...c.getContext('2d').getImageData(1, 1, 1, 1).data]));
  const light = await corner();
  assert.ok(light.every((p) => p[0] > 240 && p[1] > 240 && p[2] > 240), `light corners: ${JSON.stringify(light)}`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => {
    const c = document.querySelector('canvas[data-chart="tasks"]');
    return c.getContext('2d').getImageData(1, 1, 1, 1).data[0] < 60;
  });
  const dark = await corner();
  assert.ok(dark.every((p) => p[0] < 60 && p[1] < 60 && p[2] < 60), `dark corners: ${JSON.stringify(dark)}`);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(27, 29, 33)', 'page and charts share the dark background');
  await page.screenshot({ path: join(out, 'page-dark.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a budget saved as JSON loads through the file picker', async () => {
  const { page, errors } = await open();
  const json = await page.evaluate(async () => {
    const y = await import('./yusuan.js');
    const text = await (await fetch('data/futian-investment-2022.txt')).text();
    return (await y.loadBudgetAsync(text)).budget.toJson();
  });
  assert.match(json, /"format": "yusuan\/1"/);
  // Show another budget first, so the JSON load visibly changes the page back.
  await page.fill('#paste', readFileSync(join(root, 'tests', 'fixtures', 'putuo-commerce-budget-2025.txt'), 'utf8'));
  await page.click('#paste-load');
  await page.waitForFunction(() => document.querySelector('#department').textContent.includes('普陀'));
  await page.setInputFiles('#file', { name: 'futian.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await page.waitForFunction(() => document.querySelector('#department').textContent === '深圳市福田区投资推广和企业服务中心');
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.textContent('#fig-total'), '44,350.00 万元');
  assert.equal(await page.textContent('#source-name'), 'futian.json');
  // Bad JSON: an alert naming the place, and the page keeps the budget it had.
  await page.setInputFiles('#file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "yusuan/1", "budget": {') });
  await page.waitForSelector('#load-error:not([hidden])');
  assert.match(await page.textContent('#load-error'), /bad\.json.*line 1/);
  assert.equal(await page.textContent('#department'), '深圳市福田区投资推广和企业服务中心');
  assert.deepEqual(errors, []);
  await page.close();
});

test('PNG download is the chart at twice its CSS size; CSV download holds the table', async () => {
  const { page } = await open();
  const css = await page.evaluate(() => {
    const c = document.querySelector('canvas[data-chart="projects"]');
    return [c.clientWidth, c.clientHeight];
  });
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-kind="projects"] .yu-btn >> text=下载 PNG')]);
  const buf = readFileSync(await png.path());
  assert.equal(buf.subarray(1, 4).toString(), 'PNG');
  assert.deepEqual([buf.readUInt32BE(16), buf.readUInt32BE(20)], [css[0] * 2, css[1] * 2]);
  assert.match(png.suggestedFilename(), /项目支出.*\.png$/);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-kind="projects"] .yu-btn >> text=下载 CSV')]);
  const text = readFileSync(await csv.path(), 'utf8');
  assert.ok(text.startsWith('\ufeff'), 'CSV starts with a BOM');
  assert.match(text, /产业发展专项资金/);
  const expected = await page.evaluate(() => window.yusuanPage.views.get('projects').chart.table().rows.length + 1);
  assert.equal(text.trim().split('\r\n').length, expected);
  await page.close();
});

test('touch: first tap shows the tooltip, a second tap on the same 类 drills', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
  const { m, label } = await page.evaluate(() => {
    const chart = window.yusuanPage.views.get('functions').chart;
    for (let m = 0; m < chart.markCount; m++) if (chart.mark(m).drill) return { m, label: chart.mark(m).label };
  });
  const p = await markPoint(page, 'functions', m);
  const canvas = page.locator('canvas[data-chart="functions"]');
  await canvas.scrollIntoViewIfNeeded();
  await canvas.tap({ position: p });
  await page.locator('[data-kind="functions"] .yu-tip').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.yusuanPage.views.get('functions').chart.depth), 0);
  await canvas.tap({ position: p });
  assert.equal(await page.evaluate(() => window.yusuanPage.views.get('functions').chart.depth), 1);
  assert.ok((await page.textContent('[data-kind="functions"] .yu-crumbs')).includes(label));
  // The breadcrumb's root button leads back.
  await page.click('[data-kind="functions"] .yu-crumb >> nth=0');
  assert.equal(await page.evaluate(() => window.yusuanPage.views.get('functions').chart.depth), 0);
  // HiDPI: the canvas buffer is CSS size × devicePixelRatio.
  const [w, cw] = await page.evaluate(() => {
    const c = document.querySelector('canvas[data-chart="functions"]');
    return [c.width, c.clientWidth];
  });
  assert.equal(w, cw * 2);
  await context.close();
});

test('resizing the window redraws charts at the new width', async () => {
  const { page, errors } = await open({ width: 1440, height: 1000 });
  const size = () =>
    page.evaluate(() => {
      const c = document.querySelector('canvas[data-chart="projects"]');
      return [c.width, c.clientWidth, window.yusuanPage.views.get('projects').chart.scene().width];
    });
  // Every chart is drawn for the box it ended up in (the widget's DOM and the page's sizing went in
  // after the first draw; the ResizeObserver's first call redraws what they changed).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const charts = await page.evaluate(() =>
    [...window.yusuanPage.views].map(([kind, v]) => {
      const s = v.chart.scene();
      return { kind, drawn: `${s.width}x${s.height}`, box: `${v.canvas.clientWidth}x${v.canvas.clientHeight}` };
    }),
  );
  for (const { kind, drawn, box } of charts) assert.equal(drawn, box, `${kind}: drawn for ${drawn}, in a ${box} box`);
  const [w0] = await size();
  await page.setViewportSize({ width: 800, height: 1000 });
  await page.waitForFunction((w0) => document.querySelector('canvas[data-chart="projects"]').width !== w0, w0);
  const [w1, css1, scene1] = await size();
  assert.ok(w1 < w0, `${w1} < ${w0}`);
  assert.equal(w1, css1);
  assert.equal(scene1, css1, 'the scene is laid out for the new CSS width');
  assert.deepEqual(errors, []);
  await page.close();
});
