// What a stored record may hold, as valibot schemas: the limits that the import command, the
// SQLite store and a host CRM's answers all share. People are not records: they come from the
// accounts, so `person` is not a type that can be stored or imported.

import { RECORD_TYPES, type RecordType } from '@parley/chat-model'
import * as v from 'valibot'

export const MAX_LABEL_LENGTH = 300 // the longest label a mention may carry
export const MAX_ID_LENGTH = 128
export const MAX_NUMBER_LENGTH = 64
export const MAX_FIELDS = 30
export const MAX_FIELD_NAME_LENGTH = 60
export const MAX_FIELD_VALUE_LENGTH = 2000

export const STORED_RECORD_TYPES = RECORD_TYPES.filter((t): t is Exclude<RecordType, 'person'> => t !== 'person')
export type StoredRecordType = (typeof STORED_RECORD_TYPES)[number]

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const noControl = (what: string) => v.check<string, string>((s) => !CONTROL.test(s), `${what} has control characters`)
/** Labels and field values read as one line: tabs and newlines become single spaces. */
const oneLine = v.transform<string, string>((s) => s.replace(/\s+/g, ' ').trim())

/** Text, or a whole number (JSON exports often have numeric ids), as text. */
const textOrInteger = (what: string) =>
  v.pipe(v.union([v.string(), v.pipe(v.number(), v.integer(`${what} must be text or a whole number`))], `${what} must be text or a whole number`), v.transform((value) => String(value)))

const Id = v.pipe(textOrInteger('id'), v.trim(), v.minLength(1, 'id is missing'), v.maxLength(MAX_ID_LENGTH, `id is longer than ${MAX_ID_LENGTH} characters`), noControl('id'))
const Number_ = v.pipe(textOrInteger('number'), v.trim(), v.maxLength(MAX_NUMBER_LENGTH, `number is longer than ${MAX_NUMBER_LENGTH} characters`), noControl('number'))
const Label = v.pipe(v.string('label must be text'), oneLine, v.minLength(1, 'label is missing'), v.maxLength(MAX_LABEL_LENGTH, `label is longer than ${MAX_LABEL_LENGTH} characters`))
const FieldValue = v.pipe(
  v.union([v.string(), v.number(), v.boolean()], 'a field value must be text, a number or true/false'),
  v.transform((value) => String(value)),
  oneLine,
  v.maxLength(MAX_FIELD_VALUE_LENGTH, `a field value is longer than ${MAX_FIELD_VALUE_LENGTH} characters`),
)
const FieldName = v.pipe(v.string(), v.trim(), v.minLength(1, 'a field has no name'), v.maxLength(MAX_FIELD_NAME_LENGTH, `a field name is longer than ${MAX_FIELD_NAME_LENGTH} characters`), noControl('a field name'))
const Fields = v.pipe(
  v.custom<Record<string, unknown>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), 'fields must be an object of names and values'),
  v.record(FieldName, v.nullish(FieldValue)),
  // Empty values are left out: a record page shows what is known.
  v.transform((fields) => Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''))),
  v.check((fields) => Object.keys(fields).length <= MAX_FIELDS, `more than ${MAX_FIELDS} fields`),
)

/** A record as the store keeps it (the organization is given separately). */
export const StoredRecordSchema = v.object({
  type: v.picklist(STORED_RECORD_TYPES, `type must be one of ${STORED_RECORD_TYPES.join(', ')}`),
  id: v.optional(Id, ''),
  number: v.optional(Number_, ''),
  label: v.optional(Label, ''),
  fields: v.optional(Fields, {}),
}, 'a record must be an object')
export type StoredRecord = v.InferOutput<typeof StoredRecordSchema>

/** Parses anything into a StoredRecord, or the first problem as a sentence. */
export function readStoredRecord(input: unknown): { ok: true; record: StoredRecord } | { ok: false; reason: string } {
  const result = v.safeParse(StoredRecordSchema, input)
  if (result.success) return { ok: true, record: result.output }
  const issue = result.issues[0]
  if (!issue) return { ok: false, reason: 'not a record' }
  const where = v.getDotPath(issue)
  return { ok: false, reason: where?.startsWith('fields.') ? `${issue.message} (${where})` : issue.message }
}
