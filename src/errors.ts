// The few error classes the CLI knows. src/cli.ts is the one place that turns them into exit codes.

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notInteractive: 3,
  interrupted: 130,
} as const;

/** An error with a message meant for the person, and an exit code. */
export class TakeoverError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    /** extra lines printed after the message (hints, lists) */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'TakeoverError';
  }
}

/** The person pressed Ctrl+C (or the terminal closed) at a prompt. Progress was saved before. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
