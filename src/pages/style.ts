// The stylesheet of the hosted invoice page and the dashboard: inline (one request, no
// script), readable from a phone's width up.
export const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Hiragino Sans","Malgun Gothic",sans-serif;color:#1a1f36;background:#f6f8fa}
a{color:#5851df}
main{max-width:760px;margin:0 auto;padding:16px}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:20px;margin:0 0 16px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:16px;margin:0 0 8px}
.muted{color:#697386}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;background:#e3e8ee;color:#3c4257}
.badge.paid{background:#d7f7c2;color:#05690d}.badge.open{background:#cff5f6;color:#0055bc}
.badge.void{background:#ebeef1;color:#545969}.badge.uncollectible{background:#ffe7f2;color:#b3093c}.badge.draft{background:#ebeef1;color:#545969}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:2px 12px}dt{color:#697386}dd{margin:0;overflow-wrap:anywhere}
table{width:100%;border-collapse:collapse}
th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#697386;border-bottom:1px solid #e3e8ee;padding:6px 4px}
td{padding:8px 4px;border-bottom:1px solid #f0f2f5;vertical-align:top;overflow-wrap:anywhere}
.num{text-align:right;white-space:nowrap}
.totals td{border:0;padding:4px}
.totals .strong td{font-weight:700;border-top:1px solid #e3e8ee}
.amount{font-size:30px;font-weight:700;margin:6px 0}
.actions a,.actions button{display:inline-block;margin:8px 8px 0 0;padding:8px 14px;border-radius:6px;border:1px solid #d5dbe1;background:#fff;color:#1a1f36;text-decoration:none;font:inherit;cursor:pointer}
.actions a.primary,.actions button.primary{background:#5851df;border-color:#5851df;color:#fff}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:12px;border-radius:6px;font-size:13px}
.notice{padding:8px 12px;border-radius:6px;margin:8px 0}.notice.error{background:#ffe7f2;color:#b3093c}.notice.success{background:#d7f7c2;color:#05690d}
form.pay{margin-top:12px}form.pay select{font:inherit;padding:6px;max-width:100%}
.lines .sub{display:none;color:#697386;font-size:13px}
@media (max-width:600px){
  main{padding:8px}.card{padding:14px}.grid{grid-template-columns:1fr}
  .lines .qty,.lines .unit{display:none}
  .lines .sub{display:block}
}
`;
