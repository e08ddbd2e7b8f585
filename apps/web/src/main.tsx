import { render } from 'solid-js/web'
import { App } from './components/App.tsx'
import './styles/base.css'

render(() => <App />, document.getElementById('root')!)
