// The commander program. This is the one place that turns errors into exit codes (see the README).
// Each command's code is imported only when that command runs, so `--help` stays instant.
import { Command, CommanderError, Option } from 'commander';
import type { Context, GlobalOptions } from './context.ts';
import { detectLang, translator } from './core/messages.ts';
import { CancelledError, EXIT, TakeoverError } from './errors.ts';

declare const __TAKEOVER_VERSION__: string;
const VERSION = typeof __TAKEOVER_VERSION__ === 'string' ? __TAKEOVER_VERSION__ : '0.0.0-dev';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

async function makeContext(program: Command, needsStore: boolean): Promise<Context> {
  const raw = program.opts<{ lang?: string; playbooks?: string[]; color?: boolean }>();
  const opts: GlobalOptions = { lang: detectLang(raw.lang, process.env), playbooks: raw.playbooks, color: raw.color };
  const [{ processContext }, { processIO }] = await Promise.all([import('./context.ts'), import('./adapters/io.ts')]);
  const ctx = processContext(processIO(), opts);
  if (needsStore) {
    const { confStore, defaultStoreDir } = await import('./adapters/store.ts');
    let store: ReturnType<typeof confStore> | undefined;
    ctx.store = () => (store ??= confStore(defaultStoreDir(process.env), ctx.t));
  }
  return ctx;
}

export function buildProgram(): Command {
  const program = new Command('takeover');
  program
    .description('A calm, step-by-step guide for when someone has taken over your online account.\nEvery answer is saved on this computer as you go; stop at any time and continue with "takeover resume".')
    .version(VERSION, '-v, --version', 'print the version')
    .addOption(new Option('--lang <lang>', 'language of the text (default: from LANG / LC_ALL)').choices(['ja', 'en']))
    .option('--playbooks <dir>', 'an extra folder of playbooks (repeatable; also TAKEOVER_PLAYBOOKS)', collect)
    .option('--no-color', 'do not use colours (also NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', examples('takeover start amazon', 'takeover resume', 'takeover contacts rakuten-card', 'takeover report --md -o report.md'));

  program
    .command('start')
    .description('start a new incident and go through a playbook step by step')
    .argument('<playbook>', 'which playbook: amazon, rakuten-card, google, apple (see "takeover playbooks")')
    .addHelpText('after', examples('takeover start amazon', 'takeover --lang ja start rakuten-card'))
    .action(async (playbook: string) => {
      const ctx = await makeContext(program, true);
      const { runStart } = await import('./commands/start.ts');
      await runStart({ playbook }, ctx);
    });

  program
    .command('resume')
    .description('continue the most recent unfinished incident, or the one named')
    .argument('[incident]', 'incident id (see "takeover list")')
    .addHelpText('after', examples('takeover resume', 'takeover resume 2026-11-21-amazon-3f9c'))
    .action(async (incident: string | undefined) => {
      const ctx = await makeContext(program, true);
      const { runResume } = await import('./commands/resume.ts');
      await runResume({ incident }, ctx);
    });

  program
    .command('list')
    .description('list saved incidents: id, playbooks, started, last activity, progress, state')
    .option('--json', 'print JSON (stable fields: see the README)')
    .addHelpText('after', examples('takeover list', 'takeover list --json'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program, true);
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
      const ctx = await makeContext(program, true);
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
      const ctx = await makeContext(program, false);
      const { runContacts } = await import('./commands/contacts.ts');
      runContacts({ playbook, ...opts }, ctx);
    });

  program
    .command('playbooks')
    .description('list the available playbooks, shipped and custom')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover playbooks', 'takeover --playbooks ./my-playbooks playbooks'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program, false);
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
      const ctx = await makeContext(program, false);
      const { runShow } = await import('./commands/show.ts');
      runShow({ playbook, ...opts }, ctx);
    });

  program
    .command('validate')
    .description('check playbook files; every problem is reported as file:line:column')
    .argument('<file-or-dir...>', 'playbook files or folders')
    .addHelpText('after', examples('takeover validate my-bank.yaml', 'takeover validate ./my-playbooks'))
    .action(async (paths: string[]) => {
      const ctx = await makeContext(program, false);
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
      const ctx = await makeContext(program, true);
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
