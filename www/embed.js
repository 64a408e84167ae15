// The iframe embed page: one <yusuan-chart> configured from the query string, its height reported
// to the parent page (embed-host.js applies it, as in a Datawrapper responsive embed).
import { defineElement } from './yusuan.js';

const params = new URLSearchParams(location.search);
const chart = document.getElementById('chart');
const links = document.getElementById('embed-links');
const heading = document.getElementById('embed-title');
const lang = params.get('lang') === 'en' ? 'en' : 'zh';
document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
const theme = params.get('theme');
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;

const T = {
  zh: { data: '数据文件', by: '图表：yusuan', usage: '用法：embed.html?src=预算.json&kind=functions&lang=zh', foreign: '只能读取本站的文件' },
  en: { data: 'Data file', by: 'Chart: yusuan', usage: 'Usage: embed.html?src=budget.json&kind=functions&lang=en', foreign: 'only files on this site can be read' },
}[lang];

// Only documents on this site: the page must not become a proxy that draws anyone's file.
function sameOrigin(value) {
  if (!value) return null;
  try {
    const u = new URL(value, location.href);
    if (u.origin !== location.origin) throw new Error(`${value}: ${T.foreign}`);
    return u;
  } catch (e) {
    throw e instanceof TypeError ? new Error(`${value}: not a URL`) : e;
  }
}

let lastHeight = 0;
function reportHeight() {
  const h = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (h === lastHeight || h <= 0) return;
  lastHeight = h;
  if (parent !== window) parent.postMessage({ type: 'yusuan:height', height: h }, '*');
  document.body.dataset.height = String(h);
}
new ResizeObserver(reportHeight).observe(document.documentElement);

chart.addEventListener('yusuan-ready', (ev) => {
  const title = ev.detail?.title || 'yusuan';
  heading.textContent = title;
  document.title = title;
  document.body.dataset.ready = 'true';
  reportHeight();
});
chart.addEventListener('yusuan-error', () => {
  document.body.dataset.ready = 'error';
  reportHeight();
});

try {
  const src = sameOrigin(params.get('src'));
  const textSrc = sameOrigin(params.get('text-src'));
  const file = src ?? textSrc;
  if (!file || !params.get('kind')) throw new Error(T.usage);
  const a = document.createElement('a');
  a.href = file.href;
  a.textContent = T.data;
  a.target = '_blank';
  a.rel = 'noopener';
  links.append(a, ' · ', T.by);
  links.hidden = false;
  chart.setAttribute('lang', lang);
  if (theme) chart.setAttribute('theme', theme);
  const height = Number(params.get('height'));
  if (height > 0) chart.setAttribute('height', String(Math.min(2000, Math.round(height))));
  chart.setAttribute(src ? 'src' : 'text-src', file.href);
  chart.setAttribute('kind', params.get('kind'));
} catch (e) {
  const p = document.createElement('p');
  p.className = 'embed-links';
  p.setAttribute('role', 'alert');
  p.textContent = e.message;
  chart.replaceWith(p);
  document.body.dataset.ready = 'error';
}

// Defined last, so the element starts with all its attributes (no intermediate 'kind missing' error).
defineElement();
