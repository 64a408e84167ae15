// Speed of one build of the wasm module (?pkg=/bench/out/variants/NAME/yusuan.js), for comparing
// opt-levels and wasm-opt flags: compile + instantiate, first and steady import of the seed and of
// a 10k-line city, first chart mount and a re-render. Uses the wasm-bindgen glue directly.
import { flush } from './common.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run() {
  const pkg = new URLSearchParams(location.search).get('pkg');
  const seed = await (await fetch('/www/data/futian-investment-2022.txt')).text();
  const city = await (await fetch('/bench/out/city-10000.txt')).text();
  const t0 = performance.now();
  const glue = await import(pkg);
  await glue.default();
  const out = { initMs: performance.now() - t0 };
  const time = (f) => { const t = performance.now(); const r = f(); return [performance.now() - t, r]; };
  let budget;
  [out.seedFirstMs, budget] = time(() => glue.importText(seed));
  out.seedSteadyMs = median(Array.from({ length: 15 }, () => time(() => glue.importText(seed).free())[0]));
  out.cityFirstMs = time(() => glue.importText(city).free())[0];
  out.citySteadyMs = median(Array.from({ length: 3 }, () => time(() => glue.importText(city).free())[0]));
  const canvas = document.getElementById('functions');
  let chart;
  [out.mountFirstMs, chart] = time(() => new glue.Chart(canvas, budget, { kind: 'composition' }));
  out.rerenderMs = median(Array.from({ length: 20 }, () => time(() => { chart.update(budget); flush(canvas); })[0]));
  return out;
}

window.benchReady = run();
