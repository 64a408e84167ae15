// yusuan in the browser: one wasm instance for every chart on the page, the interaction around each
// canvas (tooltip, keyboard, drill-down breadcrumb, data table, downloads) and the <yusuan-chart>
// element. Labels come from documents written by others: everything data-derived goes in via
// textContent. Nothing here needs inline script or style: it runs under
// `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'` (styles are set through the CSSOM or
// come from yusuan.css).
//
// The wasm modules it loads (pkg/): the viewer (`yusuan_viewer`: a budget in our JSON or wire form →
// every chart kind, and the whole API) and, for one chart of one kind from our JSON, that kind's own
// small module (`yusuan_functions`, `yusuan_projects` …): an embed downloads only that, this file
// and the stylesheet. Reading a document's text (or a file, or a large JSON), the summary and the
// audit are the importer's (pkg/yusuan_importer*, run in the import worker): yusuan-import.js loads
// it the first time a page imports something.

/** The chart kinds, in page order; each has its own module (`pkg/yusuan_<kind>.js`). */
const KINDS = ['composition', 'functions', 'projects', 'change', 'waterfall', 'sangong', 'balance', 'tasks'];

let loading = null; // the viewer's exports, once init() was called
let wasm = null; // … once they are there
const kindModules = new Map(); // kind → promise of that kind's module
const modules = []; // every module instantiated on the page, the viewer included

async function compile(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`failed to fetch Wasm: ${res.status} ${res.statusText} fetching '${res.url}'`);
  // compileStreaming needs the application/wasm type; a server without it still works, more slowly.
  if ((res.headers.get('Content-Type') ?? '').startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}

// The charts' font stack and text sizes for 480–800 px wide charts (src/chart/style.rs FONT and
// sizes(); a test keeps them equal).
const FONT = 'PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif';
const WARM = ['bold 17px', 'normal 12px', 'bold 12px', 'normal 10.5px', 'bold 10.5px'];

/**
 * The first text a canvas measures in each size and weight costs the browser 3–6 ms (it resolves
 * the CJK fallback font for that size): ≈ 25 ms of a cold page's first chart. Paid here instead,
 * while the module downloads and compiles.
 */
function warmFonts() {
  if (typeof document === 'undefined') return;
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return;
  for (const size of WARM) {
    ctx.font = `${size} ${FONT}`;
    ctx.measureText('2022年预算支出');
  }
}

/** Instantiates `pkg/yusuan_<name>` (glue and wasm fetched at once) and returns its exports. */
async function instantiate(name, moduleUrl) {
  const glue = import(`./pkg/yusuan_${name}.js`);
  let compiled = moduleUrl;
  if (!(moduleUrl instanceof WebAssembly.Module)) {
    const pending = compile(moduleUrl ?? new URL(`pkg/yusuan_${name}_bg.wasm`, import.meta.url));
    // After the caller's own synchronous work (a page's fetch of its data, started beside init()).
    await null;
    warmFonts();
    compiled = await pending;
  }
  const m = await glue;
  await m.default({ module_or_path: compiled });
  modules.push(m);
  return m;
}

/** Loads the viewer's wasm module (every chart kind and the whole API) once; every later call returns the same promise. */
export function init(moduleUrl) {
  loading ??= instantiate('viewer', moduleUrl).then((m) => (wasm = m));
  return loading;
}

/**
 * The module a chart of `kind` is drawn with when the page has not asked for the viewer: that kind's
 * own module, a fraction of the viewer's size. A page that shows several kinds (or imports, or called
 * init()) uses the viewer for all. Returns the module's name (`viewer` or the kind).
 */
function moduleName(kind) {
  return loading || !KINDS.includes(kind) ? 'viewer' : kind;
}

/** The module of that name, loaded once. */
function module(name) {
  if (name === 'viewer') return init();
  let m = kindModules.get(name);
  if (!m) {
    // A package without the kind's module (or a failed fetch) falls back to the viewer.
    m = instantiate(name).catch(() => init());
    kindModules.set(name, m);
  }
  return m;
}

/** The module whose Budget class `budget` is an instance of (charts must be made in the same one). */
function moduleOf(budget) {
  return modules.find((m) => budget instanceof m.Budget) ?? wasm;
}

// ---- reading a budget ---------------------------------------------------------------------------

/**
 * Inputs from this size up (bytes, or UTF-16 units of a string) are read in the import worker even
 * when they are our JSON, which the viewer reads on the page below it: an 8 MiB JSON would hold the
 * page for a long task. Document text always goes to the importer.
 */
export const WORKER_THRESHOLD = 256 * 1024;

/** Whether the input is our JSON (a leading `{`, after a byte order mark and blanks). */
export function isJson(input) {
  // A regular expression rather than trimStart(): no copy of a (possibly huge) pasted text.
  if (typeof input === 'string') return /^\uFEFF?\s*\{/.test(input);
  return input instanceof Uint8Array && bytesLookLikeJson(input);
}

/** The importer's page side (worker client, importer on the page), once something is imported. */
let importer = null;
function importing() {
  importer ??= import('./yusuan-import.js');
  return importer;
}

/** The importer's module loaded on the page (`loadImporter()`), for synchronous reads of text. */
let onPage = null;

/**
 * Reads a budget. yusuan JSON (a string or a file's bytes starting with `{`) is read by the viewer,
 * at once. A document's text (or its bytes) needs the importer on the page: `await loadImporter()`
 * first, or use loadBudgetAsync, which reads it in the import worker. Input over maxInputBytes() is
 * refused before it is read into the wasm module. Throws Error naming the place of a fault.
 */
export function loadBudget(input) {
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (input instanceof Uint8Array) {
    if (bytesLookLikeJson(input)) return wasm.fromJsonBytes(input);
  } else if (typeof input !== 'string') {
    throw new TypeError('loadBudget expects the document text as a string, or its bytes');
  } else if (isJson(input)) {
    // The browser's JSON.parse checks the syntax far faster than our checker runs on a cold page
    // (it is compiled at its first call), and the reader without messages is a third of the code:
    // the seed's 85 KB JSON is read in 11 ms cold instead of 19. A refusal is read again by
    // fromJson, which says where and why.
    return (input.length < WORKER_THRESHOLD && parsedJson(wasm, input)) || wasm.fromJson(input);
  }
  if (!onPage) throw new Error('yusuan: reading a document needs the importer: await loadImporter() first, or use loadBudgetAsync');
  return onPage.read(input);
}

/**
 * Loads the importer's module on the page (besides the worker), so that loadBudget and importText
 * read document text synchronously. Resolves to the importer's own exports (importText, summary,
 * auditFirst … on its Budget handles).
 */
export async function loadImporter() {
  await init();
  const m = await importing();
  onPage = await m.onPage();
  return onPage.exports;
}

/**
 * Starts fetching and compiling the importer (and its worker) while the page is idle, so that the
 * first paste or file is read without waiting for it. Pages that never import need not call it.
 */
export function prefetchImporter() {
  const go = () => importing().then((m) => m.prefetch(), () => {});
  if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 2000 });
  else setTimeout(go, 200);
}

/**
 * Reads a budget off the page's critical path. Our JSON under WORKER_THRESHOLD is read by the viewer
 * at once; document text, a file's bytes and large JSON are read by the importer in its worker (the
 * page only decodes the compact result, a slice at a time). `options`: `text` (only document text,
 * never JSON, as importText), `signal` (an AbortSignal: the promise rejects at once, the result is
 * dropped), `summary` (true: `summary(false)` and `priorExpenditure()`; 'rows': the summary with its
 * function rows), `findings` (n: `auditFirst(n)`), `worker` (false: the importer on the page instead
 * of its worker; true: the worker even for small JSON), `name`, `onProgress` (yusuan.d.ts). `input`
 * may be a PDF, or several files `[{name, bytes}]` of one budget.
 * Resolves to `{budget, worker, facts, timing?}` as soon as the budget is there: `facts` is a promise
 * of `{summary?, prior?, audit?, doubt?, errors}` (what summary and findings asked for), which the importer
 * computes after handing over the budget, so charts can be drawn meanwhile. Rejects with the
 * reader's Error.
 */
export async function loadBudgetAsync(input, options = {}) {
  const { signal, text: textOnly = false } = options;
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (typeof input !== 'string' && !(input instanceof Uint8Array) && !Array.isArray(input)) {
    throw new TypeError('loadBudgetAsync expects the document text as a string, or its bytes');
  }
  signal?.throwIfAborted();
  await init();
  if (Array.isArray(input)) return (await importing()).load(input, options);
  const size = typeof input === 'string' ? input.length : input.byteLength;
  const wantFacts = Boolean(options.summary || options.findings);
  if (!textOnly && isJson(input) && !options.worker && (size < WORKER_THRESHOLD || size > wasm.maxInputBytes())) {
    const budget = typeof input === 'string' ? wasm.fromJson(input) : wasm.fromJsonBytes(input);
    const facts = wantFacts ? importing().then((m) => m.facts(input, options)) : undefined;
    facts?.catch(() => {});
    return { budget, worker: false, facts, errors: {} };
  }
  return (await importing()).load(input, options);
}

/** Whether a file's first non-blank character is `{` (after a UTF-8 or UTF-16 byte order mark). */
function bytesLookLikeJson(b) {
  let i = 0;
  let step = 1;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  else if (b[0] === 0xff && b[1] === 0xfe) [i, step] = [2, 2]; // UTF-16 LE: the character's low byte first
  else if (b[0] === 0xfe && b[1] === 0xff) [i, step] = [3, 2]; // UTF-16 BE: its low byte second
  for (; i < b.length && i < 4096; i += step) {
    if (b[i] !== 0x20 && b[i] !== 0x09 && b[i] !== 0x0a && b[i] !== 0x0d) return b[i] === 0x7b;
  }
  return false;
}

/** The largest input, in bytes, the readers accept (8 MiB): a page can refuse a bigger file unread. */
export function maxInputBytes() {
  return (wasm ?? modules[0])?.maxInputBytes() ?? 8 * 1024 * 1024;
}

/** Reads the published text of a 部门预算 / 部门决算 (never JSON), with the importer on the page. Throws Error. */
export function importText(text) {
  if (typeof text !== 'string') throw new TypeError('importText expects the document text as a string');
  if (!onPage) throw new Error('yusuan: importText needs the importer: await loadImporter() first, or use loadBudgetAsync');
  return onPage.read(text, 'importText');
}

/** Charts alive in the page's wasm modules: falls back when charts are destroyed (their memory is freed). */
export function liveCharts() {
  return modules.reduce((n, m) => n + m.liveCharts(), 0);
}

/** Budgets alive in the page's wasm modules (held by a Budget handle or by a chart). */
export function liveBudgets() {
  return modules.reduce((n, m) => n + m.liveBudgets(), 0);
}

/** The component stylesheet beside this file (for pages that mount charts outside <yusuan-chart>). */
export const stylesheetUrl = new URL('yusuan.css', import.meta.url).href;

const UI = {
  zh: { table: '表格', png: '下载 PNG', csv: '下载 CSV', json: '下载 JSON', crumbs: '下钻路径',
        hint: '方向键逐项浏览，回车下钻，Esc 返回', tools: '图表数据与下载', data: '图表数据', loading: '正在载入…' },
  en: { table: 'Table', png: 'Download PNG', csv: 'Download CSV', json: 'Download JSON', crumbs: 'Drill-down path',
        hint: 'Arrow keys move between items, Enter opens, Escape goes back', tools: 'Chart data and downloads',
        data: 'Chart data', loading: 'Loading…' },
};

// A table cell that holds a number: amounts, changes, shares (`-6,593.32`, `12.94%`, `9,280.00 万元`, `—`).
const NUMBER = /^([-+−]?[\d,]+(\.\d+)?\s*(%|万元|元|亿元|yuan|10k yuan|100m yuan)?|—|-)$/;

// Canvas buffer scale while printing: sharp on paper whatever the screen's pixel ratio.
const PRINT_SCALE = 3;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

let ids = 0;
const uid = (prefix) => `${prefix}-${++ids}-${Math.random().toString(36).slice(2, 7)}`;

const PLAIN_NEGATIVE = /^-(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * A CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) neutralised so spreadsheets do not
 * run it — except a plain negative number (`-252.00`, `-1,308.26`), which stays a number. The same
 * rule as the Rust writer (`Chart.csv()`, the CLI's CSV), which the downloads use.
 */
export function csvCell(value) {
  let s = value == null ? '' : String(value);
  const first = s.charAt(0);
  const formula = (first !== '' && '=+@\t\r'.includes(first)) || (first === '-' && !PLAIN_NEGATIVE.test(s.trim()));
  if (formula) s = "'" + s;
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** The chart's data table as CSV text (with a BOM so spreadsheet programs read the Chinese as UTF-8). */
export function tableToCsv(table) {
  const lines = [table.header, ...table.rows].map((row) => row.map(csvCell).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function download(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function fileStem(s) {
  return (s || 'chart').replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
}

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
/** 'light' | 'dark' for a theme option: 'auto' (or none) follows the reader's colour scheme. */
export function resolveTheme(theme) {
  if (theme === 'light' || theme === 'dark') return theme;
  return darkQuery?.matches ? 'dark' : 'light';
}

/**
 * Mounts a chart on `canvas` (which must have a CSS width and height) and wires its interaction.
 * The page links yusuan.css (`stylesheetUrl`) for the DOM around it: without it the tools are the
 * browser's default buttons, in a font the chart does not use (whose fallback for 表格 and 下载 the
 * browser must look up first).
 * `opts`: {kind, lang = 'zh', theme = 'light' ('light' | 'dark' | 'auto'), onDraw?(view), onError?(e)}.
 * Returns a view with update(budget), setOptions({lang, theme}), resize(), destroy(), and the wasm `chart`.
 * Throws the wasm Error when the chart cannot be made.
 */
export function mountChart(canvas, budget, opts = {}) {
  let lang = opts.lang === 'en' ? 'en' : 'zh';
  let themeOpt = opts.theme ?? 'light';
  let theme = resolveTheme(themeOpt);
  const owner = moduleOf(budget);
  const chart = new owner.Chart(canvas, budget, { kind: opts.kind, lang, theme });
  let shown = budget;
  // A kind's module leaves these to the page: the JSON file it read, and the table through the CSV
  // rule the viewer's own writer follows.
  chart.csv ??= () => tableToCsv(chart.table());
  chart.budgetJson ??= () => sources.get(shown) ?? '';

  // DOM around the canvas: breadcrumb, stage (canvas + tooltip), live region, tools, table.
  const root = el('div', 'yu-chart');
  root.dataset.theme = theme;
  const crumbs = el('nav', 'yu-crumbs');
  const stage = el('div', 'yu-stage');
  const tip = el('div', 'yu-tip');
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  const live = el('div', 'yu-live');
  live.setAttribute('aria-live', 'polite');
  const desc = el('p', 'yu-desc');
  desc.id = uid('yu-desc');
  desc.hidden = true; // read through aria-describedby; hidden text referenced by id still counts
  const tools = el('div', 'yu-tools');
  tools.setAttribute('role', 'group');
  const button = () => {
    const b = el('button', 'yu-btn');
    b.type = 'button';
    return b;
  };
  const tableBtn = button();
  tableBtn.setAttribute('aria-pressed', 'false');
  const pngBtn = button();
  const csvBtn = button();
  const jsonBtn = button();
  tools.append(tableBtn, pngBtn, csvBtn, jsonBtn);
  const tableWrap = el('div', 'yu-table');
  tableWrap.hidden = true;
  tableWrap.id = uid('yu-table');
  tableWrap.setAttribute('role', 'region');
  tableWrap.tabIndex = 0; // a wide table scrolls sideways: keyboard users must reach it
  tableBtn.setAttribute('aria-controls', tableWrap.id);

  const parent = canvas.parentNode;
  const next = canvas.nextSibling;
  parent.insertBefore(root, canvas);
  stage.append(canvas, tip);
  root.append(crumbs, stage, desc, live, tools, tableWrap);

  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-describedby', desc.id);

  let tipMark = undefined; // mark whose tooltip is shown
  let destroyed = false;
  let printing = null; // {theme} while the page prints

  function labelTools() {
    const ui = UI[lang];
    crumbs.setAttribute('aria-label', ui.crumbs);
    tools.setAttribute('aria-label', ui.tools);
    tableWrap.setAttribute('aria-label', ui.data);
    tableBtn.textContent = ui.table;
    pngBtn.textContent = ui.png;
    csvBtn.textContent = ui.csv;
    jsonBtn.textContent = ui.json;
    root.lang = lang === 'en' ? 'en' : 'zh-CN';
  }

  // Accessible name: the chart's title; description: what it shows in one sentence, and how to use it.
  function describe() {
    canvas.setAttribute('aria-label', chart.title || chart.kind);
    const [sep, end] = lang === 'en' ? ['. ', '.'] : ['。', '。'];
    const parts = [chart.subtitle, chart.message ?? chart.description, UI[lang].hint].filter(Boolean);
    desc.textContent = parts.map((p) => p.trim().replace(/[。.．]$/, '')).join(sep) + end;
  }

  function renderCrumbs() {
    crumbs.replaceChildren();
    const labels = chart.breadcrumb;
    crumbs.hidden = labels.length === 0;
    labels.forEach((label, i) => {
      const last = i === labels.length - 1;
      const b = el('button', 'yu-crumb', label);
      b.type = 'button';
      if (last) {
        b.setAttribute('aria-current', 'location');
        b.disabled = true;
      } else {
        b.addEventListener('click', () => act(() => chart.goTo(i)));
      }
      if (i > 0) crumbs.append(el('span', 'yu-sep', '›'));
      crumbs.append(b);
    });
  }

  function renderTable() {
    if (tableWrap.hidden) return;
    const t = chart.table();
    const numeric = (cell) => NUMBER.test(String(cell).trim());
    // A column is numeric when every non-empty cell is: right-aligned, header too.
    const numCols = t.header.map((_, i) => t.rows.length > 0 && t.rows.every((r) => !r[i] || numeric(r[i])) && t.rows.some((r) => r[i]));
    const table = el('table');
    const caption = el('caption', null, chart.title);
    const thead = el('thead');
    const hr = el('tr');
    t.header.forEach((h, i) => {
      const th = el('th', numCols[i] && i > 0 ? 'num' : null, h);
      th.scope = 'col';
      hr.append(th);
    });
    thead.append(hr);
    const tbody = el('tbody');
    for (const row of t.rows) {
      const tr = el('tr');
      row.forEach((cell, i) => {
        const c = el(i === 0 ? 'th' : 'td', numCols[i] && i > 0 ? 'num' : null, cell);
        if (i === 0) c.scope = 'row';
        tr.append(c);
      });
      tbody.append(tr);
    }
    table.append(caption, thead, tbody);
    tableWrap.replaceChildren(table);
  }

  function refresh() {
    hideTip();
    renderCrumbs();
    renderTable();
    describe();
    opts.onDraw?.(view);
  }

  function act(f) {
    try {
      if (f() !== false) refresh();
    } catch (e) {
      opts.onError ? opts.onError(e) : console.error(e);
    }
  }

  function showTip(mark, x, y) {
    const lines = chart.lines(mark);
    if (lines.length === 0) return hideTip();
    tip.replaceChildren(...lines.map((l, i) => el('div', i === 0 ? 'yu-tip-head' : null, l)));
    tip.hidden = false;
    tipMark = mark;
    // Keep the tooltip inside the stage: right of the point, flipped left near the edge.
    const sw = stage.clientWidth, sh = stage.clientHeight;
    const tw = tip.offsetWidth, th = tip.offsetHeight;
    let left = x + 14, top = y + 14;
    if (left + tw > sw) left = Math.max(0, x - tw - 14);
    if (top + th > sh) top = Math.max(0, y - th - 14);
    tip.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
    canvas.style.cursor = chart.drillable(mark) ? 'pointer' : 'default';
  }

  function hideTip() {
    tip.hidden = true;
    tipMark = undefined;
    canvas.style.cursor = '';
  }

  function announce(mark) {
    if (mark == null) return;
    live.textContent = chart.lines(mark).join('，');
    const b = chart.bbox(mark);
    if (b) showTip(mark, b[0] + b[2] / 2, b[1] + b[3] / 2);
  }

  function pointAt(ev) {
    const r = canvas.getBoundingClientRect();
    // The canvas may be drawn smaller than its layout size (print, CSS transforms): back to scene px.
    const sx = canvas.clientWidth && r.width ? canvas.clientWidth / r.width : 1;
    const sy = canvas.clientHeight && r.height ? canvas.clientHeight / r.height : 1;
    return [(ev.clientX - r.left) * sx, (ev.clientY - r.top) * sy];
  }

  canvas.addEventListener('pointermove', (ev) => {
    const [x, y] = pointAt(ev);
    const m = chart.hit(x, y);
    if (m === undefined) hideTip();
    else showTip(m, x, y);
  });
  canvas.addEventListener('pointerleave', (ev) => {
    if (ev.pointerType !== 'touch') hideTip();
  });
  canvas.addEventListener('click', (ev) => {
    const [x, y] = pointAt(ev);
    const m = chart.hit(x, y);
    if (m === undefined) return hideTip();
    // On touch the first tap shows the tooltip; a second tap on the same mark opens it.
    if (ev.pointerType === 'touch' && tipMark !== m) return showTip(m, x, y);
    if (chart.drillable(m)) act(() => chart.drill(m));
    else showTip(m, x, y);
  });
  canvas.addEventListener('keydown', (ev) => {
    let handled = true;
    switch (ev.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        announce(chart.focusNext());
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        announce(chart.focusPrev());
        break;
      case 'Home':
        chart.setFocus(undefined);
        announce(chart.focusNext());
        break;
      case 'End':
        chart.setFocus(undefined);
        announce(chart.focusPrev());
        break;
      case 'Enter':
      case ' ':
        if (chart.focus !== undefined) {
          act(() => {
            const changed = chart.drill(chart.focus);
            if (changed) live.textContent = chart.breadcrumb.join(' › ');
            return changed;
          });
        }
        break;
      case 'Escape':
        act(() => {
          const changed = chart.back();
          if (changed) live.textContent = chart.breadcrumb.join(' › ') || chart.title;
          return changed;
        });
        break;
      default:
        handled = false;
    }
    if (handled) ev.preventDefault();
  });
  canvas.addEventListener('blur', () => {
    hideTip();
  });

  const fail = (e) => (opts.onError ? opts.onError(e) : console.error(e));
  tableBtn.addEventListener('click', () => {
    tableWrap.hidden = !tableWrap.hidden;
    tableBtn.setAttribute('aria-pressed', String(!tableWrap.hidden));
    renderTable();
  });
  // PNG: the scene as drawn (title and source line are part of it) at twice its CSS size.
  pngBtn.addEventListener('click', () => {
    const c = document.createElement('canvas');
    try {
      chart.drawTo(c, 2);
    } catch (e) {
      return fail(e);
    }
    c.toBlob((blob) => blob && download(`${fileStem(chart.title)}.png`, blob), 'image/png');
  });
  csvBtn.addEventListener('click', () => {
    const csv = chart.csv();
    download(`${fileStem(chart.title)}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  });
  // JSON: the whole budget in yusuan's format (exact decimal strings, every number with its source).
  jsonBtn.addEventListener('click', () => {
    let json;
    try {
      json = chart.budgetJson();
    } catch (e) {
      return fail(e);
    }
    download(`${fileStem(chart.source || chart.title)}.json`, new Blob([json], { type: 'application/json' }));
  });

  // Redraw when the box changes size or the window moves to a screen with another pixel ratio.
  let frame = 0;
  const scheduleResize = () => {
    if (destroyed || printing || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!destroyed && !printing) act(() => chart.resize());
    });
  };
  // Its first call comes with the layout of the next frame: a canvas the widget's DOM (or the page)
  // sized otherwise than it was drawn is redrawn then. A canvas without a box (display: none) waits.
  const ro = new ResizeObserver(() => {
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (w > 0 && h > 0 && !chart.drawnAt(w, h)) scheduleResize();
  });
  ro.observe(canvas);
  let mq = null;
  const watchRatio = () => {
    mq?.removeEventListener('change', onRatio);
    mq = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
    mq.addEventListener('change', onRatio);
  };
  function onRatio() {
    watchRatio();
    scheduleResize();
  }
  watchRatio();

  // theme 'auto' follows the reader's colour scheme, live.
  function onScheme() {
    if (themeOpt !== 'auto' && themeOpt != null) return;
    const t = resolveTheme('auto');
    if (t === theme || printing) return;
    theme = t;
    root.dataset.theme = t;
    act(() => chart.setOptions({ theme: t }));
  }
  darkQuery?.addEventListener('change', onScheme);

  // Print: light colours and a buffer at PRINT_SCALE, so paper gets sharp text and lines.
  function beforePrint() {
    if (destroyed || printing) return;
    printing = { theme };
    try {
      if (theme !== 'light') chart.setOptions({ theme: 'light' });
      chart.drawTo(canvas, PRINT_SCALE);
      root.dataset.print = 'true';
    } catch (e) {
      fail(e);
    }
  }
  function afterPrint() {
    if (!printing) return;
    const was = printing.theme;
    printing = null;
    delete root.dataset.print;
    act(() => {
      if (was !== 'light') chart.setOptions({ theme: was });
      chart.resize();
    });
  }
  addEventListener('beforeprint', beforePrint);
  addEventListener('afterprint', afterPrint);

  const view = {
    chart,
    module: owner,
    root,
    canvas,
    get kind() {
      return chart.kind;
    },
    get theme() {
      return theme;
    },
    get lang() {
      return lang;
    },
    update(next) {
      act(() => {
        chart.update(next);
        shown = next;
      });
    },
    /** {lang?, theme?: 'light' | 'dark' | 'auto'}: the chart keeps its drill path. */
    setOptions(o = {}) {
      const next = {};
      if (o.lang != null) {
        lang = o.lang === 'en' ? 'en' : 'zh';
        next.lang = lang;
        labelTools();
      }
      if (o.theme != null) {
        themeOpt = o.theme;
        theme = resolveTheme(o.theme);
        root.dataset.theme = theme;
        next.theme = theme;
      }
      act(() => chart.setOptions(next));
    },
    resize() {
      act(() => chart.resize());
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      ro.disconnect();
      mq?.removeEventListener('change', onRatio);
      darkQuery?.removeEventListener('change', onScheme);
      removeEventListener('beforeprint', beforePrint);
      removeEventListener('afterprint', afterPrint);
      if (frame) cancelAnimationFrame(frame);
      parent.insertBefore(canvas, next && next.parentNode === parent ? next : null);
      canvas.removeAttribute('aria-describedby');
      root.remove();
      chart.destroy(); // frees the chart in wasm (liveCharts() falls by one)
    },
  };
  labelTools();
  refresh();
  return view;
}

// ---- <yusuan-chart> ---------------------------------------------------------------------------

/**
 * Loads shared by every element on the page: one fetch and one import per document, the handle
 * freed when the last element using it goes.
 */
const loads = new Map(); // key → {promise, users, budget, module}

function acquire(url, mode, kind) {
  const href = new URL(url, document.baseURI).href;
  // Our JSON is read by the module that draws it (the kind's own, or the viewer's); anything else
  // by the importer, into the viewer.
  const name = mode === 'text' ? 'viewer' : moduleName(kind);
  const key = `${name} ${mode} ${href}`;
  let entry = loads.get(key);
  if (!entry) {
    entry = { users: 0, budget: null, module: module(name) };
    entry.promise = (async () => {
      const body = fetch(href).then(async (res) => {
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        return new Uint8Array(await res.arrayBuffer());
      });
      const [m, bytes] = await Promise.all([entry.module, body]);
      // Our JSON: a kind's module reads it once JSON.parse has taken it; what it refuses goes to the
      // viewer, which says why (a large file through the worker). A document (text or PDF) goes to
      // the importer's worker, and is audited.
      let budget = null;
      let facts;
      if (mode !== 'text' && isJson(bytes)) {
        if (m !== wasm && bytes.byteLength < WORKER_THRESHOLD) budget = parsedJson(m, new TextDecoder().decode(bytes));
        budget ??= (await loadBudgetAsync(bytes)).budget;
      } else {
        await init();
        ({ budget, facts } = await (await importing()).document(bytes, href, mode === 'text'));
      }
      entry.budget = budget;
      entry.facts = facts;
      if (entry.users === 0) release(key, entry); // every user left while it loaded
      return budget;
    })();
    // A failed load is forgotten, so a later attempt fetches again.
    entry.promise.catch(() => loads.get(key) === entry && loads.delete(key));
    loads.set(key, entry);
  }
  entry.users++;
  return { key, entry };
}

/** The JSON text each budget read by a kind's module came from (its charts' JSON download). */
const sources = new WeakMap();

/** Our JSON read by module `m` (a kind's, or the viewer), when JSON.parse takes it and `m` reads it; else null. */
function parsedJson(m, text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  const budget = m.fromParsedJson(text);
  // The viewer writes a budget's JSON itself; a kind's module leaves that to this page.
  if (budget && m !== wasm) sources.set(budget, text);
  return budget ?? null;
}

function release(key, entry) {
  if (entry.users > 0) entry.users--;
  if (entry.users > 0) return;
  if (loads.get(key) === entry) loads.delete(key);
  // Charts made from it keep their own reference in wasm; the handle itself can go.
  if (entry.budget) {
    entry.budget.free();
    entry.budget = null;
  }
}

const ROW_KINDS = new Set(['projects', 'change', 'waterfall', 'sangong', 'tasks']); // bars of fixed height
const FOOTER = 64; // room under the last bar for the axis and the source line

/**
 * `<yusuan-chart kind="functions" src="budget.json" lang="zh" theme="auto" height="400">`: one chart of
 * a budget, for embedding in any page.
 * - `src`: yusuan JSON (a document's text also works: told apart by content); `text-src`: the
 *   published text of a 部门预算 / 部门决算; or set the `budget` property to a loaded Budget.
 * - `kind`: composition | functions | projects | change | waterfall | sangong | balance | tasks.
 * - `lang`: zh | en (default: the page's language); `theme`: light | dark | auto (default, follows
 *   prefers-color-scheme); `height`: CSS px (default: from the width, bar charts fit their rows).
 * Renders into an open shadow root (styles from yusuan.css beside this file). Elements with the same
 * src share one load; all share one wasm instance; removing an element frees its chart.
 * Fires `yusuan-ready` (detail: {kind, title}) when drawn and `yusuan-error` (detail: Error) on
 * failure, showing the error text in place of the chart. Both bubble out of the shadow root.
 */
export class YusuanChart extends HTMLElement {
  static observedAttributes = ['kind', 'src', 'text-src', 'lang', 'theme', 'height'];
  #root;
  #frame;
  #status;
  #canvas = null;
  #view = null;
  #load = null; // {key, entry} held by this element
  #budget = null; // set through the property
  #seq = 0;
  #ready;
  #width = 0;
  #ro = null;
  #doubt = null; // the sentence under the chart when the read it imported is in doubt
  #doubtFacts = null; // … and the importer's doubt it says ({sentence, en})

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = stylesheetUrl;
    // Draw once the stylesheet is in (or failed): no unstyled flash of the tools.
    this.#ready = new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
    });
    this.#frame = el('div', 'yu-frame');
    this.#status = el('p', 'yu-loading');
    this.#status.setAttribute('role', 'status');
    this.#frame.append(this.#status);
    this.#root.append(link, this.#frame);
  }

  connectedCallback() {
    this.#ro ??= new ResizeObserver(() => {
      const w = this.clientWidth;
      if (w !== this.#width) {
        this.#width = w;
        if (this.#view) this.#fit();
      }
    });
    this.#ro.observe(this);
    if (!this.#view) this.#render();
  }

  disconnectedCallback() {
    // A move (remove + insert in one task) keeps the chart; a removal frees it.
    queueMicrotask(() => {
      if (!this.isConnected) this.#teardown();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (this.#view && (name === 'lang' || name === 'theme')) {
      this.#view.setOptions({ lang: this.#lang(), theme: this.#themeOpt() });
      this.#sayDoubt();
      this.#fit();
      this.#emit('yusuan-ready', { kind: this.#view.kind, title: this.#view.chart.title });
    } else if (this.#view && name === 'height') {
      this.#fit();
    } else {
      this.#render();
    }
  }

  /** The mounted view (chart, update, resize …) once drawn, else null. */
  get view() {
    return this.#view;
  }

  /** The wasm chart once drawn, else null. */
  get chart() {
    return this.#view?.chart ?? null;
  }

  /** "读取可能不完整：…" (in English with lang="en") under the chart, else null. */
  get doubt() {
    return this.#doubt?.textContent ?? null;
  }

  /** A Budget from loadBudget()/importText() to show instead of `src`. The caller keeps ownership. */
  get budget() {
    return this.#budget;
  }

  set budget(b) {
    this.#budget = b ?? null;
    if (this.isConnected) this.#render();
  }

  /** The kind whose module this element's JSON is read with: its own, unless the page shows several. */
  #kindFor(kind) {
    const kinds = new Set();
    for (const e of document.querySelectorAll(this.localName)) kinds.add(e.getAttribute('kind'));
    return kinds.size > 1 ? null : kind;
  }

  #lang() {
    const own = this.getAttribute('lang') ?? this.closest('[lang]')?.getAttribute('lang') ?? 'zh';
    return own.toLowerCase().startsWith('en') ? 'en' : 'zh';
  }

  #themeOpt() {
    const t = this.getAttribute('theme');
    return t === 'light' || t === 'dark' ? t : 'auto';
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
  }

  /** Canvas height: the height attribute, else from the width; bar lists give back unused rows. */
  #fit() {
    const view = this.#view;
    if (!view) return;
    const canvas = this.#canvas;
    const fixed = Number(this.getAttribute('height'));
    let h;
    if (fixed > 0) h = fixed;
    else {
      const w = this.#frame.clientWidth || 640;
      h = Math.round(Math.min(520, Math.max(320, w * 0.62)));
    }
    if (canvas.style.height !== `${h}px`) {
      canvas.style.height = `${h}px`;
      view.resize();
    }
    if (fixed > 0) return;
    let want = 0;
    if (view.chart.message != null) want = 150;
    else if (ROW_KINDS.has(view.kind)) {
      const need = Math.ceil(view.chart.bottom + FOOTER);
      if (need < h - 40) want = need;
    }
    if (want) {
      canvas.style.height = `${want}px`;
      view.resize();
    }
  }

  async #showDoubt(facts, seq) {
    const d = (await facts?.catch(() => null))?.doubt;
    if (!d || seq !== this.#seq || !this.#view) return;
    this.#doubt = el('p', 'yu-doubt');
    this.#doubt.setAttribute('role', 'note');
    this.#doubtFacts = d;
    this.#sayDoubt();
    this.#frame.append(this.#doubt);
  }

  /** The doubt sentence in the element's language (text only). */
  #sayDoubt() {
    const d = this.#doubtFacts;
    if (!this.#doubt || !d) return;
    const en = this.#lang() === 'en' && typeof d.en === 'string';
    this.#doubt.textContent = en ? d.en : d.sentence;
    this.#doubt.lang = en ? 'en' : 'zh-CN';
  }

  #teardown() {
    this.#doubt?.remove();
    this.#doubt = null;
    this.#doubtFacts = null;
    this.#seq++;
    this.#view?.destroy();
    this.#view = null;
    if (this.#load) release(this.#load.key, this.#load.entry);
    this.#load = null;
    this.#ro?.disconnect();
    this.#canvas?.remove();
    this.#canvas = null;
  }

  #showError(e) {
    this.#doubt?.remove();
    this.#doubt = null;
    this.#doubtFacts = null;
    this.#view?.destroy(); // no stale chart next to the error: it would show another document's numbers
    this.#view = null;
    if (this.#canvas) this.#canvas.hidden = true;
    this.#status.className = 'yu-error';
    this.#status.setAttribute('role', 'alert');
    this.#status.textContent = String(e?.message ?? e);
    this.#status.hidden = false;
    this.#emit('yusuan-error', e);
  }

  async #render() {
    const seq = ++this.#seq;
    const kind = this.getAttribute('kind');
    const src = this.getAttribute('src');
    const textSrc = this.getAttribute('text-src');
    const previous = this.#load;
    let load = null;
    try {
      if (!kind) throw new Error('<yusuan-chart>: the kind attribute is missing');
      let budget = this.#budget;
      if (!budget) {
        if (!src && !textSrc) throw new Error('<yusuan-chart>: give src (yusuan JSON) or text-src (a document’s text)');
        this.#status.textContent = UI[this.#lang()].loading;
        load = textSrc ? acquire(textSrc, 'text') : acquire(src, 'auto', this.#kindFor(kind));
      }
      await Promise.all([this.#ready, load ? load.entry.module : init()]);
      if (load) budget = await load.entry.promise;
      if (seq !== this.#seq || !this.isConnected) {
        if (load) release(load.key, load.entry);
        return; // a newer render or a removal won
      }
      this.#load = load;
      if (!this.#canvas) {
        this.#canvas = document.createElement('canvas');
        this.#canvas.style.height = '400px';
        this.#frame.append(this.#canvas);
      }
      this.#canvas.hidden = false;
      this.#status.hidden = true;
      const lang = this.#lang();
      if (this.#view && this.#view.kind === kind && this.#view.module === moduleOf(budget)) {
        this.#view.setOptions({ lang, theme: this.#themeOpt() });
        this.#view.update(budget);
      } else {
        this.#view?.destroy();
        this.#view = null;
        this.#view = mountChart(this.#canvas, budget, {
          kind,
          lang,
          theme: this.#themeOpt(),
          onError: (e) => this.#emit('yusuan-error', e),
        });
      }
      this.#fit();
      this.#doubt?.remove();
      this.#doubt = null;
      this.#doubtFacts = null;
      this.#showDoubt(load?.entry.facts, seq);
      this.#emit('yusuan-ready', { kind, title: this.#view.chart.title });
    } catch (e) {
      if (seq !== this.#seq) {
        if (load) release(load.key, load.entry);
        return;
      }
      this.#load = load;
      this.#showError(e);
    } finally {
      // The previous document is let go once the new one is shown (or failed).
      if (previous && previous !== this.#load && seq === this.#seq) release(previous.key, previous.entry);
    }
  }
}

/** Registers `<yusuan-chart>` (or another tag name). */
export function defineElement(name = 'yusuan-chart') {
  if (!customElements.get(name)) customElements.define(name, class extends YusuanChart {});
}
