// Streams the records of a JSON file, an array or `{ "records": [ … ] }`, with stream-json: one
// record in memory at a time. A syntax error anywhere fails the whole file (RecordsFileError).

import fs from 'node:fs'
import { chainUnchecked } from 'stream-chain'
import { parser } from 'stream-json'
import { pick } from 'stream-json/filters/pick.js'
import { streamArray } from 'stream-json/streamers/stream-array.js'
import { RecordsFileError, type FileItem } from './file-items.ts'

/** Where the JSON starts (after a byte order mark) and whether it opens with `[`. */
export function jsonStart(file: string): { offset: number; list: boolean } {
  const head = Buffer.alloc(4096)
  const fd = fs.openSync(file, 'r')
  const length = fs.readSync(fd, head, 0, head.length, 0)
  fs.closeSync(fd)
  const bom = length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
  return { offset: bom, list: head.subarray(bom, length).toString('utf8').trimStart().startsWith('[') }
}

export async function* readJson(file: string, stream: fs.ReadStream, list: boolean): AsyncGenerator<FileItem> {
  // `[ … ]` is streamed as it is; `{ "records": [ … ] }` through a filter that picks that key.
  const shape = new ShapeWatch()
  const records = pick({ filter: (stack) => stack.length === 1 && stack[0] === 'records' })
  // Unchecked: stream-chain's typings cannot follow a token filter written as a plain function.
  const pipeline = chainUnchecked([stream, parser(), shape.tokens, ...(list ? [] : [records]), streamArray()])
  let n = 0
  try {
    for await (const item of pipeline as AsyncIterable<{ value: unknown }>) yield { kind: 'row', row: { where: `record ${++n}`, input: item.value } }
  } catch (err) {
    throw new RecordsFileError('unreadable', `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!shape.isList()) throw new RecordsFileError('not_records', `${file} must hold an array of records, or { "records": [ … ] }.`)
}

interface Token {
  name: string
  value?: unknown
}

/** Watches the token stream for a top-level array or a top-level `records` array, and passes the tokens on. */
class ShapeWatch {
  private depth = 0
  private topArray = false
  private recordsKey = false
  private recordsArray = false

  readonly tokens = (token: Token): Token => {
    if (token.name === 'startArray') {
      if (this.depth === 0) this.topArray = true
      if (this.depth === 1 && this.recordsKey) this.recordsArray = true
    }
    if (token.name === 'keyValue') this.recordsKey = this.depth === 1 && token.value === 'records'
    if (token.name === 'startObject' || token.name === 'startArray') this.depth++
    if (token.name === 'endObject' || token.name === 'endArray') this.depth--
    return token
  }

  isList = () => this.topArray || this.recordsArray
}
