// One synthetic city budget (?n=LINES): import, the function treemap mounted and painted, the
// audit, memory. The wasm module is initialised and the text fetched before the clock starts.
import { flush } from './common.js';
import { init, loadBudget, loadImporter, mountChart } from '/www/yusuan.js';

async function run() {
  const n = new URLSearchParams(location.search).get('n');
  const wasm = await init();
  // The importer on the page (as before the split): the import is timed where it runs, not the worker.
  const importer = await loadImporter();
  const text = await (await fetch(`/bench/out/city-${n}.txt`)).text();
  const canvas = document.getElementById('functions');
  const out = { n: Number(n), bytes: new TextEncoder().encode(text).length };
  const t0 = performance.now();
  let budget;
  try {
    budget = loadBudget(text);
  } catch (e) {
    out.error = String(e?.message ?? e);
    out.refusedMs = performance.now() - t0;
    return out;
  }
  const t1 = performance.now();
  const view = mountChart(canvas, budget, { kind: 'functions', lang: 'zh' });
  const t2 = performance.now();
  await new Promise((r) => requestAnimationFrame(() => { flush(canvas); r(); }));
  const t3 = performance.now();
  const exports = await (await import('/www/pkg/yusuan_viewer.js')).default();
  const imported = await (await import('/www/pkg/yusuan_importer.js')).default();
  // Both modules' memory: the importer's holds the document it read, the viewer's the budget shown.
  out.wasmBytes = exports.memory.buffer.byteLength + imported.memory.buffer.byteLength;
  // Drawing alone: the same scene drawn again onto a canvas of the same size.
  const off = document.getElementById('offscreen');
  const d0 = performance.now();
  view.chart.drawTo(off, window.devicePixelRatio);
  flush(off);
  const d1 = performance.now();
  const own = importer.importText(text);
  const a0 = performance.now();
  const findings = own.audit();
  const a1 = performance.now();
  own.free();
  // The same import again in the same page: wasm code by then optimised (V8 tiers hot functions up
  // from its baseline compiler), so the difference to importMs is compilation, not the importer.
  const r0 = performance.now();
  loadBudget(text).free?.();
  out.reimportMs = performance.now() - r0;
  out.rows = JSON.parse(budget.toJson()).budget.function_tables[0]?.rows.length ?? 0;
  out.importMs = t1 - t0;
  out.mountMs = t2 - t1;
  out.drawMs = d1 - d0;
  out.paintedMs = t3 - t0;
  out.auditMs = a1 - a0;
  out.findings = findings.length;
  out.marks = view.chart.markCount;
  out.wasmBytesAfterAudit = exports.memory.buffer.byteLength;
  window.keep = { budget, view };
  return out;
}

window.benchReady = run();
