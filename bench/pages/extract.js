// The data every library draws, taken from yusuan's own import of the seed so that all three
// draw the same numbers: the economic split (donut), 类 with their 款 (treemap) and the rows of
// the change chart (this year vs last year, with yusuan's "others" bucket if it makes one).
import { init, loadBudget, loadImporter } from '/www/yusuan.js';

const SEED = '/www/data/futian-investment-2022.txt';

async function extract() {
  const wasm = await init();
  await loadImporter();
  const text = await (await fetch(SEED)).text();
  const budget = loadBudget(text);
  const doc = JSON.parse(budget.toJson()).budget;
  const marks = (kind) => {
    const chart = new wasm.Chart(document.getElementById(kind), budget, { kind, lang: 'zh' });
    const out = { title: chart.title, subtitle: chart.subtitle, marks: [] };
    for (let i = 0; i < chart.markCount; i++) out.marks.push(chart.mark(i));
    chart.destroy();
    return out;
  };
  const composition = marks('composition');
  const change = marks('change');
  const fn = marks('functions');
  const table = doc.function_tables[0];
  const num = (s) => (s == null ? 0 : Number(s));
  const classes = table.rows
    .filter((r) => /^\d{3}$/.test(r.code) && num(r.total) > 0)
    .map((c) => ({
      code: c.code,
      name: c.name,
      value: num(c.total),
      basic: num(c.basic),
      project: num(c.project),
      children: table.rows
        .filter((r) => /^\d{5}$/.test(r.code) && r.code.startsWith(c.code) && num(r.total) > 0)
        .map((k) => ({ code: k.code, name: k.name, value: num(k.total), basic: num(k.basic), project: num(k.project) })),
    }));
  return {
    json: budget.toJson(),
    source: SEED,
    department: doc.department,
    year: doc.year,
    unit: table.unit,
    composition: {
      title: composition.title,
      subtitle: composition.subtitle,
      unit: composition.marks[0]?.unit,
      slices: composition.marks.map((m) => ({ name: m.label, value: Number(m.value) })),
    },
    functions: { title: fn.title, subtitle: fn.subtitle, unit: table.unit, classes },
    change: {
      title: change.title,
      subtitle: change.subtitle,
      unit: change.marks[0]?.unit,
      rows: change.marks.map((m) => ({
        name: m.label,
        current: Number(m.value),
        prior: Number(m.prior),
        change: Number(m.change),
      })),
    },
  };
}

window.extracted = extract();
