// The accessible prompts: every question is plain lines — the question, numbered choices, what to
// type — answered with a line of input (the terminal's own line editing and echo). No cursor
// movement, no erasing, no redraw: a screen reader or a braille display reads each line once.
// Used with TAKEOVER_ACCESSIBLE=1, `takeover config set accessible on`, or TERM=dumb. The answers
// are saved exactly as with the drawn prompts (the same commit runs before the ✔).
import { StringDecoder } from 'node:string_decoder';
import type { Style } from '../core/text/style.ts';
import { wrapBlock } from '../core/text/wrap.ts';
import { forTerminal } from '../core/text/sanitize.ts';
import { forSpeech, type SpeechWords } from '../core/text/speech.ts';
import { entered, type Commit, type Outcome, type PromptItem, type TerminalPrompts } from './prompts.ts';

export interface LineWords {
  /** "Type a number from 1 to {count}, then Enter." */
  typeNumber: (count: number) => string;
  /** "Type the numbers of all that fit (for example 1 3), then Enter. Enter alone: none." */
  typeNumbers: (count: number) => string;
  /** "Enter alone: {name}." */
  enterDefault: (name: string) => string;
  /** "That is not one of the numbers." */
  notANumber: string;
  /** "Type ? for other choices (later, back, note, stop)." */
  menuHint: string;
  /** "(left empty)" */
  empty: string;
  /** shown while the answer is saved */
  saving: string;
  /** between the names of the choices ticked: ", " / "、" */
  listJoin: string;
}

type Input = NodeJS.ReadableStream & { pause(): unknown; resume(): unknown };

/** An error the prompter turns into "stopped" (Ctrl+C, or the input closed). */
class ExitPromptError extends Error {
  constructor() {
    super('stopped');
    this.name = 'ExitPromptError';
  }
}

/**
 * Lines from the input, one at a time. Lines typed ahead (or pasted together) are kept for the
 * next questions; between questions the input is paused, so it never keeps the program alive.
 */
class LineReader {
  private buffer = '';
  private readonly lines: string[] = [];
  private readonly decoder = new StringDecoder('utf8');
  private closed = false;

  constructor(private readonly input: Input) {}

  next(): Promise<string> {
    const ready = this.lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.reject(new ExitPromptError());
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        this.input.off('data', onData);
        this.input.off('end', onEnd);
        process.off('SIGINT', onInterrupt);
        this.input.pause();
        fn();
      };
      const onData = (chunk: Buffer | string) => {
        this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
        const parts = this.buffer.split(/\r?\n|\r/);
        this.buffer = parts.pop() ?? '';
        this.lines.push(...parts);
        const line = this.lines.shift();
        if (line !== undefined) done(() => resolve(line));
      };
      const onEnd = () => {
        this.closed = true;
        done(() => reject(new ExitPromptError()));
      };
      // In line mode Ctrl+C reaches the process as a signal: stop the question as the drawn prompts do.
      const onInterrupt = () => done(() => reject(new ExitPromptError()));
      this.input.on('data', onData);
      this.input.on('end', onEnd);
      process.on('SIGINT', onInterrupt);
      this.input.resume();
    });
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function linePrompts(look: { style: Style; words: LineWords; speech?: SpeechWords }, io: { input: Input; output: NodeJS.WritableStream; columns: () => number }): TerminalPrompts {
  const { style, words } = look;
  const reader = new LineReader(io.input);
  // the same cleaning as all output (takeover's own colours kept); marks said in words; wrapped
  // only where a width is known (a screen reader's output has none: each line is read whole)
  const spoken = (text: string) => (look.speech ? forSpeech(text, look.speech) : text);
  const say = (lines: string[]) => io.output.write(`${wrapBlock(spoken(forTerminal(lines.join('\n'), true)).split('\n'), Math.max(20, io.columns() - 1)).join('\n')}\n`);

  /** The save, then the answer said back: ✔ saved, › nothing to save, ✖ not saved (with why). */
  async function finish<V>(message: string, value: V, shown: string, commit: Commit<V> | undefined): Promise<Outcome<V>> {
    let saved: boolean | void;
    try {
      saved = await commit?.(value);
    } catch (e) {
      say([`${style.bad('✖')} ${message} ${shown}`, style.bad(errorText(e))]);
      return { value, error: errorText(e) };
    }
    say([`${saved === true ? style.good('✔') : '›'} ${message} ${shown}`]);
    return { value };
  }

  const numbered = (items: PromptItem[]) => items.map((item, i) => `  ${i + 1}. ${item.name}${item.description ? ` — ${item.description}` : ''}`);

  return {
    async select(o) {
      const def = o.items.find((i) => i.value === o.default);
      say(['', `? ${o.message}`, ...numbered(o.items), words.typeNumber(o.items.length) + (def ? ` ${words.enterDefault(def.name)}` : '')]);
      for (;;) {
        const line = (await reader.next()).trim().normalize('NFKC');
        const pick = line === '' ? def : o.items[Number(line) - 1];
        if (pick && (line === '' || /^\d+$/.test(line))) return finish(o.message, pick.value, pick.name, o.commit);
        say([line === '' ? words.typeNumber(o.items.length) : words.notANumber]);
      }
    },
    async checkbox(o) {
      say(['', `? ${o.message}`, ...numbered(o.items), words.typeNumbers(o.items.length)]);
      for (;;) {
        const line = (await reader.next()).trim().normalize('NFKC');
        const numbers = line ? line.split(/[\s,、]+/).map(Number) : [];
        if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > o.items.length)) {
          say([words.notANumber]);
          continue;
        }
        const picked = o.items.filter((_, i) => numbers.includes(i + 1));
        if (o.required && !picked.length) {
          say([o.required]);
          continue;
        }
        return finish(
          o.message,
          picked.map((p) => p.value),
          picked.map((p) => p.name).join(words.listJoin) || words.empty,
          o.commit,
        );
      }
    },
    async text(o) {
      const hints = [...(o.default !== undefined ? [words.enterDefault(o.default)] : []), ...(o.allowMenu ? [words.menuHint] : [])];
      say(['', `? ${o.message}`, ...(o.prefill ? [o.prefill] : []), ...(hints.length ? [hints.join(' ')] : [])]);
      for (;;) {
        const typed = await reader.next();
        if (o.allowMenu && typed.trim() === '?') {
          say([`› ${o.message}`]);
          return { value: '', menu: true };
        }
        const answer = entered(typed, o.default);
        const verdict = o.validate ? o.validate(answer) : true;
        if (verdict !== true) {
          say([verdict]);
          continue;
        }
        return finish(o.message, answer, answer.trim() === '' ? words.empty : answer.length > 400 ? `${answer.slice(0, 400)}…` : answer, o.commit);
      }
    },
  };
}
