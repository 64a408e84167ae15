#!/usr/bin/env node
// Makes dist/yusuan/: the folder a portal copies to its static server. ES modules, the .wasm, the
// element script, its stylesheet, the iframe embed page and host script, TypeScript declarations
// and a package.json. No bundler, no CDN: every file refers only to files beside it. Scripts and
// stylesheets are minified on the way (esbuild, file by file, nothing bundled): www/ keeps the
// readable sources and serves them as they are.
// Run by ./run.sh after the wasm build. Usage: node scripts/package.mjs [OUT_DIR]
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(root, 'www');
const out = resolve(process.argv[2] ?? join(root, 'dist', 'yusuan'));

/** The chart kinds: each has its own wasm module, all an embed of that kind downloads. */
export const KINDS = ['composition', 'functions', 'projects', 'change', 'waterfall', 'sangong', 'balance', 'tasks'];

/** Files of the package, relative to www/ (and to the package folder). */
export const FILES = [
  'yusuan.js',
  'yusuan.d.ts',
  'yusuan-import.js',
  'yusuan-importer.js',
  'yusuan-worker.js',
  'yusuan-chart.js',
  'yusuan-chart.d.ts',
  'yusuan.css',
  'embed.html',
  'embed.js',
  'embed.css',
  'embed-host.js',
  'embed-host.d.ts',
  'pkg/yusuan_viewer.js',
  'pkg/yusuan_viewer.d.ts',
  'pkg/yusuan_viewer_bg.wasm',
  'pkg/yusuan_viewer_bg.wasm.d.ts',
  'pkg/yusuan_importer.js',
  'pkg/yusuan_importer.d.ts',
  'pkg/yusuan_importer_bg.wasm',
  'pkg/yusuan_importer_bg.wasm.d.ts',
  ...KINDS.flatMap((k) => [`pkg/yusuan_${k}.js`, `pkg/yusuan_${k}_bg.wasm`]),
  'pkg/yusuan_pdf.js',
  'pkg/yusuan_pdf.d.ts',
  'pkg/yusuan_pdf_bg.wasm',
  'pkg/yusuan_pdf_bg.wasm.d.ts',
];

/** A script or stylesheet as shipped: minified, same module format, same names exported. */
function minified(file, text) {
  const loader = file.endsWith('.css') ? 'css' : 'js';
  return transformSync(text, { loader, minify: true, legalComments: 'none', charset: 'utf8' }).code;
}

const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];

rmSync(out, { recursive: true, force: true });
for (const f of FILES) {
  mkdirSync(dirname(join(out, f)), { recursive: true });
  if (/\.(js|css)$/.test(f)) writeFileSync(join(out, f), minified(f, readFileSync(join(www, f), 'utf8')));
  else copyFileSync(join(www, f), join(out, f));
}

const pkg = {
  name: 'yusuan',
  version: field('version') ?? '0.0.0',
  description: field('description') ?? 'Chinese government department budgets: exact import, audit and charts',
  license: field('license') ?? 'MIT OR Apache-2.0',
  type: 'module',
  main: './yusuan.js',
  module: './yusuan.js',
  types: './yusuan.d.ts',
  exports: {
    '.': { types: './yusuan.d.ts', default: './yusuan.js' },
    './element': { types: './yusuan-chart.d.ts', default: './yusuan-chart.js' },
    './yusuan-chart.js': { types: './yusuan-chart.d.ts', default: './yusuan-chart.js' },
    './yusuan.css': './yusuan.css',
    './embed-host.js': { types: './embed-host.d.ts', default: './embed-host.js' },
    './embed.html': './embed.html',
    './pkg/yusuan_viewer_bg.wasm': './pkg/yusuan_viewer_bg.wasm',
    './pkg/yusuan_importer_bg.wasm': './pkg/yusuan_importer_bg.wasm',
    './pkg/yusuan_pdf_bg.wasm': './pkg/yusuan_pdf_bg.wasm',
    './package.json': './package.json',
  },
  files: [...FILES, 'README.md'],
  sideEffects: ['./yusuan-chart.js', './embed.js', './embed-host.js'],
  keywords: ['budget', '预算', 'webassembly', 'chart', 'custom-element'],
};
writeFileSync(join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

writeFileSync(
  join(out, 'README.md'),
  `# yusuan ${pkg.version}

Charts of Chinese government department budgets (部门预算 / 部门决算), drawn by WebAssembly in the
browser. Copy this folder to your web server (for example as \`/yusuan/\`); nothing is fetched from any
other site, and no bundler is needed.

Custom element:

\`\`\`html
<script type="module" src="/yusuan/yusuan-chart.js"></script>
<yusuan-chart src="/data/budget.json" kind="functions" lang="zh"></yusuan-chart>
\`\`\`

iframe (the height follows the chart when embed-host.js is on the page):

\`\`\`html
<iframe data-yusuan-embed title="部门预算图表" height="520"
  src="/yusuan/embed.html?src=%2Fdata%2Fbudget.json&kind=functions&lang=zh"></iframe>
<script src="/yusuan/embed-host.js" defer></script>
\`\`\`

Works under \`default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'
data: blob:; connect-src 'self'; font-src 'self'\` (serve \`.wasm\` as \`application/wasm\`).

Attributes: \`kind\` (composition, functions, projects, change, waterfall, sangong, balance, tasks),
\`src\` (yusuan JSON) or \`text-src\` (a document's text or PDF: the PDF reader, pkg/yusuan_pdf*, is
fetched only then), \`lang\` (zh, en), \`theme\` (light, dark, auto), \`height\` (CSS px). Module API
and types: yusuan.js, yusuan.d.ts.
`,
);

let bytes = 0;
for (const f of [...FILES, 'package.json', 'README.md']) bytes += statSync(join(out, f)).size;
console.log(`package: ${out} (${FILES.length + 2} files, ${bytes} bytes)`);
