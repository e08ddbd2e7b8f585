// Reads a V8 heap snapshot (.heapsnapshot) and sums the self size of its nodes by what made
// them: the constructor for objects, the function name for closures, the kind for the rest
// (strings, code, arrays). Self sizes only: retained sizes need a dominator tree, and a sum by
// constructor already shows where memory per connection goes.

import fs from 'node:fs'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }
  nodes: number[]
  strings: string[]
}

export interface HeapGroups {
  /** Sum of every node's self size, bytes. */
  total: number
  groups: Map<string, { bytes: number; count: number }>
}

export function heapByConstructor(file: string): HeapGroups {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot
  const fields = data.snapshot.meta.node_fields
  const types = data.snapshot.meta.node_types[0]
  const width = fields.length
  const typeAt = fields.indexOf('type')
  const nameAt = fields.indexOf('name')
  const sizeAt = fields.indexOf('self_size')
  const groups = new Map<string, { bytes: number; count: number }>()
  let total = 0
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt]!]!
    const name = data.strings[data.nodes[i + nameAt]!]!
    const size = data.nodes[i + sizeAt]!
    total += size
    const key = groupOf(type, name)
    const group = groups.get(key)
    if (group) {
      group.bytes += size
      group.count++
    } else {
      groups.set(key, { bytes: size, count: 1 })
    }
  }
  return { total, groups }
}

function groupOf(type: string, name: string): string {
  switch (type) {
    case 'object':
    case 'native':
      return name
    case 'closure':
      return `(closure ${name || 'anonymous'})`
    case 'array':
    case 'hidden':
      return `(${type} ${name})`
    default:
      return `(${type})`
  }
}
