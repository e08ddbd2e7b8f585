// Reads a JSON request body and checks it against a valibot schema. Anything else (not JSON,
// wrong shape) is one 400 `invalid_body`, never a 500.

import type { Context } from 'hono'
import * as v from 'valibot'
import { ApiError } from './errors.ts'

export async function readJsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const text = await c.req.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid_body', 'The body must be JSON.')
  }
  const result = v.safeParse(schema, json)
  if (!result.success) {
    const issue = result.issues[0]
    const where = issue ? v.getDotPath(issue) : null
    throw new ApiError(400, 'invalid_body', where ? `Invalid "${where}": ${issue?.message}` : `Invalid body: ${issue?.message ?? 'unexpected shape'}`)
  }
  return result.output
}
