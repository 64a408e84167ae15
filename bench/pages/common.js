// Shared by the three library pages: "painted" is taken in the requestAnimationFrame callback
// after the draw calls, once a 1×1 getImageData on every chart canvas has made the canvas
// rasterize what was drawn (so no library hides drawing work in a deferred flush).

export const KINDS = ['composition', 'functions', 'change'];

export function flush(canvas) {
  canvas.getContext('2d').getImageData(0, 0, 1, 1);
}

/** Resolves with {t0, drawn, painted} (ms since navigation start) once every canvas is painted. */
export function painted(canvases, drawn) {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      for (const c of canvases) flush(c);
      resolve({ t0: window.__t0, drawn, painted: performance.now() });
    });
  });
}

/** Time of a synchronous re-render, including the canvas flush. */
export function timeRerender(fn, canvas) {
  const t = performance.now();
  fn();
  flush(canvas);
  return performance.now() - t;
}

export const FONT = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
/** yusuan's palette (Okabe–Ito order) so the pictures compare at a glance. */
export const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#999999'];
export const GREY = '#bbbbbb';
export const UP = '#009e73';
export const DOWN = '#d55e00';
export const SOURCE = '数据来源：深圳市福田区投资推广和企业服务中心 2022年部门预算';

const num = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const fmt = (v) => num.format(v);
export const pct = (part, whole) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '');
export const signed = (v) => (v === 0 ? '持平' : `${v < 0 ? '−' : '+'}${fmt(Math.abs(v))}`);
export const changeLabel = (r) => (r.change === 0 ? '持平' : `${signed(r.change)}（${r.change < 0 ? '−' : '+'}${pct(Math.abs(r.change), r.prior)}）`);

export async function data() {
  return (await fetch('/bench/out/seed-data.json')).json();
}
