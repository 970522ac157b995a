// The language of the text, chosen without loading the message catalogue (so --help and
// --version stay fast): --lang, then TAKEOVER_LANG, then the saved choice, then the locale.
import type { Lang } from '../playbook/schema.ts';

/**
 * The language to use: an explicit choice (--lang), else TAKEOVER_LANG, else the saved setting,
 * else the language of the case at hand (started with --lang ja, it goes on in Japanese), else
 * LC_ALL / LC_MESSAGES / LANG (ja* → Japanese), else English.
 */
export function detectLang(explicit: string | undefined, env: Record<string, string | undefined>, saved?: string, ofCase?: () => string | undefined): Lang {
  for (const choice of [explicit, env.TAKEOVER_LANG, saved]) if (choice === 'ja' || choice === 'en') return choice;
  // the case's language is looked up only when nothing was chosen (it reads the index of cases)
  const fromCase = ofCase?.();
  if (fromCase === 'ja' || fromCase === 'en') return fromCase;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja/i.test(locale) ? 'ja' : 'en';
}
