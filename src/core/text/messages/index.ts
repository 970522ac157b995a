// The message catalogue: one table per language (./en.ts, ./ja.ts), a translator with
// {placeholders} and plural forms chosen by Intl.PluralRules, and the language choice.
import type { Lang } from '../../playbook/schema.ts';
import { en, type Message, type MessageKey } from './en.ts';
import { ja } from './ja.ts';

export type { MessageKey, Message };

export const CATALOGUES: Record<Lang, Record<MessageKey, Message>> = { en, ja };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The text of one message for these parameters (its plural form chosen by `count`). */
export function pickForm(message: Message, lang: Lang, params?: Record<string, string | number>): string {
  if (typeof message === 'string') return message;
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  const count = Number(params?.count ?? 0);
  return rules.select(count) === 'one' ? message.one : message.other;
}

export function translator(lang: Lang): Translate {
  const table = CATALOGUES[lang];
  return (key, params) => {
    const message = table[key] ?? en[key];
    return pickForm(message, lang, params).replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
  };
}

export { detectLang } from '../lang.ts';
