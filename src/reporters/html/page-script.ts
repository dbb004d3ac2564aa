import { TIMELINE_SCRIPT } from './timeline-script.js';

/**
 * The report's own script: mounts every chart (ECharts, SVG renderer, no animation), wires the
 * view selects and the sortable tables, and draws the session timeline. It reads its data from
 * the JSON block and writes text only through textContent or escaped tooltips.
 * NOTE: plain ES2017 without template literals, so that it can live in a TypeScript string.
 */
const CHARTS_SCRIPT = String.raw`
var data = JSON.parse(document.getElementById('rtbench-data').textContent);
var mounted = [];
function esc(value) {
  return String(value === null || value === undefined ? '' : value).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}
function mount(el, option) {
  var chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption(option);
  mounted.push(chart);
  return chart;
}
function mountCharts() {
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var spec = data.charts[el.getAttribute('data-chart')];
    if (!spec) return;
    var chart = mount(el, spec.options[spec.initial]);
    el.setAttribute('data-view', spec.initial);
    var select = document.querySelector('select[data-chart-select="' + el.getAttribute('data-chart') + '"]');
    if (select) select.addEventListener('change', function () {
      chart.setOption(spec.options[select.value], true);
      el.setAttribute('data-view', select.value);
    });
  });
}
function sortKey(cell) {
  var v = cell.getAttribute('data-v');
  if (v === null) v = cell.textContent.trim();
  if (v === '') return null;
  var n = Number(v);
  return isNaN(n) ? v.toLowerCase() : n;
}
function compareKeys(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
function makeSortable(table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    th.setAttribute('title', 'sort');
    th.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (ra, rb) {
        var a = sortKey(ra.cells[col]);
        var b = sortKey(rb.cells[col]);
        if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
        return dir * compareKeys(a, b);
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
}
`;

const START_SCRIPT = String.raw`
mountCharts();
document.querySelectorAll('table.sortable').forEach(makeSortable);
setupTimeline();
window.addEventListener('resize', function () { mounted.forEach(function (c) { c.resize(); }); });
document.documentElement.setAttribute('data-charts-ready', String(mounted.length));
`;

/** The whole script, wrapped so that nothing leaks into the global scope. */
export const PAGE_SCRIPT = `(function () {\n'use strict';\n${CHARTS_SCRIPT}\n${TIMELINE_SCRIPT}\n${START_SCRIPT}\n})();\n`;
