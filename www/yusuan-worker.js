// yusuan's import worker: reads a large document (or yusuan JSON) off the page's main thread and
// hands the budget back as wire bytes (Budget.intoWireParts, transferred ArrayBuffers), with the figures
// the page shows first (summary, prior-year comparison, the first audit findings) as plain objects.
// The page sends the WebAssembly.Module it compiled, so the wasm is neither fetched nor compiled
// twice. Started by yusuan.js (loadBudgetAsync); messages are handled one at a time, in order.

import initWasm, * as wasm from './pkg/yusuan.js';

let ready = null;
let queue = Promise.resolve();

// The readers the page may ask for (by name: functions do not cross postMessage).
const READERS = new Set(['importText', 'importBytes', 'fromJson', 'fromJsonBytes']);

function errorText(e) {
  return String(e?.message ?? e);
}

async function load({ id, reader, input, facts }) {
  const t0 = performance.now();
  await ready;
  if (!READERS.has(reader)) throw new Error(`yusuan worker: unknown reader ${reader}`);
  const budget = wasm[reader](input);
  const t1 = performance.now();
  const reply = { id, ok: true, errors: {} };
  try {
    // The figures the caller asked for, each on its own: one failing does not lose the budget.
    if (facts?.summary) {
      try {
        reply.summary = budget.summary(facts.summary === 'rows');
      } catch (e) {
        reply.errors.summary = errorText(e);
      }
      try {
        reply.prior = budget.priorExpenditure();
      } catch (e) {
        reply.errors.summary = errorText(e);
      }
    }
    if (facts?.findings) {
      try {
        reply.audit = budget.auditFirst(facts.findings);
      } catch (e) {
        reply.errors.audit = errorText(e);
      }
    }
    const t2 = performance.now();
    // In parts (the rows a few thousand at a time) so the page decodes them across several tasks.
    // This uses the budget up: the page holds its own copy; the worker's memory serves the next load.
    const parts = budget.intoWireParts();
    reply.parts = parts.map((p) => p.buffer);
    reply.timing = {
      import_ms: t1 - t0,
      facts_ms: t2 - t1,
      wire_ms: performance.now() - t2,
      wire_bytes: parts.reduce((n, p) => n + p.byteLength, 0),
      parts: parts.length,
    };
  } catch (e) {
    budget.free();
    throw e;
  }
  return reply;
}

self.addEventListener('message', (ev) => {
  const m = ev.data;
  if (m?.type === 'init') {
    ready = initWasm({ module_or_path: m.module });
    ready.catch(() => {}); // reported with the first load
    return;
  }
  queue = queue.then(async () => {
    try {
      const reply = await load(m);
      self.postMessage(reply, reply.parts);
    } catch (e) {
      self.postMessage({ id: m?.id, ok: false, message: errorText(e) });
    }
  });
});
