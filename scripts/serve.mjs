#!/usr/bin/env node
// A small static server for yusuan's pages: correct MIME types (application/wasm for
// instantiateStreaming) and the strict Content-Security-Policy header on every HTML page, so the
// demo, the embed page and the CSP page are tried the way a portal with that policy serves them.
//   node scripts/serve.mjs [--root www] [--port 8000] [--host 127.0.0.1]
// Also imported by the end-to-end tests: serve({root, port: 0}) → {url, close()}.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The policy a strict portal or newsroom sets (see README: "Strict CSP"). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
].join('; ');

/** Pages that embed our iframe also need to allow frames from their own origin. */
const FRAME_PAGES = new Set(['/host.html']);

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Response headers for a file path (URL path, '/'-separated). */
export function headersFor(urlPath) {
  const type = MIME[extname(urlPath).toLowerCase()] ?? 'application/octet-stream';
  const h = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
  if (type.startsWith('text/html')) {
    h['Content-Security-Policy'] = FRAME_PAGES.has(urlPath) ? `${CSP}; frame-src 'self'` : CSP;
    h['Referrer-Policy'] = 'no-referrer';
  }
  return h;
}

/** Starts serving `root`; resolves to {server, url, close()} once listening. */
export function serve({ root = 'www', port = 8000, host = '127.0.0.1', log = false } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const fail = (code, text) => {
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : `${code} ${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed');
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return fail(400, 'bad request');
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    // Nothing outside the root (../, encoded or not).
    if (file !== base && !file.startsWith(base + sep)) return fail(403, 'forbidden');
    let st;
    try {
      st = await stat(file);
    } catch {
      return fail(404, 'not found');
    }
    if (st.isDirectory()) {
      res.writeHead(301, { Location: path + '/' });
      return res.end();
    }
    res.writeHead(200, { ...headersFor(path), 'Content-Length': st.size });
    if (log) console.log(`${req.method} ${path}`);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((ok, ko) => {
    server.once('error', ko);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      ok({ server, url: `http://${host}:${p}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const { url } = await serve({
    root: opt('--root', 'www'),
    port: Number(opt('--port', process.env.PORT ?? 8000)),
    host: opt('--host', '127.0.0.1'),
  });
  console.log(`yusuan: serving ${opt('--root', 'www')} on ${url} (CSP: ${CSP})`);
}
