// The output boundary: commands write through this, never to process.* directly, and every string
// that leaves the program passes the cleaner for its medium whatever its origin (a playbook, the
// keyboard, a case file, a file name):
//   out/err  text for a person: escape sequences, control, bidi and invisible characters removed
//            (takeover's own colours kept), wrapped to the terminal's width;
//   data     a document or data as text (Markdown, HTML, a message, a calendar): cleaned, never wrapped;
//   json     JSON: every character that could act on a terminal written as \uXXXX.
// Files written with -o go through the same cleaners (src/adapters/output-file.ts).
import type { Writable } from 'node:stream';
import { forCalendar, forTerminal, toJson } from '../core/text/sanitize.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { forSpeech, type SpeechWords } from '../core/text/speech.ts';

export interface IO {
  /** text for a person, and the wizard's screen: cleaned and wrapped */
  out(text: string): void;
  /** status lines, warnings and errors (stderr): cleaned and wrapped */
  err(text: string): void;
  /** a document or data as text on stdout: cleaned, never wrapped (a calendar keeps its CRLF) */
  data(text: string, kind?: 'text' | 'calendar'): void;
  /** a value as JSON on stdout */
  json(value: unknown): void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  columns: number;
}

/** The boundary over any two sinks (the process's streams, or a test's arrays). */
export function boundaryIO(
  sink: { out: (text: string) => void; err: (text: string) => void },
  opts: { color: boolean; columns: number; stdinIsTTY: boolean; stdoutIsTTY: boolean; speech?: SpeechWords },
): IO {
  // Into a pipe or a file (no width known), lines stay whole for grep and the person's own tools;
  // for a screen reader too (it reads a line as a whole, and a braille display wraps on its own).
  const columns = opts.speech ? 10_000 : opts.columns;
  const wrap = (text: string) => (columns >= 10_000 ? text : wrapBlock(text.split('\n'), Math.max(20, columns - 1)).join('\n'));
  const spoken = (text: string) => (opts.speech ? forSpeech(text, opts.speech) : text);
  const person = (text: string) => wrap(spoken(forTerminal(text, opts.color)));
  return {
    out: (text) => sink.out(person(text)),
    err: (text) => sink.err(person(text)),
    data: (text, kind = 'text') => sink.out(kind === 'calendar' ? forCalendar(text) : forTerminal(text, false)),
    json: (value) => sink.out(toJson(value)),
    stdinIsTTY: opts.stdinIsTTY,
    stdoutIsTTY: opts.stdoutIsTTY,
    columns,
  };
}

export function processIO(color: boolean, speech?: SpeechWords): IO {
  // Output piped into `head` or `less` that closes early: stop quietly, as other CLIs do.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error')) continue; // src/cli.ts set it up already
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  const write = (stream: Writable) => (text: string) => {
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  return boundaryIO(
    { out: write(process.stdout), err: write(process.stderr) },
    {
      color,
      stdinIsTTY: Boolean(process.stdin.isTTY),
      stdoutIsTTY: Boolean(process.stdout.isTTY),
      // Wrapped to the terminal's width; into a pipe or a file, lines stay whole (for grep and
      // for the person's own tools), unless COLUMNS says otherwise.
      columns: process.stdout.isTTY ? process.stdout.columns || 80 : Number(process.env.COLUMNS) || 10_000,
      ...(speech ? { speech } : {}),
    },
  );
}
