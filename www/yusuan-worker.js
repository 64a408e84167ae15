// yusuan's import worker: reads a document (or our JSON) off the page's main thread with the
// importer's module and hands the budget back as wire parts (transferred ArrayBuffers), then the
// figures the page shows beside the charts (summary, prior-year comparison, the first audit
// findings) as plain objects in a second message (yusuan-importer.js does the work). The page sends the importer's WebAssembly.Module when
// it compiled it itself; otherwise the worker fetches it. A PDF is read by the pdf module (the
// importer with the PDF reader), which the worker fetches the first time it is given one; while it
// reads, `{id, part: 'progress', done, total}` messages tell the page the pages read (throttled).
// Started by yusuan-import.js; messages are handled one at a time, in order.

import { load, run, warmUp } from './yusuan-importer.js';

let queue = Promise.resolve();

self.addEventListener('message', (ev) => {
  const m = ev.data;
  if (m?.type === 'init') {
    // Fetched and compiled now, while the page is idle, and run once on a few lines so that the
    // first real job runs code already compiled (a failure is reported with the first job).
    // A worker started for a PDF loads the pdf module instead (it reads text too) and goes straight
    // to the job: the plain importer is then never fetched.
    if (m.name === 'pdf') queue = queue.then(() => load('pdf').catch(() => {}));
    else queue = queue.then(() => load('importer', m.module).then(() => warmUp(), () => {}));
    return;
  }
  queue = queue.then(async () => {
    try {
      const reply = await run(
        m,
        (first) => self.postMessage({ ...first, part: 'budget' }, first.parts),
        (done, total) => self.postMessage({ id: m.id, part: 'progress', done, total }),
      );
      self.postMessage({ ...reply, part: 'facts' });
    } catch (e) {
      self.postMessage({ id: m?.id, ok: false, message: String(e?.message ?? e) });
    }
  });
});
