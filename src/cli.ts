// The commander program. This is the one place that turns errors into exit codes (see the README).
// Each command's code is imported only when that command runs, so `--help` stays instant. The help
// and commander's own usage errors are in the person's language: the language is known before the
// program is built (--lang is looked for in the arguments), and only that language's texts are read.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Help, Option } from 'commander';
import { homeDir } from './adapters/home.ts';
import type { Context, GlobalOptions } from './context.ts';
import type { Lang } from './core/playbook/schema.ts';
import { detectLang } from './core/text/lang.ts';
import type { Message, MessageKey } from './core/text/messages/en.ts';
import type { Translate } from './core/text/messages/index.ts';
import { sanitize } from './core/text/sanitize.ts';
import { CancelledError, EXIT, TakeoverError } from './errors.ts';

declare const __TAKEOVER_VERSION__: string;
const VERSION = typeof __TAKEOVER_VERSION__ === 'string' ? __TAKEOVER_VERSION__ : '0.0.0-dev';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The texts of the help and of commander's usage errors, in one language. */
type HelpKey = Extract<MessageKey, `help.${string}` | `usage.${string}`>;
export type HelpText = (key: HelpKey, params?: Record<string, string | number>) => string;

/** Reads one language's catalogue (not both, and not the translator: start-up time matters). */
async function helpText(lang: Lang): Promise<HelpText> {
  const table: Record<MessageKey, Message> = lang === 'ja' ? (await import('./core/text/messages/ja.ts')).ja : (await import('./core/text/messages/en.ts')).en;
  return (key, params) => {
    const message = table[key];
    // Only English has plural forms (one/other), chosen as Intl.PluralRules('en') does for whole numbers.
    const text = typeof message === 'string' ? message : Number(params?.count) === 1 ? message.one : message.other;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
  };
}

/** The language asked for with --lang on the command line (as commander will read it), before anything is parsed. */
function langArgument(args: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '--lang') found = args[++i];
    else if (a.startsWith('--lang=')) found = a.slice('--lang='.length);
  }
  return found;
}

/** The settings saved with `takeover config set` (read without conf: start-up time matters). */
function savedSettings(): { lang?: string; accessible?: string } {
  try {
    return JSON.parse(readFileSync(path.join(homeDir(process.env), 'config.json'), 'utf8')) as { lang?: string; accessible?: string };
  } catch {
    return {};
  }
}
const savedLang = (): string | undefined => savedSettings().lang;

/** The words the accessible mode says instead of marks. */
const speechWords = (t: Translate) => ({ saved: t('a11y.saved'), caution: t('a11y.caution'), then: t('a11y.then') });

const CASE_ID = /^\d{4}-\d{2}-\d{2}-[0-9a-f]{4}$/;
/**
 * The language of the case a command is about, from the index of cases (a small file): the case
 * named on the command line, else the one changed last. Undefined when there is none. Read once.
 */
let caseLangRead: { lang: string | undefined } | undefined;
function caseLang(args: string[]): string | undefined {
  caseLangRead ??= { lang: readCaseLang(args) };
  return caseLangRead.lang;
}
function readCaseLang(args: string[]): string | undefined {
  try {
    const index = JSON.parse(readFileSync(path.join(homeDir(process.env), 'index.json'), 'utf8')) as { incidents?: Record<string, { updatedAt?: string; lang?: string }> };
    const cases = Object.entries(index.incidents ?? {});
    const named = args.find((a) => CASE_ID.test(a)) ?? args.find((a) => /^--(case|incident)=/.test(a))?.replace(/^--\w+=/, '');
    const found = named ? cases.find(([id]) => id === named) : cases.sort(([, a], [, b]) => String(b.updatedAt).localeCompare(String(a.updatedAt)))[0];
    return found?.[1].lang;
  } catch {
    return undefined;
  }
}
let argsSeen: string[] = [];

function langOf(program: Command): 'ja' | 'en' {
  return detectLang(program.opts<{ lang?: string }>().lang, process.env, savedLang(), () => caseLang(argsSeen));
}

/**
 * commander's usage errors, said with the catalogue's words. commander writes them in English,
 * "error: <what>" and maybe "(Did you mean …?)"; each kind is recognised by its English form and
 * said again in the person's language. A message not recognised is left as commander wrote it.
 */
function usageMessage(text: string, h: HelpText): string {
  const whole = /^error: (.*?)(?:\n\(Did you mean (one of )?(.+)\?\))?\n?$/s.exec(text);
  if (!whole) return text;
  const [, body, oneOf, names] = whole;
  const kinds: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^unknown command '(.*)'$/s, (m) => h('usage.unknownCommand', { name: m[1]! })],
    [/^unknown option '(.*)'$/s, (m) => h('usage.unknownOption', { flag: m[1]! })],
    [/^missing required argument '(.*)'$/s, (m) => h('usage.missingArgument', { name: m[1]! })],
    [/^option '(.*)' argument missing$/s, (m) => h('usage.optionMissingArgument', { flags: m[1]! })],
    [/^required option '(.*)' not specified$/s, (m) => h('usage.missingMandatoryOption', { flags: m[1]! })],
    [/^option '(.*)' cannot be used with option '(.*)'$/s, (m) => h('usage.conflictingOption', { flags: m[1]!, other: m[2]! })],
    [/^option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s, (m) => h('usage.invalidChoice', { flags: m[1]!, value: m[2]!, choices: m[3]! })],
    [
      /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/s,
      (m) => (m[1] ? h('usage.excessArgumentsFor', { command: m[1], count: Number(m[2]), got: m[3]! }) : h('usage.excessArguments', { count: Number(m[2]), got: m[3]! })),
    ],
  ];
  for (const [pattern, say] of kinds) {
    const m = pattern.exec(body!);
    if (!m) continue;
    const hint = names ? `\n${h(oneOf ? 'usage.didYouMeanOneOf' : 'usage.didYouMean', { names })}` : '';
    return `${h('usage.error', { message: say(m) })}${hint}\n`;
  }
  return text;
}

/**
 * Help text as a terminal draws it, for Japanese: wide characters (kana, kanji, full-width forms)
 * take two columns, a line breaks between any two of them or at a space, and kinsoku is kept (no line
 * starts with closing punctuation or a small kana, none ends with an opening bracket). These are the
 * rules of ./core/text/wrap.ts, written small for the help's own texts: wrap.ts measures any text
 * (emoji, combining marks, clusters), which costs about 15 ms cold at every `--help`. The help tests
 * measure every line with string-width and check kinsoku.
 */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const NO_START = /^[、。，．・：；？！）」』】〕ー々〉》”’ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ)\],.;:!?]/;
const NO_END = /[（「『【〔〈《“‘([]$/;
const columns = (s: string): number => {
  let n = 0;
  for (const ch of s) n += WIDE.test(ch) ? 2 : 1;
  return n;
};
function wrapHelpLine(line: string, width: number): string[] {
  // a Latin word (kept whole), spaces, or one other character (a line may break before it)
  const tokens = line.match(/[!-~]+| +|[^ ]/gu) ?? [];
  const out: string[] = [];
  let cur: string[] = [];
  let used = 0;
  for (const token of tokens) {
    const w = columns(token);
    if (used + w <= width || !cur.length || !token.trim()) {
      cur.push(token);
      used += w;
      continue;
    }
    // Break before `token`, moving back while the new line would start with closing punctuation or the old one end with an opening bracket.
    const carry = [token];
    while (cur.length > 1 && (NO_START.test(carry[0]!) || NO_END.test(cur[cur.length - 1]!))) carry.unshift(cur.pop()!);
    out.push(cur.join('').trimEnd());
    while (carry.length && !carry[0]!.trim()) carry.shift();
    cur = carry;
    used = columns(cur.join(''));
  }
  if (cur.join('').trim()) out.push(cur.join('').trimEnd());
  return out;
}

/**
 * Help text fitted to the terminal: every line wider than the screen wrapped at a word (a Latin word
 * kept whole, kinsoku kept), continuing under its text: an option's description under the
 * description, an example under the command. Into a pipe or a file, lines stay whole.
 */
function fitHelp(text: string, stream: NodeJS.WriteStream): string {
  const width = stream.isTTY ? (stream.columns || 80) - 1 : Infinity;
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .flatMap((line) => {
      if (columns(line) <= width) return [line];
      const hang = /^( +\$ | +-\S.*?  +| +\S.*?  +| *)/.exec(line)![0];
      // a term too wide to keep a column beside it: the description goes under it, indented
      if (columns(hang) > width / 2) {
        const pad = ' '.repeat(Math.min(6, (/^ */.exec(hang)![0].length || 0) + 4));
        return [hang.trimEnd(), ...wrapHelpLine(line.slice(hang.length), Math.max(10, width - pad.length)).map((l) => `${pad}${l}`)];
      }
      const pad = ' '.repeat(columns(hang));
      const [first, ...rest] = wrapHelpLine(line.slice(hang.length), Math.max(10, width - pad.length));
      return [`${hang}${first ?? ''}`, ...rest.map((l) => `${pad}${l}`)];
    })
    .join('\n');
}

/**
 * The help in the person's language: section titles and "(choices: …)" from the catalogue; in
 * Japanese, descriptions measured and wrapped as the terminal shows them.
 */
function helpLayout(h: HelpText, lang: Lang): Partial<Help> {
  const titles: Record<string, string> = {
    'Usage:': h('help.title.usage'),
    'Arguments:': h('help.title.arguments'),
    'Options:': h('help.title.options'),
    'Global Options:': h('help.title.globalOptions'),
    'Commands:': h('help.title.commands'),
  };
  const layout: Partial<Help> = {
    sortSubcommands: false,
    // descriptions wrap in their column however narrow the terminal (commander stops below 40 columns)
    minWidthToWrap: 12,
    styleTitle: (title: string) => titles[title] ?? title,
    // "[options]" after a command's name only when it has options to show (not for a hidden --case).
    subcommandTerm(this: Help, cmd: Command): string {
      const term = Help.prototype.subcommandTerm.call(this, cmd);
      return cmd.options.some((o) => !o.hidden) ? term : term.replace(' [options]', '');
    },
    optionDescription(this: Help, option: Option): string {
      if (!option.argChoices) return Help.prototype.optionDescription.call(this, option);
      const choices = option.argChoices.map((c) => JSON.stringify(c)).join(', ');
      return option.description ? h('help.withChoices', { description: option.description, choices }) : h('help.choices', { choices });
    },
  };
  if (lang === 'ja') {
    layout.displayWidth = columns;
    layout.boxWrap = function (this: Help, s: string, width: number): string {
      if (width < this.minWidthToWrap) return s;
      return s
        .split(/\r?\n/)
        .flatMap((line) => (columns(line) <= width ? [line] : wrapHelpLine(line, width)))
        .join('\n');
    };
  }
  return layout;
}

async function makeContext(program: Command, needs: { store?: boolean; prompts?: boolean; playbooks?: boolean } = {}): Promise<Context> {
  const raw = program.opts<{ playbooks?: string[]; color?: boolean }>();
  const opts: GlobalOptions = { lang: langOf(program), playbooks: raw.playbooks, color: raw.color };
  const [{ processContext, readCatalogue, extraPlaybookDirs, colorEnabled }, { processIO }] = await Promise.all([import('./context.ts'), import('./adapters/io.ts')]);
  const catalogue = needs.playbooks === false ? undefined : await readCatalogue(extraPlaybookDirs(opts.playbooks, process.env));
  const color = colorEnabled(process.env, opts.color, Boolean(process.stdout.isTTY));
  const ctx = processContext(processIO(color), opts, catalogue);
  if (savedSettings().accessible === 'on') ctx.plain = true;
  // the accessible mode: what the eye alone reads (marks, arrows, wrapped lines) said for the ear
  if (ctx.plain) ctx.io = processIO(color, speechWords(ctx.t));
  if (needs.store) {
    const { fileStore } = await import('./adapters/store.ts');
    let store: ReturnType<typeof fileStore> | undefined;
    ctx.store = () => (store ??= fileStore(homeDir(process.env), ctx.t, ctx.now, { notice: (line) => ctx.io.err(line) }));
  }
  if (needs.prompts) {
    const [{ terminalPrompter }, { promptWords }] = await Promise.all([import('./adapters/prompter.ts'), import('./adapters/prompts.ts')]);
    const words = promptWords(ctx.t);
    const io = { input: process.stdin, output: process.stdout, rows: () => process.stdout.rows || 24, columns: () => ctx.io.columns };
    if (ctx.plain) {
      // Plain lines for screen readers and simple terminals: no cursor movement, no redraw.
      const { linePrompts } = await import('./adapters/line-prompts.ts');
      const { t } = ctx;
      const lineWords = {
        typeNumber: (count: number) => t('keys.typeNumber', { count }),
        typeNumbers: (count: number) => t('keys.typeNumbers', { count }),
        enterDefault: (name: string) => t('keys.enterDefault', { name }),
        notANumber: t('keys.notANumber'),
        menuHint: t('keys.menuHint'),
        empty: t('keys.empty'),
        saving: t('keys.saving'),
        listJoin: t('list.join'),
      };
      ctx.prompter = () => terminalPrompter(ctx.style, words, io, linePrompts({ style: ctx.style, words: lineWords, speech: speechWords(t) }, io));
    } else ctx.prompter = () => terminalPrompter(ctx.style, words, io);
  }
  return ctx;
}

/** --json and --md (or --html) together: a usage error. */
function formatOptions(cmd: Command, h: HelpText): Command {
  return cmd
    .addOption(new Option('--md', h('help.opt.md')).conflicts(['json', 'html']))
    .addOption(new Option('--json', h('help.opt.jsonSchema')).conflicts(['md', 'html']))
    .addOption(new Option('--html', h('help.opt.html')).conflicts(['md', 'json']));
}

type CaseOptions = { case?: string; incident?: string };

/**
 * The case a command is about, named once: by its argument, `--case`, or `--incident` (the old name,
 * still understood, no longer shown). Named twice differently: a usage error.
 */
function caseOf(h: HelpText, ...named: (string | undefined)[]): string | undefined {
  const ids = [...new Set(named.filter((x): x is string => x !== undefined))];
  if (ids.length > 1) throw new TakeoverError(h('usage.caseTwice', { ids: ids.join(', ') }), EXIT.usage);
  return ids[0];
}

export function buildProgram(h: HelpText, lang: Lang): Command {
  const examples = (...lines: string[]) => `\n${h('help.title.examples')}\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
  /** `--case <id>`, and the hidden `--incident <id>` it replaces. */
  const caseOptions = (cmd: Command) => cmd.option('--case <id>', h('help.opt.case')).addOption(new Option('--incident <id>').hideHelp());
  /** Commands named by a `[case]` argument also take `--case <id>` (hidden: the argument is the documented way). */
  const caseAlso = (cmd: Command) => cmd.addOption(new Option('--case <id>').hideHelp());

  const program = new Command('takeover');
  // Before any subcommand is made: they copy these, so a usage error anywhere exits 2, not 1, and
  // every help and every usage error is in the person's language.
  program.exitOverride();
  // commander repeats what was typed ("unknown command '…'"): cleaned like all output, so that typed escape sequences cannot act on the terminal.
  program.configureOutput({
    outputError: (text, write) => write(fitHelp(sanitize(usageMessage(text, h)), process.stderr)),
    // help and version, wrapped to the terminal by takeover (commander leaves narrow screens and the examples to the terminal)
    writeOut: (text) => process.stdout.write(fitHelp(text, process.stdout)),
    writeErr: (text) => process.stderr.write(fitHelp(text, process.stderr)),
  });
  program.configureHelp(helpLayout(h, lang));
  program.helpOption('-h, --help', h('help.opt.help'));
  program.helpCommand('help [command]', h('help.cmd.help'));
  program
    .description(h('help.takeover'))
    .version(VERSION, '-v, --version', h('help.opt.version'))
    .addOption(new Option('--lang <lang>', h('help.opt.lang')).choices(['ja', 'en']))
    .option('--playbooks <dir>', h('help.opt.playbooks'), collect)
    .option('--no-color', h('help.opt.noColor'))
    .showSuggestionAfterError(true)
    .addHelpText('after', examples('takeover start', 'takeover resume', 'takeover todo', 'takeover contacts rakuten-card', 'takeover report -o report.md'));

  program
    .command('start')
    .description(h('help.start'))
    .argument('[playbook]', h('help.start.playbook'))
    .addHelpText('after', examples('takeover start', 'takeover start amazon', 'takeover --lang ja start rakuten-card'))
    .action(async (playbook: string | undefined) => {
      const ctx = await makeContext(program, { store: true, prompts: true });
      const { runStart } = await import('./commands/start.ts');
      await runStart({ ...(playbook ? { playbook } : {}) }, ctx);
    });

  caseAlso(program.command('resume').description(h('help.resume')).argument('[case]', h('help.resume.case')))
    .addHelpText('after', examples('takeover resume', 'takeover resume 2026-11-24-3f9c'))
    .action(async (id: string | undefined, opts: CaseOptions) => {
      const incident = caseOf(h, id, opts.case);
      const ctx = await makeContext(program, { store: true, prompts: true });
      const { runResume } = await import('./commands/resume.ts');
      await runResume({ incident }, ctx);
    });

  caseAlso(
    program
      .command('todo')
      .description(h('help.todo'))
      .argument('[case]', h('help.arg.case'))
      .addOption(new Option('--json', h('help.opt.json')).conflicts(['ics']))
      .option('--ics', h('help.todo.ics'))
      .option('-o, --output <file>', h('help.todo.output'))
      .option('--force', h('help.opt.force')),
  )
    .addHelpText('after', examples('takeover todo', 'takeover todo --json', 'takeover todo --ics -o takeover.ics'))
    .action(async (id: string | undefined, { case: named, ...opts }: CaseOptions & { json?: boolean; ics?: boolean; output?: string; force?: boolean }) => {
      const incident = caseOf(h, id, named);
      const ctx = await makeContext(program, { store: true });
      const { runTodo } = await import('./commands/todo.ts');
      runTodo({ incident, ...opts }, ctx);
    });

  caseOptions(
    program
      .command('done')
      .description(h('help.done'))
      .argument('<item>', h('help.done.item'))
      .argument('[value...]', h('help.done.value'))
      .option('--drop', h('help.done.drop'))
      .option('--card <last4>', h('help.done.card'))
      .option('--account <service>', h('help.done.account')),
  )
    .addHelpText(
      'after',
      examples(
        'takeover done 1',
        'takeover done call-rakuten-card-contact-center',
        'takeover done record-police-reference 2026-123',
        'takeover done record-card-reported-at "12/2 10:30" --card 4821',
        'takeover done amazon-investigation-result',
      ),
    )
    .action(async (item: string, value: string[], { case: named, incident: old, ...opts }: CaseOptions & { drop?: boolean; card?: string; account?: string }) => {
      const incident = caseOf(h, named, old);
      const ctx = await makeContext(program, { store: true });
      const { runDone } = await import('./commands/done.ts');
      runDone({ item, value, ...opts, incident }, ctx);
    });

  caseAlso(program.command('status').description(h('help.status')).argument('[case]', h('help.arg.case')).option('--json', h('help.opt.json')))
    .addHelpText('after', examples('takeover status', 'takeover status 2026-11-24-3f9c'))
    .action(async (id: string | undefined, { case: named, ...opts }: CaseOptions & { json?: boolean }) => {
      const incident = caseOf(h, id, named);
      const ctx = await makeContext(program, { store: true });
      const { runStatus } = await import('./commands/status.ts');
      runStatus({ incident, ...opts }, ctx);
    });

  program
    .command('list')
    .description(h('help.list'))
    .option('--json', h('help.opt.json'))
    .addHelpText('after', examples('takeover list', 'takeover list --json'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program, { store: true, playbooks: false });
      const { runList } = await import('./commands/list.ts');
      runList(opts, ctx);
    });

  caseAlso(program.command('reopen').description(h('help.reopen')).argument('[case]', h('help.reopen.case')))
    .addHelpText('after', examples('takeover reopen', 'takeover reopen 2026-11-24-3f9c'))
    .action(async (id: string | undefined, opts: CaseOptions) => {
      const incident = caseOf(h, id, opts.case);
      const ctx = await makeContext(program, { store: true });
      const { runReopen } = await import('./commands/reopen.ts');
      runReopen({ incident }, ctx);
    });

  program
    .command('unlock')
    .description(h('help.unlock'))
    .argument('<case>', h('help.unlock.case'))
    .action(async (incident: string) => {
      const ctx = await makeContext(program, { store: true, playbooks: false });
      const { runUnlock } = await import('./commands/unlock.ts');
      runUnlock({ incident }, ctx);
    });

  program
    .command('contacts')
    .description(h('help.contacts'))
    .argument('[playbook]', h('help.arg.playbook'))
    .option('--at <time>', h('help.contacts.at'))
    .option('--json', h('help.opt.json'))
    .addHelpText('after', examples('takeover contacts rakuten-card', 'takeover contacts rakuten-card --at "2026-11-23 10:00"', 'takeover contacts --json'))
    .action(async (playbook: string | undefined, opts: { at?: string; json?: boolean }) => {
      const ctx = await makeContext(program);
      const { runContacts } = await import('./commands/contacts.ts');
      runContacts({ playbook, ...opts }, ctx);
    });

  program
    .command('playbooks')
    .description(h('help.playbooks'))
    .option('--json', h('help.opt.json'))
    .addHelpText('after', examples('takeover playbooks', 'takeover --playbooks ./my-playbooks playbooks'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program);
      const { runPlaybooks } = await import('./commands/playbooks.ts');
      runPlaybooks(opts, ctx);
    });

  const show = program.command('show').description(h('help.show')).argument('<playbook>', h('help.arg.playbook'));
  formatOptions(show, h)
    .addHelpText('after', examples('takeover show amazon', 'takeover show rakuten-card --md > rakuten-card.md', 'takeover show card --json'))
    .action(async (playbook: string, opts: { md?: boolean; json?: boolean; html?: boolean }) => {
      const ctx = await makeContext(program);
      const { runShow } = await import('./commands/show.ts');
      runShow({ playbook, ...opts }, ctx);
    });

  program
    .command('validate')
    .description(h('help.validate'))
    .argument('<file-or-dir...>', h('help.validate.paths'))
    .option('--json', h('help.validate.json'))
    .addHelpText('after', examples('takeover validate my-bank.yaml', 'takeover validate ./my-playbooks', 'takeover validate ./my-playbooks --json'))
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const ctx = await makeContext(program);
      const { runValidate } = await import('./commands/validate.ts');
      runValidate({ paths, ...opts }, ctx);
    });

  const report = program
    .command('report')
    .description(h('help.report'))
    .argument('[case]', h('help.arg.case'))
    .addOption(new Option('--for <desk>', h('help.report.for')).choices(['police', 'card']));
  caseAlso(
    formatOptions(report, h)
      .option('--card <last4>', h('help.report.card'))
      .option('--redact', h('help.report.redact'))
      .option('-o, --output <file>', h('help.report.output'))
      .option('--force', h('help.opt.force')),
  )
    .addHelpText(
      'after',
      examples(
        'takeover report',
        'takeover report -o report.md',
        'takeover report --for police --html -o police.html',
        'takeover report --for card',
        'takeover report --redact -o report-to-share.md',
        'takeover report --json',
      ),
    )
    .action(
      async (
        id: string | undefined,
        { case: named, ...opts }: CaseOptions & { for?: 'police' | 'card'; card?: string; md?: boolean; json?: boolean; html?: boolean; redact?: boolean; output?: string; force?: boolean },
      ) => {
        const incident = caseOf(h, id, named);
        const ctx = await makeContext(program, { store: true });
        const { runReport } = await import('./commands/report.ts');
        runReport({ incident, ...opts }, ctx);
      },
    );

  caseOptions(program.command('script').description(h('help.script')).argument('[contact]', h('help.script.contact')).option('--card <last4>', h('help.message.card')))
    .addHelpText(
      'after',
      examples('takeover script', 'takeover script rakuten-card', 'takeover script card-company --card 1234', 'takeover script amazon-customer-service', 'takeover script police-9110'),
    )
    .action(async (contact: string | undefined, { case: named, incident: old, card }: CaseOptions & { card?: string }) => {
      const incident = caseOf(h, named, old);
      const ctx = await makeContext(program, { store: true });
      const { runScript } = await import('./commands/script.ts');
      runScript({ ...(contact ? { contact } : {}), incident, ...(card ? { card } : {}) }, ctx);
    });

  caseOptions(program.command('message').description(h('help.message')).argument('<kind>', h('help.message.kind')).option('--card <last4>', h('help.message.card')))
    .addHelpText('after', examples('takeover message contacts', 'takeover message amazon', 'takeover message card --card 1234', 'takeover --lang en message card'))
    .action(async (kind: string, { case: named, incident: old, ...opts }: CaseOptions & { card?: string }) => {
      const incident = caseOf(h, named, old);
      const ctx = await makeContext(program, { store: true });
      const { runMessage } = await import('./commands/message.ts');
      runMessage({ kind, ...opts, incident }, ctx);
    });

  const record = program
    .command('record')
    .description(h('help.record'))
    .addHelpText(
      'after',
      examples(
        'takeover record card --issuer rakuten-card --last4 4821',
        'takeover record charge --card 4821 --date 2026-10-05 --amount 12800 --merchant "AMAZON.CO.JP"',
        'takeover record police --station 品川警察署 --ref 第1234号',
        'takeover record list',
      ),
    );
  const recordCase = (cmd: Command) => caseOptions(cmd.option('--id <record-id>', h('help.record.id')).option('--json', h('help.record.json')));
  const runRecordCommand = async (kind: string, target: string | undefined, { case: named, incident: old, ...opts }: CaseOptions & Record<string, unknown>) => {
    const incident = caseOf(h, named, old);
    const ctx = await makeContext(program, { store: true });
    const { runRecord } = await import('./commands/record.ts');
    runRecord({ kind: kind as never, ...(target ? { target } : {}), ...opts, ...(incident ? { incident } : {}) }, ctx);
  };
  recordCase(
    record
      .command('card')
      .description(h('help.record.card'))
      .option('--issuer <name>', h('help.record.card.issuer'))
      .option('--last4 <digits>', h('help.record.card.last4'))
      .option('--paused [time]', h('help.record.card.paused'))
      .option('--stopped [time]', h('help.record.card.stopped'))
      .option('--reported [time]', h('help.record.card.reported'))
      .option('--reissued [time]', h('help.record.card.reissued')),
  )
    .addHelpText('after', examples('takeover record card --issuer rakuten-card --last4 4821', 'takeover record card --issuer JCB --last4 1234 --reported "2026-12-02 09:40"'))
    .action((opts) => runRecordCommand('card', undefined, opts));
  recordCase(
    record
      .command('charge')
      .description(h('help.record.charge'))
      .option('--card <last4>', h('help.record.charge.card'))
      .option('--account <service>', h('help.record.charge.account'))
      .option('--date <date>', h('help.record.charge.date'))
      .option('--amount <amount>', h('help.record.charge.amount'))
      .option('--currency <code>', h('help.record.currency'))
      .option('--merchant <text>', h('help.record.charge.merchant'))
      .option('--status <status>', h('help.record.charge.status')),
  )
    .addHelpText(
      'after',
      examples(
        'takeover record charge --card 4821 --date 2026-10-05 --amount 12800 --merchant "AMAZON.CO.JP"',
        'takeover record charge --account bank --date 2026-12-01 --amount 500000 --merchant "振込 ヤマダタロウ"',
      ),
    )
    .action((opts) => runRecordCommand('charge', undefined, opts));
  recordCase(
    record
      .command('order')
      .description(h('help.record.order'))
      .option('--number <number>', h('help.record.order.number'))
      .option('--date <date>', h('help.record.order.date'))
      .option('--address <text>', h('help.record.order.address'))
      .option('--items <text>', h('help.record.order.items'))
      .option('--amount <amount>', h('help.record.order.amount'))
      .option('--currency <code>', h('help.record.currency'))
      .option('--prime', h('help.record.order.prime'))
      .option('--service <service>', h('help.record.order.service')),
  )
    .addHelpText('after', examples('takeover record order --number 503-1234567-1234567 --date 2026-12-02 --address "大阪府… 転送センター"', 'takeover record order --prime --date 2026-12-02'))
    .action((opts) => runRecordCommand('order', undefined, opts));
  recordCase(record.command('police').description(h('help.record.police')).option('--station <text>', h('help.record.police.station')).option('--ref <text>', h('help.record.police.ref')))
    .addHelpText('after', examples('takeover record police --station 品川警察署 --ref 第1234号'))
    .action((opts) => runRecordCommand('police', undefined, opts));
  recordCase(
    record
      .command('call')
      .description(h('help.record.call'))
      .argument('[desk]', h('help.record.call.desk'))
      .option('--ref <text>', h('help.record.call.ref'))
      .option('--at <time>', h('help.record.call.at'))
      .option('--who <name>', h('help.record.call.who'))
      .option('--note <text>', h('help.record.call.note'))
      .option('--card <last4>', h('help.record.call.card'))
      .option('--account <service>', h('help.record.call.account')),
  )
    .addHelpText('after', examples('takeover record call rakuten-card-lost-stolen --ref RC-2026-0042', 'takeover record call amazon-locked-out --at "02:40" --note "result by e-mail within 24 h"'))
    .action((desk: string | undefined, opts) => runRecordCommand('call', desk, opts));
  recordCase(
    record
      .command('trace')
      .description(h('help.record.trace'))
      .option('--email <address>', h('help.record.trace.email'))
      .option('--address <text>', h('help.record.trace.address'))
      .option('--phone <number>', h('help.record.trace.phone'))
      .option('--device <text>', h('help.record.trace.device'))
      .option('--on <service>', h('help.record.trace.on'))
      .option('--label <text>', h('help.record.trace.label')),
  )
    .addHelpText('after', examples('takeover record trace --email xxxxx@163.com --on amazon'))
    .action((opts) => runRecordCommand('trace', undefined, opts));
  recordCase(
    record
      .command('account')
      .description(h('help.record.account'))
      .argument('<service>', h('help.record.account.service'))
      .option('--sign-in-email <address>', h('help.record.account.signInEmail'))
      .option('--recovery-email <address>', h('help.record.account.recoveryEmail'))
      .option('--recovery-phone <number>', h('help.record.account.recoveryPhone'))
      .option('--secured [time]', h('help.record.account.secured'))
      .option('--reported [time]', h('help.record.account.reported'))
      .option('--reused', h('help.record.account.reused')),
  )
    .addHelpText('after', examples('takeover record account amazon --recovery-email me@gmail.com', 'takeover record account google --secured', 'takeover record account bank --reported 09:10'))
    .action((service: string, opts) => runRecordCommand('account', service, opts));
  caseOptions(record.command('list').description(h('help.record.list')).option('--json', h('help.opt.json'))).action(
    async ({ case: named, incident: old, ...opts }: CaseOptions & { json?: boolean }) => {
      const incident = caseOf(h, named, old);
      const ctx = await makeContext(program, { store: true });
      const { runRecordList } = await import('./commands/record.ts');
      runRecordList({ ...opts, incident }, ctx);
    },
  );

  const evidence = program.command('evidence').description(h('help.evidence'));
  caseOptions(evidence.command('add').description(h('help.evidence.add')).argument('<file>', h('help.evidence.add.file')).option('--note <text>', h('help.evidence.add.note')))
    .addHelpText('after', examples('takeover evidence add ~/Desktop/amazon-mail.png --note "the mail saying my e-mail was changed"'))
    .action(async (file: string, { case: named, incident: old, ...opts }: CaseOptions & { note?: string }) => {
      const incident = caseOf(h, named, old);
      const ctx = await makeContext(program, { store: true });
      const { runEvidenceAdd } = await import('./commands/evidence.ts');
      runEvidenceAdd({ file, ...opts, incident }, ctx);
    });
  caseOptions(evidence.command('list').description(h('help.evidence.list')))
    .option('--json', h('help.opt.json'))
    .action(async ({ case: named, incident: old, ...opts }: CaseOptions & { json?: boolean }) => {
      const incident = caseOf(h, named, old);
      const ctx = await makeContext(program, { store: true });
      const { runEvidenceList } = await import('./commands/evidence.ts');
      runEvidenceList({ ...opts, incident }, ctx);
    });

  const config = program.command('config').description(h('help.config'));
  config
    .command('set')
    .description(h('help.config.set'))
    .argument('<key>', h('help.config.set.key'))
    .argument('<value>', h('help.config.set.value'))
    .addHelpText('after', examples('takeover config set lang ja'))
    .action(async (key: string, value: string) => {
      const ctx = await makeContext(program, { playbooks: false });
      const { runConfigSet } = await import('./commands/config.ts');
      // this run's language was chosen for it (--lang, TAKEOVER_LANG): the confirmation stays in it
      const chosen = !!program.opts<{ lang?: string }>().lang || !!process.env.TAKEOVER_LANG;
      runConfigSet({ key, value, dir: homeDir(process.env), langChosen: chosen }, ctx);
    });
  config
    .command('get')
    .description(h('help.config.get'))
    .argument('[key]', h('help.config.get.key'))
    .action(async (key: string | undefined) => {
      const ctx = await makeContext(program, { playbooks: false });
      const { runConfigGet } = await import('./commands/config.ts');
      runConfigGet({ ...(key ? { key } : {}), dir: homeDir(process.env) }, ctx);
    });

  program
    .command('completion')
    .description(h('help.completion'))
    .argument('<shell>', h('help.completion.shell'))
    .action(async (shell: string) => {
      const ctx = await makeContext(program, { playbooks: false });
      const { runCompletion } = await import('./commands/completion.ts');
      runCompletion({ shell, program }, ctx);
    });

  // What the completion scripts call; run by main() before commander parses anything (see there).
  program.command('__complete', { hidden: true }).argument('[words...]');

  return program;
}

/** Writes the details of an unexpected error to a private file; the person sees a short message. */
function crashReport(error: unknown): string | undefined {
  try {
    const dir = homeDir(process.env);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `crash-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
    writeFileSync(file, `takeover ${VERSION}, node ${process.version}, ${process.platform}\n${process.argv.slice(2).join(' ')}\n\n${String((error as Error)?.stack ?? error)}\n`, { mode: 0o600 });
    return file;
  } catch {
    return undefined;
  }
}

/**
 * `takeover __complete <words…>`, called by the completion scripts. The words are the person's
 * unfinished command line, so commander must not parse them (`--lang` with no value yet, `--for`
 * on the wrong command): they go to the completion as they are. Never an error on the command line.
 */
async function complete(program: Command, words: string[]): Promise<number> {
  try {
    const { planCompletion, runComplete } = await import('./commands/completion.ts');
    const plan = await planCompletion(words, program);
    // Names and choices are the program's own words: printed at once, without reading anything.
    if (plan.fixed) {
      if (plan.fixed.length) process.stdout.write(`${plan.fixed.join('\n')}\n`);
      return EXIT.ok;
    }
    if (plan.globals.playbooks.length) program.setOptionValue('playbooks', plan.globals.playbooks);
    const ctx = await makeContext(program, { store: true, playbooks: plan.needsPlaybooks });
    await runComplete(plan, ctx);
  } catch {
    // Completion must never print an error into the person's command line.
  }
  return EXIT.ok;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Output piped into `head` or `less` that closes early (the help too): stop quietly, as other CLIs do.
  for (const stream of [process.stdout, process.stderr]) {
    if (!stream.listenerCount('error'))
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0);
        throw error;
      });
  }
  const args = argv.slice(2);
  argsSeen = args;
  // `takeover --version` alone, the commonest call in scripts: no texts to read.
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  let lang: Lang = detectLang(langArgument(args), process.env, savedLang(), () => caseLang(args));
  const program = buildProgram(await helpText(lang), lang);
  if (args[0] === '__complete') return complete(program, args.slice(1));
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    lang = (() => {
      try {
        return langOf(program);
      } catch {
        return lang;
      }
    })();
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help / version).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const [{ translator }, { boundaryIO }] = await Promise.all([import('./core/text/messages/index.ts'), import('./adapters/io.ts')]);
    const t = translator(lang);
    // Messages may hold text from a file or the command line: through the same boundary as all output.
    const say = boundaryIO(
      { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) },
      { color: false, stdinIsTTY: Boolean(process.stdin.isTTY), stdoutIsTTY: Boolean(process.stdout.isTTY), columns: process.stderr.isTTY ? process.stderr.columns || 80 : 10_000 },
    ).err;
    if (error instanceof CancelledError) {
      const id = (error as CancelledError & { incidentId?: string }).incidentId;
      say(`\n${id ? t('saved.progress', { id }) : ''}`);
      return EXIT.interrupted;
    }
    if (error instanceof TakeoverError) {
      if (error.message) say(error.message);
      for (const line of error.details) say(line);
      // An answer that could not be saved is shown again, so it can be copied.
      const lost = (error as TakeoverError & { lost?: string[] }).lost;
      if (lost) {
        if (lost.length) say(`${t('store.notSavedIntro')}\n${lost.map((l) => `  ${l}`).join('\n')}`);
        say(t('store.savedBefore'));
      }
      return error.exitCode;
    }
    if (process.env.TAKEOVER_DEBUG) process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    const file = crashReport(error);
    say(`${t('error.unexpected')}\n${file ? t('error.details', { file }) : String((error as Error)?.message ?? error)}`);
    return EXIT.failure;
  }
}

// Set the exit code rather than calling process.exit(), so that output is flushed first.
main(process.argv).then((code) => {
  process.exitCode = code;
});
