// yusuan's import worker: reads a document (or our JSON) off the page's main thread with the
// importer's module and hands the budget back as wire parts (transferred ArrayBuffers) with the
// figures the page shows first (summary, prior-year comparison, the first audit findings) as plain
// objects (yusuan-importer.js does the work). The page sends the importer's WebAssembly.Module when
// it compiled it itself; otherwise the worker fetches it. Started by yusuan-import.js; messages are
// handled one at a time, in order.

import { load, run } from './yusuan-importer.js';

let queue = Promise.resolve();

self.addEventListener('message', (ev) => {
  const m = ev.data;
  if (m?.type === 'init') {
    // Fetched and compiled now, while the page is idle; a failure is reported with the first job.
    load('importer', m.module).catch(() => {});
    return;
  }
  queue = queue.then(async () => {
    try {
      const reply = await run(m);
      self.postMessage(reply, reply.parts ?? []);
    } catch (e) {
      self.postMessage({ id: m?.id, ok: false, message: String(e?.message ?? e) });
    }
  });
});
