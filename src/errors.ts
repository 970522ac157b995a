// The few error classes the CLI knows. src/cli.ts is the one place that turns them into exit codes.

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** a playbook with problems, a damaged saved file, a file that cannot be read */
  failure: 1,
  /** unknown command, option, playbook or incident; a bad value */
  usage: 2,
  /** start/resume need an interactive terminal */
  notInteractive: 3,
  /** something could not be saved (read-only folder, no permission, disk full); nothing was half-written */
  notSaved: 4,
  /** the case is open in another takeover session */
  locked: 5,
  /** stopped with Ctrl+C; everything answered before was saved */
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
  constructor(
    /** text typed into a box and not yet entered, when the person stopped there */
    readonly draft?: string,
  ) {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
