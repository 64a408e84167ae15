// yusuan: the seed's text is imported in the browser (the importer fetched, compiled and run in its
// worker, included in the timing), and each chart is mounted with the widget's mountChart (tooltip,
// keyboard, breadcrumb, table DOM). From JSON only the viewer is loaded and reads it on the page.
import { KINDS, flush, painted } from './common.js';
import { init, loadBudget, loadBudgetAsync, mountChart } from '/www/yusuan.js';

// yusuan.html reads the published text (importer in the timing); yusuan-json.html (data-source="json")
// reads the same budget as our JSON, prepared beforehand like the other libraries' data.
const SEED = document.documentElement.dataset.source === 'json' ? '/bench/out/seed.json' : '/www/data/futian-investment-2022.txt';

async function main() {
  const phases = { moduleStart: performance.now() };
  const [wasm, text] = await Promise.all([
    init().then((w) => ((phases.wasmReady = performance.now()), w)),
    fetch(SEED).then((r) => r.text()).then((t) => ((phases.textReady = performance.now()), t)),
  ]);
  const i0 = performance.now();
  const budget = document.documentElement.dataset.source === 'json' ? loadBudget(text) : (await loadBudgetAsync(text)).budget;
  phases.importMs = performance.now() - i0;
  const views = {};
  for (const kind of KINDS) {
    const m0 = performance.now();
    views[kind] = mountChart(document.getElementById(kind), budget, { kind, lang: 'zh' });
    phases[`mount_${kind}Ms`] = performance.now() - m0;
  }
  const drawn = performance.now();
  const canvas = (kind) => document.getElementById(kind);
  const tip = (kind) => views[kind].root.querySelector('.yu-tip');
  window.bench = {
    lib: document.documentElement.dataset.source === 'json' ? 'yusuan-json' : 'yusuan',
    canvas,
    rerender(kind) {
      views[kind].update(budget);
      flush(canvas(kind));
    },
    hitId(kind, x, y) {
      const m = views[kind].chart.hit(x, y);
      return m === undefined ? null : String(m);
    },
    tipKey(kind) {
      const t = tip(kind);
      return t.hidden ? '' : t.textContent;
    },
    wasmBytes: async () => (await import('/www/pkg/yusuan_viewer.js')).default().then((w) => w.memory.buffer.byteLength),
  };
  // Where a hover's time goes (diagnosis): hit test, tooltip lines, the mark object the widget reads.
  window.bench.hoverParts = (kind, x, y) => {
    const c = views[kind].chart;
    const t0 = performance.now();
    const m = c.hit(x, y);
    const t1 = performance.now();
    if (m !== undefined) c.lines(m);
    const t2 = performance.now();
    if (m !== undefined) c.mark(m);
    const t3 = performance.now();
    return { hit: t1 - t0, lines: t2 - t1, mark: t3 - t2 };
  };
  return painted(KINDS.map(canvas), drawn).then((r) => ({ ...r, phases }));
}

window.benchReady = main();
