// Chart.js 4 + chartjs-chart-treemap, animation off, not responsive (fixed 640×400 like the
// others; the buffer follows devicePixelRatio). Tooltips are Chart.js' own canvas tooltips: a
// hover is done when the frame that draws the new tooltip has been drawn (afterDraw hook).
import { KINDS, flush, painted } from './common.js';
import { FONT, COLORS, GREY, UP, DOWN, SOURCE, fmt, pct, changeLabel, data } from './libs.js';

const Chart = window.Chart;
Chart.defaults.font.family = FONT;
Chart.defaults.animation = false;
const rank = (all, c) => all.filter((x) => x.value > c.value).length;

// Tooltip tracking for the hover benchmark: the shown tooltip's text and when it was drawn.
const tips = {};
const tipPlugin = {
  id: 'benchTip',
  afterDraw(chart) {
    const t = chart.tooltip;
    const key = t && t.opacity > 0 ? [...(t.title ?? []), ...(t.body ?? []).flatMap((b) => b.lines)].join('\n') : '';
    const kind = chart.canvas.id;
    if (tips[kind]?.key !== key) tips[kind] = { key, time: performance.now() };
  },
};

// What Chart.js has no option for, drawn by small inline plugins: the donut's centre text and
// slice percentages, the change bars' labels, and the source line.
const sourcePlugin = {
  id: 'benchSource',
  afterDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.font = `11px ${FONT}`;
    ctx.fillStyle = '#666';
    ctx.textBaseline = 'bottom';
    ctx.fillText(SOURCE, 12, chart.height - 6);
    ctx.restore();
  },
};

const common = (title, subtitle) => ({
  responsive: false,
  animation: false,
  layout: { padding: { left: 8, right: 8, top: 4, bottom: 22 } },
  plugins: {
    title: { display: true, text: title, align: 'start', font: { size: 16, weight: 'bold' } },
    subtitle: { display: true, text: subtitle, align: 'start', font: { size: 12 }, padding: { bottom: 8 } },
    tooltip: { animation: false },
  },
});

function composition(d) {
  const c = d.composition;
  const total = c.slices.reduce((s, x) => s + x.value, 0);
  const o = common(c.title, c.subtitle);
  o.cutout = '62%';
  o.plugins.legend = {
    position: 'right',
    labels: {
      boxWidth: 10,
      generateLabels: (chart) =>
        c.slices.map((s, i) => ({ text: [s.name, `${fmt(s.value)} 万元 · ${pct(s.value, total)}`], fillStyle: COLORS[i], strokeStyle: COLORS[i], index: i })),
    },
  };
  o.plugins.tooltip.callbacks = {
    title: (items) => items[0].label,
    label: (item) => [`${fmt(item.raw)} 万元`, `占合计 ${pct(item.raw, total)}`],
  };
  const centre = {
    id: 'centre',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const arc = chart.getDatasetMeta(0).data[0];
      ctx.save();
      ctx.textAlign = 'center';
      ctx.fillStyle = '#222';
      ctx.font = `12px ${FONT}`;
      ctx.fillText('合计', arc.x, arc.y - 8);
      ctx.font = `bold 16px ${FONT}`;
      ctx.fillText(`${(total / 10000).toFixed(2)} 亿元`, arc.x, arc.y + 14);
      ctx.fillStyle = '#fff';
      ctx.font = `11px ${FONT}`;
      for (const [i, a] of chart.getDatasetMeta(0).data.entries()) {
        if (c.slices[i].value / total < 0.05) continue;
        const p = a.tooltipPosition();
        ctx.fillText(pct(c.slices[i].value, total), p.x, p.y);
      }
      ctx.restore();
    },
  };
  return {
    type: 'doughnut',
    data: { labels: c.slices.map((s) => s.name), datasets: [{ data: c.slices.map((s) => s.value), backgroundColor: COLORS, borderWidth: 1 }] },
    options: o,
    plugins: [centre, sourcePlugin, tipPlugin],
  };
}

function functions(d) {
  const f = d.functions;
  const total = f.classes.reduce((s, x) => s + x.value, 0);
  const o = common(f.title, f.subtitle);
  o.plugins.legend = { display: false };
  o.plugins.tooltip.callbacks = {
    title: (items) => items[0].raw._data.name,
    label: (item) => [`${fmt(item.raw.v)} 万元`, `占合计 ${pct(item.raw.v, total)}`],
  };
  return {
    type: 'treemap',
    data: {
      datasets: [{
        tree: f.classes.map((c) => ({ name: c.name, value: c.value, colour: COLORS[rank(f.classes, c) % COLORS.length] })),
        key: 'value',
        borderWidth: 0,
        spacing: 2,
        backgroundColor: (ctx) => ctx.raw?._data?.colour ?? GREY,
        labels: {
          display: true, align: 'left', position: 'top', color: '#fff', font: { size: 11 },
          formatter: (ctx) => [ctx.raw._data.name, `${fmt(ctx.raw.v)} 万元`, pct(ctx.raw.v, total)],
        },
      }],
    },
    options: o,
    plugins: [sourcePlugin, tipPlugin],
  };
}

function change(d) {
  const c = d.change;
  const o = common(c.title, c.subtitle);
  o.indexAxis = 'y';
  o.layout.padding.right = 110; // room for the change labels
  o.scales = {
    y: { grid: { display: false }, ticks: { font: { size: 11 } } },
    x: { stack: 'v', stackWeight: 3, display: false },
    x2: { stack: 'v', stackWeight: 2, display: false, offset: true },
  };
  o.plugins.legend = { align: 'start', labels: { boxWidth: 10, filter: (item) => item.datasetIndex < 2, font: { size: 11 } } };
  o.plugins.tooltip.callbacks = {
    title: (items) => c.rows[items[0].dataIndex].name,
    label: (item) => {
      const r = c.rows[item.dataIndex];
      return [`2022年 ${fmt(r.current)} 万元`, `2021年 ${fmt(r.prior)} 万元`, `增减 ${changeLabel(r)}`];
    },
  };
  const labels = {
    id: 'changeLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `11px ${FONT}`;
      ctx.fillStyle = '#333';
      ctx.textBaseline = 'middle';
      for (const [i, bar] of chart.getDatasetMeta(2).data.entries()) {
        ctx.fillText(changeLabel(c.rows[i]), Math.max(bar.x, bar.base) + 4, bar.y);
      }
      ctx.restore();
    },
  };
  return {
    type: 'bar',
    data: {
      labels: c.rows.map((r) => r.name),
      datasets: [
        { label: '2021年', data: c.rows.map((r) => r.prior), backgroundColor: GREY, xAxisID: 'x', barPercentage: 0.9, categoryPercentage: 0.6 },
        { label: '2022年', data: c.rows.map((r) => r.current), backgroundColor: COLORS[0], xAxisID: 'x', barPercentage: 0.9, categoryPercentage: 0.6 },
        { label: '增减', data: c.rows.map((r) => r.change), backgroundColor: c.rows.map((r) => (r.change < 0 ? DOWN : UP)), xAxisID: 'x2', grouped: false, barPercentage: 0.5 },
      ],
    },
    options: o,
    plugins: [labels, sourcePlugin, tipPlugin],
  };
}

const BUILD = { composition, functions, change };

async function main() {
  const d = await data();
  const charts = {};
  const configs = {};
  for (const kind of KINDS) {
    configs[kind] = BUILD[kind](d);
    charts[kind] = new Chart(document.getElementById(kind), configs[kind]);
  }
  const drawn = performance.now();
  const canvas = (kind) => document.getElementById(kind);
  window.bench = {
    lib: 'chartjs',
    canvas,
    rerender(kind) {
      // Fresh data objects, as a page that re-renders from data does; 'none' = no animation.
      const fresh = BUILD[kind](d);
      charts[kind].data = fresh.data;
      charts[kind].update('none');
      flush(canvas(kind));
    },
    // Scan only: Chart.js' hit test in the mode its tooltip uses (bars: 'index', one tooltip per row).
    hitId(kind, x, y) {
      const o = charts[kind].tooltip.options;
      const hit = charts[kind].getElementsAtEventForMode({ x, y, native: true }, o.mode, { intersect: o.intersect, axis: o.axis }, false);
      if (!hit.length) return null;
      return o.mode === 'index' ? `row:${hit[0].index}` : `${hit[0].datasetIndex}:${hit[0].index}`;
    },
    tipKey: (kind) => tips[kind]?.key ?? '',
    tipTime: (kind) => tips[kind]?.time,
  };
  return painted(KINDS.map(canvas), drawn);
}

window.benchReady = main();
