// Shell completion: `takeover completion bash|zsh|fish` prints a script that asks
// `takeover __complete <words…>` for the candidates: the words typed after `takeover`, the last one
// being the word under the cursor (possibly empty). Commands and options are read from the
// commander program itself; the values of options (`--for police|card`, `--lang ja|en`, `--case`,
// `--card`…), playbook ids, desk ids, case ids, config keys and values, and the open items of the
// case for `done` are read from the program and from this computer (the case is only read).
// Names and choices come from the program alone, at once; the modules that read cases and
// playbooks are loaded only for the candidates that come from them.
import type { Command, Option } from 'commander';
import type { Context } from '../context.ts';
import { EXIT, TakeoverError } from '../errors.ts';

const SCRIPTS: Record<string, string> = {
  bash: `# takeover completion for bash: add to ~/.bashrc:  source <(takeover completion bash)
_takeover() {
  local IFS=$'\\n' cur="\${COMP_WORDS[COMP_CWORD]}"
  # bash splits "--lang=" into "--lang" and "=": the value typed so far is what comes after the "=".
  [[ $cur == "=" ]] && cur=""
  COMPREPLY=($(compgen -W "$(takeover __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "$cur"))
}
complete -o default -F _takeover takeover
`,
  zsh: `#compdef takeover
# takeover completion for zsh: add to ~/.zshrc:  source <(takeover completion zsh)
_takeover() {
  local -a candidates
  candidates=(\${(f)"$(takeover __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)"})
  if (( \${#candidates} )); then compadd -a candidates; else _files; fi
}
compdef _takeover takeover
`,
  fish: `# takeover completion for fish: takeover completion fish > ~/.config/fish/completions/takeover.fish
function __takeover_complete
    set -l candidates (takeover __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)
    if set -q candidates[1]
        printf '%s\\n' $candidates
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c takeover -f -a '(__takeover_complete)'
`,
};

/** The settings of `takeover config set` and their values (as in ./config.ts; a test checks they agree). */
const SETTINGS: Record<string, readonly string[]> = { lang: ['ja', 'en'], accessible: ['on', 'off'] };

export function runCompletion(opts: { shell: string; program: Command }, ctx: Context): void {
  const script = SCRIPTS[opts.shell];
  if (!script) throw new TakeoverError(ctx.t('completion.unknownShell', { shell: opts.shell, shells: Object.keys(SCRIPTS).join(', ') }), EXIT.usage);
  ctx.io.data(script.trimEnd());
}

const visible = (c: Command) => !(c as Command & { _hidden?: boolean })._hidden;
const hasHelpCommand = (c: Command) => c.commands.length > 0 && !(c as Command & { _actionHandler?: unknown })._actionHandler;

/** What the words typed so far say: the command reached, its arguments, the values given to options. */
export interface WordsRead {
  /** The command the words have reached (the program itself when no command is typed yet). */
  command: Command;
  /** The arguments of that command typed so far (neither options nor their values). */
  operands: string[];
  /** The values given to options, by the option's name ("case", "card", "playbooks"…). */
  values: Map<string, string[]>;
  /** An option whose value is the word being typed. */
  pending?: Option;
  /** The word being typed. */
  partial: string;
  /** The global options that change what there is to complete. */
  globals: { playbooks: string[] };
}

/** The option with this flag on the command or above it (commander takes the program's options anywhere). */
function findOption(command: Command, flag: string): Option | undefined {
  for (let c: Command | null = command; c; c = c.parent) {
    const found = c.options.find((o) => o.long === flag || o.short === flag);
    if (found) return found;
  }
  return undefined;
}

/**
 * Reads the words as commander would: options (of the command or above) with their values, `--x=y`,
 * the "=" bash makes a word of its own, `--`, and the command and subcommand names.
 */
function readWords(words: string[], program: Command): WordsRead {
  const done = words.slice(0, -1);
  let partial = words[words.length - 1] ?? '';
  let command = program;
  let operands: string[] = [];
  const values = new Map<string, string[]>();
  const give = (o: Option, v: string) => values.set(o.attributeName(), [...(values.get(o.attributeName()) ?? []), v]);
  let pending: Option | undefined;
  let onlyOperands = false;
  for (let i = 0; i < done.length; i++) {
    const w = done[i]!;
    if (pending) {
      if (w === '=') continue;
      give(pending, w);
      pending = undefined;
      continue;
    }
    if (!onlyOperands && w === '--') {
      onlyOperands = true;
      continue;
    }
    if (!onlyOperands && w.startsWith('-') && w.length > 1) {
      const inline = /^(--[^=]+)=(.*)$/s.exec(w);
      const option = findOption(command, inline ? inline[1]! : w);
      if (!option) continue;
      if (inline) give(option, inline[2]!);
      else if (option.required) pending = option;
      else if (option.optional && i + 1 < done.length && !done[i + 1]!.startsWith('-')) give(option, done[++i]!);
      continue;
    }
    const sub = command.commands.length && !operands.length ? command.commands.find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) {
      command = sub;
      operands = [];
    } else operands.push(w);
  }
  if (pending && partial === '=') partial = '';
  return { command, operands, values, ...(pending ? { pending } : {}), partial, globals: { playbooks: values.get('playbooks') ?? [] } };
}

/** The commands whose first argument is a case id. */
const CASE_ARGUMENT = new Set(['resume', 'todo', 'status', 'report', 'reopen', 'unlock']);

/** The case the words name (`--case`, or the old `--incident`), else undefined: the latest one. */
const namedCase = (read: WordsRead) => (read.values.get('case') ?? read.values.get('incident'))?.at(-1);

/** Where the candidates come from: a fixed list, or this computer (the saved cases, the playbooks). */
type Source =
  | { from: 'list'; values: readonly string[] }
  | { from: 'module'; values: () => Promise<readonly string[]> }
  | { from: 'cases' }
  | { from: 'cards'; of: string | undefined }
  | { from: 'items'; of: string | undefined }
  | { from: 'playbooks' }
  | { from: 'desks' }
  | { from: 'desksAndPlaybooks' };

const NOTHING: Source = { from: 'list', values: [] };

/** What the word being typed is: a command, an option, an option's value or an argument, and where its candidates come from. */
function sourceOf(read: WordsRead): { source: Source; prefix?: string } {
  const { command, operands, pending, partial } = read;
  if (pending) return { source: optionSource(pending, read) };
  const inline = /^(--[^=]+)=/s.exec(partial);
  if (inline) {
    const option = findOption(command, inline[1]!);
    return option && (option.required || option.optional) ? { source: optionSource(option, read), prefix: inline[0] } : { source: NOTHING };
  }
  if (partial.startsWith('-')) return { source: { from: 'list', values: optionNames(command) } };
  if (command.commands.length) {
    const names = [...command.commands.filter(visible).map((c) => c.name()), ...(hasHelpCommand(command) ? ['help'] : [])];
    if (!operands.length) return { source: { from: 'list', values: names } };
    return { source: operands.length === 1 && operands[0] === 'help' ? { from: 'list', values: names.filter((n) => n !== 'help') } : NOTHING };
  }
  return { source: operandSource(command, operands, read) };
}

/** A plan for the word being typed: its candidates when they need nothing from this computer, else what they need. */
export interface CompletionPlan {
  /** The candidates (all beginning with the word typed), when they come from the program itself. */
  fixed?: string[];
  /** The playbooks are read (their ids, their desks, the open items of a case). */
  needsPlaybooks: boolean;
  /** The global options that change what there is to complete. */
  globals: WordsRead['globals'];
  run: (ctx: Context) => Promise<string[]>;
}

export async function planCompletion(words: string[], program: Command): Promise<CompletionPlan> {
  const read = readWords(words, program);
  const { source, prefix = '' } = sourceOf(read);
  const finish = (list: readonly string[]) => [...new Set(list.map((c) => `${prefix}${c}`))].filter((c) => c.startsWith(read.partial));
  const run = async (ctx: Context) => finish(await candidates(source, ctx));
  const base = { needsPlaybooks: ['items', 'playbooks', 'desks', 'desksAndPlaybooks'].includes(source.from), globals: read.globals, run };
  if (source.from === 'list') return { ...base, fixed: finish(source.values) };
  if (source.from === 'module') return { ...base, fixed: finish(await source.values()) };
  return base;
}

/** The options one can type here: the command's and those above it, as shown in their help. */
function optionNames(command: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) {
    for (const o of c.options) if (!o.hidden) names.push(...[o.long, o.short].filter((x): x is string => !!x));
  }
  return [...names, '--help', '-h'];
}

/** The values an option takes: its choices, or what it names (a case, a card of the case, a service). */
function optionSource(option: Option, read: WordsRead): Source {
  if (option.argChoices) return { from: 'list', values: option.argChoices };
  switch (option.attributeName()) {
    case 'case':
    case 'incident':
      return { from: 'cases' };
    case 'card':
      return { from: 'cards', of: namedCase(read) ?? (CASE_ARGUMENT.has(read.command.name()) ? read.operands[0] : undefined) };
    case 'issuer':
    case 'account':
    case 'on':
    case 'service':
      return { from: 'playbooks' };
    case 'status':
      return { from: 'module', values: async () => (await import('../core/case/incident.ts')).CHARGE_STATUSES };
    default:
      return NOTHING;
  }
}

/** The values of the command's next argument. Files and folders are left to the shell. */
function operandSource(command: Command, operands: string[], read: WordsRead): Source {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  const name = names.join(' ');
  if (operands.length === 0 && CASE_ARGUMENT.has(name)) return { from: 'cases' };
  switch (`${name} ${operands.length}`) {
    case 'start 0':
    case 'show 0':
    case 'contacts 0':
    case 'record account 0':
      return { from: 'playbooks' };
    case 'done 0':
      return { from: 'items', of: namedCase(read) };
    case 'script 0':
      return { from: 'desksAndPlaybooks' };
    case 'record call 0':
      return { from: 'desks' };
    case 'message 0':
      return { from: 'module', values: async () => (await import('../core/documents/outgoing.ts')).MESSAGE_KINDS };
    case 'config set 0':
    case 'config get 0':
      return { from: 'list', values: Object.keys(SETTINGS) };
    case 'config set 1':
      return { from: 'list', values: SETTINGS[operands[0]!] ?? [] };
    case 'completion 0':
      return { from: 'list', values: Object.keys(SCRIPTS) };
    default:
      return NOTHING;
  }
}

/** The candidates from their source. The cases are only read (the case of `done` as `done` itself would find it). */
async function candidates(source: Source, ctx: Context): Promise<readonly string[]> {
  const playbookIds = () => [...ctx.catalogue().playbooks.keys()];
  /** Every desk id: those of each playbook and the shared ones (the police, the consumer centre…). */
  const deskIds = () => {
    const cat = ctx.catalogue();
    return [...[...cat.playbooks.values()].flatMap((p) => p.playbook.contacts.map((c) => c.id)), ...cat.sharedContacts.keys()];
  };
  switch (source.from) {
    case 'list':
      return source.values;
    case 'module':
      return source.values();
    case 'cases':
      return ctx
        .store()
        .list()
        .summaries.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
        .map((s) => s.id);
    case 'cards': {
      const { resolveIncident } = await import('./incidents.ts');
      return (resolveIncident(ctx, source.of)?.records.cards ?? []).flatMap((c) => (c.last4 ? [c.last4] : []));
    }
    case 'items': {
      // The open items of the case, as `takeover todo` lists them; no case, nothing.
      const [{ resolveIncident }, { CaseSession }] = await Promise.all([import('./incidents.ts'), import('../wizard/session.ts')]);
      const found = resolveIncident(ctx, source.of);
      return found ? new CaseSession(ctx, found).items().map((i) => i.id) : [];
    }
    case 'playbooks':
      return playbookIds();
    case 'desks':
      return deskIds();
    case 'desksAndPlaybooks':
      return [...deskIds(), ...playbookIds()];
  }
}

/** Prints the candidates, one a line. Completion never prints an error into the person's command line. */
export async function runComplete(plan: CompletionPlan, ctx: Context): Promise<void> {
  let list: string[] = [];
  try {
    list = await plan.run(ctx);
  } catch {
    /* nothing to offer */
  }
  for (const c of list) ctx.io.data(c);
}
