// The element script: <script type="module" src="yusuan-chart.js"></script> registers <yusuan-chart>.
// The rest of the API (init, loadBudget, mountChart, liveCharts …) is re-exported for page scripts.
import { defineElement } from './yusuan.js';

defineElement();

export * from './yusuan.js';
