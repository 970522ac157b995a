// A Prompter driven by a script, for command tests: each step of the script must match the
// question actually asked (by its message), picks a choice by the start of its label (or types a
// text), and runs the prompt's commit exactly as the terminal prompts do. A question nobody
// scripted is an error, so a test fails when the wizard asks something it should not.
import type { Choice, Commit, Prompter } from '../../src/adapters/prompter.ts';
import { entered, highlighted as highlightedChoice } from '../../src/adapters/prompts.ts';
import { CancelledError } from '../../src/errors.ts';

export type Answer =
  | { pick: string | RegExp } // a choice whose label starts with this text (or matches)
  | { tick: (string | RegExp)[] } // several choices of a checkbox
  | { type: string } // a text typed and Enter
  | { esc: true } // Esc in a text box (the step's menu)
  | { enter: true } // Enter alone, by reflex: the choice highlighted in advance, if any
  | { ctrlC: true; typed?: string }; // the person stops (with text typed in a box and not entered)

export interface ScriptStep {
  /** the question expected: its message contains this text, or matches */
  ask: string | RegExp;
  answer: Answer;
}

export interface Asked {
  kind: 'select' | 'checkbox' | 'input';
  message: string;
  choices?: string[];
  /** the default highlighted (select), or null when nothing is */
  default?: string | null;
  answer?: string | string[];
  /** what a failed validation said, for each attempt */
  rejected?: string[];
  /** the text put in a box in advance (a text prompt) */
  prefill?: string;
  /** Enter was pressed with nothing highlighted: nothing was picked, the question stayed */
  enterPickedNothing?: boolean;
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  private readonly script: ScriptStep[];

  constructor(script: ScriptStep[]) {
    this.script = [...script];
  }

  /** Steps of the script not used yet. */
  get left(): ScriptStep[] {
    return this.script;
  }

  private next(kind: Asked['kind'], message: string, extra: Partial<Asked>): ScriptStep {
    const step = this.script.shift();
    const asked: Asked = { kind, message, ...extra };
    this.asked.push(asked);
    if (!step) throw new Error(`unexpected ${kind} "${message}" (the script has no more answers)${extra.choices ? `; choices: ${JSON.stringify(extra.choices)}` : ''}`);
    if (!matches(message, step.ask))
      throw new Error(`expected a question matching ${String(step.ask)}, but was asked ${kind} "${message}"${extra.choices ? `; choices: ${JSON.stringify(extra.choices)}` : ''}`);
    if ('ctrlC' in step.answer) throw new CancelledError(step.answer.typed);
    return step;
  }

  async select<T extends string>(o: { message: string; choices: Choice<T>[]; default?: T | null; commit?: Commit<T> }): Promise<T> {
    const names = o.choices.map((c) => c.name);
    // the product's own rule for what an Enter alone picks, not a copy of it
    const highlighted = highlightedChoice(o.default, o.choices);
    const step = this.next('select', o.message, { choices: names, default: highlighted });
    if ('enter' in step.answer && highlighted === null) {
      // The terminal says "pick one first" and stays on the question: the next answer is for it too.
      this.asked[this.asked.length - 1]!.enterPickedNothing = true;
      return this.select(o);
    }
    if (!('pick' in step.answer) && !('enter' in step.answer)) throw new Error(`select "${o.message}" needs { pick } or { enter }, got ${JSON.stringify(step.answer)}`);
    const pick = 'pick' in step.answer ? step.answer.pick : undefined;
    const choice = pick === undefined ? o.choices.find((c) => c.value === highlighted) : o.choices.find((c) => (typeof pick === 'string' ? c.name.startsWith(pick) : pick.test(c.name)));
    if (!choice) throw new Error(`no choice ${String(pick ?? highlighted)} in "${o.message}": ${JSON.stringify(names)}`);
    this.asked[this.asked.length - 1]!.answer = choice.name;
    await o.commit?.(choice.value);
    return choice.value;
  }

  async checkbox<T extends string>(o: { message: string; choices: Choice<T>[]; checked?: T[]; required?: string; commit?: Commit<T[]> }): Promise<T[]> {
    const names = o.choices.map((c) => c.name);
    const step = this.next('checkbox', o.message, { choices: names });
    if (!('tick' in step.answer)) throw new Error(`checkbox "${o.message}" needs { tick }, got ${JSON.stringify(step.answer)}`);
    const picked = step.answer.tick.map((p) => {
      const c = o.choices.find((x) => (typeof p === 'string' ? x.name.startsWith(p) : p.test(x.name)));
      if (!c) throw new Error(`no choice ${String(p)} in "${o.message}": ${JSON.stringify(names)}`);
      return c.value;
    });
    if (o.required && !picked.length) throw new Error(`checkbox "${o.message}" needs at least one choice: ${o.required}`);
    this.asked[this.asked.length - 1]!.answer = picked;
    await o.commit?.(picked);
    return picked;
  }

  async input(o: { message: string; default?: string; prefill?: string; validate?: (value: string) => true | string; allowMenu?: boolean; commit?: Commit<string> }): Promise<string | null> {
    const step = this.next('input', o.message, o.prefill !== undefined ? { prefill: o.prefill } : {});
    if ('esc' in step.answer) {
      if (!o.allowMenu) throw new Error(`Esc is not offered at "${o.message}"`);
      return null;
    }
    if (!('type' in step.answer)) throw new Error(`input "${o.message}" needs { type }, got ${JSON.stringify(step.answer)}`);
    const typed = step.answer.type;
    const value = entered(typed, o.default);
    const verdict = o.validate ? o.validate(value) : true;
    if (verdict !== true) {
      this.asked[this.asked.length - 1]!.rejected = [verdict];
      throw new ValidationRejected(o.message, value, verdict);
    }
    this.asked[this.asked.length - 1]!.answer = value;
    await o.commit?.(value);
    return value;
  }
}

/** A typed answer the prompt refused (the terminal would keep it in the box with this message). */
export class ValidationRejected extends Error {
  constructor(
    readonly question: string,
    readonly value: string,
    readonly verdict: string,
  ) {
    super(`"${value}" was refused at "${question}": ${verdict}`);
  }
}
