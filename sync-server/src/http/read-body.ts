// Reads a JSON request body and checks it against a valibot schema. Anything else (not JSON,
// wrong shape, a NUL character in any string) is one 400 `invalid_body`, never a 500.

import type { Context } from 'hono'
import * as v from 'valibot'
import { ApiError, NUL_MESSAGE } from './errors.ts'

/** JSON.parse reviver that refuses NUL in any key or string: PostgreSQL cannot store it, so no engine accepts it. */
const refuseNul = (key: string, value: unknown): unknown => {
  if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) throw new ApiError(400, 'invalid_body', NUL_MESSAGE)
  return value
}

export async function readJsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const text = await c.req.text()
  let json: unknown
  try {
    json = JSON.parse(text, refuseNul)
  } catch (error) {
    if (error instanceof ApiError) throw error
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
