/** The report's stylesheet (inline; the page loads nothing). */
export const REPORT_STYLE = `:root{--fg:#1d1d1f;--muted:#666;--line:#ddd;--head:#f4f4f6;--bad:#b00020;--ok:#1b7f3b}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1400px;padding:0 16px;color:var(--fg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:14px;margin:0 0 6px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}th,td{border:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
th{background:var(--head);position:sticky;top:0}table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.wrap{overflow-x:auto}
.banner{background:#fff4ce;border:1px solid #e8c95b;padding:8px 12px;margin:12px 0}.banner.bad{background:#fde7e9;border-color:#e8a0a8}
.error,.failed{color:var(--bad)}.passed{color:var(--ok)}.muted{color:var(--muted)}
.chart-box{border:1px solid var(--line);border-radius:6px;padding:10px;margin:12px 0;background:#fff}
.chart-row{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}.chart-row .chart-box{margin:0}
.chart{width:100%}select{margin:0 0 8px;max-width:100%}
.alignment{line-height:2;font-size:14px}.alignment span{padding:1px 3px;border-radius:3px}
.op-substitute{background:#fde7c7}.op-substitute s{color:var(--bad)}.op-delete{background:#fde7e9;text-decoration:line-through;color:var(--bad)}
.op-insert{background:#dff3e4;color:var(--ok)}.legend span{margin-right:12px}
.texts td:first-child{white-space:nowrap;color:var(--muted)}footer{margin-top:32px;font-size:12px;color:var(--muted)}`;
