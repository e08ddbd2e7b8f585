// The admin CLI's help text and its usage error (exit code 2), kept apart from the commands.

export const USAGE = `Parley admin: organizations and people on this relay's data folder (PARLEY_DATA_DIR).

Usage: npm run parley -- <command>

  org add <name>                      Create an organization.
  org list                            List organizations.
  user add --org <name> --email <e> --name <n> [--password <p>]
                                      Create a person in an organization. Without --password a
                                      random one is generated and printed once.
  user list [--org <name>]            List people, of one organization or of all.
  records import --org <name> [--format json|csv] <file>
                                      Import records (candidates, jobs, …) from a .json or .csv
                                      file; bad rows are skipped and listed. See docs/records.md.
  host org put <org> --name <n>       Create or rename the host organization <org> (the host's id).
  host user put <org> <sub> --name <n> [--email <e>]
                                      Create or update the host person <sub> of <org>.
  host user list <org>                List the people of host organization <org>.
  host user remove <org> <sub>        Deactivate a host person: their sessions end, their
                                      chats stay. (Needs PARLEY_HOST_JWT_ISSUER.)
  config-table                        Print the configuration table of docs/configuration.md.
  help                                Show this text.

Exit codes: 0 done (an import that skipped rows too), 1 failed (e.g. email taken, a file that
cannot be read), 2 wrong usage.`

/** A command line that does not match USAGE. */
export class UsageError extends Error {
  override name = 'UsageError'
}
