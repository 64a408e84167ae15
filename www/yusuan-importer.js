// The importer's jobs: a document's text or bytes (or our JSON) read by the importer's wasm module
// (pkg/yusuan_importer*), with the figures the page shows beside the charts (summary, prior-year
// comparison, the first audit findings), and the budget handed back as wire parts, which the
// viewer's module decodes (WireReader). Run by the import worker (yusuan-worker.js), and on the page
// when a worker cannot start or the page asks for the importer there (loadImporter()).
//
// A reader is named by its wasm export; the module that has it is loaded the first time one of its
// readers is asked for. A PDF reader in a module of its own needs one more entry in MODULES and its
// readers in READERS.

const MODULES = {
  importer: () => import('./pkg/yusuan_importer.js'),
};

/** Reader (the wasm export's name) → the module it is in. */
export const READERS = {
  importText: 'importer',
  importBytes: 'importer',
  importJson: 'importer',
  importJsonBytes: 'importer',
};

const loaded = new Map(); // module name → Promise of its exports

/**
 * Loads a module once: `module` is a compiled WebAssembly.Module of the importer (the page compiles
 * it while idle and hands it over), or nothing (it is fetched beside its glue).
 */
export function load(name = 'importer', module) {
  let p = loaded.get(name);
  if (!p) {
    const open = MODULES[name];
    if (!open) return Promise.reject(new Error(`yusuan: no importer module ${name}`));
    p = open().then(async (glue) => {
      await glue.default(module ? { module_or_path: module } : undefined);
      return glue;
    });
    // A failed load is forgotten, so a later job tries again.
    p.catch(() => loaded.get(name) === p && loaded.delete(name));
    loaded.set(name, p);
  }
  return p;
}

function errorText(e) {
  return String(e?.message ?? e);
}

/**
 * One job: `{id, reader, input, facts: {summary, findings}, budget}`. Resolves to the reply
 * `{id, ok: true, parts?, summary?, prior?, audit?, errors, timing}`: `parts` (ArrayBuffers of the
 * budget's wire parts) unless `budget` is false (only the figures were wanted). Rejects with the
 * reader's Error.
 */
export async function run({ id, reader, input, facts, budget: wanted = true }) {
  const t0 = performance.now();
  const name = READERS[reader];
  if (!name) throw new Error(`yusuan importer: unknown reader ${reader}`);
  const m = await load(name);
  const t1 = performance.now();
  const budget = m[reader](input);
  const t2 = performance.now();
  const reply = { id, ok: true, errors: {} };
  try {
    // The figures the caller asked for, each on its own: one failing does not lose the budget.
    if (facts?.summary) {
      try {
        reply.summary = budget.summary(facts.summary === 'rows');
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
    const t3 = performance.now();
    reply.timing = { load_ms: t1 - t0, import_ms: t2 - t1, facts_ms: t3 - t2 };
    if (wanted) {
      // In parts (the rows a few thousand at a time) so the page decodes them across several tasks.
      // This uses the budget up: the page holds its own copy; this memory serves the next job.
      const parts = budget.intoWireParts();
      reply.parts = parts.map((p) => p.buffer);
      Object.assign(reply.timing, {
        wire_ms: performance.now() - t3,
        wire_bytes: parts.reduce((n, p) => n + p.byteLength, 0),
        parts: parts.length,
      });
    } else {
      budget.free();
    }
  } catch (e) {
    try {
      budget.free(); // a no-op once intoWireParts has taken it
    } catch {}
    throw e;
  }
  return reply;
}
