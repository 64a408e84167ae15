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
