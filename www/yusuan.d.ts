// Type declarations for yusuan.js, the public API of the yusuan package (the wasm classes `Budget`
// and `Chart` are declared by wasm-bindgen in pkg/yusuan_viewer.d.ts; the importer's in
// pkg/yusuan_importer.d.ts, and those of the importer with the PDF reader in pkg/yusuan_pdf.d.ts).

import type { Budget, Chart } from './pkg/yusuan_viewer.js';
export type { Budget, Chart } from './pkg/yusuan_viewer.js';

/** The viewer module's exports once loaded (reading our JSON and wire parts, charts). */
export type Wasm = typeof import('./pkg/yusuan_viewer.js');
/** The importer module's exports (documents, JSON, summary, audit, wire parts out). */
export type Importer = typeof import('./pkg/yusuan_importer.js');
/** The importer with the PDF reader (the same exports; PDFs too): loaded by the worker for a PDF. */
export type PdfImporter = typeof import('./pkg/yusuan_pdf.js');

export type ChartKind = 'composition' | 'functions' | 'projects' | 'change' | 'waterfall' | 'sangong' | 'balance' | 'tasks';
export type Lang = 'zh' | 'en';
/** 'auto' follows the reader's prefers-color-scheme, live. */
export type ThemeOption = 'light' | 'dark' | 'auto';

/** A chart's data as shown by the table toggle and written to CSV. */
export interface DataTable {
  header: string[];
  rows: string[][];
}

/**
 * Loads the viewer's wasm module once (from pkg/yusuan_viewer_bg.wasm beside this file unless
 * `moduleUrl` is given, or an already compiled module).
 */
export function init(moduleUrl?: string | URL | WebAssembly.Module): Promise<Wasm>;

/**
 * A budget from yusuan JSON (a string or a file's bytes starting with `{`: UTF-8, or UTF-16 with its
 * byte order mark), read by the viewer. A document's text or bytes need the importer on the page
 * (`await loadImporter()` first; otherwise this throws: use loadBudgetAsync). Throws Error naming the
 * place of a fault; input over maxInputBytes() is refused before it is read.
 */
export function loadBudget(input: string | Uint8Array | ArrayBuffer): Budget;

/** Whether the input is yusuan JSON (a leading `{`), which the viewer reads without the importer. */
export function isJson(input: string | Uint8Array): boolean;

/**
 * Loads the importer's module on the page too, so that loadBudget and importText read documents
 * synchronously. Resolves to the importer's exports (its own Budget handles: summary, auditFirst …).
 */
export function loadImporter(): Promise<Importer>;

/** Fetches and compiles the importer and starts its worker while the page is idle. */
export function prefetchImporter(): void;

/** JSON from this size up (bytes, or UTF-16 units of a string) is read by loadBudgetAsync in the import worker. */
export const WORKER_THRESHOLD: number;

export interface LoadOptions {
  /** Only document text, never JSON (as importText). */
  text?: boolean;
  /** Rejects the promise at once when aborted; the worker's result is dropped. */
  signal?: AbortSignal;
  /** true: `summary(false)` and `priorExpenditure()` come with the budget; 'rows': the summary with its rows. */
  summary?: boolean | 'rows';
  /** n: `auditFirst(n)` comes with the budget. */
  findings?: number;
  /** false: the importer on the page instead of its worker; true: the worker even for small JSON. */
  worker?: boolean;
  /**
   * The file's name, for bytes: `.pdf` a PDF, `.csv` / `.tsv` a line table, `.json` our JSON, `.txt` a
   * document (else by content: a PDF by its `%PDF-`).
   */
  name?: string;
  /** While a PDF is read in the worker: its pages read so far, reported every 100 ms or so. */
  onProgress?(done: number, total: number): void;
}

/** One file of a budget published in several (北京's 附件1 说明 and 附件2 报表). */
export interface NamedFile {
  name: string;
  bytes: Uint8Array | ArrayBuffer;
}

/** How many findings of each severity a check gave. */
export interface Counts {
  error: number;
  warning: number;
  rounding: number;
}

/** When the audit leaves a read in doubt: the sentence a page shows above its figures. */
export interface Doubt {
  /** "读取可能不完整：3 处金额加总不符，2 张表未能读取。" */
  sentence: string;
  /** The same in English: "The read may be incomplete: 3 totals that do not add up, 2 tables not read." */
  en: string;
  /** Audit errors. */
  errors: number;
  /** Tables, rows and scanned pages the importer left unread (among the findings listed). */
  unread: number;
}

export interface Facts {
  summary?: any;
  prior?: any;
  /** `checks`: every finding counted by its check (`hierarchy`, `import` …) and severity. */
  audit?: { counts: Counts; checks: Record<string, Counts>; findings: any[] };
  /** Present when the audit found errors or the import left tables or rows unread. */
  doubt?: Doubt | null;
  /** The files the budget was read from, when several: a number's `source.file` indexes this list. */
  files: string[];
  /** A figure that could not be computed: its error text (the budget is still good). */
  errors: { summary?: string; audit?: string };
}

export interface Loaded {
  budget: Budget;
  /**
   * The importer's figures (what `summary` and `findings` asked for), computed after the budget is
   * handed over, so that charts can be drawn meanwhile.
   */
  facts?: Promise<Facts>;
  /** Whether the import worker read it. */
  worker: boolean;
  /**
   * Worker reads only: milliseconds to import, compute the figures, encode, and decode on the page
   * (in `decode_slices` tasks); the size of the wire parts and their number.
   */
  timing?: { import_ms: number; facts_ms: number; wire_ms: number; decode_ms: number; decode_slices: number; wire_bytes: number; parts: number; module: 'importer' | 'pdf' };
}

/**
 * A budget read off the page's critical path: our JSON below WORKER_THRESHOLD by the viewer at once;
 * document text, a file's bytes (a PDF too: the PDF reader is loaded then) and large JSON by the
 * importer in its worker (the page decodes the compact result, a slice at a time). Several files
 * are read as one budget, in the order given; every number keeps its file (`Facts.files`). Rejects
 * with the reader's Error.
 */
export function loadBudgetAsync(input: string | Uint8Array | ArrayBuffer | NamedFile[], options?: LoadOptions): Promise<Loaded>;

/** The largest input in bytes (8 MiB) the readers accept. */
export function maxInputBytes(): number;

/**
 * A budget from the published text of a 部门预算 / 部门决算, read by the importer on the page
 * (`await loadImporter()` first). Throws Error naming line and problem.
 */
export function importText(text: string): Budget;

/** Charts alive in the wasm module; falls back when charts are destroyed. */
export function liveCharts(): number;

/** Budgets alive in the wasm module (held by a Budget handle or by a chart). */
export function liveBudgets(): number;

/** URL of yusuan.css, the component stylesheet (for pages that call mountChart themselves). */
export const stylesheetUrl: string;

/** 'light' | 'dark' for a theme option ('auto' or none: the reader's colour scheme). */
export function resolveTheme(theme?: ThemeOption | null): 'light' | 'dark';

/** One CSV cell: quoted when needed; a leading = + - @ is neutralised so spreadsheets do not run it. */
export function csvCell(value: unknown): string;

/** A data table as CSV text with a UTF-8 BOM and CRLF line ends. */
export function tableToCsv(table: DataTable): string;

export interface MountOptions {
  kind: ChartKind;
  lang?: Lang;
  theme?: ThemeOption;
  onDraw?(view: ChartView): void;
  onError?(error: Error): void;
}

/** A chart mounted on a canvas, with its tooltip, keyboard, breadcrumb, table and downloads. */
export interface ChartView {
  readonly chart: Chart;
  /** The .yu-chart element wrapped around the canvas. */
  readonly root: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly kind: ChartKind;
  readonly theme: 'light' | 'dark';
  readonly lang: Lang;
  /** Shows another budget (back at the root). */
  update(budget: Budget): void;
  /** Changes language and/or theme; the drill path is kept. */
  setOptions(options: { lang?: Lang; theme?: ThemeOption }): void;
  /** Re-reads the canvas' CSS size and redraws (also done by a ResizeObserver). */
  resize(): void;
  /** Unwires everything, puts the canvas back and frees the chart in wasm. */
  destroy(): void;
}

/**
 * Mounts a chart on a canvas that has a CSS width and height. Throws the wasm Error when it cannot.
 * The page links `yusuan.css` (`stylesheetUrl`): it styles the tools, breadcrumb, tooltip and table
 * around the canvas, in the chart's own fonts.
 */
export function mountChart(canvas: HTMLCanvasElement, budget: Budget, options: MountOptions): ChartView;

export interface YusuanReadyDetail {
  kind: ChartKind;
  title: string;
}

/**
 * `<yusuan-chart kind="functions" src="budget.json" lang="zh" theme="auto" height="400">`.
 * Attributes: kind; src (yusuan JSON) or text-src (a document's text or PDF); lang; theme; height (CSS px).
 * A document it imports is audited: when the read is in doubt, the sentence shows under the chart.
 */
export class YusuanChart extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The mounted view once drawn, else null. */
  readonly view: ChartView | null;
  /** The wasm chart once drawn, else null. */
  readonly chart: Chart | null;
  /** A loaded budget to show instead of src / text-src; the caller keeps ownership. */
  budget: Budget | null;
  /** "读取可能不完整：…" (lang="en": "The read may be incomplete: …") under the chart when the document it imported leaves the read in doubt, else null. */
  readonly doubt: string | null;
}

/** Registers the element (default tag name `yusuan-chart`). */
export function defineElement(name?: string): void;

declare global {
  interface HTMLElementTagNameMap {
    'yusuan-chart': YusuanChart;
  }
  interface HTMLElementEventMap {
    'yusuan-ready': CustomEvent<YusuanReadyDetail>;
    'yusuan-error': CustomEvent<Error>;
  }
}
