// A small static server for the benchmark: the repository's www/ and bench/ under one origin
// (/www/… and /bench/…), nothing else, cross-origin isolated. Files go out uncompressed (loopback; transfer sizes are
// computed separately with gzip -9) with a one-hour max-age, so a reload in the same browser
// context is a warm load from the HTTP cache and a fresh context is a cold one.
//   node bench/serve.mjs [PORT]     (or import { serve } and call serve(port))

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALLOWED = ['www', 'bench'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// /www/ can be served from a snapshot (bench.mjs copies www/ first: other work may rebuild www/pkg mid-run).
let wwwDir = path.join(ROOT, 'www');
export function setWwwDir(dir) {
  wwwDir = dir;
}

// Another build's www/ (bench.mjs --before DIR), served under /before/ for side-by-side timings.
let beforeDir = null;
export function setBeforeDir(dir) {
  beforeDir = dir;
}

// The package a portal deploys (a snapshot of dist/yusuan with a data file beside it), under /dist/:
// the embeds' bytes are measured on it, minified as a portal serves them.
let distDir = null;
export function setDistDir(dir) {
  distDir = dir;
}

/** Maps a URL path to a file under www/ (or its snapshot) or bench/, or null (never outside them). */
export function fileFor(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const rel = path.normalize(p).replace(/^[/\\]+/, '');
  const top = rel.split(/[/\\]/)[0];
  if (!ALLOWED.includes(top) && !(top === 'before' && beforeDir) && !(top === 'dist' && distDir)) return null;
  const base = top === 'www' ? wwwDir : top === 'before' ? beforeDir : top === 'dist' ? distDir : path.join(ROOT, top);
  const full = path.join(base, path.relative(top, rel));
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

/** Starts the server on 127.0.0.1 (port 0 = any free one); resolves to {server, port, url}. */
export function serve(port = 0) {
  const server = http.createServer((req, res) => {
    let file = fileFor(req.url);
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'max-age=3600',
      // Cross-origin isolation: performance.now() at 5 µs instead of 100 µs resolution.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const p = server.address().port;
      resolve({ server, port: p, url: `http://127.0.0.1:${p}` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { url } = await serve(Number(process.argv[2]) || 8100);
  console.log(`bench server: ${url}/bench/pages/`);
}
