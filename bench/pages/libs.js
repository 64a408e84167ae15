// What the pages of the other libraries (ECharts, Chart.js) draw with: yusuan's palette and fonts, the
// number formats its charts print, and the chart data prepared beforehand. yusuan's pages do not import
// it: its charts format in the wasm, and the Intl.NumberFormat made here (at module evaluation, as
// before) costs a cold page ≈ 25 ms of ICU start-up that yusuan's page would otherwise pay for nothing.

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
