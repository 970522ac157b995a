// The commander program. This is the one place that turns errors into exit codes (see the README).
// Each command's code is imported only when that command runs, so `--help` stays instant.
import { Command, CommanderError, Option } from 'commander';
import type { Context, GlobalOptions } from './context.ts';
import { detectLang, translator } from './core/messages/index.ts';
import { CancelledError, EXIT, TakeoverError } from './errors.ts';

declare const __TAKEOVER_VERSION__: string;
const VERSION = typeof __TAKEOVER_VERSION__ === 'string' ? __TAKEOVER_VERSION__ : '0.0.0-dev';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

async function makeContext(program: Command, needs: { store?: boolean; prompts?: boolean } = {}): Promise<Context> {
  const raw = program.opts<{ lang?: string; playbooks?: string[]; color?: boolean }>();
  const opts: GlobalOptions = { lang: detectLang(raw.lang, process.env), playbooks: raw.playbooks, color: raw.color };
  const [{ processContext }, { processIO }] = await Promise.all([import('./context.ts'), import('./adapters/io.ts')]);
  const ctx = processContext(processIO(), opts);
  if (needs.store) {
    const { fileStore, defaultStoreDir } = await import('./adapters/store.ts');
    let store: ReturnType<typeof fileStore> | undefined;
    ctx.store = () => (store ??= fileStore(defaultStoreDir(process.env), ctx.t, ctx.now));
  }
  if (needs.prompts) {
    const { terminalPrompter } = await import('./adapters/prompter.ts');
    const words = { selectHelp: ctx.t('keys.select'), checkboxHelp: ctx.t('keys.checkbox'), pickFirst: ctx.t('keys.pickFirst'), saving: ctx.t('keys.saving') };
    ctx.prompter = () => terminalPrompter(ctx.style, words, { input: process.stdin, output: process.stdout, rows: () => process.stdout.rows || 24 });
  }
  return ctx;
}

export function buildProgram(): Command {
  const program = new Command('takeover');
  program
    .description(
      'A calm, step-by-step guide for when someone has taken over your online account.\nEvery answer is saved on this computer as you go; stop at any time and continue with "takeover resume".',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .addOption(new Option('--lang <lang>', 'language of the text (default: from LANG / LC_ALL)').choices(['ja', 'en']))
    .option('--playbooks <dir>', 'an extra folder of playbooks (repeatable; also TAKEOVER_PLAYBOOKS)', collect)
    .option('--no-color', 'do not use colours (also NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', examples('takeover start amazon', 'takeover resume', 'takeover contacts rakuten-card', 'takeover report --md -o report.md'));

  program
    .command('start')
    .description('start a new case: say what happened and get one plan across the services hit (or name one playbook)')
    .argument('[playbook]', 'go straight into one playbook: amazon, rakuten-card, card, google, apple, email (see "takeover playbooks")')
    .addHelpText('after', examples('takeover start', 'takeover start amazon', 'takeover --lang ja start rakuten-card'))
    .action(async (playbook: string | undefined) => {
      const ctx = await makeContext(program, { store: true, prompts: true });
      const { runStart } = await import('./commands/start.ts');
      await runStart({ ...(playbook ? { playbook } : {}) }, ctx);
    });

  program
    .command('resume')
    .description('continue your case: what can be done now, what is open, then where you stopped')
    .argument('[incident]', 'case id (see "takeover list"); the most recent open case if none is named')
    .addHelpText('after', examples('takeover resume', 'takeover resume 2026-11-24-3f9c'))
    .action(async (incident: string | undefined) => {
      const ctx = await makeContext(program, { store: true, prompts: true });
      const { runResume } = await import('./commands/resume.ts');
      await runResume({ incident }, ctx);
    });

  program
    .command('todo')
    .description('everything still open in your case: calls (open now or when), waits, deadlines, steps put off, numbers to record')
    .argument('[incident]', 'case id (the most recent one if none is named)')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover todo', 'takeover todo --json'))
    .action(async (incident: string | undefined, opts: { json?: boolean }) => {
      const ctx = await makeContext(program, { store: true });
      const { runTodo } = await import('./commands/todo.ts');
      runTodo({ incident, ...opts }, ctx);
    });

  program
    .command('done')
    .description('tick one open item off (see "takeover todo"); give the value for something to record')
    .argument('<item>', 'the item: its number or id in "takeover todo"')
    .argument('[value...]', 'what to record, e.g. the police reference number')
    .option('--drop', 'take it off the list without doing it (e.g. you will not get a police number)')
    .option('--incident <id>', 'the case (the most recent one if not given)')
    .addHelpText('after', examples('takeover done 1', 'takeover done call-rakuten-card-contact-center', 'takeover done record-police-reference 2026-123', 'takeover done amazon-investigation-result'))
    .action(async (item: string, value: string[], opts: { drop?: boolean; incident?: string }) => {
      const ctx = await makeContext(program, { store: true });
      const { runDone } = await import('./commands/done.ts');
      runDone({ item, value, ...opts }, ctx);
    });

  program
    .command('reopen')
    .description('open a closed case again')
    .argument('[incident]', 'case id (the most recently closed one if none is named)')
    .addHelpText('after', examples('takeover reopen', 'takeover reopen 2026-11-24-3f9c'))
    .action(async (incident: string | undefined) => {
      const ctx = await makeContext(program, { store: true });
      const { runReopen } = await import('./commands/reopen.ts');
      runReopen({ incident }, ctx);
    });

  program
    .command('list')
    .description('list saved incidents: id, playbooks, started, last activity, progress, state')
    .option('--json', 'print JSON (stable fields: see the README)')
    .addHelpText('after', examples('takeover list', 'takeover list --json'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program, { store: true });
      const { runList } = await import('./commands/list.ts');
      runList(opts, ctx);
    });

  program
    .command('status')
    .description('what is due, overdue and next for an incident: waits, deadlines and your follow-ups')
    .argument('[incident]', 'incident id (the most recent one if none is named)')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover status', 'takeover status 2026-11-21-amazon-3f9c'))
    .action(async (incident: string | undefined, opts: { json?: boolean }) => {
      const ctx = await makeContext(program, { store: true });
      const { runStatus } = await import('./commands/status.ts');
      runStatus({ incident, ...opts }, ctx);
    });

  program
    .command('contacts')
    .description('every contact of a playbook (or of all playbooks), open or closed now, and when it opens')
    .argument('[playbook]', 'playbook id')
    .option('--at <time>', 'check another moment: "10:00", "2026-11-23 10:00" (your zone) or "2026-11-23T10:00+09:00"')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover contacts rakuten-card', 'takeover contacts rakuten-card --at "2026-11-23 10:00"', 'takeover contacts --json'))
    .action(async (playbook: string | undefined, opts: { at?: string; json?: boolean }) => {
      const ctx = await makeContext(program);
      const { runContacts } = await import('./commands/contacts.ts');
      runContacts({ playbook, ...opts }, ctx);
    });

  program
    .command('playbooks')
    .description('list the available playbooks, shipped and custom')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover playbooks', 'takeover --playbooks ./my-playbooks playbooks'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program);
      const { runPlaybooks } = await import('./commands/playbooks.ts');
      runPlaybooks(opts, ctx);
    });

  program
    .command('show')
    .description('print a whole playbook as a checklist, without questions (for printing or screen readers)')
    .argument('<playbook>', 'playbook id')
    .option('--md', 'print Markdown')
    .addHelpText('after', examples('takeover show amazon', 'takeover show rakuten-card --md > rakuten-card.md'))
    .action(async (playbook: string, opts: { md?: boolean }) => {
      const ctx = await makeContext(program);
      const { runShow } = await import('./commands/show.ts');
      runShow({ playbook, ...opts }, ctx);
    });

  program
    .command('validate')
    .description('check playbook files; every problem is reported as file:line:column')
    .argument('<file-or-dir...>', 'playbook files or folders')
    .addHelpText('after', examples('takeover validate my-bank.yaml', 'takeover validate ./my-playbooks'))
    .action(async (paths: string[]) => {
      const ctx = await makeContext(program);
      const { runValidate } = await import('./commands/validate.ts');
      runValidate({ paths }, ctx);
    });

  program
    .command('report')
    .description('write the report of an incident (the most recent one if none is named)')
    .argument('[incident]', 'incident id (see "takeover list")')
    .option('--md', 'Markdown (the default)')
    .option('--json', 'JSON with a versioned schema (takeover-report/1; see docs/report-format.md)')
    .option('--redact', 'mask e-mail addresses, phone and card numbers, names and street addresses, for sharing')
    .option('-o, --output <file>', 'write to this file (private: mode 0600) instead of the screen')
    .addHelpText('after', examples('takeover report --md', 'takeover report 2026-11-21-amazon-3f9c --md -o report.md', 'takeover report --redact -o report-to-share.md', 'takeover report --json'))
    .action(async (incident: string | undefined, opts: { md?: boolean; json?: boolean; redact?: boolean; output?: string }) => {
      const ctx = await makeContext(program, { store: true });
      const { runReport } = await import('./commands/report.ts');
      runReport({ incident, ...opts }, ctx);
    });

  return program;
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  const lang = () => detectLang(program.opts<{ lang?: string }>().lang, process.env);
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    const t = translator(lang());
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help / version).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CancelledError) {
      const id = (error as CancelledError & { incidentId?: string }).incidentId;
      process.stderr.write(`\n${id ? t('saved.progress', { id }) : ''}\n`);
      return EXIT.interrupted;
    }
    if (error instanceof TakeoverError) {
      if (error.message) process.stderr.write(`${error.message}\n`);
      for (const line of error.details) process.stderr.write(`${line}\n`);
      // An answer that could not be saved is shown again, so it can be copied.
      const lost = (error as TakeoverError & { lost?: string[] }).lost;
      if (lost) {
        if (lost.length) process.stderr.write(`${t('store.notSavedIntro')}\n${lost.map((l) => `  ${l}`).join('\n')}\n`);
        process.stderr.write(`${t('store.savedBefore')}\n`);
      }
      return error.exitCode;
    }
    process.stderr.write(`${t('error.unexpected')}\n${String((error as Error)?.stack ?? error)}\n`);
    return EXIT.failure;
  }
}

// Set the exit code rather than calling process.exit(), so that output is flushed first.
main(process.argv).then((code) => {
  process.exitCode = code;
});
