// ECharts 6 (full build, as portals load it), canvas renderer, animation off, the same data and
// the same 640×400 boxes; tooltips are ECharts' HTML tooltips (class ec-tip).
import { KINDS, flush, painted } from './common.js';
import { FONT, COLORS, GREY, UP, DOWN, SOURCE, fmt, pct, changeLabel, data } from './libs.js';

const echarts = window.echarts;
// Colour by size rank, as yusuan does.
const rank = (all, c) => all.filter((x) => x.value > c.value).length;
const base = (title, subtitle) => ({
  animation: false,
  textStyle: { fontFamily: FONT },
  color: COLORS,
  title: { text: title, subtext: subtitle, left: 12, top: 8, textStyle: { fontSize: 16 }, subtextStyle: { fontSize: 12 } },
  tooltip: { trigger: 'item', className: 'ec-tip', transitionDuration: 0, confine: true },
  graphic: [{ type: 'text', left: 12, bottom: 8, style: { text: SOURCE, fontSize: 11, fill: '#666' } }],
});

function composition(d) {
  const c = d.composition;
  const total = c.slices.reduce((s, x) => s + x.value, 0);
  const o = base(c.title, c.subtitle);
  o.legend = {
    orient: 'vertical', right: 20, top: 'middle', itemWidth: 10, itemHeight: 10,
    formatter: (name) => {
      const s = c.slices.find((x) => x.name === name);
      return `${name}\n${fmt(s.value)} 万元 · ${pct(s.value, total)}`;
    },
  };
  o.tooltip.formatter = (p) => `<b>${p.name}</b><br>${fmt(p.value)} 万元<br>占合计 ${pct(p.value, total)}`;
  o.graphic.push({ type: 'text', left: 215, top: 195, style: { text: `合计\n${(total / 10000).toFixed(2)} 亿元`, align: 'center', fontSize: 16, fontWeight: 'bold' } });
  o.series = [{
    type: 'pie', radius: ['46%', '74%'], center: [245, 215], startAngle: 90,
    label: { position: 'inside', formatter: (p) => (p.percent >= 5 ? `${p.percent.toFixed(1)}%` : ''), color: '#fff', fontSize: 11 },
    data: c.slices.map((s) => ({ name: s.name, value: s.value })),
  }];
  return o;
}

function functions(d) {
  const f = d.functions;
  const total = f.classes.reduce((s, x) => s + x.value, 0);
  const o = base(f.title, f.subtitle);
  o.tooltip.formatter = (p) => `<b>${p.name}</b><br>${fmt(p.value)} 万元<br>占合计 ${pct(p.value, total)}`;
  o.series = [{
    type: 'treemap', left: 12, right: 12, top: 70, bottom: 30, leafDepth: 1, roam: false,
    nodeClick: 'zoomToNode', breadcrumb: { show: false }, squareRatio: 1,
    label: { show: true, formatter: (p) => `${p.name}\n${fmt(p.value)} 万元\n${pct(p.value, total)}`, fontSize: 11, position: 'insideTopLeft' },
    itemStyle: { borderColor: '#fff', borderWidth: 2, gapWidth: 2 },
    levels: [{ label: { show: true } }, { label: { show: true } }],
    data: f.classes.map((c) => ({
      name: c.name, value: c.value, itemStyle: { color: COLORS[rank(f.classes, c) % COLORS.length] },
      children: c.children.map((k) => ({ name: k.name, value: k.value })),
    })),
  }];
  return o;
}

function change(d) {
  const c = d.change;
  const rows = c.rows.slice().reverse(); // category axes run bottom-up
  const o = base(c.title, c.subtitle);
  o.legend = { data: ['2021年', '2022年'], left: 200, top: 62, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } };
  o.tooltip.formatter = (p) => {
    const r = rows[p.dataIndex];
    return `<b>${r.name}</b><br>2022年 ${fmt(r.current)} 万元<br>2021年 ${fmt(r.prior)} 万元<br>增减 ${changeLabel(r)}`;
  };
  o.grid = [
    { left: 200, width: 170, top: 85, bottom: 40 },
    { left: 380, width: 110, top: 85, bottom: 40 },
  ];
  o.xAxis = [
    { gridIndex: 0, type: 'value', show: false },
    { gridIndex: 1, type: 'value', show: false },
  ];
  const names = rows.map((r) => r.name);
  o.yAxis = [
    { gridIndex: 0, type: 'category', data: names, axisTick: { show: false }, axisLabel: { fontSize: 11, width: 180, overflow: 'truncate' } },
    { gridIndex: 1, type: 'category', data: names, show: false },
  ];
  o.series = [
    { name: '2021年', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barGap: 0, barWidth: 7, color: GREY, data: rows.map((r) => r.prior) },
    { name: '2022年', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, barWidth: 7, color: COLORS[0], data: rows.map((r) => r.current) },
    {
      name: '增减', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, barWidth: 14,
      data: rows.map((r) => ({ value: r.change, itemStyle: { color: r.change < 0 ? DOWN : UP } })),
      label: { show: true, position: 'right', distance: 4, fontSize: 11, formatter: (p) => changeLabel(rows[p.dataIndex]) },
    },
  ];
  return o;
}

const BUILD = { composition, functions, change };

async function main() {
  const d = await data();
  const charts = {};
  const options = {};
  for (const kind of KINDS) {
    options[kind] = BUILD[kind](d);
    charts[kind] = echarts.init(document.getElementById(kind), null, { renderer: 'canvas' });
    charts[kind].setOption(options[kind]);
  }
  const drawn = performance.now();
  const canvas = (kind) => document.getElementById(kind).querySelector('canvas');
  let hovered = null;
  for (const kind of KINDS) charts[kind].on('mousemove', (p) => { hovered = `${p.seriesIndex}:${p.dataIndex}`; });
  window.bench = {
    lib: 'echarts',
    canvas,
    rerender(kind) {
      charts[kind].setOption(options[kind], { notMerge: true });
      flush(canvas(kind));
    },
    // Scan only (not timed): ECharts has no public hit-test, so the scan asks its own mousemove event.
    hitId(kind, x, y) {
      hovered = null;
      const r = canvas(kind).getBoundingClientRect();
      const init = { clientX: r.left + x, clientY: r.top + y, bubbles: true, pointerType: 'mouse', isPrimary: true };
      canvas(kind).dispatchEvent(new PointerEvent('pointermove', init));
      canvas(kind).dispatchEvent(new MouseEvent('mousemove', init));
      return hovered;
    },
    tipKey(kind) {
      const t = document.getElementById(kind).querySelector('.ec-tip');
      return t && t.style.display !== 'none' && t.style.visibility !== 'hidden' && t.style.opacity !== '0' ? t.textContent : '';
    },
  };
  return painted(KINDS.map(canvas), drawn);
}

window.benchReady = main();
