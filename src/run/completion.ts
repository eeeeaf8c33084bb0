// `kevtui completion bash|zsh|fish` prints a shell completion script; the hidden
// `kevtui __complete contexts|namespaces` is what those scripts run for names only a kubeconfig
// or the cluster knows. Flags are written into the script from the flag table, so completing
// a flag starts no process; a name costs one short, read-only, silent run.
import { parseArgs } from 'node:util';
import { FLAGS, type FlagSpec } from '../options.js';

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

/** The names kevtui answers as a kubectl plugin too. */
const COMMANDS = ['kevtui', 'kubectl-kevtui'];
const SUBCOMMANDS = ['replay', 'demo-server', 'completion', 'config'];

// The demo's scenarios (demo/scenarios; a unit test keeps the two lists equal: importing them
// here would put the whole demo cluster into this small chunk).
const SCENARIOS = ['incident', 'steady', 'storm'];

/** How a flag's value completes. */
type ValueKind = { files: true } | { words: readonly string[] } | { dynamic: 'contexts' | 'namespaces' } | { free: true };

export function valueKind(f: FlagSpec): ValueKind | undefined {
  if (f.kind === 'boolean') return undefined;
  if (f.name === 'context') return { dynamic: 'contexts' };
  if (f.name === 'namespace') return { dynamic: 'namespaces' };
  if (f.name === 'scenario') return { words: SCENARIOS };
  if (f.name === 'types') return { words: ['Normal', 'Warning', 'Normal,Warning'] };
  if (f.arg === 'FILE' || f.arg === '[FILE]') return { files: true };
  if (f.arg && /^[a-z]+(\|[a-z]+)+$/.test(f.arg)) return { words: f.arg.split('|') };
  return { free: true };
}

function scoped(scope: 'monitor' | 'demo'): FlagSpec[] {
  return FLAGS.filter((f) => f.scope === 'both' || f.scope === scope);
}

function spellings(f: FlagSpec): string[] {
  return [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])];
}

// ---- bash ---------------------------------------------------------------------------------

function bashScript(): string {
  const flagWords = (scope: 'monitor' | 'demo') => scoped(scope).flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]).join(' ');
  const cases: string[] = [];
  for (const f of FLAGS) {
    const kind = valueKind(f);
    if (!kind) continue;
    const pat = spellings(f).join('|');
    // --stats takes its file optionally: a flag after it is still a flag.
    const optional = f.arg?.startsWith('[') ? ' [[ $cur == -* ]] ||' : '';
    if ('files' in kind) cases.push(`    ${pat})${optional} { COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return; } ;;`);
    else if ('words' in kind) cases.push(`    ${pat}) COMPREPLY=($(compgen -W '${kind.words.join(' ')}' -- "$cur")); return ;;`);
    else if ('dynamic' in kind) cases.push(`    ${pat}) _kevtui_names ${kind.dynamic}; return ;;`);
    else cases.push(`    ${pat}) return ;;`);
  }
  return `# kevtui completion for bash. Load it with:  source <(kevtui completion bash)
# (or save it as ~/.local/share/bash-completion/completions/kevtui)

# Names from the kubeconfig or the cluster, through the kevtui being completed. Read line by
# line, never through compgen -W, which would expand $(…) in a name.
_kevtui_names() {
  local name
  while IFS= read -r name; do
    [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
  done < <("\${_kevtui_cmd[@]}" __complete "$1" "\${_kevtui_scope[@]}" 2>/dev/null)
  declare -F __ltrim_colon_completions >/dev/null && __ltrim_colon_completions "$cur"
}

_kevtui() {
  local cur prev sub="" i w
  local -a words=("\${COMP_WORDS[@]:0:COMP_CWORD+1}") _kevtui_scope=()
  cur=\${words[COMP_CWORD]}
  prev=\${words[COMP_CWORD-1]}
  # bash splits --flag=value at the '=' (COMP_WORDBREAKS): look past it.
  if [[ $cur == "=" ]]; then cur=""; elif [[ $prev == "=" ]]; then prev=\${words[COMP_CWORD-2]}; fi
  local -a _kevtui_cmd=("\${words[0]/#\\~/$HOME}")
  [[ \${words[1]} == demo-server || \${words[1]} == completion ]] && sub=\${words[1]}
  # The kubeconfig and context already typed choose where names come from.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${words[i]}
    case $w in
      --kubeconfig|--context)
        if [[ \${words[i+1]} == "=" ]]; then _kevtui_scope+=("$w" "\${words[i+2]}"); else _kevtui_scope+=("$w" "\${words[i+1]}"); fi ;;
      --kubeconfig=*|--context=*) _kevtui_scope+=("$w") ;;
    esac
  done
  if [[ $sub == completion ]]; then
    ((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W '${SHELLS.join(' ')}' -- "$cur"))
    return
  fi
  if [[ \${words[1]} == config ]] && ((COMP_CWORD == 2)); then
    COMPREPLY=($(compgen -W 'show' -- "$cur"))
    return
  fi
  case $prev in
${cases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    if [[ $sub == demo-server ]]; then
      COMPREPLY=($(compgen -W '${flagWords('demo')}' -- "$cur"))
    else
      COMPREPLY=($(compgen -W '${flagWords('monitor')}' -- "$cur"))
    fi
  elif ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W '${SUBCOMMANDS.join(' ')}' -- "$cur"))
  fi
}
complete -F _kevtui ${COMMANDS.join(' ')}
`;
}

// ---- zsh ----------------------------------------------------------------------------------

/** Text inside an _arguments spec's [description] and 'quotes'. */
function zshText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/([[\]:])/g, '\\$1').replace(/'/g, `'\\''`);
}

function zshSpecs(scope: 'monitor' | 'demo'): string[] {
  return scoped(scope).map((f) => {
    const kind = valueKind(f);
    const help = zshText(f.help);
    // --flag= : the value as the next word or after '='.
    const names = f.short ? `{-${f.short},--${f.name}${kind ? '=' : ''}}` : `--${f.name}${kind ? '=' : ''}`;
    const excl = f.short ? `'(-${f.short} --${f.name})'` : '';
    let action = '';
    if (kind) {
      const what = zshText((f.arg ?? 'value').toLowerCase());
      const how =
        'files' in kind ? '_files' : 'words' in kind ? `(${kind.words.join(' ')})` : 'dynamic' in kind ? `_kevtui_names ${kind.dynamic}` : ' ';
      action = `:${what}:${how}`;
      if (f.arg?.startsWith('[')) action = `:${what}:${how}`.replace(/^:/, '::');
    }
    return `    ${excl}${names}'[${help}]${action}'`;
  });
}

function zshScript(): string {
  return `#compdef ${COMMANDS.join(' ')}
# kevtui completion for zsh. Load it with:  source <(kevtui completion zsh)
# (or save it as _kevtui in a directory on $fpath)

# _arguments calls an action with compadd options first: the kind of name is the last word.
_kevtui_names() {
  local -a names scope
  local i what=\${@[-1]}
  # The kubeconfig and context already typed choose where names come from.
  for ((i = 2; i < CURRENT; i++)); do
    case \${words[i]} in
      --kubeconfig|--context) scope+=(\${words[i]} \${(Q)words[i+1]}) ;;
      --kubeconfig=*|--context=*) scope+=(\${(Q)words[i]}) ;;
    esac
  done
  names=(\${(f)"$(\${~words[1]} __complete $what $scope 2>/dev/null)"})
  compadd "\${@[1,-2]}" -a names
}

_kevtui() {
  if [[ \${words[2]} == completion ]]; then
    (( CURRENT == 3 )) && compadd ${SHELLS.join(' ')}
    return
  fi
  if [[ \${words[2]} == config ]] && (( CURRENT == 3 )); then
    compadd show
    return
  fi
  if [[ \${words[2]} == demo-server ]]; then
    _arguments -s \\
${zshSpecs('demo').join(' \\\n')} \\
      '1: :(demo-server)'
    return
  fi
  _arguments -s \\
${zshSpecs('monitor').join(' \\\n')} \\
    '1: :((replay\\:"replay recordings or event exports" demo-server\\:"run the demo cluster" completion\\:"print a completion script" config\\:"show the settings in effect"))'
}

if [[ $zsh_eval_context[-1] == loadautoload ]]; then
  _kevtui "$@"
else
  compdef _kevtui ${COMMANDS.join(' ')}
fi
`;
}

// ---- fish ---------------------------------------------------------------------------------

function fishQuote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishScript(): string {
  const lines: string[] = [];
  for (const c of COMMANDS) {
    lines.push(`complete -c ${c} -f`);
    lines.push(`complete -c ${c} -n __fish_use_subcommand -a replay -d 'replay recordings or event exports'`);
    lines.push(`complete -c ${c} -n __fish_use_subcommand -a demo-server -d 'run the demo cluster'`);
    lines.push(`complete -c ${c} -n __fish_use_subcommand -a completion -d 'print a completion script'`);
    lines.push(`complete -c ${c} -n '__fish_seen_subcommand_from completion' -a '${SHELLS.join(' ')}'`);
    lines.push(`complete -c ${c} -n __fish_use_subcommand -a config -d 'show the settings in effect'`);
    lines.push(`complete -c ${c} -n '__fish_seen_subcommand_from config' -a show`);
    for (const f of FLAGS) {
      const cond =
        f.scope === 'monitor' ? ` -n 'not __fish_seen_subcommand_from demo-server completion'` : f.scope === 'demo' ? ` -n '__fish_seen_subcommand_from demo-server'` : '';
      const kind = valueKind(f);
      let value = '';
      if (kind) {
        const req = f.arg?.startsWith('[') ? '' : ' -r';
        if ('files' in kind) value = `${req} -F`;
        else if ('words' in kind) value = `${req} -a ${fishQuote(kind.words.join(' '))}`;
        else if ('dynamic' in kind) value = `${req} -a '(__kevtui_names ${kind.dynamic})'`;
        else value = req;
      }
      lines.push(`complete -c ${c}${cond} -l ${f.name}${f.short ? ` -s ${f.short}` : ''}${value} -d ${fishQuote(f.help)}`);
    }
  }
  return `# kevtui completion for fish. Load it with:  kevtui completion fish | source
# (or save it as ~/.config/fish/completions/kevtui.fish)

function __kevtui_names
    set -l words (commandline -opc)
    set -l scope
    for i in (seq 2 (count $words))
        switch $words[$i]
            case --kubeconfig --context
                set -a scope $words[$i] $words[(math $i + 1)]
            case '--kubeconfig=*' '--context=*'
                set -a scope $words[$i]
        end
    end
    $words[1] __complete $argv[1] $scope 2>/dev/null
end

${lines.join('\n')}
`;
}

export function completionScript(shell: Shell): string {
  return shell === 'bash' ? bashScript() : shell === 'zsh' ? zshScript() : fishScript();
}

// ---- names --------------------------------------------------------------------------------

const NAME_TIMEOUT_MS = 3000;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Only names a shell can offer as one word, and nothing that would reach a terminal as a control. */
function shellSafe(name: string): boolean {
  return name !== '' && !/[\s\p{Cc}\p{Cf}]/u.test(name);
}

async function names(what: 'contexts' | 'namespaces', args: string[]): Promise<string[]> {
  const { values } = parseArgs({ args, options: { kubeconfig: { type: 'string' }, context: { type: 'string' } }, strict: false });
  const kubeconfig = typeof values.kubeconfig === 'string' ? values.kubeconfig : undefined;
  const context = typeof values.context === 'string' ? values.context : undefined;
  // Context names need only the file, not the credentials' code.
  if (what === 'contexts') return (await import('../kube/kubeconfig.js')).contextNames({ kubeconfig }).filter(shellSafe).sort();
  const { loadKubeconfig } = await import('../kube/config.js');
  const { getJson } = await import('../kube/http.js');
  // An exec credential plugin that wants a login cannot get one here: give up quickly.
  const conn = loadKubeconfig({ kubeconfig, context, execTimeoutMs: NAME_TIMEOUT_MS });
  try {
    const list = await getJson<{ items?: Array<{ metadata?: { name?: unknown } }> }>(conn, '/api/v1/namespaces', {
      timeoutMs: NAME_TIMEOUT_MS,
      signal: AbortSignal.timeout(NAME_TIMEOUT_MS),
    });
    return (list.items ?? []).map((n) => n.metadata?.name).filter((n): n is string => typeof n === 'string' && DNS_LABEL.test(n)).sort();
  } finally {
    conn.close();
  }
}

/** `completion SHELL` or `__complete contexts|namespaces [--kubeconfig F] [--context C]`. */
export async function runCompletion(argv: string[]): Promise<number> {
  if (argv[0] === 'completion') {
    const shell = argv[1] as Shell;
    if (argv.length !== 2 || !SHELLS.includes(shell)) {
      process.stderr.write(`kevtui: usage: kevtui completion ${SHELLS.join('|')}\n`);
      return 2;
    }
    process.stdout.write(completionScript(shell));
    return 0;
  }
  const what = argv[1];
  if (what !== 'contexts' && what !== 'namespaces') return 2;
  let found: string[] = [];
  try {
    found = await names(what, argv.slice(2));
  } catch {
    // Completion offers what it can find; a missing kubeconfig or an unreachable cluster is
    // simply no names.
  }
  process.stdout.write(found.map((n) => `${n}\n`).join(''));
  // Keep-alive sockets or a killed credential plugin's pipes must not hold the shell's TAB.
  process.exit(0);
}
