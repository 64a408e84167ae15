// The page's side of the importer, loaded by yusuan.js the first time a page imports something (a
// document's text or file, a large JSON) or asks for the summary and audit: it compiles the
// importer's wasm module (pkg/yusuan_importer_bg.wasm), runs it in the import worker
// (yusuan-worker.js) — or on the page when no worker can start — and decodes the budget the worker
// hands back (wire parts) into the viewer's module, a slice at a time between turns of the page's
// event loop. A page that only shows charts of prepared JSON never loads this file.

import * as viewer from './pkg/yusuan_viewer.js';
import { WORKER_THRESHOLD, isJson } from './yusuan.js';

// The importer's jobs on the page: only when no worker can start, or the page asks for it.
const jobs = () => import('./yusuan-importer.js');
const run = async (job, early) => (await jobs()).run(job, early);

// The worker is let go after this long without work once it has read a large input (its memory
// holds the largest document it read); after small ones it stays, ready for the next paste.
const WORKER_IDLE_MS = 30_000;

let worker = null; // {w, jobs: Map(id → {resolve, reject}), idle, big}
let workerBroken = false; // could not start here (an old browser, a policy): the page reads
let jobIds = 0;
let compiling = null;

/** The importer's module, fetched and compiled once (streaming, off the main thread). */
function compileImporter() {
  compiling ??= (async () => {
    const res = await fetch(new URL('pkg/yusuan_importer_bg.wasm', import.meta.url));
    if (!res.ok) throw new Error(`failed to fetch the importer: ${res.status} ${res.statusText} fetching '${res.url}'`);
    if ((res.headers.get('Content-Type') ?? '').startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
    return WebAssembly.compile(await res.arrayBuffer());
  })();
  compiling.catch(() => (compiling = null));
  return compiling;
}

function stopWorker(reason) {
  if (!worker) return;
  const { w, jobs, idle } = worker;
  worker = null;
  clearTimeout(idle);
  w.terminate();
  for (const job of jobs.values()) job.fail(reason);
}

/**
 * Starts the import worker. `pdf`: its first job is a PDF, so it loads the pdf module (the importer
 * with the PDF reader) straight away and the page compiles no plain importer for it.
 */
function startWorker(pdf = false) {
  const w = new Worker(new URL('yusuan-worker.js', import.meta.url), { type: 'module', name: 'yusuan import' });
  const state = { w, jobs: new Map(), idle: 0, big: false, ready: null };
  w.addEventListener('message', (ev) => {
    const m = ev.data;
    const job = state.jobs.get(m?.id);
    if (!job) return;
    // While a PDF is read: its pages read so far.
    if (m.part === 'progress') return void job.progress?.(m.done, m.total);
    // A job answers with its budget (unless only figures were asked for), then with the figures.
    if (m.ok && m.part === 'budget') return job.budget.resolve(m);
    state.jobs.delete(m.id);
    if (state.jobs.size === 0 && state.big) state.idle = setTimeout(() => worker === state && stopWorker(), WORKER_IDLE_MS);
    if (m.ok) job.facts.resolve(m);
    else job.fail(new Error(m.message));
  });
  // The script failed to load or run: read on the page from now on (the jobs it had too).
  w.addEventListener('error', (ev) => {
    ev.preventDefault?.();
    workerBroken = true;
    if (worker === state) stopWorker(Object.assign(new Error('yusuan worker failed to start'), { workerFailed: true }));
  });
  // The importer compiled here goes to the worker before any job (it fetches its own if that fails),
  // and is kept for a worker started later and for the page's own use.
  state.ready = pdf
    ? Promise.resolve(w.postMessage({ type: 'init', name: 'pdf' }))
    : compileImporter().then(
      (module) => w.postMessage({ type: 'init', module }),
      () => w.postMessage({ type: 'init' }),
    );
  return state;
}

const canUseWorker = () => !workerBroken && typeof Worker === 'function';

/** Fetches and compiles the importer and starts its worker, before anything is imported. */
export function prefetch() {
  if (canUseWorker()) worker ??= startWorker();
  else compileImporter().catch(() => {});
}

function deferred() {
  const d = {};
  d.promise = new Promise((resolve, reject) => Object.assign(d, { resolve, reject }));
  d.promise.catch(() => {}); // whoever awaits it sees the rejection
  return d;
}

/**
 * Starts a job in the worker (or on the page, `onPage`, or when no worker can start): resolves
 * `budget` to `{parts, timing}` (unless the job asks for figures only) and `facts` to
 * `{facts, timing}`; a failure rejects both. `progress(done, total)` hears of a PDF's pages read.
 */
function startJob(job, size, onPage = false, progress = undefined) {
  const budget = deferred();
  const facts = deferred();
  const fail = (e) => {
    budget.reject(e);
    facts.reject(e);
  };
  const here = () => run(job, budget.resolve, progress).then(facts.resolve, fail);
  if (onPage || !canUseWorker()) {
    here();
    return { budget: budget.promise, facts: facts.promise };
  }
  (async () => {
    worker ??= startWorker(await importsPdf(job));
    const state = worker;
    clearTimeout(state.idle);
    if (size >= WORKER_THRESHOLD) state.big = true;
    await state.ready;
    if (worker !== state) return here(); // it failed to start meanwhile
    const id = ++jobIds;
    state.jobs.set(id, { budget, facts, progress, fail: (e) => (e?.workerFailed ? here() : fail(e)) });
    state.w.postMessage({ ...job, id });
  })().catch(fail);
  return { budget: budget.promise, facts: facts.promise };
}

/** Whether a job's input holds a PDF (the importer's jobs module tells, as the worker will). */
async function importsPdf(job) {
  if (job.reader !== 'importBytes' && job.reader !== 'importFiles') return false;
  return (await jobs()).moduleFor(job.reader, job.input, job.name) === 'pdf';
}

/** The reader (the importer's export) for an input. */
function readerFor(input, textOnly) {
  if (Array.isArray(input)) return 'importFiles';
  if (input instanceof Uint8Array) return !textOnly && isJson(input) ? 'importJsonBytes' : 'importBytes';
  return !textOnly && isJson(input) ? 'importJson' : 'importText';
}

const abortError = (signal) => signal.reason ?? new DOMException('The load was aborted', 'AbortError');

function refuseTooLarge(input, reader) {
  if (Array.isArray(input)) {
    // Several files: each within the limit, named when it is not.
    let size = 0;
    for (const f of input) {
      const refusal = viewer.tooLarge(f.bytes.byteLength, true);
      if (refusal) throw new Error(`«${f.name}»：${refusal}`);
      size += f.bytes.byteLength;
    }
    return size;
  }
  const size = typeof input === 'string' ? input.length : input.byteLength;
  // Refused here, before the input is copied anywhere: in the importer's words for a document.
  const refusal = viewer.tooLarge(size, !reader.startsWith('importJson'));
  if (refusal) throw new Error(refusal);
  return size;
}

/** Several files as `{name, bytes}` (a Uint8Array, or an ArrayBuffer made one), checked. */
function filesOf(list) {
  if (list.length === 0) throw new TypeError('loadBudgetAsync: the array of files is empty');
  return list.map((f, i) => {
    const bytes = f?.bytes instanceof ArrayBuffer ? new Uint8Array(f.bytes) : f?.bytes;
    if (typeof f?.name !== 'string' || !(bytes instanceof Uint8Array)) {
      throw new TypeError(`loadBudgetAsync: files[${i}] must be {name: string, bytes: Uint8Array}`);
    }
    return { name: f.name, bytes };
  });
}

/** loadBudgetAsync for what the importer reads: see yusuan.js. */
export async function load(input, options = {}) {
  const { signal, text: textOnly = false } = options;
  if (Array.isArray(input)) input = filesOf(input);
  const reader = readerFor(input, textOnly);
  const size = refuseTooLarge(input, reader);
  const job = { reader, input, facts: { summary: options.summary, findings: options.findings } };
  if (options.name !== undefined && reader === 'importBytes') job.name = String(options.name);
  const onPage = options.worker === false;
  const progress = typeof options.onProgress === 'function' ? options.onProgress : undefined;
  const started = startJob(job, size, onPage, progress);
  const reply = await (signal
    ? Promise.race([started.budget, new Promise((_, reject) => signal.addEventListener('abort', () => reject(abortError(signal)), { once: true }))])
    : started.budget);
  const budget = await decodeParts(reply.parts, signal, reply.timing);
  const facts = started.facts.then((r) => Object.assign(reply.timing, { facts_ms: r.timing.facts_ms }) && r.facts);
  facts.catch(() => {});
  return { budget, facts, errors: {}, worker: !onPage && canUseWorker(), timing: reply.timing };
}

/** Findings asked for to judge a read (the doubt sentence counts the first ones). */
const DOUBT_FINDINGS = 200;

/**
 * A document `<yusuan-chart>` fetched (its text-src, or a document in its src): a PDF (by its first
 * bytes or its name) goes to the importer as bytes with its file name, text is decoded (UTF-8, as
 * before); the read is audited so that the element can say under its chart when it is in doubt.
 */
export async function document(bytes, href, textOnly) {
  let name = new URL(href).pathname.split('/').pop() ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {}
  const pdf = (await jobs()).isPdf(bytes, name);
  const input = pdf ? bytes : new TextDecoder().decode(bytes);
  return load(input, { text: textOnly, name: pdf ? name : undefined, findings: DOUBT_FINDINGS });
}

/** The summary, prior-year comparison and first findings of an input the viewer has read already. */
export async function facts(input, options = {}) {
  const reader = readerFor(input, false);
  const size = refuseTooLarge(input, reader);
  const job = { reader, input, facts: { summary: options.summary, findings: options.findings }, budget: false };
  return (await startJob(job, size, options.worker === false).facts).facts;
}

/**
 * The importer's module on the page: `read(input, reader?)` imports synchronously and hands the
 * budget to the viewer's module; `exports` are the importer's own.
 */
export async function onPage() {
  const module = await compileImporter().catch(() => undefined);
  const importer = await jobs();
  const exports = await importer.load('importer', module);
  return {
    exports,
    read(input, reader) {
      reader ??= readerFor(input, false);
      // The PDF reader is a module of its own, loaded on demand: not here, synchronously.
      if (Array.isArray(input) || importer.isPdf(input)) {
        throw new Error('yusuan: PDFs and several files are read by loadBudgetAsync (the PDF reader is loaded on demand)');
      }
      refuseTooLarge(input, reader);
      const parts = exports[reader](input).intoWireParts();
      return decodeNow(parts);
    },
  };
}

/** The budget from wire parts, in one go. */
function decodeNow(parts) {
  let reader = new viewer.WireReader(parts[0]);
  try {
    for (let i = 1; i < parts.length; i++) reader.push(parts[i]);
    const r = reader;
    reader = null; // finish() uses the reader up, whether it succeeds or not
    return r.finish();
  } finally {
    reader?.free();
  }
}

// Main-thread time spent decoding parts before letting the page run again.
const DECODE_SLICE_MS = 20;

/** Lets the page handle input and paint (a message, not setTimeout: not clamped or throttled to 4 ms+). */
function yieldToPage() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

/** The budget from the worker's parts, decoded a few at a time between turns of the event loop. */
async function decodeParts(parts, signal, timing) {
  signal?.throwIfAborted();
  let reader = null;
  let decode = 0;
  let slices = 1;
  try {
    let t = performance.now();
    reader = new viewer.WireReader(new Uint8Array(parts[0]));
    for (let i = 1; i < parts.length; i++) {
      if (performance.now() - t > DECODE_SLICE_MS) {
        decode += performance.now() - t;
        await yieldToPage();
        signal?.throwIfAborted();
        slices++;
        t = performance.now();
      }
      reader.push(new Uint8Array(parts[i]));
    }
    const r = reader;
    reader = null; // finish() uses the reader up, whether it succeeds or not
    const budget = r.finish();
    decode += performance.now() - t;
    Object.assign(timing, { decode_ms: decode, decode_slices: slices });
    return budget;
  } finally {
    reader?.free();
  }
}
