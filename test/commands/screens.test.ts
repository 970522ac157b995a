// takeover wraps everything it prints. Every step of every shipped playbook (real YAML) is opened
// with `resume` at 40, 80 and 100 columns, in Japanese and in English: the step's screen and its
// question — the message and every choice label, drawn by the prompts' own renderer — fit the
// width, and no line begins with a closing bracket or a Japanese comma or full stop. (That the
// terminal itself never had to wrap is checked in a pseudo-terminal in test/e2e/screens.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/adapters/catalogue.ts';
import type { Choice, Prompter } from '../../src/adapters/prompter.ts';
import { drawChoices, fit, promptWords, type Look } from '../../src/adapters/prompts.ts';
import { runResume } from '../../src/commands/resume.ts';
import { plainStyle } from '../../src/core/text/style.ts';
import { displayWidth } from '../../src/core/text/wrap.ts';
import { CancelledError } from '../../src/errors.ts';
import { CaseSession } from '../../src/wizard/session.ts';
import { testContext, type TestContext } from '../helpers/context.ts';
import { caseAt } from '../helpers/walk.ts';

const catalogue = loadCatalogue([], { cache: false });
const shipped = [...catalogue.playbooks.values()].map((p) => p.playbook);
const playbookOf = (id: string) => catalogue.playbooks.get(id)?.playbook;

/** Draws the first question as the terminal prompts do, then stops (as Ctrl+C would). */
class DrawingPrompter implements Prompter {
  readonly lines: string[] = [];
  constructor(private readonly look: Look) {}
  private draw(message: string, choices?: Choice<string>[], checked?: string[]): never {
    this.lines.push(...fit(this.look, `? ${message}`, '  '));
    if (choices) for (const lines of drawChoices(this.look, choices, 0, checked)) this.lines.push(...lines);
    this.lines.push(...fit(this.look, checked ? this.look.words.checkboxHelp : this.look.words.selectHelp));
    throw new CancelledError();
  }
  select<T extends string>(o: { message: string; choices: Choice<T>[] }): Promise<T> {
    return Promise.resolve().then(() => this.draw(o.message, o.choices));
  }
  checkbox<T extends string>(o: { message: string; choices: Choice<T>[] }): Promise<T[]> {
    return Promise.resolve().then(() => this.draw(o.message, o.choices, []));
  }
  input(o: { message: string }): Promise<string | null> {
    return Promise.resolve().then(() => this.draw(o.message));
  }
}

/** Lines that break the rules: too wide, or starting with what must not start a line. */
function problems(lines: string[], width: number): string[] {
  const bad: string[] = [];
  for (const line of lines.flatMap((l) => l.split('\n'))) {
    // a single token wider than the screen (a long URL) cannot be wrapped at a space
    const unbreakable = line.trim().split(/\s+/).length === 1 && /^[\x21-\x7e]+$/.test(line.trim());
    if (displayWidth(line) > width && !unbreakable) bad.push(`too wide (${displayWidth(line)}): ${line}`);
    if (/^\s*[、。，．）」』】〕〉》）\])]/.test(line)) bad.push(`starts with a closing mark: ${line}`);
  }
  return bad;
}

const contexts: TestContext[] = [];
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

const steps = shipped.flatMap((pb) => pb.steps.filter((s) => s.kind !== 'end').map((s) => [pb.id, s.id] as const));

describe.each([
  ['ja', 40],
  ['ja', 80],
  ['ja', 100],
  ['en', 40],
  ['en', 80],
  ['en', 100],
] as const)('%s at %i columns', (lang, width) => {
  it.each(steps)('%s / %s', async (pbId, stepId) => {
    const now = '2026-11-24T02:10:00+09:00';
    const ctx = testContext({ now, lang, columns: width });
    contexts.push(ctx);
    ctx.catalogue = () => catalogue;
    const start = caseAt(playbookOf(pbId)!, stepId, new Date(now), playbookOf, lang);
    ctx.store().save(start, new CaseSession(ctx, start).summary(start));
    const look: Look = {
      style: plainStyle,
      words: promptWords(ctx.t),
      columns: () => width,
    };
    const prompter = new DrawingPrompter(look);
    await runResume({}, ctx, prompter).catch((e: unknown) => {
      if (!(e instanceof CancelledError) && (e as Error).name !== 'InterruptedError') throw e;
    });
    const screen = [...ctx.stdout, ...ctx.stderr, ...prompter.lines];
    expect(prompter.lines.length, 'a question was drawn').toBeGreaterThan(0);
    expect(problems(screen, width)).toEqual([]);
  });
});
