/**
 * A self-contained query page (no scripts or styles from the network, so it works offline): a
 * query box, a variables box, a run button, the JSON answer. Served at `/` and at GET `/graphql`
 * for browsers. With `dashboards` (the analytics store is on) the header links to that page.
 *
 * @example
 * app.get('/', (_req, res) => res.type('html').send(explorerPage('/graphql', '/dashboards')))
 */
export function explorerPage(endpoint: string, dashboards?: string): string {
  const example = `query {\n  squidStatus { height finalizedHeight }\n}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenLedger GraphQL</title><link rel="icon" href="data:,">
<style>
body{font:14px system-ui,sans-serif;margin:0;display:grid;grid-template-columns:1fr 1fr;height:100vh}
textarea,pre{font:13px ui-monospace,monospace;box-sizing:border-box;width:100%;margin:0;border:0;padding:12px}
#left{display:grid;grid-template-rows:auto 3fr 1fr;border-right:1px solid #ccc}
header{padding:8px 12px;background:#f4f4f4;display:flex;gap:12px;align-items:center}
pre{overflow:auto;background:#fafafa;height:100vh}
#vars{border-top:1px solid #ccc}
</style></head>
<body><div id="left"><header><b>OpenLedger GraphQL</b><button id="run">Run (Ctrl+Enter)</button>
<span>endpoint <code>${endpoint}</code>; schema via introspection</span>${
    dashboards ? `<a id="dashboards" href="${dashboards}">dashboards</a>` : ''
  }</header>
<textarea id="query" spellcheck="false">${example}</textarea>
<textarea id="vars" spellcheck="false" placeholder="variables (JSON)"></textarea></div>
<pre id="out"></pre>
<script>
const q = document.getElementById('query'), v = document.getElementById('vars'), out = document.getElementById('out')
async function run() {
  let variables
  try { variables = v.value.trim() ? JSON.parse(v.value) : undefined } catch (e) { out.textContent = 'variables: ' + e.message; return }
  const t = performance.now()
  const res = await fetch(${JSON.stringify(endpoint)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q.value, variables }) })
  const text = await res.text()
  let shown = text
  try { shown = JSON.stringify(JSON.parse(text), null, 2) } catch {}
  out.textContent = '// HTTP ' + res.status + ' in ' + Math.round(performance.now() - t) + ' ms\\n' + shown
}
document.getElementById('run').onclick = run
document.addEventListener('keydown', (e) => { if (e.ctrlKey && e.key === 'Enter') run() })
</script></body></html>`
}
