import { render } from 'solid-js/web'
import { App } from './components/App.tsx'
import { registerServiceWorker } from './service-worker/register.ts'
import './styles/base.css'

render(() => <App />, document.getElementById('root')!)
registerServiceWorker()
