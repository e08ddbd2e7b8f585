import { render } from 'solid-js/web'
import { App } from './components/App.tsx'
import { EmbedApp } from './components/EmbedApp.tsx'
import { PANEL_PATH } from './embed/messages.ts'
import { registerServiceWorker } from './service-worker/register.ts'
import './styles/base.css'

// The same build serves the app and the panel that <parley-chat> frames in a host's page.
const Root = location.pathname === PANEL_PATH ? EmbedApp : App
render(() => <Root />, document.getElementById('root')!)
registerServiceWorker()
