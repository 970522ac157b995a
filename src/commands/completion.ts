// Shell completion: `takeover completion bash|zsh|fish` prints a script that asks
// `takeover __complete <words…>` for the candidates (commands and options read from the commander
// program itself; playbook ids, case ids and open items read from this computer).
import type { Command } from 'commander';
import type { Context } from '../context.ts';
import { EXIT, TakeoverError } from '../errors.ts';
import { CaseSession } from '../wizard/session.ts';

const SCRIPTS: Record<string, string> = {
  bash: `# takeover completion for bash: add to ~/.bashrc:  source <(takeover completion bash)
_takeover() {
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$(takeover __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)" -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _takeover takeover
`,
  zsh: `#compdef takeover
# takeover completion for zsh: add to ~/.zshrc:  source <(takeover completion zsh)
_takeover() {
  local -a candidates
  candidates=("\${(@f)$(takeover __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _takeover takeover
`,
  fish: `# takeover completion for fish: takeover completion fish > ~/.config/fish/completions/takeover.fish
complete -c takeover -f -a '(takeover __complete (commandline -opc)[2..-1] (commandline -ct))'
`,
};

export function runCompletion(opts: { shell: string; program: Command }, ctx: Context): void {
  const script = SCRIPTS[opts.shell];
  if (!script) throw new TakeoverError(ctx.t('completion.unknownShell', { shell: opts.shell, shells: Object.keys(SCRIPTS).join(', ') }), EXIT.usage);
  ctx.io.data(script.trimEnd());
}

const visible = (c: Command) => !(c as Command & { _hidden?: boolean })._hidden;

/** The candidates for the word being typed (the last of `words`). */
export function completions(words: string[], program: Command, ctx: Context): string[] {
  const typed = words.filter((w) => !w.startsWith('-'));
  const partial = words[words.length - 1] ?? '';
  const commands = program.commands.filter(visible);
  const optionsOf = (c: Command) => c.options.flatMap((o) => [o.long, o.short].filter((x): x is string => !!x));
  if (typed.length <= 1) {
    return partial.startsWith('-') ? optionsOf(program) : commands.map((c) => c.name());
  }
  const cmd = commands.find((c) => c.name() === typed[0]);
  if (!cmd) return [];
  if (partial.startsWith('-')) return [...optionsOf(cmd), ...optionsOf(program)];
  if (cmd.commands.length) {
    const sub = cmd.commands.find((c) => c.name() === typed[1]);
    if (typed.length <= 2) return cmd.commands.map((c) => c.name());
    if (cmd.name() === 'config' && sub?.name() === 'set') return typed.length === 3 ? ['lang'] : ['ja', 'en'];
    return [];
  }
  if (typed.length > 2 && !['done'].includes(cmd.name())) return [];
  const cases = () =>
    ctx
      .store()
      .list()
      .summaries.map((s) => s.id);
  switch (cmd.name()) {
    case 'start':
    case 'show':
    case 'contacts':
      return [...ctx.catalogue().playbooks.keys()];
    case 'resume':
    case 'todo':
    case 'status':
    case 'report':
    case 'reopen':
    case 'unlock':
      return cases();
    case 'done': {
      if (typed.length > 2) return [];
      const latest = ctx
        .store()
        .list()
        .summaries.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
      const inc = latest && ctx.store().load(latest.id);
      return inc ? new CaseSession(ctx, inc).items().map((i) => i.id) : [];
    }
    case 'message':
      return ['contacts', 'amazon', 'card'];
    case 'completion':
      return Object.keys(SCRIPTS);
    default:
      return [];
  }
}

export function runComplete(opts: { words: string[]; program: Command }, ctx: Context): void {
  let list: string[] = [];
  try {
    list = completions(opts.words, opts.program, ctx);
  } catch {
    // Completion must never print an error into the person's command line.
  }
  const partial = opts.words[opts.words.length - 1] ?? '';
  for (const c of list) if (c.startsWith(partial)) ctx.io.data(c);
}
