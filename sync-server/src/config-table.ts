// Renders the configuration options as the Markdown table in docs/configuration.md. A test checks
// that the document holds exactly this table; `npm run parley -- config-table` prints it.

import { OPTIONS } from './config.ts'

const shown = (value: unknown): string => {
  if (Array.isArray(value)) return value.length ? value.join(',') : '(none)'
  if (value === '') return '(empty)'
  return String(value)
}

export function configurationTable(): string {
  const rows = Object.values(OPTIONS).map((o) => `| \`${o.env}\` | \`${shown(o.default)}\` | ${o.description} |`)
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n')
}
