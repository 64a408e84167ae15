// The importer's jobs: a document's text or bytes (or our JSON) read by the importer's wasm module
// (pkg/yusuan_importer*), with the figures the page shows beside the charts (summary, prior-year
// comparison, the first audit findings), and the budget handed back as wire parts, which the
// viewer's module decodes (WireReader). Run by the import worker (yusuan-worker.js), and on the page
// when a worker cannot start or the page asks for the importer there (loadImporter()).
//
// A reader is named by its wasm export; the module that has it is loaded the first time one of its
// readers is asked for. A PDF goes to the pdf module (pkg/yusuan_pdf*: the importer with the PDF
// reader, the same exports), which is fetched only then: pasted text, a CSV or our JSON never
// download the PDF reader.

const MODULES = {
  importer: () => import('./pkg/yusuan_importer.js'),
  pdf: () => import('./pkg/yusuan_pdf.js'),
};

/** Reader (the wasm export's name) → the module it is in (the pdf module has them all too). */
export const READERS = {
  importText: 'importer',
  importBytes: 'importer',
  importFiles: 'importer',
  importJson: 'importer',
  importJsonBytes: 'importer',
};

/**
 * Whether a file is a PDF, as the importer tells (import::format_of): `%PDF-` within its first KiB,
 * or a name ending in .pdf.
 */
export function isPdf(bytes, name) {
  if (typeof name === 'string' && /\.pdf$/i.test(name)) return true;
  if (!(bytes instanceof Uint8Array)) return false;
  const end = Math.min(bytes.length, 1024) - 4;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
}

/**
 * The module a job needs: the pdf module when a PDF is among its input, else the reader's — or the
 * pdf module when it is loaded and the plain importer is not (it has every reader too: a page that
 * began with a PDF need not fetch the importer as well).
 */
export function moduleFor(reader, input, name) {
  if (reader === 'importBytes' && isPdf(input, name)) return 'pdf';
  if (reader === 'importFiles' && Array.isArray(input) && input.some((f) => isPdf(f?.bytes, f?.name))) return 'pdf';
  const module = READERS[reader];
  return module === 'importer' && loaded.has('pdf') && !loaded.has('importer') ? 'pdf' : module;
}

// Progress reports (pages read) at most this often; the last page of each file is always reported.
const PROGRESS_MS = 100;

/** `report(done, total)` called at most every PROGRESS_MS, and always for a file's last page. */
export function throttle(report, ms = PROGRESS_MS) {
  let last = -Infinity;
  return (done, total) => {
    const now = performance.now();
    if (done >= total || now - last >= ms) {
      last = now;
      report(done, total);
    }
  };
}

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
 * One job: `{id, reader, input, name?, facts: {summary, findings}, budget}` (`importFiles`: `input` is
 * an array of `{name, bytes}`). `early(reply)` gets the budget first — `{id, ok: true, parts, timing}`
 * (ArrayBuffers of its wire parts) — unless `budget` is false; then the job resolves to the figures
 * asked for, `{id, ok: true, facts: {summary?, prior?, audit?, doubt?, errors}, timing}`, so that a
 * page can draw the charts while the audit runs. `progress(done, total)` hears of a PDF's pages read
 * (throttled). Rejects with the reader's Error.
 */
export async function run({ id, reader, input, name: fileName, facts, budget: wanted = true }, early = () => {}, progress) {
  const t0 = performance.now();
  const name = moduleFor(reader, input, fileName);
  if (!name) throw new Error(`yusuan importer: unknown reader ${reader}`);
  const m = await load(name);
  const t1 = performance.now();
  const tell = progress ? throttle(progress) : undefined;
  // A file's name picks its reader as on the command line (a .csv is a line table, a .pdf a PDF).
  const budget =
    reader === 'importFiles' ? m.importFiles(input, tell)
    : reader === 'importBytes' ? m.importBytes(input, fileName, tell)
    : fileName === undefined ? m[reader](input) : m[reader](input, fileName);
  const t2 = performance.now();
  const timing = { load_ms: t1 - t0, import_ms: t2 - t1, module: name };
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
    // `files`: what a number's source.file indexes (several files read as one budget).
    const out = { errors: {}, files: budget.files };
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
        out.doubt = doubt(out.audit);
      } catch (e) {
        out.errors.audit = errorText(e);
      }
    }
    return { id, ok: true, facts: out, timing: { ...timing, facts_ms: performance.now() - t3 } };
  } finally {
    budget.free();
  }
}

// ---- doubt: the one sentence a page shows above its figures when a read may be incomplete ---------

/** Errors of these checks are sums that do not add up (a table's rows, its columns, its totals). */
const SUMS = new Set(['hierarchy', 'row_identity', 'balance', 'economic_split', 'projects_sum', 'components_sum', 'tasks_sum', 'sangong', 'procurement']);
/** … and of these, the same figure stated differently in two places. */
const AGREE = new Set(['cross_table', 'statements', 'prior_change']);
/** An import warning that a whole table was left out (the importer's wording: src/import). */
const TABLE_UNREAD = /表中数字未导入|未读取任何数字|表没有分列的单元格/;
/** … that rows, cells or amounts of a table were left out. */
const ROWS_UNREAD = /未读取|未导入|未能读取|已忽略|已略去|未读|已跳过|只读取/;
/** … that a page holds only a scanned image. */
const SCANNED_PAGE = /只有扫描图像/;
/** … that a table is empty as printed (a 政府性基金 table of a department without such funds): nothing left unread. */
const EMPTY_TABLE = /没有数据行/;

/**
 * The table an import warning is about: its message is `[«file»：]title：what` (src/import), the
 * file kept so that two files' tables of one name stay apart.
 */
export function warningTable(message) {
  const m = /^(?:导入：)?((?:«[^»]*»：)?)([^：]{2,40}表[^：]{0,12})：/.exec(String(message ?? ''));
  return m ? { key: m[1] + m[2], title: m[2] } : null;
}

/**
 * From the audit (`auditFirst`: its counts, the counts by check and the first findings), whether the
 * read may be incomplete: audit errors, or tables, rows or pages the importer left unread. Returns
 * `{sentence, en, errors, unread}` — sentence e.g. "读取可能不完整：3 处金额加总不符，2 张表未能读取。", en the
 * same in English ("The read may be incomplete: 3 totals that do not add up, 2 tables not read.") —
 * or null when there is nothing to doubt. Unread rows are counted by table ("1 张表有行未能读取"):
 * a performance table with 195 unread indicator rows is one table, not 195 doubts.
 */
export function doubt(audit) {
  if (!audit?.counts) return null;
  let sums = 0;
  let agree = 0;
  let unit = 0;
  let other = 0;
  const checks = audit.checks ?? {};
  for (const [check, n] of Object.entries(checks)) {
    const e = n?.error ?? 0;
    if (SUMS.has(check)) sums += e;
    else if (AGREE.has(check)) agree += e;
    else if (check === 'unit') unit += e;
    else other += e;
  }
  // Without the counts by check (an older module), every error is an error.
  if (!audit.checks) other = audit.counts.error ?? 0;
  const findings = audit.findings ?? [];
  // Only the first findings of each severity are listed: past them a count is a lower bound.
  const listed = findings.filter((f) => f.severity === 'warning').length;
  const atLeast = listed < (audit.counts.warning ?? 0) ? '至少 ' : '';
  const wholeTables = new Set();
  const partTables = new Set();
  let rowsElsewhere = 0; // rows unread where no table is named
  let pages = 0;
  for (const f of findings) {
    if (f.severity !== 'warning' || f.check !== 'import') continue;
    const m = String(f.message ?? '');
    const table = warningTable(m)?.key;
    if (EMPTY_TABLE.test(m)) continue;
    if (SCANNED_PAGE.test(m)) pages++;
    else if (TABLE_UNREAD.test(m)) wholeTables.add(table ?? m);
    else if (ROWS_UNREAD.test(m)) {
      if (table) partTables.add(table);
      else rowsElsewhere++;
    }
  }
  for (const t of wholeTables) partTables.delete(t);
  const parts = [
    sums && `${sums} 处金额加总不符`,
    agree && `${agree} 处数字前后不一致`,
    unit && `${unit} 处单位可能标错`,
    other && `${other} 处其他错误`,
    wholeTables.size && `${atLeast}${wholeTables.size} 张表未能读取`,
    partTables.size && `${atLeast}${partTables.size} 张表有行未能读取`,
    rowsElsewhere && `${atLeast}${rowsElsewhere} 处数字未能读取`,
    pages && `${atLeast}${pages} 页只有扫描图像`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  // The same counts in English, for an element or embed with lang="en".
  const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;
  const least = atLeast ? 'at least ' : '';
  const en = [
    sums && n(sums, 'total that does not add up', 'totals that do not add up'),
    agree && n(agree, 'figure stated differently in two places', 'figures stated differently in two places'),
    unit && n(unit, 'unit that may be wrong', 'units that may be wrong'),
    other && n(other, 'other error', 'other errors'),
    wholeTables.size && least + n(wholeTables.size, 'table not read', 'tables not read'),
    partTables.size && least + n(partTables.size, 'table with rows not read', 'tables with rows not read'),
    rowsElsewhere && least + n(rowsElsewhere, 'figure not read', 'figures not read'),
    pages && least + n(pages, 'page that is only a scanned image', 'pages that are only a scanned image'),
  ].filter(Boolean);
  const unread = wholeTables.size + partTables.size + rowsElsewhere + pages;
  return {
    sentence: `读取可能不完整：${parts.join('，')}。`,
    en: `The read may be incomplete: ${en.join(', ')}.`,
    errors: audit.counts.error ?? 0,
    unread,
  };
}
