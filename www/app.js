// The demo page: the bundled budget's key figures, eight charts and the audit findings, and a
// loader for another document. Numbers and their formatting come from the wasm modules; this file
// only places them (textContent only: labels come from documents written by others).
//
// The seed is our JSON, which the viewer's module reads: the charts are drawn as soon as it is
// ready. The key figures and the audit are the importer's (in the import worker): they follow when
// it has loaded, and by then the importer is ready for a paste or a file.

import { init, isJson, loadBudgetAsync, maxInputBytes, mountChart, WORKER_THRESHOLD } from './yusuan.js';
import { warningTable } from './yusuan-importer.js';

// The seed as yusuan JSON (written by ./run.sh from data/futian-investment-2022.txt): what the page
// shows first and what the embed snippets point at.
const SEED_JSON = 'data/futian-investment-2022.json';
const $ = (id) => document.getElementById(id);

let wasm = null;
const views = new Map(); // kind → view
// For scripts on the page (and the end-to-end tests): the mounted chart views by kind.
window.yusuanPage = { views };

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function alertError(message) {
  const box = $('load-error');
  box.textContent = message;
  box.hidden = false;
}

function clearError() {
  const box = $('load-error');
  box.textContent = '';
  box.hidden = true;
}

function amount(value, unit, to) {
  if (value == null) return '—';
  try {
    return wasm.formatAmount(String(value), unit ?? '万元', 'zh', to);
  } catch {
    return `${value} ${unit ?? ''}`.trim();
  }
}

const neg = (v) => String(v).trim().startsWith('-');
const signed = (text, v) => (neg(v) ? text.replace(/^-/, '−') : /^0(\.0+)?$/.test(String(v)) ? text : `+${text}`);

function setText(id, text) {
  $(id).textContent = text ?? '';
}

function showHeader(budget) {
  const kindLabel = budget.kind === 'final_accounts' ? '部门决算' : '部门预算';
  setText('department', budget.department || '（未识别部门名称）');
  setText('doc-year', budget.year ? `${budget.year} 年` : '');
  setText('doc-kind', kindLabel);
  document.title = `${budget.department || '部门预算'} · ${budget.year ?? ''} ${kindLabel} · yusuan`;
}

function figure(id, big, note, sign = '') {
  setText(id, big ?? '—');
  setText(`${id}-note`, note ?? '');
  $(id).closest('.figure').dataset.sign = sign;
}

// Key figures straight from the summary (amounts in 元, shown in the document's unit) and from the
// prior-year comparison the text states; nothing is recomputed here beyond a share.
function showFigures(summary, cmp, model) {
  const unit = summary?.unit ?? '万元';
  const total = summary?.expenditure_total;
  const inUnit = (v) => amount(v, '元', unit);
  const about = (v) => {
    const d = wasm.displayAmount(String(v), '元', 'zh');
    return d === inUnit(v) ? '' : `约 ${d}`;
  };
  figure('fig-total', total != null ? inUnit(total) : null, total != null ? ['本年支出合计', about(total)].filter(Boolean).join(' · ') : '文件未列出支出合计');

  const p = cmp?.prior;
  // Documents that compare only their fiscal spending (财政拨款支出) say so in the label.
  const what = cmp && cmp.measure !== 'expenditure_total' ? cmp.subject.replace(/预算$/, '') : '';
  setText('fig-change-label', p?.year ? `${what}比 ${p.year} 年` : '比上年');
  if (p?.unchanged) {
    figure('fig-change', '持平', `与 ${p.year} 年${kindWord(model)}相同`);
  } else if (p?.change != null) {
    let percent = p.percent;
    if (percent == null && p.amount != null) {
      try {
        percent = wasm.percent(String(p.change), String(p.amount), 2)?.replace(/%$/, '');
      } catch {}
    }
    const pct = percent != null ? `${neg(percent) ? '下降' : '增长'} ${String(percent).replace(/^[-+−]/, '')}%` : '';
    // A derived last year stays in the unit the sentence printed (万元 to 2 places is not exact to the 元).
    const last = what
      ? p.amount != null ? `${p.year} 年为 ${amount(p.amount, p.unit)}` : ''
      : summary?.prior_expenditure_total != null ? `${p.year} 年为 ${inUnit(summary.prior_expenditure_total)}` : '';
    const shown = what ? amount(p.change, p.unit) : amount(p.change, p.unit, unit);
    figure('fig-change', signed(shown, p.change), [pct, last].filter(Boolean).join('，'), neg(p.change) ? 'down' : 'up');
  } else {
    figure('fig-change', null, '文件未说明上年数');
  }

  for (const [key, id, label] of [['basic_total', 'fig-basic', '基本支出'], ['project_total', 'fig-project', '项目支出']]) {
    const v = summary?.[key];
    let share = null;
    if (v != null && total != null) {
      try {
        share = wasm.percent(String(v), String(total), 2);
      } catch {}
    }
    figure(id, v != null ? inUnit(v) : null, v == null ? `文件未列出${label}` : share ? `占支出 ${share}` : '');
  }
}

function kindWord(budget) {
  return budget?.kind === 'final_accounts' ? '决算' : '预算';
}

const SEVERITY = {
  error: ['错误', '与文件自身的舍入无法解释的差额'],
  warning: ['提示', '无法核对或可疑之处'],
  rounding: ['尾数', '文件自身四舍五入可以解释的差额'],
};

/**
 * Which files a finding's numbers come from, when the budget was read from several (北京's 附件1
 * and 附件2): `r162.pdf（第 3、4 页）；r161.pdf（第 2 页）`. The 位置 line gives pages or lines without
 * their file.
 */
function filesOf(sources, files) {
  if (!files?.length || !sources?.length) return null;
  const byFile = new Map(); // file index → [place]
  for (const s of sources) {
    if (s?.file == null || files[s.file] == null) continue;
    const places = byFile.get(s.file) ?? [];
    const place = s.page != null ? `第 ${s.page} 页` : `第 ${s.line} 行`;
    if (!places.includes(place)) places.push(place);
    byFile.set(s.file, places);
  }
  if (byFile.size === 0) return null;
  return [...byFile].map(([k, places]) => `${files[k]}（${places.join('、').replace(/ 页、第 /g, '、')}）`).join('；');
}

function finding(f, files) {
  const li = el('li', `finding ${f.severity}`);
  const head = el('p', 'finding-head');
  head.append(el('span', 'sev', SEVERITY[f.severity]?.[0] ?? f.severity), ' ', el('span', 'msg', f.message));
  li.append(head);
  const dl = el('dl', 'finding-data');
  const row = (k, v) => {
    if (v == null || v === '') return;
    dl.append(el('dt', null, k), el('dd', null, v));
  };
  row('位置', f.where);
  row('文件', filesOf(f.sources, files));
  row('应为', f.expected != null ? amount(f.expected, f.unit) : null);
  row('实际', f.actual != null ? amount(f.actual, f.unit) : null);
  row('差额', f.difference != null ? amount(f.difference, f.unit) : null);
  li.append(dl);
  return li;
}

// A document can hold a hundred thousand findings (a table pasted twice): the page lists the first
// ones of each severity (Budget.auditFirst) and says how many more there are; `yusuan audit` prints
// them all.
const FINDINGS_SHOWN = 200;

function appendFindings(list, shown, total, files) {
  for (const f of shown) list.append(finding(f, files));
  const more = total - shown.length;
  if (more > 0) list.append(el('li', 'finding-more', `另有 ${more} 处未列出（命令行 yusuan audit 列出全部）。`));
}

function showFindings({ counts, findings }, files) {
  const list = $('findings');
  list.replaceChildren();
  const order = { error: 0, warning: 1, rounding: 2 };
  const sorted = [...findings].sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3));
  const { error: e, warning: w, rounding: r } = counts;
  const summary = $('audit-summary');
  summary.dataset.state = e > 0 ? 'error' : 'ok';
  const others = [w && `${w} 处提示`, r && `${r} 处尾数差异`].filter(Boolean).join('、');
  summary.textContent =
    e + w + r === 0
      ? '加总、行内等式和表间一致性都已核对，没有发现差异。'
      : e > 0
        ? `发现 ${e} 处错误${others ? `，另有 ${others}` : ''}。`
        : `没有发现错误；${others}。`;
  const rounding = sorted.filter((f) => f.severity === 'rounding');
  const listed = sorted.filter((f) => f.severity !== 'rounding');
  // An import warning repeated over one table (195 indicator rows of a performance table) is folded
  // under the table's name, so that the errors and the other warnings stay in view.
  const byTable = new Map(); // the warning's table (with its file) → its warnings
  for (const f of listed) {
    const t = f.check === 'import' ? warningTable(f.message) : null;
    if (!t) continue;
    if (!byTable.has(t.key)) byTable.set(t.key, []);
    byTable.get(t.key).push(f);
  }
  const folds = [...byTable].filter(([, g]) => g.length >= FOLD_AT);
  const folded = new Set(folds.flatMap(([, g]) => g));
  const unfolded = listed.filter((f) => !folded.has(f));
  appendFindings(list, unfolded, unfolded.length, files);
  for (const [table, g] of folds) list.append(findingGroup(`${table}：${g.length} 处导入提示`, g, g.length, files));
  appendFindings(list, [], e + w - listed.length, files); // how many more there are
  // Rounding notes are many and benign: folded, still one click away.
  if (r) list.append(findingGroup(`尾数差异 ${r} 处（文件自身四舍五入所致）`, rounding, r, files));
}

/** Import warnings of one table from this many on are folded into one line. */
const FOLD_AT = 4;

/** Findings folded under one line (`<details>`), listed when opened. */
function findingGroup(title, shown, total, files) {
  const li = el('li', 'finding-group');
  const details = el('details');
  details.append(el('summary', null, title));
  const inner = el('ol', 'findings');
  appendFindings(inner, shown, total, files);
  details.append(inner);
  li.append(details);
  return li;
}

// ---- embed snippets: each card offers the two ways to put that chart on another page ----

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The element and iframe snippets for a chart of the seed, with absolute URLs of this site. */
export function embedSnippets(kind, title, height) {
  const abs = (p) => new URL(p, location.href).href;
  const element =
    `<script type="module" src="${abs('yusuan-chart.js')}"></script>\n` +
    `<yusuan-chart src="${abs(SEED_JSON)}" kind="${kind}" lang="zh"></yusuan-chart>`;
  const query = new URLSearchParams({ src: SEED_JSON, kind, lang: 'zh' }).toString();
  const iframe =
    `<iframe data-yusuan-embed title="${escapeAttr(`${title}（yusuan 图表）`)}" height="${height}" loading="lazy"\n` +
    `  src="${escapeAttr(`${abs('embed.html')}?${query}`)}"></iframe>\n` +
    `<script src="${abs('embed-host.js')}" defer></script>`;
  return { element, iframe };
}

async function copyText(text, button, status) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // No clipboard permission (http, old browser): select the code so Ctrl+C copies it.
    const code = button.parentElement.querySelector('code');
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  }
  status.textContent = ok ? '已复制到剪贴板。' : '已选中代码，请按 Ctrl+C（⌘C）复制。';
}

function embedPanel(card, kind) {
  const details = el('details', 'embed-code');
  const summary = el('summary', null, '嵌入这张图');
  const status = el('p', 'embed-status');
  status.setAttribute('role', 'status');
  details.append(summary);
  const blocks = {};
  for (const [key, label] of [['element', '网页元素 <yusuan-chart>（页面可以运行脚本时）'], ['iframe', 'iframe（只能粘贴 HTML 时；高度随内容自动调整）']]) {
    const box = el('div', 'snippet');
    const code = el('code');
    const pre = el('pre');
    pre.append(code);
    const button = el('button', 'copy', '复制');
    button.type = 'button';
    button.dataset.snippet = key;
    button.setAttribute('aria-label', `复制${key === 'element' ? '网页元素' : ' iframe '}代码`);
    button.addEventListener('click', () => copyText(code.textContent, button, status));
    box.append(el('p', 'snippet-label', label), pre, button);
    details.append(box);
    blocks[key] = code;
  }
  details.append(
    el('p', 'snippet-note', '代码指向本站的示例预算。嵌入其他预算时，把 src 换成你网站上的 yusuan JSON 文件（yusuan import 生成）。'),
    status,
  );
  // Filled when opened, so the title and height are those of the chart as it is now.
  details.addEventListener('toggle', () => {
    if (!details.open) return;
    const view = views.get(kind);
    // The starting height of the iframe: the chart plus the tools and links under it (embed-host.js
    // then sets the exact height the embed page reports).
    const canvas = card.querySelector('canvas');
    const height = canvas?.clientHeight ? Math.round(canvas.clientHeight + 90) : 480;
    const s = embedSnippets(kind, view?.chart.title ?? kind, height);
    blocks.element.textContent = s.element;
    blocks.iframe.textContent = s.iframe;
    status.textContent = '';
  });
  card.append(details);
}

// Cards fit their content: a chart without data (a message instead) folds to a short card, and a
// bar list with few rows gives back the height it does not use (room for axis and source kept).
const FOOTER = 64;
const ROW_KINDS = new Set(['projects', 'change', 'waterfall', 'sangong', 'tasks']); // fixed-height rows
function fit(view, canvas) {
  const before = canvas.style.height;
  canvas.style.height = '';
  if (before) view.resize();
  let want = '';
  if (view.chart.message != null) want = '150px';
  else if (ROW_KINDS.has(view.kind)) {
    const bottom = Math.max(0, ...view.chart.scene().marks.map((m) => m.bbox[1] + m.bbox[3]));
    const need = Math.ceil(bottom + FOOTER);
    if (need < canvas.clientHeight - 40) want = `${need}px`;
  }
  if (want) {
    canvas.style.height = want;
    view.resize();
  }
}

function showChart(canvas, budget) {
  const kind = canvas.dataset.chart;
  try {
    let view = views.get(kind);
    if (view) view.update(budget);
    else {
      // theme 'auto': charts follow the page's colour scheme, live.
      view = mountChart(canvas, budget, { kind, lang: 'zh', theme: 'auto', onError: (e) => alertError(String(e.message ?? e)) });
      views.set(kind, view);
      embedPanel(canvas.closest('.card'), kind);
    }
    fit(view, canvas);
    return true;
  } catch (e) {
    alertError(`图表 ${kind}：${e.message ?? e}`);
    return false;
  }
}

// Loading runs in steps with the page's event loop between them (figures, audit, each chart), so a
// large document does not hold the page in one long task; a newer load stops an older one.
let loadSeq = 0;
const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));
// A large document is read in the import worker (seconds for the largest): the page says so meanwhile.
const BIG_INPUT = WORKER_THRESHOLD;
function loadStatus(text) {
  let p = document.querySelector('.load-status');
  if (!p && !text) return;
  if (!p) {
    p = el('p', 'load-status');
    p.setAttribute('role', 'status');
    document.body.append(p); // shown at the bottom of the window (style.css), wherever the reader is
  }
  p.textContent = text;
}

/**
 * Above the key figures when the audit found errors or the import left tables or rows unread: the
 * sentence the importer's jobs made of the audit ("读取可能不完整：3 处金额加总不符，2 张表未能读取。")
 * and a link to the findings. Text only (textContent): nothing of the document becomes markup.
 */
function showDoubt(doubt) {
  const p = $('doubt');
  if (!doubt?.sentence) {
    p.replaceChildren();
    p.hidden = true;
    return;
  }
  const link = el('a', null, '查看核对结果');
  link.href = '#audit';
  p.replaceChildren(el('span', 'doubt-text', doubt.sentence), link);
  p.hidden = false;
}

/** A PDF by its name or its first bytes (`%PDF-` in the first KiB), as the importer tells. */
function isPdf(name, bytes) {
  if (/\.pdf$/i.test(name ?? '')) return true;
  return bytes instanceof Uint8Array && String.fromCharCode(...bytes.subarray(0, 1024)).includes('%PDF-');
}

/**
 * The status line while PDFs are read: "已读 12 / 40 页" (and which PDF, when there are several). The
 * worker reports the pages of each PDF in turn; a count that starts again is the next file's.
 */
function pdfProgress(input, seq) {
  const files = Array.isArray(input) ? input : [{ bytes: input }];
  const pdfs = files.filter((f) => isPdf(f.name, f.bytes)).length;
  if (pdfs === 0) return undefined;
  loadStatus(pdfs > 1 ? `正在读取 ${pdfs} 个 PDF 文件…` : '正在读取 PDF…');
  let file = 0;
  let finished = true; // the previous file's last page was reported (it always is): a new file starts
  return (done, total) => {
    if (seq !== loadSeq) return;
    if (finished) file++;
    finished = done >= total;
    const which = pdfs > 1 ? `第 ${Math.min(file, pdfs)} / ${pdfs} 个文件：` : '';
    loadStatus(`${which}已读 ${done} / ${total} 页${done >= total && file >= pdfs ? '，正在整理表格…' : ''}`);
  };
}

// Timings of the last load, for the end-to-end tests' report.
window.yusuanPage.lastLoad = null;

/**
 * Reads and shows a budget: `input` is pasted text, a file's bytes (`fileName` picks its reader, as
 * on the command line) or several files `[{name, bytes}]` read as one budget.
 */
async function show(input, label, fileName) {
  const seq = ++loadSeq;
  const several = Array.isArray(input);
  const size = typeof input === 'string' ? input.length : several ? input.reduce((n, f) => n + f.bytes.byteLength, 0) : (input?.byteLength ?? 0);
  const big = size >= BIG_INPUT && size <= maxInputBytes() && !several;
  // A pasted text is measured in characters (its UTF-8 size is not known without encoding it).
  const amount = typeof input === 'string' ? `${Math.round(size / 10000)} 万字` : `${(size / 1048576).toFixed(1)} MB `;
  if (big) loadStatus(`正在读取约 ${amount}的内容…`);
  const shown = document.body.dataset.ready;
  const refuse = (e) => {
    if (seq !== loadSeq) return false;
    loadStatus('');
    alertError(`无法读取${label ? `「${label}」` : '这份文件'}：${e.message ?? e}`);
    document.body.dataset.ready = shown ?? 'false'; // what was shown stays
    return false;
  };
  // Too large: refused at once, in this task, before the text is copied anywhere (the reader's words).
  // (Several files are checked one by one before they are read.)
  const tooLarge = !several && size > maxInputBytes() && wasm.tooLarge(size, !isJson(input));
  if (tooLarge) return refuse(new Error(tooLarge));
  document.body.dataset.ready = 'loading';
  let loaded;
  try {
    // The summary and the first findings come from the importer: with the budget when the importer
    // reads it (a document), after it when the viewer does (our JSON).
    const onProgress = typeof input === 'string' ? undefined : pdfProgress(input, seq);
    loaded = await loadBudgetAsync(input, { summary: true, findings: FINDINGS_SHOWN, name: fileName, onProgress });
  } catch (e) {
    return refuse(e);
  }
  const { budget } = loaded;
  if (seq !== loadSeq) {
    budget.free(); // a newer load took over while this one was read
    return false;
  }
  window.yusuanPage.lastLoad = { worker: loaded.worker, timing: loaded.timing ?? null };
  document.body.dataset.charts = 'false';
  clearError();
  showHeader(budget);
  waitForFacts();
  let ok = true;
  const steps = [...document.querySelectorAll('canvas[data-chart]')].map((canvas) => () => {
    ok = showChart(canvas, budget) && ok;
  });
  const stepMs = [];
  for (const step of steps) {
    await yieldToPage();
    if (seq !== loadSeq) return false; // a newer load took over
    const t = performance.now();
    step();
    stepMs.push(Math.round(performance.now() - t));
  }
  window.yusuanPage.lastLoad.steps_ms = stepMs;
  if (label) setText('source-name', label);
  loadStatus('');
  document.body.dataset.chartsMs = String(Math.round(performance.now()));
  document.body.dataset.charts = ok ? 'true' : 'error';
  let facts;
  try {
    facts = await loaded.facts;
  } catch (e) {
    facts = { errors: { summary: String(e?.message ?? e), audit: String(e?.message ?? e) } };
  }
  if (seq !== loadSeq) return false;
  if (facts.errors.summary) alertError(`摘要：${facts.errors.summary}`);
  else showFigures(facts.summary, facts.prior, budget);
  if (facts.errors.audit) alertError(`核对：${facts.errors.audit}`);
  else {
    showFindings(facts.audit, facts.files); // several files read as one: a source.file indexes them
    showDoubt(facts.doubt);
  }
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.ready = ok ? 'true' : 'error';
  return ok;
}

/** The key figures and the audit column while the importer computes them. */
function waitForFacts() {
  for (const id of ['fig-total', 'fig-change', 'fig-basic', 'fig-project']) figure(id, '—', '');
  showDoubt(null);
  const summary = $('audit-summary');
  summary.dataset.state = 'pending';
  summary.textContent = '正在核对算术关系…';
  $('findings').replaceChildren();
}

/**
 * Files chosen or dropped: one is read as it is (its name picks the reader); several are one budget
 * (北京's 附件1 说明 and 附件2 报表), read in the order of their names (附件1 before 附件2).
 */
async function readFiles(list) {
  const files = [...list].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }));
  if (files.length === 0) return;
  // Too big: refused before any file is read at all.
  const big = files.find((f) => f.size > maxInputBytes());
  if (big) {
    alertError(`无法读取文件「${big.name}」：它有 ${big.size.toLocaleString('en')} 字节，超过上限 ${maxInputBytes().toLocaleString('en')} 字节（8 MiB）。`);
    return;
  }
  const names = files.map((f) => f.name).join(' + ');
  try {
    // Bytes, not text: the reader names the encoding of a GBK file instead of showing mojibake.
    const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    if (read.length === 1) await show(read[0].bytes, read[0].name, read[0].name);
    else await show(read, names);
  } catch (e) {
    alertError(`无法读取文件「${names}」：${e.message ?? e}`);
  }
}

/** Files dragged onto the page anywhere are read as if chosen (several at once: one budget). */
function dropFiles() {
  const hint = $('drop-hint');
  let depth = 0; // dragenter / dragleave pairs of the elements crossed
  const carriesFiles = (ev) => [...(ev.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (ev) => {
    if (!carriesFiles(ev)) return;
    ev.preventDefault();
    depth++;
    hint.hidden = false;
  });
  document.addEventListener('dragover', (ev) => {
    if (!carriesFiles(ev)) return;
    ev.preventDefault(); // without it the browser opens the file instead
    ev.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('dragleave', (ev) => {
    if (!carriesFiles(ev)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) hint.hidden = true;
  });
  document.addEventListener('drop', (ev) => {
    if (!carriesFiles(ev)) return;
    ev.preventDefault();
    depth = 0;
    hint.hidden = true;
    readFiles(ev.dataTransfer.files);
  });
}

async function loadSeed() {
  const res = await fetch(SEED_JSON);
  if (!res.ok) throw new Error(`${SEED_JSON}: HTTP ${res.status}`);
  return res.text();
}

async function main() {
  try {
    wasm = await init();
  } catch (e) {
    alertError(`无法载入 WebAssembly 模块：${e.message ?? e}`);
    return;
  }
  $('file').addEventListener('change', async (ev) => {
    const files = [...(ev.target.files ?? [])];
    ev.target.value = '';
    await readFiles(files);
  });
  dropFiles();
  $('paste-load').addEventListener('click', () => {
    const text = $('paste').value;
    if (!text.trim()) return alertError('粘贴框是空的。');
    show(text, '粘贴的内容');
  });
  $('reset').addEventListener('click', async () => {
    try {
      await show(await loadSeed(), null);
      setText('source-name', '深圳市福田区投资推广和企业服务中心 2022 年部门预算（示例，政府公开信息）');
    } catch (e) {
      alertError(`无法载入示例预算：${e.message ?? e}`);
    }
  });
  try {
    await show(await loadSeed(), null);
  } catch (e) {
    alertError(`无法载入示例预算：${e.message ?? e}`);
  }
}

main();
