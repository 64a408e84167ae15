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
 * A few lines of the bundled seed (public data): a title, a prose comparison and the head of a
 * function table. The worker reads it when it has loaded the importer, so that the browser compiles
 * the reader's, summary's, audit's and wire encoder's code while the page is idle, not during the
 * first paste (measured: the first import of a 30 KB document in a fresh module took ≈ 60–110 ms,
 * a later one ≈ 25 ms).
 */
const WARM_UP = "2022 年深圳市福田区投资推广和企业 服务中心 部门预算\n\n2022 年深圳市福田区投资推广和企业服务中心部门预算收入 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。2022 年部门预算支出 44,350 万元，比 2021 年减少 6,593.32 万元，下降 12.94%。\n\n一般公共预算支出表（按功能分类）\n\n部门名称：深圳市福田区投资推广和企业服务中心\n\n单位：万元\n\n预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出\n深圳市福田区投资推广和企业服务中心\t\t\t44,350\t3,263.74\t41,086.26\n\t201\t一般公共服务支出\t6,301.32\t2,495.06\t3,806.26\n\t20113\t商贸事务\t1,509.59\t21.33\t1,488.26\n\t2011399\t其他商贸事务支出\t1,509.59\t21.33\t1,488.26\n\t20199\t其他一般公共服务支出\t4,791.73\t2,473.73\t2,318.00\n\t2019999\t其他一般公共服务支出\t4,791.73\t2,473.73\t2,318.00\n\t208\t社会保障和就业支出\t9,638\t358\t9,280";

/**
 * Runs the importer on WARM_UP, its results thrown away: often enough (about one seed's worth of
 * lines) that the browser also optimises the reader's hot loops, as a page that had imported a
 * document itself would have them.
 */
export async function warmUp(times = 24) {
  for (let i = 0; i < times; i++) {
    try {
      await run({ reader: 'importText', input: WARM_UP, facts: { summary: true, findings: 5 } });
    } catch {
      return;
    }
  }
}

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
 * One job: `{id, reader, input, facts: {summary, findings}, budget}`. `early(reply)` gets the budget
 * first — `{id, ok: true, parts, timing}` (ArrayBuffers of its wire parts) — unless `budget` is false;
 * then the job resolves to the figures asked for, `{id, ok: true, facts: {summary?, prior?, audit?,
 * errors}, timing}`, so that a page can draw the charts while the audit runs. Rejects with the
 * reader's Error.
 */
export async function run({ id, reader, input, name: fileName, facts, budget: wanted = true }, early = () => {}) {
  const t0 = performance.now();
  const name = READERS[reader];
  if (!name) throw new Error(`yusuan importer: unknown reader ${reader}`);
  const m = await load(name);
  const t1 = performance.now();
  // A file's name picks its reader as on the command line (a .csv is a line table).
  const budget = fileName === undefined ? m[reader](input) : m[reader](input, fileName);
  const t2 = performance.now();
  const timing = { load_ms: t1 - t0, import_ms: t2 - t1 };
  try {
    if (wanted) {
      // In parts (the rows a few thousand at a time) so the page decodes them across several tasks.
      const parts = budget.wireParts();
      Object.assign(timing, {
        wire_ms: performance.now() - t2,
        wire_bytes: parts.reduce((n, p) => n + p.byteLength, 0),
        parts: parts.length,
      });
      early({ id, ok: true, parts: parts.map((p) => p.buffer), timing });
    }
    const t3 = performance.now();
    // The figures the caller asked for, each on its own: one failing does not lose the others.
    const out = { errors: {} };
    if (facts?.summary) {
      try {
        out.summary = budget.summary(facts.summary === 'rows');
        out.prior = budget.priorExpenditure();
      } catch (e) {
        out.errors.summary = errorText(e);
      }
    }
    if (facts?.findings) {
      try {
        out.audit = budget.auditFirst(facts.findings);
      } catch (e) {
        out.errors.audit = errorText(e);
      }
    }
    return { id, ok: true, facts: out, timing: { ...timing, facts_ms: performance.now() - t3 } };
  } finally {
    budget.free();
  }
}
