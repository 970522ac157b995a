// A small harness for end-to-end tests: runs the built CLI (bin/takeover.js) in a real
// pseudo-terminal (@lydell/node-pty) and reads the screen through @xterm/headless, the way a
// person would see it. Also helpers for non-pty runs and for temporary data folders.
import nodePty from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'takeover.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'playbooks');
/** Global options that keep the tests independent of the real playbooks and of the locale. */
export const FIXTURE_ARGS = ['--lang', 'en', '--playbooks', FIXTURES];

export const KEY = {
  enter: '\r',
  down: '\x1b[B',
  up: '\x1b[A',
  ctrlC: '\x03',
  esc: '\x1b',
} as const;

/** Generous: CI machines are slow. */
export const WAIT_MS = 10_000;

/** The environment every run gets: a private data folder, a fixed zone and no colours. */
export function testEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    // Do not let the caller's settings leak in.
    if (/^(TAKEOVER_|LC_|FORCE_COLOR$|NODE_OPTIONS$|VITEST)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, TAKEOVER_HOME: home, LANG: 'en_US.UTF-8', NO_COLOR: '1', TZ: 'Asia/Tokyo', TERM: 'xterm-256color' };
}

/** A fresh data folder; remove it with `cleanup()`. */
export function tempHome(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'takeover-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Waits until dist/cli.js exists. Other people may rebuild (which removes dist/ for a moment)
 * while these tests run; do not start a run in that moment.
 */
export function waitForBuild(timeout = 20_000): void {
  const dist = path.join(ROOT, 'dist', 'cli.js');
  const t0 = Date.now();
  while (!existsSync(dist) && Date.now() - t0 < timeout) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

const NOT_BUILT = /takeover is not built yet|ERR_MODULE_NOT_FOUND/;

/** In an error message: dist/ was replaced while a run was going on (someone rebuilt). */
export const REBUILT_MARK = 'CONCURRENT-REBUILD';

/**
 * For pty tests: retry (at most twice) only when the failure came from a rebuild of dist/
 * during the run, which happens when people build while the tests run, never from the product.
 */
export const RETRY_ON_REBUILD = { count: 2, delay: 1_000, condition: new RegExp(REBUILT_MARK) };

/** Builds dist/ when it is missing; warns (does not rebuild) when src/ is newer than the build. */
export function ensureBuilt(): void {
  waitForBuild(5_000);
  const dist = path.join(ROOT, 'dist', 'cli.js');
  if (!existsSync(dist)) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
    return;
  }
  const built = statSync(dist).mtimeMs;
  const newer = (readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => {
    const full = path.join(ROOT, 'src', f);
    return f.endsWith('.ts') && statSync(full).mtimeMs > built;
  });
  if (newer.length) console.warn(`e2e: src/ changed after the last build (${newer.slice(0, 3).join(', ')}…); these tests run bin/takeover.js as built. Run "node scripts/build.mjs" first.`);
}

/** Runs the CLI without a terminal (pipes). */
export function run(home: string, args: string[], opts: { input?: string; timeout?: number } = {}): SpawnSyncReturns<string> & { ms: number } {
  const once = () => {
    waitForBuild();
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: testEnv(home),
      input: opts.input ?? '',
      encoding: 'utf8',
      timeout: opts.timeout ?? 20_000,
      killSignal: 'SIGKILL',
    });
    return Object.assign(r, { ms: Date.now() - t0 });
  };
  const r = once();
  // A concurrent rebuild (not a product problem): try once more.
  return NOT_BUILT.test(r.stderr ?? '') ? once() : r;
}

export interface IncidentFile {
  id: string;
  state: 'open' | 'finished';
  active: number;
  tracks: {
    playbook: string;
    state: 'planned' | 'active' | 'finished';
    answers: Record<string, { status: string; option?: string; value?: string; at: string }>;
    revisit?: string;
    finishedAt?: string;
  }[];
  notes: { at: string; track: number; step: string; text: string }[];
  draft?: { track: number; step: string; text: string };
  events: { at: string; type: string; track: number; step?: string; detail?: string }[];
  [k: string]: unknown;
}

export function incidentPath(home: string, id: string): string {
  return path.join(home, 'incidents', `${id}.json`);
}

export function readIncident(home: string, id: string): IncidentFile {
  return JSON.parse(readFileSync(incidentPath(home, id), 'utf8')) as IncidentFile;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PtySession {
  private readonly term: InstanceType<typeof xtermHeadless.Terminal>;
  private readonly proc: nodePty.IPty;
  /** resolves with the exit code */
  readonly exited: Promise<number>;
  exitCode: number | undefined;
  private exitedAt: number | undefined;
  /** everything the program wrote, raw */
  raw = '';
  private pendingWrites = 0;

  /**
   * Runs `node bin/takeover.js ...args` in a pty, or `opts.file ...args` when a file is given
   * (e.g. /bin/sh, to redirect one of the streams).
   */
  constructor(args: string[], home: string, opts: { cols?: number; rows?: number; file?: string; env?: Record<string, string | undefined> } = {}) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 40;
    waitForBuild();
    this.term = new xtermHeadless.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
    // opts.env: variables to set, or to remove (undefined), e.g. TERM=dumb, NO_COLOR removed
    const env: Record<string, string> = { ...testEnv(home) };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    this.proc = nodePty.spawn(opts.file ?? process.execPath, opts.file ? args : [BIN, ...args], { name: env.TERM ?? 'xterm-256color', cols, rows, cwd: ROOT, env });
    this.exited = new Promise((resolve) =>
      this.proc.onExit((e) => {
        this.exitCode = e.exitCode;
        this.exitedAt = Date.now();
        resolve(e.exitCode);
      }),
    );
    this.proc.onData((d) => {
      this.raw += d;
      this.pendingWrites++;
      this.term.write(d, () => void this.pendingWrites--);
    });
  }

  /** The whole screen, scrollback included, without trailing blank lines. */
  screen(): string {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      if (!line) continue;
      // A long line the terminal wrapped is joined back, so a search never fails on a wrap.
      if (line.isWrapped && out.length) out[out.length - 1] += line.translateToString(false);
      else out.push(line.translateToString(false));
    }
    return out
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\s+$/, '');
  }

  /** The lines the terminal itself had to wrap (too wide for it), as they were drawn: none when takeover wraps all it prints. */
  wrappedByTerminal(): string[] {
    // an empty screen has nothing wrapped, and proves nothing
    if (!this.screen().trim()) throw new Error('the screen is empty: nothing was drawn to check');
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 1; i < b.length; i++) {
      const line = b.getLine(i);
      if (line?.isWrapped) out.push(`${b.getLine(i - 1)?.translateToString(true) ?? ''} ⏎ ${line.translateToString(true)}`);
    }
    return out;
  }

  /** The part of the screen after the last occurrence of `marker` (the whole screen when absent). */
  after(marker: string | undefined): string {
    const s = this.screen();
    if (marker === undefined) return s;
    const i = s.lastIndexOf(marker);
    return i < 0 ? '' : s.slice(i + marker.length);
  }

  /**
   * Waits until `text` is on the screen (after the last `after` marker, when given).
   * Throws with the screen on timeout.
   */
  async waitFor(text: string | RegExp, opts: { after?: string; timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? WAIT_MS;
    const t0 = Date.now();
    const found = () => {
      const s = this.after(opts.after);
      if (opts.after !== undefined && !this.screen().includes(opts.after)) return false;
      return typeof text === 'string' ? s.includes(text) : text.test(s);
    };
    for (;;) {
      if (found()) return;
      // Once the program has ended (and its last output had time to arrive), stop waiting.
      const gone = this.exitedAt !== undefined && Date.now() - this.exitedAt > 1_000;
      if (gone || Date.now() - t0 > timeout) {
        const where = opts.after ? ` after ${JSON.stringify(opts.after)}` : '';
        const why = gone ? `the program ended (exit code ${String(this.exitCode)})` : `timeout (${timeout} ms), exit code ${String(this.exitCode)}`;
        throw new Error(`${why} while waiting for ${String(typeof text === 'string' ? JSON.stringify(text) : text)}${where}${this.rebuiltNote()}; screen:\n${this.screen()}`);
      }
      await sleep(20);
    }
  }

  /** Explains a failure caused by someone rebuilding dist/ during the run. */
  private rebuiltNote(): string {
    const rebuilt = this.raw.includes('takeover is not built yet') || (this.raw.includes('ERR_MODULE_NOT_FOUND') && /dist[\\/]/.test(this.raw));
    return rebuilt ? ` [${REBUILT_MARK}: dist/ was rebuilt while this test ran]` : '';
  }

  /** Keys pressed so far: each character, each arrow key, each Enter counts one. */
  keys = 0;

  write(keys: string): void {
    // A pty write is synchronous: a long one can block this process while the program, unread,
    // is blocked writing its screen — a deadlock no timeout can end. Long text goes through paste().
    if (Buffer.byteLength(keys) > 512) throw new Error('write() takes keys; use paste() for long text');
    this.keys += [...keys.replace(/\u001b\[[A-D]/g, 'k')].length;
    this.proc.write(keys);
  }

  /**
   * Text delivered as a terminal delivers a paste: in small pieces (well under the pty's input
   * buffer), yielding between them so the program's output is read and it can go on reading.
   * It can neither block nor hang, however busy the machine.
   */
  async paste(text: string, piece = 120): Promise<void> {
    const chars = [...text];
    for (let i = 0; i < chars.length; i += piece) {
      const drawn = this.raw.length;
      this.write(chars.slice(i, i + piece).join(''));
      // let the program read and draw (or at most a moment), then the next piece
      for (let k = 0; k < 20 && this.raw.length === drawn; k++) await sleep(5);
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Types text and presses Enter. */
  type(text: string): void {
    this.write(text);
    this.proc.write(KEY.enter);
  }

  /** The choices of the select prompt being shown (the lines after the last "? " prompt line). */
  choices(): { label: string; selected: boolean; number?: number }[] {
    const lines = this.screen().split('\n');
    let start = -1;
    for (let i = lines.length - 1; i >= 0; i--) {
      if (/^\? /.test(lines[i]!)) {
        start = i;
        break;
      }
    }
    if (start < 0) return [];
    const out: { label: string; selected: boolean; number?: number }[] = [];
    for (const line of lines.slice(start + 1)) {
      // "❯ 1. Done" (selected) or "  2. Later"; the number is how a person picks it by keyboard
      const m = /^([❯> ]) +(?:(\d+)\. )?(\S.*)$/.exec(line);
      if (!m) continue;
      if (/^─+$/.test(m[3]!.trim())) continue; // a separator
      // The question's own wrapped lines come before the first choice (which has a number, a box or ❯).
      if (!out.length && !m[2] && m[1] === ' ' && !/^[◯◉] /.test(m[3]!)) continue;
      // A long label is wrapped by takeover: its next lines continue it (no number, no box of their own).
      const prev = out[out.length - 1];
      if (prev && !m[2] && !/^[◯◉] /.test(m[3]!) && m[1] === ' ' && /^ {4,}/.test(line)) {
        const joint = /[\x21-\x7e]$/.test(prev.label) && /^[\x21-\x7e]/.test(m[3]!) ? ' ' : '';
        prev.label = `${prev.label}${joint}${m[3]!.trim()}`;
        continue;
      }
      out.push({ label: m[3]!.trim(), selected: m[1] !== ' ', ...(m[2] ? { number: Number(m[2]) } : {}) });
    }
    return out;
  }

  /**
   * In the checkbox on screen, ticks each choice whose label contains one of `names`, as a person
   * would: its number key for 1–9, otherwise the arrow keys and Space. Does not press Enter.
   */
  async tick(names: string[]): Promise<void> {
    for (const name of names) {
      const list = this.choices();
      const target = list.findIndex((c) => c.label.includes(name));
      if (target < 0) throw new Error(`no choice containing ${JSON.stringify(name)}; choices: ${JSON.stringify(list)}`);
      const n = list[target]!.number;
      if (n !== undefined) this.write(String(n));
      else {
        const cur = Math.max(
          0,
          list.findIndex((c) => c.selected),
        );
        this.write((target > cur ? KEY.down : KEY.up).repeat(Math.abs(target - cur)) + ' ');
      }
      // drawn ticked before the next key
      await this.waitFor(new RegExp(`^❯ +(?:\\d+\\. )?◉ .*${escapeRegExp(name)}`, 'm'));
    }
  }

  /**
   * In the select prompt on screen, moves to the choice that starts with `label` and presses Enter.
   * `after`: a marker the prompt must appear after (e.g. the step header), so an older prompt is never used.
   */
  async choose(label: string, opts: { after?: string; timeout?: number } = {}): Promise<void> {
    const timeout = opts.timeout ?? WAIT_MS;
    const t0 = Date.now();
    for (;;) {
      // The prompt on screen counts when it is the marker's own line or comes after it.
      const screen = this.screen();
      const mark = opts.after === undefined ? 0 : screen.lastIndexOf(opts.after);
      const q = `\n${screen}`.lastIndexOf('\n? ');
      const lineEnd = q < 0 ? -1 : `${screen}\n`.indexOf('\n', q);
      const list = mark >= 0 && q >= 0 && lineEnd >= mark ? this.choices() : [];
      const target = list.findIndex((c) => c.label.startsWith(label));
      const cur = list.findIndex((c) => c.selected);
      if (target >= 0) {
        // As a person would: its number when it has one (questions have no answer chosen in
        // advance), otherwise the arrow keys.
        const n = list[target]!.number;
        if (n !== undefined && n <= 9) this.write(String(n));
        else if (cur >= 0 && target !== cur) this.write((target > cur ? KEY.down : KEY.up).repeat(Math.abs(target - cur)));
        else if (cur < 0) this.write(KEY.down.repeat(target + 1));
        await this.waitFor(new RegExp(`^❯ +(?:\\d+\\. )?${escapeRegExp(label)}`, 'm'), { after: opts.after, timeout });
        // the selected choice is drawn: confirm it
        this.write(KEY.enter);
        return;
      }
      if (Date.now() - t0 > timeout) {
        throw new Error(`timeout (${timeout} ms) waiting for a choice ${JSON.stringify(label)}; choices: ${JSON.stringify(list)}${this.rebuiltNote()}; screen:\n${this.screen()}`);
      }
      await sleep(20);
    }
  }

  /**
   * After `start`: takeover may ask something before the first step (today: "In a few words:
   * what happened…", the narrative for the report). Answers the first such prompt with `text`
   * and any further ones with an empty Enter, until `firstStep` is on the screen.
   * Returns how many prompts were answered.
   */
  async passNarrative(firstStep: string, text = ''): Promise<number> {
    const ready = new RegExp(`^\\? |${escapeRegExp(firstStep)}`, 'm');
    const doneCount = () => (this.screen().match(/^✔ /gm) ?? []).length;
    for (let answered = 0; ; answered++) {
      await this.waitFor(ready);
      if (this.screen().includes(firstStep)) return answered;
      if (answered >= 5) throw new Error(`more than 5 prompts before ${JSON.stringify(firstStep)}; screen:\n${this.screen()}`);
      const before = doneCount();
      this.type(answered === 0 ? text : '');
      const t0 = Date.now();
      while (doneCount() <= before && !this.screen().includes(firstStep)) {
        if (Date.now() - t0 > WAIT_MS) throw new Error(`the prompt before the first step was not accepted; screen:\n${this.screen()}`);
        await sleep(20);
      }
    }
  }

  /** Waits for the process to end; kills it and throws on timeout. */
  async waitExit(timeout = WAIT_MS): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      this.exited,
      new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), timeout);
      }),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      this.kill();
      throw new Error(`the program did not exit within ${timeout} ms${this.rebuiltNote()}; screen:\n${this.screen()}`);
    }
    // let the last output reach the screen
    for (let i = 0; i < 50 && this.pendingWrites > 0; i++) await sleep(10);
    return code;
  }

  /**
   * Kills the whole process group of the terminal (a wrapper such as faketime and the takeover it
   * started, which would otherwise live on and keep the case locked), then the session itself.
   */
  kill(): void {
    if (this.exitCode !== undefined) return;
    try {
      // the program is a session leader in its pseudo-terminal: its group has its pid
      process.kill(-this.proc.pid, 'SIGKILL');
    } catch {
      /* already gone, or not a group of its own */
    }
    try {
      this.proc.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }

  dispose(): void {
    this.kill();
    this.term.dispose();
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** ISO-8601 with the Tokyo offset, as the tests run with TZ=Asia/Tokyo. */
export const TOKYO_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+09:00$/;

/**
 * For a test file: builds first, and gives each test sessions in fresh data folders, ended after
 * each test and removed after the file.
 */
export function ptySessions(): (args: string[], opts?: ConstructorParameters<typeof PtySession>[2], prepare?: (home: string) => void) => { s: PtySession; home: string } {
  const homes: { dir: string; cleanup: () => void }[] = [];
  const sessions: PtySession[] = [];
  beforeAll(() => ensureBuilt());
  afterEach(() => {
    for (const s of sessions.splice(0)) s.dispose();
  });
  afterAll(() => {
    for (const h of homes.splice(0)) h.cleanup();
  });
  return (args, opts, prepare) => {
    const h = tempHome();
    homes.push(h);
    prepare?.(h.dir);
    const s = new PtySession(args, h.dir, opts);
    sessions.push(s);
    return { s, home: h.dir };
  };
}
