// bench/results.json → bench/RESULTS.md (tables, ratios against ECharts and Chart.js of the same
// run, issue 5's targets, the method). `node bench/report.mjs` re-renders it from the JSON.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAMES = { yusuan: 'yusuan', 'yusuan-json': 'yusuan (JSON)', echarts: 'ECharts', chartjs: 'Chart.js' };
let LIBS = ['yusuan', 'echarts', 'chartjs'];
/** Ratio columns: each yusuan variant ÷ each other library. */
let PAIRS = [];
const KINDS = ['composition', 'functions', 'change'];

const kb = (b) => (b == null ? '—' : `${(b / 1000).toFixed(1)} KB`);
const mb = (b) => (b == null ? '—' : `${(b / 1e6).toFixed(1)} MB`);
const ms = (x, d = 1) => (x == null ? '—' : `${x.toFixed(d)} ms`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);
const row = (cells) => `| ${cells.join(' | ')} |`;

function table(label, get, fmt) {
  const v = Object.fromEntries(LIBS.map((l) => [l, get(l)]));
  return row([label, ...LIBS.map((l) => fmt(v[l])), ...PAIRS.map(([a, b]) => ratio(v[a], v[b]))]);
}

const header = () => [
  row(['', ...LIBS.map((l) => NAMES[l]), ...PAIRS.map(([a, b]) => `${NAMES[a]} ÷ ${NAMES[b]}`)]),
  row(['---', ...LIBS.map(() => '---:'), ...PAIRS.map(() => '---:')]),
];

export function renderMarkdown(r) {
  LIBS = (r.libs ?? LIBS).filter((l) => NAMES[l]);
  PAIRS = LIBS.filter((l) => l.startsWith('yusuan')).flatMap((a) => LIBS.filter((b) => !b.startsWith('yusuan')).map((b) => [a, b]));
  const out = [];
  const p = (s = '') => out.push(s);
  p('# yusuan vs ECharts vs Chart.js — measured side by side');
  p();
  p(`Written by \`bench/run.sh\` on ${r.date}. Every figure comes from one headless Chromium session on this machine;`);
  p('ratios are yusuan ÷ the other library in the same run (below 1 = yusuan smaller or faster). Raw data: `bench/results.json`.');
  p();
  p(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, ${r.machine.os}${r.machine.debian ? `, Debian ${r.machine.debian}` : ''}; load average (1, 5, 15 min) ${r.machine.loadAverageAtStart?.join(' ')} at the start, ${r.machine.loadAverageAtEnd?.join(' ')} at the end — anything above ~0.5 means other work shared the 2 cores and the times are inflated.`);
  p();
  p('Versions: ' + Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(' · ') + '.');
  p();
  p(`Settings: ${r.settings.runs} cold and ${r.settings.runs} warm page loads per library and pixel ratio, ${r.settings.rerenders} timed re-renders per chart, ${r.settings.moves} hover moves per library, ${r.settings.canvas}, devicePixelRatio ${r.settings.dprs.join(' and ')}.`);
  p();

  p('## Bytes the page needs (gzip -9)');
  p();
  header().forEach((h) => p(h));
  p(table('library (scripts + wasm), gzip -9', (l) => r.bytes[l].library, kb));
  p(table('library, uncompressed', (l) => r.bytes[l].libraryRaw, kb));
  p(table('page script (bench glue)', (l) => r.bytes[l].page, kb));
  p(table('data fetched', (l) => r.bytes[l].data, kb));
  p(table('**total**', (l) => r.bytes[l].total, kb));
  p();
  for (const l of LIBS) {
    p(`- ${NAMES[l]}: ` + r.bytes[l].files.map((f) => `\`${f.url}\` ${kb(f.gzip9)}`).join(', '));
  }
  p();
  p('yusuan\'s data is the published text itself (imported in the browser, importer and audit in the wasm); ECharts and');
  p('Chart.js get the three charts\' numbers already extracted as JSON (`bench/out/seed-data.json`, made by yusuan).');
  if (LIBS.includes('yusuan-json')) {
    p('"yusuan (JSON)" is the same widget reading the budget as our JSON (`bench/out/seed.json`, the whole model with');
    p('every source, prepared beforehand like the others\' data) instead of importing the text.');
  }
  p();

  for (const [dpr, d] of Object.entries(r.dpr)) {
    p(`## devicePixelRatio ${dpr}`);
    p();
    header().forEach((h) => p(h));
    p(table('cold load: script start → 3 charts painted, median', (l) => d[l].cold.median, ms));
    p(table('cold load, p95', (l) => d[l].cold.p95, ms));
    p(table('cold load, min (least disturbed by other work)', (l) => d[l].cold.min, ms));
    p(table('warm load: script start → painted, median', (l) => d[l].warm.median, ms));
    p(table('warm load, p95', (l) => d[l].warm.p95, ms));
    p(table('warm load, min', (l) => d[l].warm.min, ms));
    p(table('cold, from navigation start, median', (l) => d[l].coldFromNavigation.median, ms));
    for (const k of KINDS) p(table(`re-render ${k}, median`, (l) => d[l].rerender[k].median, (x) => ms(x, 2)));
    for (const k of KINDS) p(table(`re-render ${k}, p95`, (l) => d[l].rerender[k].p95, (x) => ms(x, 2)));
    p(table('hover → tooltip, p50', (l) => d[l].hover.p50, (x) => ms(x, 3)));
    p(table('hover → tooltip, p95', (l) => d[l].hover.p95, (x) => ms(x, 3)));
    p(table('hover → tooltip, max', (l) => d[l].hover.max, (x) => ms(x, 3)));
    p(row(['hover moves timed / missed', ...LIBS.map((l) => `${d[l].hover.n} / ${d[l].hover.misses.length}`), ...PAIRS.map(() => '')]));
    p(row(['marks found (composition, functions, change)', ...LIBS.map((l) => KINDS.map((k) => d[l].marks[k]).join(', ')), ...PAIRS.map(() => '')]));
    p(table('JS heap used after load', (l) => d[l].memory.jsHeapUsed, mb));
    p(table('wasm memory', (l) => d[l].memory.wasm, mb));
    p(table('JS heap + wasm memory', (l) => d[l].memory.jsHeapUsed + d[l].memory.wasm, mb));
    p();
    p(`Empty page with the same bench CSS, for reference: JS heap ${mb(d.empty.memory.jsHeapUsed)}.`);
    p();
    for (const yl of LIBS.filter((l) => l.startsWith('yusuan'))) {
      const y = d[yl];
      if (y.coldPhases) {
        p(`${NAMES[yl]}: load, medians in ms from navigation start (cold / warm): ` + ['moduleStart', 'wasmReady', 'textReady', 'painted']
          .map((k) => `${k} ${y.coldPhases[k]?.toFixed(1)} / ${y.warmPhases[k]?.toFixed(1)}`).join(', ') + '; durations (cold / warm): ' +
          ['importMs', ...KINDS.map((k) => `mount_${k}Ms`)].map((k) => `${k.replace(/Ms$/, '')} ${y.coldPhases[k]?.toFixed(2)} / ${y.warmPhases[k]?.toFixed(2)}`).join(', ') +
          ' (the script-start mark is at ' + `${(y.coldPhases.painted - y.cold.median).toFixed(1)} / ${(y.warmPhases.painted - y.warm.median).toFixed(1)}` + ').');
        p();
      }
      if (y.hoverParts) {
        p(`${NAMES[yl]}: hover, by part` + ' (median / p95 over the mark points): ' + Object.entries(y.hoverParts)
          .map(([k, v]) => `\`chart.${k}()\` ${v.median.toFixed(3)} / ${v.p95.toFixed(3)} ms`).join(', ') +
          '; the rest of a hover is the widget\'s DOM work (tooltip children replaced, its size read → layout).');
        p();
      }
    }
  }

  if (r.embeds) {
    const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
    p('## What an embed fetches (issue 13): one chart kind\'s module');
    p();
    p('The package a portal deploys (`dist/yusuan`: minified scripts, one wasm module per chart kind) with the seed\'s');
    p('JSON beside it; each page loaded in a fresh context, every response until it is ready and one second more,');
    p('gzip -9 (as `tests/e2e/out/size-report.json` measures them). Issue 13\'s target: wasm + JS + CSS ≤ 80 KiB.');
    p();
    p(row(['page', 'wasm', 'JS', 'CSS', '**wasm + JS + CSS**', 'HTML', 'data']));
    p(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const [name, e] of Object.entries(r.embeds)) {
      p(row([name, String(e.wasm), String(e.js), String(e.css), `**${e.library} (${kib(e.library)})**`, String(e.html), String(e.data)]));
    }
    p();
    const first = Object.values(r.embeds)[0];
    if (first) p('Files of the first: ' + first.files.map((f) => `\`${f.url}\` ${f.gzip9}`).join(', ') + '.');
    p();
  }
  if (r.modules) {
    const m = r.modules;
    p('## The full viewer and the importer: what a page with several kinds loads, and what it loads when it imports');
    p();
    p('gzip -9 of the files as built (www/, scripts as written). The full viewer (our JSON or wire parts → every kind)');
    p('is what a page showing several kinds loads (the demo page, the JSON page above); an embed of one kind loads that');
    p('kind\'s module instead (previous section). The importer (text, PDF, bytes, large JSON → budget, summary, audit)');
    p('is fetched when a page imports something, into the import worker.');
    p();
    p(row(['file', 'bytes', 'gzip -9']));
    p(row(['---', '---:', '---:']));
    for (const [f, v] of Object.entries(m.files)) p(row([`\`${f}\``, String(v.bytes), String(v.gzip9)]));
    p(row(['**viewer** (wasm, glue, yusuan.js, yusuan-chart.js, yusuan.css)', '', `**${kb(m.viewer)}**`]));
    p(row(['**importer**, fetched on demand (wasm, glue, yusuan-import.js, yusuan-importer.js, worker)', '', `**${kb(m.importer)}**`]));
    p(row(['**both together**', '', `**${kb(m.both)}**`]));
    p();
  }
  if (r.paste) {
    p('## The importer\'s first use: paste → charts on the demo page');
    p();
    p('A fresh context loads the demo page, waits until it is ready and 1.5 s idle, pastes another document');
    p('(`tests/fixtures/putuo-commerce-budget-2025.txt`) and clicks 载入; from the click until every chart shows it and has');
    p('painted. `www` is this build; `before` (with `--before DIR`) another build\'s www/, interleaved run by run.');
    p();
    p(row(['build', 'median', 'p95', 'min', 'runs']));
    p(row(['---', '---:', '---:', '---:', '---:']));
    for (const [b, v] of Object.entries(r.paste)) p(row([b, ms(v.median), ms(v.p95), ms(v.min), String(v.n)]));
    if (r.paste.before) p(`\nthis build ÷ before: ${ratio(r.paste.www.median, r.paste.before.median)} (median).`);
    p();
  }

  p('## Issue 5 targets');
  p();
  const d1 = r.dpr[Object.keys(r.dpr)[0]];
  const y = r.bytes.yusuan.library;
  const checks = [
    [`widget ≤ 100 KB gzip -9 (wasm + JS glue + element script)`, kb(y), y <= 100_000],
  ];
  for (const [dpr, d] of Object.entries(r.dpr)) {
    checks.push([`dpr ${dpr}: seed charts painted ≤ 0.5 × ECharts (cold median)`, ratio(d.yusuan.cold.median, d.echarts.cold.median), d.yusuan.cold.median <= 0.5 * d.echarts.cold.median]);
    checks.push([`dpr ${dpr}: seed charts painted ≤ 0.5 × ECharts (warm median)`, ratio(d.yusuan.warm.median, d.echarts.warm.median), d.yusuan.warm.median <= 0.5 * d.echarts.warm.median]);
    const j = d['yusuan-json'];
    if (j) checks.push([`dpr ${dpr}: … from JSON instead of text (cold / warm median)`, `${ratio(j.cold.median, d.echarts.cold.median)} / ${ratio(j.warm.median, d.echarts.warm.median)}`, j.cold.median <= 0.5 * d.echarts.cold.median && j.warm.median <= 0.5 * d.echarts.warm.median]);
    checks.push([`dpr ${dpr}: hover p95 ≤ 2 ms`, ms(d.yusuan.hover.p95, 3), d.yusuan.hover.p95 <= 2]);
    const worst = Math.max(...KINDS.map((k) => d.yusuan.rerender[k].median));
    checks.push([`dpr ${dpr}: re-render of one chart ≤ 4 ms (slowest chart, median)`, ms(worst, 2), worst <= 4]);
  }
  const s50 = r.scale.find((s) => s.n === 50000);
  if (s50) checks.push(['50k lines: load + aggregate + first treemap ≤ 300 ms', s50.error ? s50.error : ms(s50.paintedMs), !s50.error && s50.paintedMs <= 300]);
  if (r.native?.seedImportUs != null) checks.push(['native import of the seed ≤ 1 ms', `${r.native.seedImportUs.toFixed(0)} µs`, r.native.seedImportUs <= 1000]);
  p(row(['target', 'measured', 'met']));
  p(row(['---', '---:', '---']));
  for (const [t, m, ok] of checks) p(row([t, m, ok ? 'yes' : '**no**']));
  p();
  void d1;

  if (r.modules && r.bytes['yusuan-json']) {
    p('## Issue 13 targets');
    p();
    const t13 = [];
    if (r.embeds) {
      const worst = Object.entries(r.embeds).reduce((a, b) => (b[1].library > a[1].library ? b : a));
      t13.push([`an embed fetches ≤ 80 KiB gzip -9 of wasm, JS and CSS (largest: ${worst[0]})`, `${(worst[1].library / 1024).toFixed(1)} KiB`, worst[1].library <= 80 * 1024]);
    }
    const jb = r.bytes['yusuan-json'].library;
    p(`(The JSON page of this bench draws three kinds with the full viewer and scripts as written: ${kb(jb)} gzip -9 of scripts and wasm.)`);
    p();
    for (const [dpr, d] of Object.entries(r.dpr)) {
      const j = d['yusuan-json'];
      if (j && d.chartjs) t13.push([`dpr ${dpr}: cold paint of the seed's three charts from JSON ≤ 0.75 × Chart.js (median)`, ratio(j.cold.median, d.chartjs.cold.median), j.cold.median <= 0.75 * d.chartjs.cold.median]);
    }
    if (r.paste?.before) t13.push(['paste → charts no slower than before (median)', `${ms(r.paste.www.median)} vs ${ms(r.paste.before.median)}`, r.paste.www.median <= r.paste.before.median]);
    p(row(['target', 'measured', 'met']));
    p(row(['---', '---:', '---']));
    for (const [t, m, ok] of t13) p(row([t, m, ok ? 'yes' : '**no**']));
    p();
  }

  p('## Scale: synthetic city budgets (yusuan, dpr 1)');
  p();
  p('`examples/synth.rs`: one city-wide 一般公共预算支出表（按功能分类） in the seed\'s tab layout (万元), 26 real 类 codes,');
  p('款 and 项 below them, 项 lines owned by 300 departments; every sum exact. Median of ' + r.settings.scaleRuns + ' runs per size, wasm');
  p('initialised and text fetched before the clock starts. "painted" = import + treemap mounted (scene build, 类');
  p('aggregation, layout, draw, widget DOM) + the next frame; "draw" = the same scene drawn again onto another canvas;');
  p('"audit" = every exact hierarchy sum checked (not needed for the first paint). Medians; "min of runs" is the least');
  p('disturbed run of import → painted, the better estimate when other work shares the machine.');
  p();
  p(row(['lines', 'text', 'import', 'import again (same page)', 'treemap mount', 'of which draw', '**import → painted**', 'min of runs', 'audit', 'wasm memory', 'JS heap', 'painted per 1k lines']));
  p(row(['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const s of r.scale) {
    if (s.error) {
      p(row([s.n.toLocaleString('en-US'), mb(s.bytes), `refused in ${ms(s.refusedMs)}: ${s.error}`, '', '', '', '', '', '', '', '', '']));
    } else {
      p(row([s.n.toLocaleString('en-US'), mb(s.bytes), ms(s.importMs), ms(s.reimportMs), ms(s.mountMs), ms(s.drawMs), `**${ms(s.paintedMs)}**`, ms(s.paintedMinMs), ms(s.auditMs), mb(s.wasmBytes), mb(s.jsHeapUsed), ms((s.paintedMs / s.n) * 1000, 2)]));
    }
  }
  p();
  if (r.native) {
    p('## Native import (criterion, `cargo bench --bench import`)');
    p();
    p(r.native.text);
    p();
  }

  p('## Method');
  p();
  p('- One headless Chromium (`/usr/bin/chromium`, flags of shared/TOOLCHAIN.md) driven by playwright-core; pages served by');
  p('  `bench/serve.mjs` (www/ and bench/ under one origin, uncompressed, `Cache-Control: max-age=3600`).');
  p('- Same data, same boxes: the three charts of the seed — economic split donut, 功能分类 treemap at the 类 level (款 as');
  p('  children for drill-down), this year vs last year bars with the change beside them — each 640×400 CSS px; ECharts and');
  p('  Chart.js with animation off (Chart.js not responsive, tooltip animation off); same fonts and palette. yusuan draws a little');
  p('  more (basic/project strip on treemap blocks, breadcrumb, tools row, accessible table DOM). The competitor pages format');
  p('  numbers with JavaScript floats, as portals do: the donut centre reads 4.43 亿元 there (44,350 万元 / 10,000 =');
  p('  4.435 → `toFixed(2)` → 4.43, a binary-float artefact) where yusuan, exact, prints 4.44 亿元.');
  p('- Libraries as portals load them: ECharts `dist/echarts.min.js` (full build), Chart.js `dist/chart.umd.min.js` + treemap');
  p('  plugin `dist/chartjs-chart-treemap.min.js`; yusuan `www/yusuan.js` + `www/pkg/yusuan.js` + `www/pkg/yusuan_bg.wasm`');
  p('  built by `./run.sh --no-serve`, its page carrying the two `<link rel="modulepreload">` hints README recommends');
  p('  (the module chain page → `yusuan.js` → `pkg/yusuan.js` fetched at once). Bytes = gzip -9 (zlib level 9) of every');
  p('  file the page fetched, by group.');
  p('- Load time: from an inline script at the top of `<head>` (before the library tag) to "painted": the');
  p('  requestAnimationFrame callback after the draw calls, after a 1×1 `getImageData` on each chart canvas (forces the');
  p('  canvas to rasterize pending drawing, for every library alike). Cold = a fresh browser context per load (empty HTTP');
  p('  and code caches); warm = the same context loading the page again (HTTP cache, V8 code cache, wasm compile cache).');
  p('  Libraries interleaved run by run. yusuan\'s time includes importing the seed text; the others get ready-made JSON.');
  p('- Re-render: one chart re-rendered from its data, synchronously, then the canvas flushed as above: yusuan');
  p('  `view.update(budget)` (scene rebuilt, drawn, widget DOM refreshed), ECharts `setOption(option, {notMerge: true})`,');
  p('  Chart.js fresh `data` + `update(\'none\')`. 5 warm-ups, then median/p95 of the timed ones.');
  p('- Hover: one point per mark, found by a 6-px grid scan with each library\'s own hit test (yusuan `chart.hit`, Chart.js');
  p('  `getElementsAtEventForMode`, ECharts its `mousemove` event); then a `pointermove` and a `mousemove` dispatched at');
  p('  the point, round the three charts one frame apart, timed until the tooltip shows the new mark: yusuan\'s `.yu-tip`');
  p('  and ECharts\' HTML tooltip (`className: \'ec-tip\'`) text, read right after dispatch or by a MutationObserver /');
  p('  message-loop watch; Chart.js draws its tooltip on the canvas in a requestAnimationFrame-throttled handler, so its');
  p('  time is the `afterDraw` of the frame that drew the new tooltip. A move with no change within 500 ms is a miss.');
  p('- Memory: after two forced GCs (CDP `HeapProfiler.collectGarbage`), `Runtime.getHeapUsage().usedSize`, plus the');
  p('  wasm linear memory (`memory.buffer.byteLength`) for yusuan. Canvas pixel buffers are not counted for anyone.');
  p();
  return out.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const r = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'RESULTS.md'), renderMarkdown(r));
}
