// `--case <id>` on every command that names a case by an option (it was `--incident`, which still
// works and is no longer shown): the id reaches the case lookup (an unknown one is refused, exit 2),
// both names give the same result, and naming two different cases is a usage error. The commands
// that take the case as their argument accept `--case` too.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.ts';
import { ensureBuilt, FIXTURES, ROOT, tempHome } from './pty.ts';

const ID = '2026-11-21-walkthrough-3f9c';
const UNKNOWN = '2099-01-01-nothing-0000';
const home = tempHome();
const evidence = path.join(home.dir, 'mail.txt');
beforeAll(() => {
  ensureBuilt();
  mkdirSync(path.join(home.dir, 'incidents'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home.dir, 'incidents', `${ID}.json`), readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'incident.json')));
  writeFileSync(evidence, 'the mail');
});
afterAll(() => home.cleanup());

const run = (args: string[]) => runCli(home.dir, ['--lang', 'en', '--playbooks', FIXTURES, ...args]);

/** Every command that took `--incident <id>`, with what else it needs to run. */
const TOOK_INCIDENT: { command: string[]; args: string[] }[] = [
  { command: ['done'], args: ['call-amazon-report-scam'] },
  { command: ['script'], args: [] },
  { command: ['message'], args: ['contacts'] },
  { command: ['record', 'card'], args: ['--last4', '4821'] },
  { command: ['record', 'charge'], args: ['--amount', '100', '--merchant', 'SHOP'] },
  { command: ['record', 'order'], args: ['--number', '1'] },
  { command: ['record', 'police'], args: ['--ref', '1'] },
  { command: ['record', 'call'], args: [] },
  { command: ['record', 'trace'], args: ['--email', 'someone@example.com'] },
  { command: ['record', 'account'], args: ['amazon'] },
  { command: ['record', 'list'], args: [] },
  { command: ['evidence', 'add'], args: [evidence] },
  { command: ['evidence', 'list'], args: [] },
];
const EACH = TOOK_INCIDENT.map(({ command, args }) => [command.join(' '), [...command, ...args]] as const);

describe('--case, and --incident kept as a hidden alias', { timeout: 120_000 }, () => {
  it.each(EACH)('%s: --case and --incident both reach the case (an unknown one: exit 2)', (_name, args) => {
    for (const flag of ['--case', '--incident']) {
      const r = run([...args, flag, UNKNOWN]);
      expect(r.status, `${flag}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`No case "${UNKNOWN}"`);
    }
  });

  it.each(EACH)('%s: two different cases named is a usage error', (_name, args) => {
    const r = run([...args, '--case', ID, '--incident', UNKNOWN]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('The case is named twice');
  });

  it.each([[['record', 'list', '--json']], [['evidence', 'list', '--json']], [['script', 'walkthrough']], [['message', 'contacts']]])(
    '%j: the same output with --case, with --incident and with neither',
    (args) => {
      const plain = run(args);
      expect(plain.status, plain.stderr).toBe(0);
      for (const flag of ['--case', '--incident']) {
        const r = run([...args, flag, ID]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toBe(plain.stdout);
      }
    },
  );

  it('a value recorded with --case goes into that case', () => {
    const r = run(['record', 'police', '--station', 'Shinagawa', '--ref', 'R-42', '--case', ID, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(run(['record', 'list', '--json', '--case', ID]).stdout).toContain('R-42');
  });

  it('the help shows --case and never --incident, in both languages', () => {
    for (const { command } of TOOK_INCIDENT) {
      for (const lang of ['en', 'ja']) {
        const r = runCli(home.dir, ['--lang', lang, ...command, '--help']);
        expect(r.stdout, `${command.join(' ')} --help`).toMatch(/--case <id> {2,}\S/);
        expect(r.stdout).not.toContain('--incident');
      }
    }
  });

  it('--incident is not suggested for a typo, --case is', () => {
    const r = run(['done', '1', '--cas', ID]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('(Did you mean --case?)');
    expect(r.stderr).not.toContain('--incident');
  });
});

describe('the commands that take the case as their argument take --case too', { timeout: 60_000 }, () => {
  it.each([['todo'], ['status'], ['report'], ['resume'], ['reopen']])('%s --case <unknown>: exit 2 naming it', (command) => {
    const r = run([command, '--case', UNKNOWN]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`No case "${UNKNOWN}"`);
  });

  it('todo --case <id> is todo <id>; both, different: a usage error', () => {
    const byArgument = run(['todo', '--json', ID]);
    const byOption = run(['todo', '--json', '--case', ID]);
    expect(byOption.status).toBe(0);
    expect(JSON.parse(byOption.stdout).items).toEqual(JSON.parse(byArgument.stdout).items);
    const both = run(['todo', ID, '--case', UNKNOWN]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('The case is named twice');
  });
});
