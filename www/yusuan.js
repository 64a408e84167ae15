// yusuan in the browser: one wasm instance for every chart on the page, and the interaction
// around each canvas (tooltip, keyboard, drill-down breadcrumb, data table, downloads).
// Labels come from documents written by others: everything data-derived goes in via textContent.

import initWasm, * as wasm from './pkg/yusuan.js';

let loading = null;

/** Loads the wasm module once; every later call returns the same promise. */
export function init(moduleUrl) {
  loading ??= initWasm(moduleUrl ? { module_or_path: moduleUrl } : undefined).then(() => wasm);
  return loading;
}

/** Reads a budget from document text or from yusuan JSON (detected by a leading `{`). Throws Error. */
export function loadBudget(text) {
  if (typeof text !== 'string') throw new TypeError('loadBudget expects the document text as a string');
  if (text.trimStart().startsWith('{')) {
    if (typeof wasm.fromJson !== 'function') throw new Error('this build of yusuan cannot read JSON yet');
    return wasm.fromJson(text);
  }
  return wasm.importText(text);
}

const UI = {
  zh: { table: '表格', chart: '图表', png: '下载 PNG', csv: '下载 CSV', crumbs: '下钻路径', up: '返回上一级',
        hint: '方向键逐项浏览，回车下钻，Esc 返回' },
  en: { table: 'Table', chart: 'Chart', png: 'Download PNG', csv: 'Download CSV', crumbs: 'Drill-down path', up: 'Up one level',
        hint: 'Arrow keys move between items, Enter opens, Escape goes back' },
};

// A table cell that holds a number: amounts, changes, shares (`-6,593.32`, `12.94%`, `9,280.00 万元`, `—`).
const NUMBER = /^([-+−]?[\d,]+(\.\d+)?\s*(%|万元|元|亿元|yuan|10k yuan|100m yuan)?|—|-)$/;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

/** A CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) neutralised so spreadsheets do not run it. */
export function csvCell(value) {
  let s = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
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

/**
 * Mounts a chart on `canvas` (which must have a CSS width and height) and wires its interaction.
 * `opts`: {kind, lang = 'zh', theme = 'light', onDraw?(view)}. Returns a view with
 * update(budget), setOptions({lang, theme}), resize(), destroy(), and the wasm `chart`.
 * Throws the wasm Error when the chart cannot be made.
 */
export function mountChart(canvas, budget, opts = {}) {
  const lang = opts.lang === 'en' ? 'en' : 'zh';
  const ui = UI[lang];
  const chart = new wasm.Chart(canvas, budget, { kind: opts.kind, lang, theme: opts.theme ?? 'light' });

  // DOM around the canvas: breadcrumb, stage (canvas + tooltip), live region, tools, table.
  const root = el('div', 'yu-chart');
  const crumbs = el('nav', 'yu-crumbs');
  crumbs.setAttribute('aria-label', ui.crumbs);
  const stage = el('div', 'yu-stage');
  const tip = el('div', 'yu-tip');
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  const live = el('div', 'yu-live');
  live.setAttribute('aria-live', 'polite');
  const tools = el('div', 'yu-tools');
  const tableBtn = el('button', 'yu-btn', ui.table);
  tableBtn.type = 'button';
  tableBtn.setAttribute('aria-pressed', 'false');
  const pngBtn = el('button', 'yu-btn', ui.png);
  pngBtn.type = 'button';
  const csvBtn = el('button', 'yu-btn', ui.csv);
  csvBtn.type = 'button';
  tools.append(tableBtn, pngBtn, csvBtn);
  const tableWrap = el('div', 'yu-table');
  tableWrap.hidden = true;

  const parent = canvas.parentNode;
  const next = canvas.nextSibling;
  parent.insertBefore(root, canvas);
  stage.append(canvas, tip);
  root.append(crumbs, stage, live, tools, tableWrap);

  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  const tableId = `yu-table-${Math.random().toString(36).slice(2, 9)}`;
  tableWrap.id = tableId;
  tableBtn.setAttribute('aria-controls', tableId);

  let tipMark = undefined; // mark whose tooltip is shown
  let destroyed = false;

  function describe() {
    const parts = [chart.title, chart.subtitle, chart.message ?? chart.description, ui.hint].filter(Boolean);
    canvas.setAttribute('aria-label', parts.join('。'));
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
    canvas.style.cursor = chart.mark(mark)?.drill ? 'pointer' : 'default';
  }

  function hideTip() {
    tip.hidden = true;
    tipMark = undefined;
    canvas.style.cursor = '';
  }

  function announce(mark) {
    if (mark == null) return;
    live.textContent = chart.lines(mark).join('，');
    const m = chart.mark(mark);
    if (m?.bbox) showTip(mark, m.bbox[0] + m.bbox[2] / 2, m.bbox[1] + m.bbox[3] / 2);
  }

  function pointAt(ev) {
    const r = canvas.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top];
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
    if (chart.mark(m)?.drill) act(() => chart.drill(m));
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

  tableBtn.addEventListener('click', () => {
    tableWrap.hidden = !tableWrap.hidden;
    tableBtn.setAttribute('aria-pressed', String(!tableWrap.hidden));
    renderTable();
  });
  pngBtn.addEventListener('click', () => {
    const c = document.createElement('canvas');
    try {
      chart.drawTo(c, 2);
    } catch (e) {
      return opts.onError ? opts.onError(e) : console.error(e);
    }
    c.toBlob((blob) => blob && download(`${fileStem(chart.title)}.png`, blob), 'image/png');
  });
  csvBtn.addEventListener('click', () => {
    const csv = tableToCsv(chart.table());
    download(`${fileStem(chart.title)}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  });

  // Redraw when the box changes size or the window moves to a screen with another pixel ratio.
  let frame = 0;
  const scheduleResize = () => {
    if (destroyed || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (!destroyed) act(() => chart.resize());
    });
  };
  let lastSize = `${canvas.clientWidth}x${canvas.clientHeight}`;
  const ro = new ResizeObserver(() => {
    const size = `${canvas.clientWidth}x${canvas.clientHeight}`;
    if (size !== lastSize) {
      lastSize = size;
      scheduleResize();
    }
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

  const view = {
    chart,
    root,
    get kind() { return chart.kind; },
    update(next) {
      act(() => chart.update(next));
    },
    setOptions(o) {
      act(() => chart.setOptions(o));
    },
    resize() {
      act(() => chart.resize());
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      ro.disconnect();
      mq?.removeEventListener('change', onRatio);
      if (frame) cancelAnimationFrame(frame);
      parent.insertBefore(canvas, next && next.parentNode === parent ? next : null);
      root.remove();
      chart.destroy();
    },
  };
  refresh();
  return view;
}

const budgetCache = new Map(); // url → Promise<Budget>: charts of one document share one load

function budgetFrom(url) {
  const key = new URL(url, document.baseURI).href;
  if (!budgetCache.has(key)) {
    budgetCache.set(
      key,
      (async () => {
        await init();
        const res = await fetch(key);
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        return loadBudget(await res.text());
      })(),
    );
  }
  return budgetCache.get(key);
}

/**
 * `<yusuan-chart kind="projects" src="budget.txt|budget.json" lang="zh" theme="light" height="400">`:
 * one chart of a published document or yusuan JSON, for embedding in any page. Charts with the same
 * `src` share one load. Fires `yusuan-ready` when drawn, `yusuan-error` (detail: Error) on failure,
 * and shows the error text in place of the chart.
 */
class YusuanChart extends HTMLElement {
  static observedAttributes = ['kind', 'src', 'lang', 'theme', 'height'];
  #view = null;
  #canvas = null;
  #seq = 0;

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#view?.destroy();
    this.#view = null;
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
  }

  /** The mounted view (chart, update, resize …) once drawn. */
  get view() {
    return this.#view;
  }

  async #render() {
    const seq = ++this.#seq;
    const src = this.getAttribute('src');
    const kind = this.getAttribute('kind');
    if (!src || !kind) return;
    if (!this.#canvas) {
      this.#canvas = document.createElement('canvas');
      this.#canvas.style.display = 'block';
      this.#canvas.style.width = '100%';
      this.append(this.#canvas);
    }
    this.#canvas.style.height = `${Number(this.getAttribute('height')) || 400}px`;
    try {
      const budget = await budgetFrom(src);
      if (seq !== this.#seq || !this.isConnected) return; // a newer render or removal won
      this.#view?.destroy();
      this.querySelector('.yu-error')?.remove();
      this.#canvas.style.display = 'block';
      this.#view = mountChart(this.#canvas, budget, {
        kind,
        lang: this.getAttribute('lang') ?? 'zh',
        theme: this.getAttribute('theme') ?? 'light',
      });
      this.dispatchEvent(new CustomEvent('yusuan-ready', { bubbles: true }));
    } catch (e) {
      if (seq !== this.#seq) return;
      // No stale chart next to the error: it would show another document's numbers.
      this.#view?.destroy();
      this.#view = null;
      this.#canvas.style.display = 'none';
      let box = this.querySelector('.yu-error');
      if (!box) {
        box = el('p', 'yu-error');
        box.setAttribute('role', 'alert');
        this.append(box);
      }
      box.textContent = String(e?.message ?? e);
      this.dispatchEvent(new CustomEvent('yusuan-error', { bubbles: true, detail: e }));
    }
  }
}

/** Registers `<yusuan-chart>` (or another tag name). */
export function defineElement(name = 'yusuan-chart') {
  if (!customElements.get(name)) customElements.define(name, class extends YusuanChart {});
}
