/** Exit code of a command line the CLI does not understand (unknown command or option). */
export const USAGE_EXIT = 2;

/**
 * A failure the user can act on (a wrong argument, a missing or malformed file): printed as
 * one line, `stance-ledger: <message>`, without a stack, and the process exits `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
