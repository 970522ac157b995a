// Output streams and terminal facts. Commands write through this, never to process.* directly.
import type { Writable } from 'node:stream';

export interface IO {
  /** data and the wizard's screen */
  out(text: string): void;
  /** status lines, warnings and errors */
  err(text: string): void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  columns: number;
}

export function processIO(): IO {
  // Output piped into `head` or `less` that closes early: stop quietly, as other CLIs do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  const write = (stream: Writable) => (text: string) => {
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  return {
    out: write(process.stdout),
    err: write(process.stderr),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    // Wrapped to the terminal's width; into a pipe or a file, lines stay whole (for grep and
    // for the person's own tools), unless COLUMNS says otherwise.
    columns: process.stdout.isTTY ? process.stdout.columns || 80 : Number(process.env.COLUMNS) || 10_000,
  };
}
