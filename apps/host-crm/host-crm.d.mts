// Types of host-crm.mjs for the TypeScript tests that start it.

export interface HostCrmOptions {
  port?: number
  host?: string
  /** The relay's address, e.g. http://127.0.0.1:8787, or a function that returns it. */
  parleyUrl: string | (() => string)
  /** The relay's PARLEY_HOST_JWT_ISSUER. */
  issuer: string
  /** The relay's PARLEY_HOST_JWT_SECRET. */
  secret: string
  /** The relay's PARLEY_RECORDS_TOKEN. */
  recordsToken: string
  /** Where the CRM is reached, for record links; its listening address by default. */
  publicUrl?: string
}

export interface RunningHostCrm {
  url: string
  close(): Promise<void>
}

export function startHostCrm(options: HostCrmOptions): Promise<RunningHostCrm>
