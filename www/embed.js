// The embed example: registers <yusuan-chart>; each element loads its document and draws itself.
import { defineElement } from './yusuan.js';

defineElement();
let pending = document.querySelectorAll('yusuan-chart').length;
const done = () => {
  if (--pending === 0) document.body.dataset.ready = 'true';
};
document.addEventListener('yusuan-ready', done);
document.addEventListener('yusuan-error', done);
