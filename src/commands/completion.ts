/**
 * `publish completion bash|zsh|fish`: a completion script made from the command line's own
 * definitions (src/cli.ts walks commander's commands and options into a {@link CliSpec}),
 * so a new command or flag completes without anyone editing a script.
 */
import type { CommandContext } from '../engine/context.js';
import { UsageError } from '../errors.js';

/** One flag as commander defines it. */
export interface OptionSpec {
  /** `--config` */
  long: string;
  /** `-c`, when it has one. */
  short?: string;
  description: string;
  /** True when it takes a value (`--config <file>`). */
  takesValue: boolean;
  /** The values it takes, when commander lists them (`--format`). */
  choices?: readonly string[];
  /** The value is a file (`--config`, `--out`): complete file names. */
  file?: boolean;
}

/** One command (the root's articles, or a subcommand). */
export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Takes file arguments (articles). */
  files: boolean;
}

/** The whole command line: the root command and its subcommands. */
export interface CliSpec {
  name: string;
  root: CommandSpec;
  commands: CommandSpec[];
}

/** The shells a script is made for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** `publish completion` options: the shell, and the command line's definitions from src/cli.ts. */
export interface CompletionOptions {
  shell: string;
  spec: CliSpec;
}

/** The script for one shell. */
export interface CompletionResult {
  shell: Shell;
  script: string;
}

export async function completionCommand(opts: CompletionOptions, _ctx: CommandContext): Promise<CompletionResult> {
  const shell = opts.shell as Shell;
  if (!SHELLS.includes(shell)) throw new UsageError(`completion ${opts.shell}: no such shell; use one of: ${SHELLS.join(', ')}`);
  const script = shell === 'bash' ? bashScript(opts.spec) : shell === 'zsh' ? zshScript(opts.spec) : fishScript(opts.spec);
  return { shell, script };
}

/** Flags and names are commander's own words: letters, digits and dashes only, safe to write unquoted. */
function word(text: string): string {
  if (!/^-{0,2}[A-Za-z0-9][A-Za-z0-9_-]*$/.test(text)) throw new Error(`not a plain word for a completion script: ${JSON.stringify(text)}`);
  return text;
}

/** A shell function name for a command. */
function ident(name: string): string {
  return word(name).replace(/-/g, '_');
}

const flags = (o: OptionSpec): string[] => [...(o.short ? [word(o.short)] : []), word(o.long)];

export function bashScript(spec: CliSpec): string {
  const name = word(spec.name);
  const fn = `_${ident(name)}_complete`;
  const all = [spec.root, ...spec.commands];
  const valued = all.flatMap((c) => c.options.filter((o) => o.takesValue).map((o) => ({ command: c === spec.root ? '' : c.name, o })));
  const valueCases = valued.map(({ command, o }) => {
    const reply = o.choices ? `COMPREPLY=($(compgen -W "${o.choices.map(word).join(' ')}" -- "$cur"))` : o.file ? 'COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()';
    return `    "${command}":${flags(o).join(`|"${command}":`)}) ${reply}; return ;;`;
  });
  const optionCases = all.map((c) => `    "${c === spec.root ? '' : c.name}") opts="${[...c.options.flatMap(flags), '--help'].join(' ')}" ;;`);
  const filesCases = all.filter((c) => c.files).map((c) => `"${c === spec.root ? '' : c.name}"`);
  return `# bash completion for ${name}: made by \`${name} completion bash\` from its own command definitions.
# Load it with: source <(${name} completion bash), or save it in ~/.local/share/bash-completion/completions/${name}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" i opts=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${spec.commands.map((c) => word(c.name)).join('|')}) command="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$command":"$prev" in
${valueCases.join('\n')}
  esac
  case "$command" in
${optionCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  COMPREPLY=()
  if [[ -z "$command" ]]; then
    COMPREPLY=($(compgen -W "${spec.commands.map((c) => word(c.name)).join(' ')}" -- "$cur"))
  fi
  case "$command" in
    ${filesCases.length > 0 ? filesCases.join('|') : '"\\0"'}) COMPREPLY+=($(compgen -f -- "$cur")) ;;
  esac
}
complete -o filenames -o bashdefault -F ${fn} ${name}
`;
}

/** Text inside a zsh single-quoted `_arguments` spec's [description]. */
function zshDescription(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([[\]:])/g, '\\$1').replace(/'/g, `'\\''`);
}

function zshSpecs(c: CommandSpec): string[] {
  const specs = c.options.flatMap((o) => flags(o).map((flag) => {
    const action = !o.takesValue ? '' : o.choices ? `:${word(o.long.slice(2))}:(${o.choices.map(word).join(' ')})` : o.file ? ':file:_files' : `:${word(o.long.slice(2))}: `;
    return `'${flag}[${zshDescription(o.description)}]${action}'`;
  }));
  return [...specs, `'--help[show help]'`];
}

export function zshScript(spec: CliSpec): string {
  const name = word(spec.name);
  const commands = spec.commands.map((c) => `    '${word(c.name)}:${zshDescription(c.description)}'`);
  const cases = spec.commands.map((c) => `    (${word(c.name)})\n      _arguments -S ${zshSpecs(c).join(' ')}${c.files ? " '*:file:_files'" : ''}\n      ;;`);
  return `#compdef ${name}
# zsh completion for ${name}: made by \`${name} completion zsh\` from its own command definitions.
# Load it with: source <(${name} completion zsh), or save it as _${name} in a folder of $fpath
_${ident(name)}() {
  local -a commands
  commands=(
${commands.join('\n')}
  )
  local command="" w
  for w in "\${(@)words[2,CURRENT-1]}"; do
    if (( \${+commands[(r)$w:*]} )); then command=$w; break; fi
  done
  case $command in
${cases.join('\n')}
    (*)
      local state
      _arguments -S ${zshSpecs(spec.root).join(' ')} '*:: :->args'
      if [[ $state == args ]]; then
        _describe -t commands command commands
        _files -g '*.(md|txt)'
      fi
      ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _${ident(name)} "$@"
else
  compdef _${ident(name)} ${name}
fi
`;
}

/** A fish single-quoted string. */
function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function fishScript(spec: CliSpec): string {
  const name = word(spec.name);
  const names = spec.commands.map((c) => word(c.name)).join(' ');
  const lines = [
    `# fish completion for ${name}: made by \`${name} completion fish\` from its own command definitions.`,
    `# Load it with: ${name} completion fish | source, or save it as ~/.config/fish/completions/${name}.fish`,
    `complete -c ${name} -f`,
    ...spec.commands.map((c) => `complete -c ${name} -n '__fish_use_subcommand' -a ${word(c.name)} -d ${fishQuote(c.description)}`),
  ];
  const option = (condition: string, o: OptionSpec) => {
    const parts = [`complete -c ${name} -n ${fishQuote(condition)}`];
    if (o.short) parts.push(`-s ${word(o.short.slice(1))}`);
    parts.push(`-l ${word(o.long.slice(2))}`);
    if (o.takesValue) parts.push(o.choices ? `-x -a ${fishQuote(o.choices.map(word).join(' '))}` : o.file ? '-r -F' : '-x');
    parts.push(`-d ${fishQuote(o.description)}`);
    return parts.join(' ');
  };
  const help: OptionSpec = { long: '--help', short: '-h', description: 'show help', takesValue: false };
  for (const o of [...spec.root.options, help]) lines.push(option('__fish_use_subcommand', o));
  if (spec.root.files) lines.push(`complete -c ${name} -n '__fish_use_subcommand' -F`);
  for (const c of spec.commands) {
    const condition = `__fish_seen_subcommand_from ${word(c.name)}`;
    for (const o of [...c.options, help]) lines.push(option(condition, o));
    if (c.files) lines.push(`complete -c ${name} -n ${fishQuote(condition)} -F`);
  }
  return `${lines.join('\n')}\n`;
}
