// The three prompts takeover asks with, built on @inquirer/core (the engine of
// @inquirer/prompts). They differ from the stock prompts where a frightened person needs it:
//
// - A ✔ means saved: each prompt runs a `commit` (the save) before it draws its ✔. When the save
//   fails, it draws ✖ with the reason and leaves the answer on the screen.
// - A question has no silent default: nothing is highlighted until the person moves or types a
//   number, so an extra Enter never picks a branch.
// - Choices are numbered; a number key jumps to that choice.
// - Pasting is linear: a pasted block is inserted in one piece (the stock input redraws the
//   whole line for every character, which is quadratic).
// - Esc in a text box opens the step's menu (later, back, note, stop), when the caller allows it.
import { AsyncResource } from 'node:async_hooks';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createPrompt, isBackspaceKey, isDownKey, isEnterKey, isSpaceKey, isUpKey, useEffect, useKeypress, useRef, useState, type KeypressEvent } from '@inquirer/core';
import { stripVTControlCharacters } from 'node:util';
import type { Translate } from '../core/text/messages/index.ts';
import type { Style } from '../core/text/style.ts';
import { displayWidth, hangingIndent, wrapLine } from '../core/text/wrap.ts';

export interface PromptItem {
  value: string;
  name: string;
  description?: string;
  separatorBefore?: boolean;
}

export interface PromptWords {
  /** key help for a list: "↑↓ or number: move · ⏎: choose" */
  selectHelp: string;
  /** key help for a multi-choice list */
  checkboxHelp: string;
  /** shown when Enter is pressed on a question with nothing chosen yet */
  pickFirst: string;
  /** shown while the answer is being saved */
  saving: string;
  /** shown after a text box left empty (skipped) */
  empty: string;
  /** between the names of the choices ticked: ", " / "、" */
  listJoin: string;
}

/** The prompts' words in the person's language. */
export function promptWords(t: Translate): PromptWords {
  return { selectHelp: t('keys.select'), checkboxHelp: t('keys.checkbox'), pickFirst: t('keys.pickFirst'), saving: t('keys.saving'), empty: t('keys.empty'), listJoin: t('list.join') };
}

export type Outcome<T> = { value: T; error?: undefined } | { value: T; error: string };

/**
 * The save, run before the answer is drawn as given: resolves `true` when something was saved
 * (the prompt then shows ✔), anything else when nothing needed saving (›), and rejects with the
 * reason when the save failed (✖).
 */
export type Commit<T> = (value: T) => boolean | void | Promise<boolean | void>;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------------------------------------
// The terminal input, with pastes delivered in one piece.

type RawInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown; isRaw?: boolean };

/** A chunk that is a paste (several printable characters at once) rather than a key. */
function isPaste(s: string): boolean {
  return s.length > 1 && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s) && !s.startsWith('\u001b');
}

/** Characters a key never is: C1 controls, bidi controls, zero-width and tag characters. */
const TYPED_UNSAFE = /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]|\udb40[\udc00-\udc7f]/g;

/**
 * Sits between the terminal and readline. Keys pass through untouched; a paste goes to
 * `onPaste` (which inserts it with one redraw), followed by Enter when it ended with a newline.
 */
export class TerminalInput extends PassThrough {
  readonly isTTY = true;
  isRaw = false;
  onPaste: ((text: string) => void) | undefined;
  // A long paste arrives in pieces that may split a character's bytes (Japanese is 3 bytes in
  // UTF-8): decode across pieces, never piece by piece, or a split character becomes "�".
  private readonly decoder = new StringDecoder('utf8');
  private readonly listener = (chunk: Buffer | string) => {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text) this.feed(text);
  };

  constructor(private readonly source: RawInput) {
    super();
    source.on('data', this.listener);
    source.resume();
  }

  setRawMode(mode: boolean): this {
    this.source.setRawMode?.(mode);
    this.isRaw = mode;
    return this;
  }

  private feed(raw: string): void {
    // What is typed or pasted never carries C1 controls, bidi overrides or invisible characters
    // into the box (and onto the screen): they are dropped as they arrive. Keys (ESC sequences,
    // C0 such as Enter, Backspace, Ctrl+C) pass untouched.
    const s = raw.replace(TYPED_UNSAFE, '');
    if (!s) return;
    const body = s.replace(/[\r\n]+$/, '');
    if (this.onPaste && isPaste(body)) {
      this.onPaste(body.replace(/\r\n|\r|\n|\t/g, ' '));
      if (body.length < s.length) this.write('\r');
      return;
    }
    this.write(s);
  }

  dispose(): void {
    this.source.removeListener('data', this.listener);
    this.source.pause();
    this.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Shared drawing

export interface Look {
  style: Style;
  words: PromptWords;
  /** the terminal's width: takeover wraps every line itself (kinsoku in Japanese, whole words in English) */
  columns?: () => number;
}

/** A line wrapped to the terminal by takeover's rules, continuing under its text; styled per line after. */
export function fit(look: Look, text: string, indent?: string, paint: (s: string) => string = (x) => x): string[] {
  const width = (look.columns?.() ?? 80) - 1;
  return wrapLine(text, width, indent ?? hangingIndent(stripVTControlCharacters(text))).map((line) => paint(line));
}

type Status = 'idle' | 'saving' | 'done' | 'saved' | 'failed';

/**
 * The choice highlighted when a question opens, which an Enter alone picks: the one named, the
 * first when none is named, nothing for `null` (then an Enter alone picks nothing).
 */
export function highlighted<T extends string>(def: T | null | undefined, choices: readonly { value: T }[]): T | null {
  return def === null ? null : (def ?? choices[0]?.value ?? null);
}

/** What an Enter keeps: the text typed, or the prompt's default when the box is empty. */
export function entered(typed: string, def: string | undefined): string {
  return typed.trim() === '' && def !== undefined ? def : typed;
}

/**
 * Saves through the prompt's commit, then ends the prompt: ✔ when something was saved, › when
 * nothing needed saving, ✖ with the reason when the save failed (the answer stays on screen).
 */
async function commitAndFinish<V>(
  value: V,
  commit: ((v: V) => boolean | void | Promise<boolean | void>) | undefined,
  ui: { setError: (e: string | undefined) => void; setStatus: (s: Status) => void; done: (o: { value: V; error?: string }) => void },
): Promise<void> {
  ui.setStatus('saving');
  let saved: boolean | void;
  try {
    saved = await commit?.(value);
  } catch (e) {
    ui.setError(errorText(e));
    ui.setStatus('failed');
    ui.done({ value, error: errorText(e) });
    return;
  }
  ui.setStatus(saved === true ? 'saved' : 'done');
  ui.done({ value });
}

function prefix(status: Status, style: Style): string {
  if (status === 'saved') return style.good('✔');
  if (status === 'done') return style.dim('›');
  if (status === 'failed') return style.bad('✖');
  if (status === 'saving') return style.dim('…');
  return style.heading('?');
}

/**
 * Each choice as the lines it takes on screen: "❯ 1. label", wrapped under its label. With
 * `checked` (a multi-choice list), a box before each label; a number key ticks choices 1–9 only
 * (two keys would be taken for two ticks), the rest are ticked with Space.
 */
export function drawChoices(look: Look, items: PromptItem[], active: number, checked?: string[]): string[][] {
  const { style } = look;
  const width = String(items.length).length;
  return items.map((item, i) => {
    const number = checked && i >= 9 ? ' '.repeat(width + 1) : `${String(i + 1).padStart(width)}.`;
    const box = checked ? `${checked.includes(item.value) ? style.good('◉') : '◯'} ` : '';
    const lead = `${i === active ? '❯' : ' '} ${number} ${box}`;
    return fit(look, `${lead}${item.name}`, ' '.repeat(displayWidth(stripVTControlCharacters(lead))), i === active ? style.heading : undefined);
  });
}

/**
 * The visible part of a long list, in screen lines (an item may take several once wrapped): the
 * whole list when it fits, else the active item with as many neighbours as fit, below and above.
 */
function windowByLines(heights: number[], active: number, budget: number): [number, number] {
  const total = heights.reduce((a, b) => a + b, 0);
  if (total <= budget) return [0, heights.length];
  // room for the "↑ …" and "↓ …" marks
  const room = Math.max(1, budget - 2);
  let from = Math.max(0, active);
  let to = from + 1;
  let used = heights[from] ?? 1;
  for (let grew = true; grew;) {
    grew = false;
    if (to < heights.length && used + heights[to]! <= room) {
      used += heights[to++]!;
      grew = true;
    }
    if (from > 0 && used + heights[from - 1]! <= room) {
      used += heights[--from]!;
      grew = true;
    }
  }
  return [from, to];
}

// ---------------------------------------------------------------------------------------------
// One choice from a list

interface SelectConfig {
  message: string;
  items: PromptItem[];
  /** the value highlighted first; null: nothing until the person moves (questions) */
  default: string | null;
  pageSize: number;
  look: Look;
  commit?: Commit<string>;
}

const selectPrompt = createPrompt<Outcome<string>, SelectConfig>((config, done) => {
  const { items, look } = config;
  const { style, words } = look;
  const initial =
    config.default === null
      ? -1
      : Math.max(
          0,
          items.findIndex((i) => i.value === config.default),
        );
  const [active, setActive] = useState(initial);
  const [status, setStatus] = useState<Status>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  const typed = useRef('');
  const typedTimer = useRef<NodeJS.Timeout | undefined>(undefined);

  useKeypress(async (key: KeypressEvent & { sequence?: string }, rl) => {
    if (status !== 'idle') return;
    if (isEnterKey(key)) {
      if (active < 0) {
        setError(words.pickFirst);
        return;
      }
      const value = items[active]!.value;
      setError(undefined);
      await commitAndFinish(value, config.commit, { setError, setStatus, done });
    } else if (isUpKey(key) || isDownKey(key)) {
      rl.clearLine(0);
      setError(undefined);
      if (active < 0) setActive(isDownKey(key) ? 0 : items.length - 1);
      else setActive(Math.min(items.length - 1, Math.max(0, active + (isDownKey(key) ? 1 : -1))));
    } else if (/^[0-9]$/.test(key.name ?? key.sequence ?? '')) {
      clearTimeout(typedTimer.current);
      typed.current = `${typed.current}${key.name ?? key.sequence}`.slice(-2);
      let n = Number(typed.current);
      if (!(n >= 1 && n <= items.length)) {
        typed.current = String(key.name ?? key.sequence);
        n = Number(typed.current);
      }
      if (n >= 1 && n <= items.length) {
        setActive(n - 1);
        setError(undefined);
      }
      typedTimer.current = setTimeout(() => {
        typed.current = '';
        rl.clearLine(0);
      }, 800);
    } else if (isBackspaceKey(key)) {
      rl.clearLine(0);
    }
  });
  useEffect(() => () => clearTimeout(typedTimer.current), []);

  const head = `${prefix(status, style)} ${style.bold(config.message)}`;
  if (status === 'done' || status === 'saved' || status === 'failed') {
    const answer = items[active]?.name ?? '';
    return [...fit(look, `${head} ${style.heading(answer)}`, '  '), ...(error ? fit(look, error, '', style.bad) : [])].join('\n');
  }
  const drawn = drawChoices(look, items, active);
  const [from, to] = windowByLines(
    drawn.map((d, i) => d.length + (items[i]!.separatorBefore ? 1 : 0)),
    Math.max(active, 0),
    config.pageSize,
  );
  const lines: string[] = fit(look, head, '  ');
  if (from > 0) lines.push(style.dim('  ↑ …'));
  for (let i = from; i < to; i++) {
    if (items[i]!.separatorBefore && i > from) lines.push(style.dim(`  ${'─'.repeat(12)}`));
    lines.push(...drawn[i]!);
  }
  if (to < items.length) lines.push(style.dim('  ↓ …'));
  const description = active >= 0 ? items[active]?.description : undefined;
  if (description) lines.push('', ...fit(look, description, '', style.dim));
  if (error) lines.push(...fit(look, error, '', style.bad));
  if (status === 'saving') lines.push(style.dim(words.saving));
  lines.push(...fit(look, words.selectHelp, '', style.dim));
  return `${lines.join('\n')}\u001b[?25l`;
});

// ---------------------------------------------------------------------------------------------
// Several choices from a list

interface CheckboxConfig {
  message: string;
  items: PromptItem[];
  checked: string[];
  pageSize: number;
  look: Look;
  /** when set, at least one choice is needed and this is said otherwise */
  required?: string;
  commit?: Commit<string[]>;
}

const checkboxPrompt = createPrompt<Outcome<string[]>, CheckboxConfig>((config, done) => {
  const { items, look } = config;
  const { style, words } = look;
  const [active, setActive] = useState(0);
  const [checked, setChecked] = useState<string[]>(config.checked);
  const [status, setStatus] = useState<Status>('idle');
  const [error, setError] = useState<string | undefined>(undefined);

  useKeypress(async (key: KeypressEvent & { sequence?: string }, rl) => {
    if (status !== 'idle') return;
    const toggle = (i: number) => {
      const v = items[i]!.value;
      setChecked(checked.includes(v) ? checked.filter((x) => x !== v) : [...checked, v]);
    };
    if (isEnterKey(key)) {
      const value = items.map((i) => i.value).filter((v) => checked.includes(v));
      if (config.required && !value.length) {
        setError(config.required);
        return;
      }
      await commitAndFinish(value, config.commit, { setError, setStatus, done });
    } else if (isUpKey(key) || isDownKey(key)) {
      rl.clearLine(0);
      setActive(Math.min(items.length - 1, Math.max(0, active + (isDownKey(key) ? 1 : -1))));
    } else if (isSpaceKey(key)) {
      rl.clearLine(0);
      setError(undefined);
      toggle(active);
    } else if (/^[0-9]$/.test(key.name ?? key.sequence ?? '')) {
      rl.clearLine(0);
      const n = Number(key.name ?? key.sequence);
      if (n >= 1 && n <= items.length) {
        setActive(n - 1);
        setError(undefined);
        toggle(n - 1);
      }
    }
  });

  const head = `${prefix(status, style)} ${style.bold(config.message)}`;
  if (status === 'done' || status === 'saved' || status === 'failed') {
    const answer =
      items
        .filter((i) => checked.includes(i.value))
        .map((i) => i.name)
        .join(words.listJoin) || '—';
    return [...fit(look, `${head} ${style.heading(answer)}`, '  '), ...(error ? fit(look, error, '', style.bad) : [])].join('\n');
  }
  const drawn = drawChoices(look, items, active, checked);
  const [from, to] = windowByLines(
    drawn.map((d) => d.length),
    active,
    config.pageSize,
  );
  const lines: string[] = fit(look, head, '  ');
  if (from > 0) lines.push(style.dim('  ↑ …'));
  for (let i = from; i < to; i++) lines.push(...drawn[i]!);
  if (to < items.length) lines.push(style.dim('  ↓ …'));
  const description = items[active]?.description;
  if (description) lines.push('', ...fit(look, description, '', style.dim));
  if (error) lines.push(...fit(look, error, '', style.bad));
  lines.push(...fit(look, words.checkboxHelp, '', style.dim));
  return `${lines.join('\n')}\u001b[?25l`;
});

// ---------------------------------------------------------------------------------------------
// A line of text

interface TextConfig {
  message: string;
  /** shown dimmed; Enter on an empty line takes it */
  default?: string;
  /** put this text in the box, ready to edit */
  prefill?: string;
  validate?: (value: string) => true | string;
  /** Esc ends the prompt with `menu: true` */
  allowMenu: boolean;
  look: Look;
  input: TerminalInput;
  commit?: Commit<string>;
  /** told the text in the box as it changes (kept as a draft if the person stops with Ctrl+C) */
  onChange?: (value: string) => void;
}

type TextOutcome = Outcome<string> & { menu?: boolean };

const textPrompt = createPrompt<TextOutcome, TextConfig>((config, done) => {
  const { look } = config;
  const { style, words } = look;
  const [value, setValue] = useState('');
  const [status, setStatus] = useState<Status>('idle');
  const [error, setError] = useState<string | undefined>(undefined);
  const [final, setFinal] = useState('');
  const [escaped, setEscaped] = useState(false);

  useEffect((rl) => {
    if (config.prefill) {
      rl.write(config.prefill);
      setValue(rl.line);
      config.onChange?.(rl.line);
    }
    // A paste is inserted in one piece and drawn once. It arrives from the terminal's data
    // event, outside the prompt's hooks: bind it to the prompt's context.
    config.input.onPaste = AsyncResource.bind((text: string) => {
      rl.write(text);
      setValue(rl.line);
      config.onChange?.(rl.line);
      setError(undefined);
    });
    return () => {
      config.input.onPaste = undefined;
    };
  }, []);

  useKeypress(async (key: KeypressEvent & { sequence?: string }, rl) => {
    if (status !== 'idle') return;
    if (key.name === 'escape' && config.allowMenu) {
      setEscaped(true);
      setStatus('done');
      setFinal('');
      done({ value: '', menu: true });
      return;
    }
    if (isEnterKey(key)) {
      // readline has already emptied its line for Enter: the text is the last one drawn.
      const typed = value;
      const answer = entered(typed, config.default);
      const verdict = config.validate ? config.validate(answer) : true;
      if (verdict !== true) {
        // readline empties its line on Enter: put the text back so it can be fixed.
        rl.write(typed);
        setValue(typed);
        setError(verdict);
        return;
      }
      setFinal(answer);
      await commitAndFinish(answer, config.commit, { setError, setStatus, done });
      return;
    }
    setValue(rl.line);
    config.onChange?.(rl.line);
    if (error) setError(undefined);
  });

  const head = `${prefix(status, style)} ${style.bold(config.message)}`;
  if (status === 'done' || status === 'saved' || status === 'failed') {
    const shown = final.length > 400 ? `${final.slice(0, 400)}…` : final;
    // An empty box says so in words, so a ✔ beside nothing never looks like a lost answer.
    const answer = escaped ? '' : final.trim() === '' && status !== 'failed' && !error ? style.dim(words.empty) : style.heading(shown);
    return [...fit(look, `${head} ${answer}`, '  '), ...(error ? fit(look, error, '', style.bad) : [])].join('\n');
  }
  const hint = config.default !== undefined && !value ? style.dim(`(${config.default}) `) : '';
  const bottom = [...(error ? fit(look, error, '', style.bad) : []), ...(status === 'saving' ? [style.dim(words.saving)] : [])].join('\n');
  // The question wrapped above; the text being typed on its last line (the terminal's line editing is there).
  const headLines = fit(look, head, '  ');
  const last = headLines.pop()!;
  return [[...headLines, `${last} ${hint}${value}`].join('\n'), bottom];
});

// ---------------------------------------------------------------------------------------------
// What the rest of takeover calls

export interface TerminalPrompts {
  select(opts: { message: string; items: PromptItem[]; default: string | null; commit?: Commit<string> }): Promise<Outcome<string>>;
  checkbox(opts: { message: string; items: PromptItem[]; checked?: string[]; required?: string; commit?: Commit<string[]> }): Promise<Outcome<string[]>>;
  text(opts: {
    message: string;
    default?: string;
    prefill?: string;
    validate?: (v: string) => true | string;
    allowMenu?: boolean;
    commit?: Commit<string>;
    onChange?: (value: string) => void;
  }): Promise<TextOutcome>;
}

/** Prompts on the real terminal. `rows` keeps long lists to the screen. */
export function terminalPrompts(look: Look, io: { input: RawInput; output: NodeJS.WritableStream; rows: () => number }): TerminalPrompts {
  const run = async <T>(fn: (input: TerminalInput) => Promise<T>): Promise<T> => {
    const input = new TerminalInput(io.input);
    try {
      return await fn(input);
    } finally {
      input.dispose();
    }
  };
  // the list's part of the screen, in lines: what is left after the question, the help and the step above
  const pageSize = () => Math.max(6, io.rows() - 8);
  return {
    select: (o) => run((input) => selectPrompt({ ...o, pageSize: pageSize(), look }, { input, output: io.output })),
    checkbox: (o) => run((input) => checkboxPrompt({ ...o, checked: o.checked ?? [], pageSize: pageSize(), look }, { input, output: io.output })),
    text: (o) => run((input) => textPrompt({ ...o, allowMenu: !!o.allowMenu, look, input }, { input, output: io.output })),
  };
}
