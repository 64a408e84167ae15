// yusuan-chart.js registers <yusuan-chart> when imported and re-exports the whole API of yusuan.js.
export * from './yusuan.js';
