// The Prompter: the one interface the wizard asks through. In a terminal it is backed by the
// prompts in ./prompts.ts; tests use a scripted one. A commit (the save) runs before the ✔; when
// it fails, the prompt shows ✖ and the commit's error is thrown here, unchanged.
import { CancelledError } from '../errors.ts';
import { sanitize } from '../core/text/sanitize.ts';
import type { Style } from '../core/text/style.ts';
import { highlighted, terminalPrompts, type PromptWords, type TerminalPrompts } from './prompts.ts';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
  /** draw a line above this choice */
  separatorBefore?: boolean;
}

export type Commit<T> = (value: T) => boolean | void | Promise<boolean | void>;

export interface Prompter {
  /** One choice. `default: null` highlights nothing, so an Enter alone picks nothing (questions). */
  select<T extends string>(opts: { message: string; choices: Choice<T>[]; default?: T | null; commit?: Commit<T> }): Promise<T>;
  /** Several choices (space to tick). */
  checkbox<T extends string>(opts: { message: string; choices: Choice<T>[]; checked?: T[]; required?: string; commit?: Commit<T[]> }): Promise<T[]>;
  /**
   * A line of text. `validate` returns true or the message to show (the text stays in the box).
   * With `allowMenu`, Esc returns null: the person wants the step's other choices.
   */
  input(opts: { message: string; default?: string; prefill?: string; validate?: (value: string) => true | string; allowMenu?: boolean; commit?: Commit<string> }): Promise<string | null>;
}

function isPromptExit(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

/** Runs a prompt; turns Ctrl+C into CancelledError (with the text left in the box, if any) and a failed commit into the commit's own error. */
async function guarded<R extends { error?: string }, T>(ask: (wrap: <V>(c: Commit<V> | undefined) => Commit<V> | undefined) => Promise<R>, pick: (r: R) => T, draft?: () => string): Promise<T> {
  let failure: unknown;
  const wrap = <V>(c: Commit<V> | undefined): Commit<V> | undefined =>
    c &&
    (async (v: V) => {
      try {
        return await c(v);
      } catch (e) {
        failure = e;
        throw e;
      }
    });
  let result: R;
  try {
    result = await ask(wrap);
  } catch (error) {
    if (isPromptExit(error)) throw new CancelledError(draft?.());
    throw error;
  }
  if (result.error !== undefined) throw failure ?? new Error(result.error);
  return pick(result);
}

/** The prompter on the real terminal: the drawn prompts, or `prompts` given (the plain line prompts). */
export function terminalPrompter(style: Style, words: PromptWords, io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; rows: () => number }, prompts?: TerminalPrompts): Prompter {
  const p: TerminalPrompts = prompts ?? terminalPrompts({ style, words, columns: () => (io.output as NodeJS.WriteStream).columns || 80 }, io);
  // The prompts' side of the output boundary: every text they draw, cleaned (the prompts themselves
  // move the cursor, so their stream cannot be cleaned as a whole).
  const items = <T extends string>(choices: Choice<T>[]) => choices.map((c) => ({ ...c, name: sanitize(c.name), ...(c.description ? { description: sanitize(c.description) } : {}) }));
  return {
    select<T extends string>(o: { message: string; choices: Choice<T>[]; default?: T | null; commit?: Commit<T> }): Promise<T> {
      return guarded(
        (wrap) =>
          p.select({
            message: sanitize(o.message),
            items: items(o.choices),
            default: highlighted(o.default, o.choices),
            ...(o.commit ? { commit: wrap(o.commit as Commit<string>)! } : {}),
          }),
        (r) => r.value as T,
      );
    },
    checkbox<T extends string>(o: { message: string; choices: Choice<T>[]; checked?: T[]; required?: string; commit?: Commit<T[]> }): Promise<T[]> {
      return guarded(
        (wrap) =>
          p.checkbox({
            message: sanitize(o.message),
            items: items(o.choices),
            checked: o.checked ?? [],
            ...(o.required ? { required: o.required } : {}),
            ...(o.commit ? { commit: wrap(o.commit as Commit<string[]>)! } : {}),
          }),
        (r) => r.value as T[],
      );
    },
    input: (o) => {
      let typed = '';
      return guarded(
        (wrap) =>
          p.text({
            onChange: (v) => {
              typed = v;
            },
            message: sanitize(o.message),
            ...(o.default !== undefined ? { default: sanitize(o.default) } : {}),
            ...(o.prefill ? { prefill: sanitize(o.prefill) } : {}),
            ...(o.validate ? { validate: o.validate } : {}),
            allowMenu: !!o.allowMenu,
            ...(o.commit ? { commit: wrap(o.commit)! } : {}),
          }),
        (r) => (r.menu ? null : r.value),
        () => typed,
      );
    },
  };
}
