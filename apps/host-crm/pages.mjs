// The example CRM's pages: sign-in, the dashboard and a record page, each with the CRM's top
// bar. The bar holds Parley's icon exactly as docs/embedding.md says: one script tag and one
// element. Every value is escaped; nothing here is a template engine.

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

const STYLE = `
  body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: #1f2937; background: #f3f4f6; }
  .bar { display: flex; align-items: center; gap: 16px; padding: 0 20px; height: 56px; background: #7c2d12; color: #fff; }
  .bar .brand { font-weight: 700; margin-right: auto; }
  .bar a { color: #fde68a; }
  .bar .icons { display: flex; align-items: center; gap: 6px; }
  .bar button.crm-icon { width: 40px; height: 40px; border: 0; border-radius: 50%; background: transparent; color: inherit; font-size: 18px; }
  parley-chat { --parley-icon-size: 22px; --parley-icon-color: #fff; --parley-badge-background: #facc15; --parley-badge-color: #111; }
  main { max-width: 760px; margin: 32px auto; padding: 24px; background: #fff; border-radius: 12px; }
  form { display: grid; gap: 10px; max-width: 320px; }
  .error { color: #b91c1c; }
`

const page = (title, body, head = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Northwind CRM</title><style>${STYLE}</style>${head}</head>
<body>${body}
<script>if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js')</script>
</body></html>`

/** The CRM's top bar, with Parley's icon among the CRM's own. */
const bar = (user, parleyUrl) => `
<script type="module" src="${escape(parleyUrl)}/embed.js"></script>
<header class="bar">
  <span class="brand">Northwind CRM</span>
  <a href="/">Dashboard</a>
  <span class="icons">
    <button type="button" class="crm-icon" title="Notifications (the CRM's own)">🔔</button>
    <parley-chat token-url="/parley/token"></parley-chat>
  </span>
  <span class="who">${escape(user.name)}</span>
  <form method="post" action="/logout" style="display:inline"><button>Sign out</button></form>
</header>`

export const loginPage = (error) =>
  page(
    'Sign in',
    `<main><h1>Northwind CRM</h1>
     <form method="post" action="/login">
       <label>Email <input name="email" type="email" autocomplete="username" required></label>
       <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
       ${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
       <button>Sign in</button>
     </form>
     <p>People: ann@northwind.test, ben@northwind.test, cat@northwind.test; password <code>crm</code>.</p></main>`,
  )

export const dashboardPage = (user, parleyUrl) =>
  page('Dashboard', `${bar(user, parleyUrl)}<main><h1>Dashboard</h1><p>Welcome, ${escape(user.name)}.</p></main>`)

export const recordPage = (user, parleyUrl, record) =>
  page(
    record ? record.label : 'Not found',
    `${bar(user, parleyUrl)}<main>${
      record
        ? `<p>${escape(record.type)} · ${escape(record.number)}</p><h1>${escape(record.label)}</h1>
           <dl>${Object.entries(record.fields).map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>`
        : '<h1>No such record</h1>'
    }</main>`,
  )
