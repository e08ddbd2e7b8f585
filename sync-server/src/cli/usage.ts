// The admin CLI's help text and its usage error (exit code 2), kept apart from the commands.

export const USAGE = `Parley admin: organizations, people and backups of this relay's data: the SQLite file in
PARLEY_DATA_DIR, or the PostgreSQL database of PARLEY_DATABASE_URL when it is set.

Usage: npm run parley -- <command>

  org add <name>                      Create an organization.
  org list                            List organizations.
  org rename --org <name> <new name>  Rename an organization.
  user add --org <name> --email <e> --name <n> [--password <p>]
                                      Create a person in an organization. Without --password a
                                      random one is generated and printed once.
  user list [--org <name>]            List people, of one organization or of all, with their status.
  user disable --email <e>            End their sessions (open sockets close within seconds) and
                                      refuse their logins; their chats stay.
  user enable --email <e>             Let a disabled person sign in again.
  user delete --email <e>             Disable for good: the password and email are removed (the
                                      email can be used again); name and messages stay.
  user reset-password --email <e> [--password <p>]
                                      Set a new password (generated and printed once without
                                      --password) and end their sessions.
  session revoke --user <email>       End every session of a person (they may sign in again).
  records import --org <name> [--format json|csv] <file>
                                      Import records (candidates, jobs, …) from a .json or .csv
                                      file; bad rows are skipped and listed. See docs/records.md.
  host org put <org> --name <n>       Create or rename the host organization <org> (the host's id).
  host user put <org> <sub> --name <n> [--email <e>]
                                      Create or update the host person <sub> of <org>.
  host user list <org>                List the people of host organization <org>.
  host user remove <org> <sub>        Deactivate a host person: their sessions end, their
                                      chats stay. (Needs PARLEY_HOST_JWT_ISSUER.)
  migrate --to <postgres://…> [--sample <n>]
                                      Copy this data folder into an empty PostgreSQL database and
                                      verify the copy (row counts, n documents compared; 20 by
                                      default). The relay must be stopped. See docs/operations.md.
  backup <file>                       Copy the database into a new file while the relay runs
                                      (SQLite's online backup: one consistent state).
  restore <file>                      Replace the database with a backup. The relay must be
                                      stopped; the replaced database is kept beside it.
                                      backup and restore work on the SQLite file in the data
                                      folder; with PARLEY_DATABASE_URL (PostgreSQL) use
                                      pg_dump and pg_restore instead.
  config-table                        Print the configuration table of docs/configuration.md.
  version                             Print Parley's version (also --version).
  help                                Show this text.

Exit codes: 0 done (an import that skipped rows too), 1 failed (e.g. email taken, a file that
cannot be read), 2 wrong usage.`

/** A command line that does not match USAGE. */
export class UsageError extends Error {
  override name = 'UsageError'
}
