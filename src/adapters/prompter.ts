// The only code that talks to @inquirer/prompts. The wizard sees the small Prompter interface,
// so it can be driven by a scripted prompter in tests and by a real terminal for people.
import { input, select, Separator } from '@inquirer/prompts';
import { CancelledError } from '../errors.ts';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
  /** draw a line above this choice */
  separatorBefore?: boolean;
}

export interface Prompter {
  select<T extends string>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  /** `validate` returns true, or the message to show; the typed text stays in the box. */
  input(opts: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
}

function isPromptExit(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

const KEY_WORDS: Record<string, Record<string, string>> = {
  ja: { navigate: '選ぶ', select: '決定' },
  en: { navigate: 'move', select: 'choose' },
};

export function inquirerPrompter(lang: 'ja' | 'en' = 'en'): Prompter {
  // The key help line, in the person's language: "↑↓ move • ⏎ choose" / "↑↓ 選ぶ • ⏎ 決定".
  const keysHelpTip = (keys: [string, string][]) => keys.map(([key, action]) => `${key} ${KEY_WORDS[lang]![action] ?? action}`).join(' • ');
  return {
    async select({ message, choices, default: def }) {
      try {
        const items = choices.flatMap((c) => [
          ...(c.separatorBefore ? [new Separator()] : []),
          { value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}) },
        ]);
        return await select({ message, choices: items, ...(def ? { default: def } : {}), pageSize: 12, loop: false, theme: { style: { keysHelpTip } } });
      } catch (error) {
        if (isPromptExit(error)) throw new CancelledError();
        throw error;
      }
    },
    async input({ message, default: def, validate }) {
      try {
        return await input({ message, ...(def ? { default: def } : {}), ...(validate ? { validate } : {}) });
      } catch (error) {
        if (isPromptExit(error)) throw new CancelledError();
        throw error;
      }
    },
  };
}
