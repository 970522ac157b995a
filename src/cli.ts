// The commander program. This is the one place that turns errors into exit codes (see the README).
// Each command's code is imported only when that command runs, so `--help` stays instant.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { homeDir } from './adapters/home.ts';
import type { Context, GlobalOptions } from './context.ts';
import { detectLang } from './core/text/lang.ts';
import { CancelledError, EXIT, TakeoverError } from './errors.ts';

declare const __TAKEOVER_VERSION__: string;
const VERSION = typeof __TAKEOVER_VERSION__ === 'string' ? __TAKEOVER_VERSION__ : '0.0.0-dev';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** The language kept with `takeover config set lang`, read without loading conf (it is only needed to write). */
/** The settings saved with `takeover config set` (read without conf: start-up time matters). */
function savedSettings(): { lang?: string; accessible?: string } {
  try {
    return JSON.parse(readFileSync(path.join(homeDir(process.env), 'config.json'), 'utf8')) as { lang?: string; accessible?: string };
  } catch {
    return {};
  }
}
const savedLang = (): string | undefined => savedSettings().lang;

function langOf(program: Command): 'ja' | 'en' {
  return detectLang(program.opts<{ lang?: string }>().lang, process.env, savedLang());
}

async function makeContext(program: Command, needs: { store?: boolean; prompts?: boolean; playbooks?: boolean } = {}): Promise<Context> {
  const raw = program.opts<{ playbooks?: string[]; color?: boolean }>();
  const opts: GlobalOptions = { lang: langOf(program), playbooks: raw.playbooks, color: raw.color };
  const [{ processContext, readCatalogue, extraPlaybookDirs, colorEnabled }, { processIO }] = await Promise.all([import('./context.ts'), import('./adapters/io.ts')]);
  const catalogue = needs.playbooks === false ? undefined : await readCatalogue(extraPlaybookDirs(opts.playbooks, process.env));
  const ctx = processContext(processIO(colorEnabled(process.env, opts.color, Boolean(process.stdout.isTTY))), opts, catalogue);
  if (savedSettings().accessible === 'on') ctx.plain = true;
  if (needs.store) {
    const { fileStore } = await import('./adapters/store.ts');
    let store: ReturnType<typeof fileStore> | undefined;
    ctx.store = () => (store ??= fileStore(homeDir(process.env), ctx.t, ctx.now, { notice: (line) => ctx.io.err(line) }));
  }
  if (needs.prompts) {
    const { terminalPrompter } = await import('./adapters/prompter.ts');
    const words = { selectHelp: ctx.t('keys.select'), checkboxHelp: ctx.t('keys.checkbox'), pickFirst: ctx.t('keys.pickFirst'), saving: ctx.t('keys.saving'), empty: ctx.t('keys.empty') };
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
      };
      ctx.prompter = () => terminalPrompter(ctx.style, words, io, linePrompts({ style: ctx.style, words: lineWords }, io));
    } else ctx.prompter = () => terminalPrompter(ctx.style, words, io);
  }
  return ctx;
}

/** --json and --md (or --html) together: a usage error. */
function formatOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--md', 'Markdown (the default)').conflicts(['json', 'html']))
    .addOption(new Option('--json', 'JSON with a versioned schema').conflicts(['md', 'html']))
    .addOption(new Option('--html', 'one self-contained HTML file, laid out for A4 printing').conflicts(['md', 'json']));
}

export function buildProgram(): Command {
  const program = new Command('takeover');
  // Before any subcommand is made: they copy it, so a usage error anywhere exits 2, not 1.
  program.exitOverride();
  program
    .description(
      'A calm, step-by-step guide for when someone has taken over your online accounts.\nEvery answer is saved on this computer as you go; stop at any time and continue with "takeover resume".',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .addOption(new Option('--lang <lang>', 'language of the text (default: TAKEOVER_LANG, "takeover config set lang", then LANG / LC_ALL)').choices(['ja', 'en']))
    .option('--playbooks <dir>', 'an extra folder of playbooks (repeatable; also TAKEOVER_PLAYBOOKS)', collect)
    .option('--no-color', 'do not use colours (also NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false })
    .addHelpText('after', examples('takeover start', 'takeover resume', 'takeover todo', 'takeover contacts rakuten-card', 'takeover report -o report.md'));

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
    .addOption(new Option('--json', 'print JSON').conflicts(['ics']))
    .option('--ics', "write an iCalendar file of the calls, waits, deadlines and re-checks, for your phone's calendar")
    .option('-o, --output <file>', 'with --ics: write to this file (private: mode 0600)')
    .option('--force', 'overwrite the file given with -o')
    .addHelpText('after', examples('takeover todo', 'takeover todo --json', 'takeover todo --ics -o takeover.ics'))
    .action(async (incident: string | undefined, opts: { json?: boolean; ics?: boolean; output?: string; force?: boolean }) => {
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
    .option('--card <last4>', 'the card the value is about, when the case has several')
    .option('--account <service>', 'the account the value is about, when the case has several')
    .option('--incident <id>', 'the case (the most recent one if not given)')
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
    .action(async (item: string, value: string[], opts: { drop?: boolean; incident?: string; card?: string; account?: string }) => {
      const ctx = await makeContext(program, { store: true });
      const { runDone } = await import('./commands/done.ts');
      runDone({ item, value, ...opts }, ctx);
    });

  program
    .command('status')
    .description('your case at a glance: services, facts recorded, periods to know, and what is still open')
    .argument('[incident]', 'case id (the most recent one if none is named)')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover status', 'takeover status 2026-11-24-3f9c'))
    .action(async (incident: string | undefined, opts: { json?: boolean }) => {
      const ctx = await makeContext(program, { store: true });
      const { runStatus } = await import('./commands/status.ts');
      runStatus({ incident, ...opts }, ctx);
    });

  program
    .command('list')
    .description('list saved cases: id, playbooks, started, last activity, progress, state')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover list', 'takeover list --json'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program, { store: true, playbooks: false });
      const { runList } = await import('./commands/list.ts');
      runList(opts, ctx);
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
    .command('unlock')
    .description('remove the lock of a case whose session is gone (e.g. after a restart on another computer)')
    .argument('<incident>', 'case id')
    .action(async (incident: string) => {
      const ctx = await makeContext(program, { store: true, playbooks: false });
      const { runUnlock } = await import('./commands/unlock.ts');
      runUnlock({ incident }, ctx);
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
    .description('list the available playbooks, shipped and your own')
    .option('--json', 'print JSON')
    .addHelpText('after', examples('takeover playbooks', 'takeover --playbooks ./my-playbooks playbooks'))
    .action(async (opts: { json?: boolean }) => {
      const ctx = await makeContext(program);
      const { runPlaybooks } = await import('./commands/playbooks.ts');
      runPlaybooks(opts, ctx);
    });

  const show = program.command('show').description('print a whole playbook as a checklist, without questions (for printing or screen readers)').argument('<playbook>', 'playbook id');
  formatOptions(show)
    .addHelpText('after', examples('takeover show amazon', 'takeover show rakuten-card --md > rakuten-card.md', 'takeover show card --json'))
    .action(async (playbook: string, opts: { md?: boolean; json?: boolean; html?: boolean }) => {
      const ctx = await makeContext(program);
      const { runShow } = await import('./commands/show.ts');
      runShow({ playbook, ...opts }, ctx);
    });

  program
    .command('validate')
    .description('check playbook files; every problem is reported as file:line:column')
    .argument('<file-or-dir...>', 'playbook files or folders')
    .option('--json', 'print the problems as JSON')
    .addHelpText('after', examples('takeover validate my-bank.yaml', 'takeover validate ./my-playbooks', 'takeover validate ./my-playbooks --json'))
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const ctx = await makeContext(program);
      const { runValidate } = await import('./commands/validate.ts');
      runValidate({ paths, ...opts }, ctx);
    });

  const report = program
    .command('report')
    .description('the report of a case, or a sheet for one desk: the police or the card company')
    .argument('[incident]', 'case id (the most recent one if none is named)')
    .addOption(new Option('--for <desk>', 'a one- or two-page sheet for this desk').choices(['police', 'card']));
  formatOptions(report)
    .option('--card <last4>', 'with --for card: the card, by its last 4 digits (when the case has more than one)')
    .option('--redact', "mask your own details (name, address, phone, your e-mail) for sharing; reference and order numbers and the attacker's addresses are kept")
    .option('-o, --output <file>', 'write to this file (private: mode 0600) instead of the screen')
    .option('--force', 'overwrite the file given with -o')
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
      async (incident: string | undefined, opts: { for?: 'police' | 'card'; card?: string; md?: boolean; json?: boolean; html?: boolean; redact?: boolean; output?: string; force?: boolean }) => {
        const ctx = await makeContext(program, { store: true });
        const { runReport } = await import('./commands/report.ts');
        runReport({ incident, ...opts }, ctx);
      },
    );

  program
    .command('script')
    .description('what was already done with a company, what to have ready and what to say to its desk, filled from your case')
    .argument('[contact]', 'a desk id (see "takeover contacts") or a playbook id (all its desks); all the desks of your case if none is named')
    .option('--incident <id>', 'the case (the most recent one if not given)')
    .addHelpText('after', examples('takeover script', 'takeover script rakuten-card', 'takeover script amazon-customer-service', 'takeover script police-9110'))
    .action(async (contact: string | undefined, opts: { incident?: string }) => {
      const ctx = await makeContext(program, { store: true });
      const { runScript } = await import('./commands/script.ts');
      runScript({ ...(contact ? { contact } : {}), ...opts }, ctx);
    });

  program
    .command('message')
    .description('a ready-to-send message filled from your case: to your contacts, to Amazon (chat or form), to the card company')
    .argument('<kind>', 'contacts, amazon or card')
    .option('--card <last4>', 'for "card": the card, by its last 4 digits (when the case has more than one)')
    .option('--incident <id>', 'the case (the most recent one if not given)')
    .addHelpText('after', examples('takeover message contacts', 'takeover message amazon', 'takeover message card --card 1234', 'takeover --lang en message card'))
    .action(async (kind: string, opts: { incident?: string; card?: string }) => {
      const ctx = await makeContext(program, { store: true });
      const { runMessage } = await import('./commands/message.ts');
      runMessage({ kind, ...opts }, ctx);
    });

  const record = program
    .command('record')
    .description('record something at any time, in an open or a closed case: a card, a charge, an order, the police report, a call, a trace of the attacker, an account')
    .addHelpText(
      'after',
      examples(
        'takeover record card --issuer rakuten-card --last4 4821',
        'takeover record charge --card 4821 --date 2026-10-05 --amount 12800 --merchant "AMAZON.CO.JP"',
        'takeover record police --station 品川警察署 --ref 第1234号',
        'takeover record list',
      ),
    );
  const recordCase = (cmd: Command) =>
    cmd
      .option('--id <record-id>', 'correct this record instead of adding one (see "takeover record list")')
      .option('--json', 'print the saved record as JSON')
      .option('--incident <id>', 'the case (the most recent one if not given)');
  const runRecordCommand = async (kind: string, target: string | undefined, opts: Record<string, unknown>) => {
    const ctx = await makeContext(program, { store: true });
    const { runRecord } = await import('./commands/record.ts');
    runRecord({ kind: kind as never, ...(target ? { target } : {}), ...opts }, ctx);
  };
  recordCase(
    record
      .command('card')
      .description('a card: its company and last 4 digits (never the whole number), and when it was stopped or reported')
      .option('--issuer <name>', 'the card company: a playbook id (rakuten-card) or its name (JCB)')
      .option('--last4 <digits>', 'the last 4 digits of the card')
      .option('--paused [time]', "paused in the card company's app (now, or when)")
      .option('--stopped [time]', 'stopped by the card company (now, or when)')
      .option('--reported [time]', 'the card company was told (now, or when)')
      .option('--reissued [time]', 'a new card was ordered (now, or when)'),
  )
    .addHelpText('after', examples('takeover record card --issuer rakuten-card --last4 4821', 'takeover record card --issuer JCB --last4 1234 --reported "2026-12-02 09:40"'))
    .action((opts) => runRecordCommand('card', undefined, opts));
  recordCase(
    record
      .command('charge')
      .description('a charge you did not make, on one card; or a transfer or payment from a bank or payment account')
      .option('--card <last4>', 'the card, by its last 4 digits')
      .option('--account <service>', 'or the account the money left (bank, paypay, securities)')
      .option('--date <date>', 'the date of the charge, e.g. 2026-10-05')
      .option('--amount <amount>', 'the amount, e.g. 12800')
      .option('--currency <code>', 'the currency (default JPY)')
      .option('--merchant <text>', 'the shop, as on the statement')
      .option('--status <status>', 'found, reported, refunded or refused'),
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
      .description('an order you did not make, or a membership (Prime) the attacker signed up for')
      .option('--number <number>', 'the order number')
      .option('--date <date>', 'the date of the order')
      .option('--address <text>', 'the delivery address it was sent to')
      .option('--items <text>', 'what was ordered')
      .option('--amount <amount>', 'the amount')
      .option('--currency <code>', 'the currency (default JPY)')
      .option('--prime', 'a membership such as Prime, not a parcel')
      .option('--service <service>', 'the shop (default: the shop of the case)'),
  )
    .addHelpText('after', examples('takeover record order --number 503-1234567-1234567 --date 2026-12-02 --address "大阪府… 転送センター"', 'takeover record order --prime --date 2026-12-02'))
    .action((opts) => runRecordCommand('order', undefined, opts));
  recordCase(
    record
      .command('police')
      .description('your report to the police: the station and the reference number (受理番号)')
      .option('--station <text>', 'the police station or desk')
      .option('--ref <text>', 'the reference number'),
  )
    .addHelpText('after', examples('takeover record police --station 品川警察署 --ref 第1234号'))
    .action((opts) => runRecordCommand('police', undefined, opts));
  recordCase(
    record
      .command('call')
      .description('a call or message with a desk: when, the reference number, who, what they said')
      .argument('[desk]', 'the desk id (see "takeover contacts")')
      .option('--ref <text>', 'the reference number they gave')
      .option('--at <time>', 'when (default: now)')
      .option('--who <name>', 'who answered')
      .option('--note <text>', 'what they said or promised')
      .option('--card <last4>', 'the card it was about, when the case has several')
      .option('--account <service>', 'the account it was about, when the case has several'),
  )
    .addHelpText('after', examples('takeover record call rakuten-card-lost-stolen --ref RC-2026-0042', 'takeover record call amazon-locked-out --at "02:40" --note "result by e-mail within 24 h"'))
    .action((desk: string | undefined, opts) => runRecordCommand('call', desk, opts));
  recordCase(
    record
      .command('trace')
      .description('something the attacker left: an e-mail address, a delivery address, a phone number, a device')
      .option('--email <address>', 'an e-mail address the attacker used')
      .option('--address <text>', 'a delivery address the attacker used')
      .option('--phone <number>', 'a phone number the attacker put on an account')
      .option('--device <text>', 'a device you do not know')
      .option('--on <service>', 'the account it was seen on (amazon, google, …)')
      .option('--label <text>', 'where you saw it'),
  )
    .addHelpText('after', examples('takeover record trace --email xxxxx@163.com --on amazon'))
    .action((opts) => runRecordCommand('trace', undefined, opts));
  recordCase(
    record
      .command('account')
      .description('an account: the e-mail and phone that can reset it, when it was back in your hands')
      .argument('<service>', 'a playbook id (amazon, google, apple) or a name')
      .option('--sign-in-email <address>', 'the e-mail address you sign in with')
      .option('--recovery-email <address>', 'the e-mail address its reset codes go to')
      .option('--recovery-phone <number>', 'the phone number its codes go to')
      .option('--secured [time]', 'back in your hands (now, or when)')
      .option('--reported [time]', 'you told the company (a bank, a broker, a payment app): now, or when')
      .option('--reused', 'the same password was used there'),
  )
    .addHelpText('after', examples('takeover record account amazon --recovery-email me@gmail.com', 'takeover record account google --secured', 'takeover record account bank --reported 09:10'))
    .action((service: string, opts) => runRecordCommand('account', service, opts));
  record
    .command('list')
    .description('everything recorded in the case, by kind, with its id')
    .option('--json', 'print JSON')
    .option('--incident <id>', 'the case (the most recent one if not given)')
    .action(async (opts: { json?: boolean; incident?: string }) => {
      const ctx = await makeContext(program, { store: true });
      const { runRecordList } = await import('./commands/record.ts');
      runRecordList(opts, ctx);
    });

  const evidence = program.command('evidence').description('files you keep as evidence (screenshots, saved mails), copied into your case with their SHA-256');
  evidence
    .command('add')
    .description('copy a file into the case; the original is never changed')
    .argument('<file>', 'a screenshot, a saved mail (.eml), a PDF…')
    .option('--note <text>', 'what it shows')
    .option('--incident <id>', 'the case (the most recent one if not given)')
    .addHelpText('after', examples('takeover evidence add ~/Desktop/amazon-mail.png --note "the mail saying my e-mail was changed"'))
    .action(async (file: string, opts: { note?: string; incident?: string }) => {
      const ctx = await makeContext(program, { store: true });
      const { runEvidenceAdd } = await import('./commands/evidence.ts');
      runEvidenceAdd({ file, ...opts }, ctx);
    });
  evidence
    .command('list')
    .description('the evidence files of the case, with their SHA-256')
    .option('--incident <id>', 'the case (the most recent one if not given)')
    .option('--json', 'print JSON')
    .action(async (opts: { incident?: string; json?: boolean }) => {
      const ctx = await makeContext(program, { store: true });
      const { runEvidenceList } = await import('./commands/evidence.ts');
      runEvidenceList(opts, ctx);
    });

  const config = program.command('config').description('settings kept between runs (the language)');
  config
    .command('set')
    .description('keep a setting')
    .argument('<key>', 'lang')
    .argument('<value>', 'ja or en')
    .addHelpText('after', examples('takeover config set lang ja'))
    .action(async (key: string, value: string) => {
      const ctx = await makeContext(program, { playbooks: false });
      const { runConfigSet } = await import('./commands/config.ts');
      runConfigSet({ key, value, dir: homeDir(process.env) }, ctx);
    });
  config
    .command('get')
    .description('show a setting')
    .argument('[key]', 'lang')
    .action(async (key: string | undefined) => {
      const ctx = await makeContext(program, { playbooks: false });
      const { runConfigGet } = await import('./commands/config.ts');
      runConfigGet({ ...(key ? { key } : {}), dir: homeDir(process.env) }, ctx);
    });

  program
    .command('completion')
    .description('a shell completion script: add `source <(takeover completion bash)` to ~/.bashrc (zsh and fish too)')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const ctx = await makeContext(program, { playbooks: false });
      const { runCompletion } = await import('./commands/completion.ts');
      runCompletion({ shell, program }, ctx);
    });

  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .action(async (words: string[]) => {
      const ctx = await makeContext(program, { store: true });
      const { runComplete } = await import('./commands/completion.ts');
      runComplete({ words, program }, ctx);
    });

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

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  let lang: 'ja' | 'en' = 'en';
  try {
    lang = detectLang(undefined, process.env, savedLang());
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
