import { render } from 'solid-js/web'
import { App } from './components/App.tsx'
import { PANEL_PATH } from './embed/messages.ts'
import { registerServiceWorker } from './service-worker/register.ts'
import './styles/base.css'

const root = document.getElementById('root')!
// The same build serves the app and the panel that <parley-chat> frames in a host's page; the
// panel's root is loaded only there (the service worker keeps it for offline like the rest).
if (location.pathname === PANEL_PATH) {
  void import('./components/EmbedApp.tsx').then(({ EmbedApp }) => render(() => <EmbedApp />, root))
} else {
  render(() => <App />, root)
}
registerServiceWorker()
