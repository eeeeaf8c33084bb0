// Every command-line flag, in one table that drives both parsing and --help.
// Flags follow kubectl's spelling so that an on-call engineer's muscle memory works.
import { parseArgs } from 'node:util';
import type { DemoServerOptions, FaultOptions } from '../demo/server.js';
import { loadConfig, noConfig, type LoadedConfig } from './config/load.js';
import { sortKeyOf, THEMES, type ColumnSet, type SortWord, type ThemeName, type ViewSettings } from './config/schema.js';
import type { SortKey } from './store/sort.js';

export type Mode = 'tui' | 'plain' | 'once' | 'demo-server' | 'config-show';
export type Output = 'default' | 'wide' | 'json';
export type ApiChoice = 'auto' | 'core' | 'events';

export type Faults = FaultOptions;

/** The demo cluster's knobs, exactly as `startDemoServer` takes them. */
export type DemoFlags = Omit<DemoServerOptions, 'scenario' | 'onRequest' | 'port' | 'restrictedTokens' | 'faults'> & {
  scenario?: string;
  port: number;
  restrictedTokens: NonNullable<DemoServerOptions['restrictedTokens']>;
  faults: Faults;
};

export interface Options {
  mode: Mode;
  help: boolean;
  version: boolean;
  demo: boolean;
  kubeconfig?: string;
  context?: string;
  /** --context a,b,c: several clusters in one view (unset for one). */
  contexts?: string[];
  /** --all-contexts: every context of the kubeconfig in one view. */
  allContexts: boolean;
  namespace?: string;
  allNamespaces: boolean;
  fieldSelector?: string;
  types?: string[];
  forObject?: { kind: string; name: string };
  api: ApiChoice;
  output: Output;
  /** Fold groups whose messages differ only in variable parts (store/fold). */
  fold: boolean;
  maxGroups: number;
  /** --max-groups was given (else several clusters get the default cap each). */
  maxGroupsChosen?: boolean;
  /** Budget for the store's retained data (estimated bytes); undefined = the store's default (400M). */
  maxMemory?: number;
  /** Largest response body read (a list page; watch lines at most 16 MiB); undefined = kube/http's default. */
  maxBodyBytes?: number;
  color: boolean;
  /** --once prints the incident summary instead of every group. */
  summary: boolean;
  demoFlags: DemoFlags;
  /** --stats: write the live figures (src/run/stats) once a second to this file; '-' = stderr. */
  stats?: string;
  /** config.yaml as read (path, state, the one-line problem when it could not be used). */
  config: LoadedConfig;
  theme: ThemeName;
  /** The full screen's first sort, columns and filter (fold is `fold`). */
  sort: SortKey;
  wide: boolean;
  filter: string;
  /** --view NAME: the named view opened with. */
  view?: { name: string; settings: ViewSettings };
  /** Where each configurable setting's value came from (`kevtui config show`). */
  sources: Readonly<Record<Setting, string>>;
  /** --record FILE: append every change the store applies (src/record); --record-max rotates. */
  record?: string;
  recordMax?: number;
  /** `kevtui replay FILE…`: recordings or event exports fed through the same store and screens. */
  replay?: { files: string[]; speed: number };
}

/** The settings a flag, config.yaml or the built-in default decide. */
export type Setting = 'context' | 'namespace' | 'api' | 'sort' | 'columns' | 'fold' | 'theme' | 'filter';

/** Reads config.yaml: the --config path or the default one (tests pass their own). */
export type ConfigLoader = (explicitPath: string | undefined) => LoadedConfig;

export class UsageError extends Error {}

type Kind = 'boolean' | 'string';
export interface FlagSpec {
  name: string;
  short?: string;
  kind: Kind;
  arg?: string;
  help: string;
  /** Which commands accept it: the monitor (`kevtui …`), the demo server, or both. */
  scope: 'monitor' | 'demo' | 'both';
}

// 'both': the demo cluster's knobs also apply when `kevtui --demo` embeds it.
export const FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', kind: 'boolean', help: 'show this help', scope: 'both' },
  { name: 'version', kind: 'boolean', help: 'print the version', scope: 'monitor' },
  { name: 'demo', kind: 'boolean', help: 'start the embedded demo cluster and watch it', scope: 'monitor' },
  { name: 'kubeconfig', kind: 'string', arg: 'FILE', help: 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)', scope: 'monitor' },
  { name: 'context', kind: 'string', arg: 'NAME[,NAME]', help: 'kubeconfig context to use; several, comma-separated, watch those clusters in one view', scope: 'monitor' },
  { name: 'all-contexts', kind: 'boolean', help: "watch every context of the kubeconfig in one view", scope: 'monitor' },
  { name: 'namespace', short: 'n', kind: 'string', arg: 'NS', help: "namespace to watch (default: the context's)", scope: 'monitor' },
  { name: 'all-namespaces', short: 'A', kind: 'boolean', help: 'watch every namespace', scope: 'monitor' },
  { name: 'field-selector', kind: 'string', arg: 'SEL', help: 'server-side field selector, e.g. type=Warning,reason=BackOff', scope: 'monitor' },
  { name: 'types', kind: 'string', arg: 'LIST', help: 'event types to show, e.g. Warning or Normal,Warning', scope: 'monitor' },
  { name: 'for', kind: 'string', arg: 'KIND/NAME', help: 'only events about this object, e.g. pod/web-0', scope: 'monitor' },
  { name: 'api', kind: 'string', arg: 'auto|core|events', help: 'events API to watch (auto prefers events.k8s.io/v1)', scope: 'monitor' },
  { name: 'plain', kind: 'boolean', help: 'print a line per new or changed group (default when stdout is not a terminal)', scope: 'monitor' },
  { name: 'once', kind: 'boolean', help: 'list, print every group, exit', scope: 'monitor' },
  { name: 'fold', kind: 'boolean', help: 'fold similar messages (differing only in numbers, names, ids) into one row', scope: 'monitor' },
  { name: 'summary', kind: 'boolean', help: 'with --once: print the incident summary (top reasons, namespaces, objects, components; new) instead', scope: 'monitor' },
  { name: 'output', short: 'o', kind: 'string', arg: 'wide|json', help: 'plain output format', scope: 'monitor' },
  { name: 'max-groups', kind: 'string', arg: 'N', help: 'keep at most N groups, evicting the least recently seen (default 50000 per cluster)', scope: 'monitor' },
  { name: 'max-memory', kind: 'string', arg: 'SIZE', help: 'keep at most about SIZE of event data, e.g. 1G, evicting the least recently seen (default 400M)', scope: 'monitor' },
  { name: 'max-body-bytes', kind: 'string', arg: 'SIZE', help: 'largest list page to read, e.g. 64Mi; larger pages are asked for in smaller pieces (default 256Mi)', scope: 'monitor' },
  { name: 'stats', kind: 'string', arg: '[FILE]', help: 'write live figures (events/s, lag, frame time, bytes/s, RSS) as a JSON line per second to FILE (default stderr)', scope: 'monitor' },
  { name: 'no-color', kind: 'boolean', help: 'no colours (also NO_COLOR)', scope: 'monitor' },
  { name: 'theme', kind: 'string', arg: 'dark|light|mono', help: 'colours for a dark or a light terminal background, or none (default dark)', scope: 'monitor' },
  { name: 'config', kind: 'string', arg: 'FILE', help: 'settings file (default $XDG_CONFIG_HOME/kevtui/config.yaml, ~/.config/kevtui/config.yaml)', scope: 'monitor' },
  { name: 'view', kind: 'string', arg: 'NAME', help: "open with a named view from the settings file (its filter, sort, fold, columns)", scope: 'monitor' },
  { name: 'record', kind: 'string', arg: 'FILE', help: 'append every event received to FILE as NDJSON (gzip if it ends in .gz), for kevtui replay', scope: 'monitor' },
  { name: 'record-max', kind: 'string', arg: 'SIZE', help: 'with --record: rotate FILE to FILE.1, FILE.2… before it grows past SIZE, e.g. 100M', scope: 'monitor' },
  { name: 'speed', kind: 'string', arg: 'N', help: 'with replay: play the recording N times as fast as it happened (default 1)', scope: 'monitor' },
  { name: 'port', kind: 'string', arg: 'N', help: 'port to listen on, 127.0.0.1 only (default 0: any free port)', scope: 'demo' },
  { name: 'scenario', kind: 'string', arg: 'NAME', help: 'incident (default), steady or storm', scope: 'both' },
  { name: 'seed', kind: 'string', arg: 'N', help: 'random seed: the same seed replays the same cluster', scope: 'both' },
  { name: 'rate', kind: 'string', arg: 'N', help: 'live events per second (default 10)', scope: 'both' },
  { name: 'events', kind: 'string', arg: 'N', help: 'events to preload before serving (default 0; 1500 with --demo)', scope: 'both' },
  { name: 'duration', kind: 'string', arg: 'SECONDS', help: 'stop generating after this long (keep serving)', scope: 'both' },
  { name: 'kubeconfig-out', kind: 'string', arg: 'FILE', help: 'write a kubeconfig for kubectl and kevtui here', scope: 'demo' },
  { name: 'token', kind: 'string', arg: 'TOKEN', help: 'require this bearer token (401 otherwise)', scope: 'demo' },
  { name: 'restricted-token', kind: 'string', arg: 'TOKEN=USER:NS[,NS]', help: 'a token that may only read these namespaces (repeatable)', scope: 'demo' },
  { name: 'event-ttl', kind: 'string', arg: 'SECONDS', help: 'event time-to-live (default 3600), expiry is a DELETED', scope: 'both' },
  { name: 'history', kind: 'string', arg: 'N', help: 'changes kept for watch resumption (default 10000); older → 410', scope: 'both' },
  { name: 'drop-watch-after-events', kind: 'string', arg: 'N', help: 'fault: close each watch after N events', scope: 'both' },
  { name: 'drop-watch-after-seconds', kind: 'string', arg: 'S', help: 'fault: close each watch after S seconds', scope: 'both' },
  { name: 'fail-429', kind: 'string', arg: 'RATIO', help: 'fault: answer this fraction of requests 429 with Retry-After', scope: 'both' },
  { name: 'fail-500', kind: 'string', arg: 'RATIO', help: 'fault: answer this fraction of requests 500', scope: 'both' },
  { name: 'delay-ms', kind: 'string', arg: 'MS', help: 'fault: delay every response', scope: 'both' },
  { name: 'stall-watch-after-events', kind: 'string', arg: 'N', help: 'fault: stop writing to each watch after N events, keeping it open', scope: 'both' },
  { name: 'compact-every', kind: 'string', arg: 'S', help: 'fault: every S seconds cut every watch and compact the history, as a restarted apiserver does (resumes get 410 Gone)', scope: 'both' },
];

function flagsFor(command: 'monitor' | 'demo'): FlagSpec[] {
  return FLAGS.filter((f) => f.scope === 'both' || f.scope === command);
}

// The full screen's keys and `:` commands, briefly: `?` shows every key (ui/keymap.ts) and a
// unit test checks that each command of ui/commands.ts is named here.
const SCREEN_HELP = `In the full screen (press ? for every key):
  j/k ↑/↓ move   / filter   enter details   space pause   s sort   w warnings only   W wide
  f fold   T summary   o O t n r jump to object, owners, tree, node, related   c copy   q quit
  :ns NAME[,NAME]|all   :ctx NAME|+NAME|-NAME   :sort triage|last|count|first|severity   :filter TEXT
  :summary   :fold   :columns wide|normal   :view NAME   :view save NAME   :status   :help   :q
  e export to a file   :export [summary] md|json|csv [FILE]   :expired [on|off]
  replay: p play/pause   + - speed   :at start|end|HH:MM|-10m   :speed N
  (Tab completes, ↑/↓ history)`;

const ENVIRONMENT = `Environment:
  KUBECONFIG            kubeconfig files, joined by ':' (as kubectl)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY   proxy to the API server (as kubectl)
  KEVTUI_EXEC_TIMEOUT   seconds an exec credential plugin may take (default 30)
  NO_COLOR              no colours
  XDG_STATE_HOME        where crash.log goes (default ~/.local/state/kevtui)`;

export function helpText(command: 'monitor' | 'demo' = 'monitor'): string {
  const usage =
    command === 'monitor'
      ? `Usage: kevtui [flags]                    watch a cluster's events
       kevtui replay FILE… [flags]       replay recordings (--record), kubectl get events -o json
                                         or event-exporter NDJSON files (.gz too)
       kevtui demo-server [flags]        run the demo cluster for kubectl and kevtui
       kevtui completion bash|zsh|fish   print a shell completion script
       kubectl kevtui [flags]            the same, as a kubectl plugin (kubectl-kevtui)

Modes:
  full screen   the default on a terminal
  plain lines   with --plain, and the default when stdout is not a terminal (-o wide|json)
  once          with --once: list, print every group (--summary: the incident summary), exit
  replay        kevtui replay FILE…: any of these over files; --once prints the final groups
  demo          with --demo: any of these against the embedded demo cluster, no kubeconfig`
      : 'Usage: kevtui demo-server [flags]';
  const row = (f: FlagSpec) => {
    const name = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.arg ? ` ${f.arg}` : ''}`;
    return `  ${name.padEnd(38)} ${f.help}`;
  };
  const flags = flagsFor(command);
  if (command === 'demo') return `${usage}\n\nFlags:\n${flags.map(row).join('\n')}\n`;
  const own = flags.filter((f) => f.scope === 'monitor').map(row);
  const demo = flags.filter((f) => f.scope === 'both' && f.name !== 'help').map(row);
  return `${usage}\n\nFlags:\n${own.join('\n')}\n\nDemo cluster (with --demo; see also kevtui demo-server --help):\n${demo.join('\n')}\n\n${SCREEN_HELP}\n\n${ENVIRONMENT}\n`;
}

function intValue(flag: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    const want =
      max < Number.MAX_SAFE_INTEGER ? `an integer from ${min} to ${max}` : min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
    throw new UsageError(`--${flag} must be ${want}, got "${v}"`);
  }
  return Number(v);
}

// Kubernetes quantity suffixes: K/M/G decimal, Ki/Mi/Gi binary.
const SIZE_UNITS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
// One JSON body is one string, and V8 strings stop at ~512 MiB.
const MAX_BODY = 500 * 2 ** 20;

function sizeValue(flag: string, v: string | undefined, min = 64 * 1024, max = MAX_BODY, range = '64Ki to 500Mi'): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(v.trim());
  const n = m ? Number(m[1]) * SIZE_UNITS[m[2] ?? '']! : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`--${flag} must be a size from ${range} (bytes, or with K/M/G or Ki/Mi/Gi), got "${v}"`);
  return n;
}

/**
 * parseArgs reads `--max-groups -5` as a flag missing its value; glue a negative number to its
 * flag (`--max-groups=-5`) so that the validation says what is wrong with it.
 */
function glueNegativeValues(args: string[], specs: FlagSpec[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const spec = specs.find((f) => a === `--${f.name}` || (f.short !== undefined && a === `-${f.short}`));
    const next = args[i + 1];
    if (spec?.kind === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${spec.name}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

function numberValue(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${flag} wants a number from ${min} to ${max}, got "${v}"`);
  }
  return n;
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

function parseRestricted(values: string[] | undefined): DemoFlags['restrictedTokens'] {
  const out: DemoFlags['restrictedTokens'] = {};
  for (const v of values ?? []) {
    const m = /^([^=]+)=([^:]+):(.+)$/.exec(v);
    if (!m) throw new UsageError(`--restricted-token wants TOKEN=USER:NS[,NS], got "${v}"`);
    out[m[1]!] = { user: m[2]!, namespaces: m[3]!.split(',').filter(Boolean) };
  }
  return out;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Parses argv (without node and script). Throws UsageError with a one-line message. */
export function parseOptions(argv: string[], stdoutIsTTY: boolean, readConfig: ConfigLoader = loadConfig): Options {
  const command = argv[0] === 'demo-server' ? 'demo' : 'monitor';
  const replaying = argv[0] === 'replay';
  const showConfig = argv[0] === 'config';
  if (showConfig && argv[1] !== 'show') throw new UsageError(`usage: kevtui config show [flags]${argv[1] !== undefined ? `, got "config ${argv[1]}"` : ''}`);
  // `--stats` alone (last, or before another flag) means stderr.
  const args = (command === 'demo' || replaying ? argv.slice(1) : showConfig ? argv.slice(2) : argv).map((a, i, all) =>
    a === '--stats' && (i === all.length - 1 || all[i + 1]!.startsWith('-')) ? '--stats=-' : a,
  );
  const specs = flagsFor(command);
  const parseSpec: Record<string, { type: Kind; short?: string; multiple?: boolean }> = {};
  for (const f of specs) parseSpec[f.name] = { type: f.kind, ...(f.short ? { short: f.short } : {}), ...(f.name === 'restricted-token' ? { multiple: true } : {}) };

  let values: Record<string, string | boolean | string[] | undefined>;
  let files: string[] = [];
  try {
    const parsed = parseArgs({ args: glueNegativeValues(args, specs), options: parseSpec, strict: true, allowPositionals: replaying });
    values = parsed.values as typeof values;
    files = parsed.positionals;
  } catch (err) {
    const e = err as { code?: string; message: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(e.message)?.[1] ?? e.message;
      throw new UsageError(`unknown flag ${flag}${command === 'demo' ? ' for demo-server' : ''}`);
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /--([a-z-]+)/.exec(e.message)?.[1];
      throw new UsageError(flag ? `--${flag} needs a value` : e.message);
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']+)'/.exec(e.message)?.[1] ?? '';
      throw new UsageError(`unexpected argument "${arg}"${command === 'monitor' ? ' (the commands are replay, demo-server, config show and completion)' : ''}`);
    }
    throw new UsageError(e.message);
  }
  const str = (k: string) => values[k] as string | undefined;
  const bool = (k: string) => values[k] === true;

  const faults: Faults = {
    dropWatchAfterEvents: intValue('drop-watch-after-events', str('drop-watch-after-events'), 1),
    dropWatchAfterSeconds: numberValue('drop-watch-after-seconds', str('drop-watch-after-seconds'), 0.01, 86400),
    failRatio429: numberValue('fail-429', str('fail-429'), 0, 1),
    failRatio500: numberValue('fail-500', str('fail-500'), 0, 1),
    delayMs: intValue('delay-ms', str('delay-ms'), 0, 600000),
    stallWatchAfterEvents: intValue('stall-watch-after-events', str('stall-watch-after-events'), 0),
    compactEverySeconds: numberValue('compact-every', str('compact-every'), 0.1, 86400),
  };
  for (const k of Object.keys(faults) as (keyof Faults)[]) if (faults[k] === undefined) delete faults[k];

  const demoFlags: DemoFlags = {
    port: intValue('port', str('port'), 0, 65535) ?? 0,
    scenario: str('scenario'),
    seed: intValue('seed', str('seed'), 0, 2 ** 32 - 1),
    rate: numberValue('rate', str('rate'), 0, 1_000_000),
    events: intValue('events', str('events'), 0, 10_000_000),
    duration: numberValue('duration', str('duration'), 0, 10 * 365 * 86400),
    kubeconfigOut: str('kubeconfig-out'),
    token: str('token'),
    restrictedTokens: parseRestricted(values['restricted-token'] as string[] | undefined),
    eventTtlSeconds: intValue('event-ttl', str('event-ttl'), 1),
    historySize: intValue('history', str('history'), 1),
    faults,
  };

  const namespace = str('namespace');
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) throw new UsageError(`--namespace "${namespace}" is not a valid namespace name`);
  if (namespace !== undefined && bool('all-namespaces')) throw new UsageError('use either --namespace or --all-namespaces, not both');

  let forObject: Options['forObject'];
  const forArg = str('for');
  if (forArg !== undefined) {
    const m = /^([A-Za-z][A-Za-z0-9.]*)\/([a-z0-9]([-a-z0-9.:]*[a-z0-9])?)$/.exec(forArg);
    if (!m) throw new UsageError(`--for wants KIND/NAME such as pod/web-0, got "${forArg}"`);
    forObject = { kind: m[1]!, name: m[2]! };
  }

  let types: string[] | undefined;
  const typesArg = str('types');
  if (typesArg !== undefined) {
    types = typesArg.split(',').map((t) => t.trim()).filter(Boolean).map((t) => t[0]!.toUpperCase() + t.slice(1).toLowerCase());
    const bad = types.find((t) => t !== 'Normal' && t !== 'Warning');
    if (bad || types.length === 0) throw new UsageError(`--types takes Normal and/or Warning, got "${typesArg}"`);
  }

  const outputArg = str('output');
  const output = outputArg === undefined ? 'default' : oneOf('output', outputArg, ['wide', 'json'] as const, 'wide');
  if (bool('plain') && bool('once')) throw new UsageError('use either --plain or --once, not both');
  if (bool('summary') && !bool('once')) throw new UsageError('--summary works with --once (in the full screen, press T for the summary)');
  if (replaying && files.length === 0 && !bool('help')) throw new UsageError('usage: kevtui replay FILE… [--speed N] [--once|--plain]');
  if (str('record-max') !== undefined && str('record') === undefined) throw new UsageError('--record-max works with --record FILE');
  if (replaying && (str('record') !== undefined || bool('demo'))) throw new UsageError(`${bool('demo') ? '--demo' : '--record'} is for a live cluster, not a replay`);
  if (str('speed') !== undefined && !replaying) throw new UsageError('--speed works with kevtui replay');
  const speed = numberValue('speed', str('speed'), 1 / 16, 1024) ?? 1;

  const mode: Mode =
    command === 'demo' ? 'demo-server' : showConfig ? 'config-show' : bool('once') ? 'once' : bool('plain') || !stdoutIsTTY || outputArg !== undefined ? 'plain' : 'tui';

  // Precedence: a flag given on the command line, then --view's settings, then config.yaml,
  // then the built-in default. The demo server reads no config, and --help/--version need none.
  const config = command === 'demo' || bool('help') || bool('version') ? noConfig() : readConfig(str('config'));
  if (config.explicit && config.state === 'absent') throw new UsageError(`--config ${config.path}: no such file`);
  const file = config.file;
  const sources: Record<Setting, string> = { context: 'default', namespace: 'default', api: 'default', sort: 'default', columns: 'default', fold: 'default', theme: 'default', filter: 'default' };
  const fromFile = 'config file';
  // The demo is its own cluster: the file's context and namespace are about the user's clusters.
  const useFileScope = !bool('demo');
  const pick = <T,>(setting: Setting, flag: T | undefined, view: T | undefined, inFile: T | undefined, fallback: T, viewName = ''): T => {
    const [value, source] =
      flag !== undefined ? [flag, 'flag'] : view !== undefined ? [view, `view ${viewName}`] : inFile !== undefined ? [inFile, fromFile] : [fallback, 'default'];
    sources[setting] = source;
    return value;
  };

  let view: Options['view'];
  const viewName = str('view');
  if (viewName !== undefined) {
    const settings = file.views?.[viewName];
    if (settings === undefined) {
      const names = Object.keys(file.views ?? {});
      const why = config.problem !== undefined ? ` (${config.problem})` : names.length > 0 ? ` (views: ${names.join(', ')})` : ` (${config.path} has no views)`;
      throw new UsageError(`--view ${viewName}: no such view${why}`);
    }
    view = { name: viewName, settings };
  }
  const vs = view?.settings ?? {};
  const vn = view?.name ?? '';

  const contextArg = str('context');
  const contextList = contextArg === undefined ? undefined : [...new Set(contextArg.split(',').map((c) => c.trim()).filter(Boolean))];
  if (contextArg !== undefined && contextList!.length === 0) throw new UsageError(`--context needs a context name, got "${contextArg}"`);
  if (bool('all-contexts') && contextArg !== undefined) throw new UsageError('use either --context or --all-contexts, not both');
  if (bool('demo') && (bool('all-contexts') || (contextList?.length ?? 0) > 1)) throw new UsageError('the demo cluster has one context: --context a,b and --all-contexts are for a kubeconfig');
  const contexts = contextList !== undefined && contextList.length > 1 ? contextList : undefined;
  const context = pick('context', contexts === undefined ? contextList?.[0] : undefined, undefined, useFileScope && contexts === undefined && !bool('all-contexts') ? file.context : undefined, undefined);
  if (contexts !== undefined || bool('all-contexts')) sources.context = 'flag';
  const scopeFlag = namespace !== undefined ? { namespace, all: false } : bool('all-namespaces') ? { namespace: undefined, all: true } : undefined;
  const scopeFile = !useFileScope ? undefined : file.namespace !== undefined ? { namespace: file.namespace, all: false } : file.allNamespaces === true ? { namespace: undefined, all: true } : undefined;
  const scope = pick('namespace', scopeFlag, undefined, scopeFile, { namespace: undefined, all: false });
  const apiFlag: ApiChoice | undefined = str('api') === undefined ? undefined : oneOf('api', str('api'), ['auto', 'core', 'events'] as const, 'auto');
  const noColor = bool('no-color') || ('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  const themeFlag = str('theme') === undefined ? undefined : oneOf('theme', str('theme'), THEMES, 'dark');
  let theme = pick<ThemeName>('theme', themeFlag, undefined, file.theme, 'dark');
  if (noColor) {
    theme = 'mono';
    sources.theme = bool('no-color') ? 'flag (--no-color)' : 'NO_COLOR';
  }
  const sortWord = pick<SortWord>('sort', undefined, vs.sort, file.sort, 'triage', vn);
  const columns = pick<ColumnSet>('columns', undefined, vs.columns, file.columns, 'normal', vn);
  const fold = pick('fold', bool('fold') ? true : undefined, vs.fold, file.fold, false, vn);
  const filter = pick('filter', undefined, vs.filter, undefined, '', vn);

  return {
    mode,
    help: bool('help'),
    version: bool('version'),
    demo: bool('demo'),
    kubeconfig: str('kubeconfig'),
    context,
    ...(contexts !== undefined ? { contexts } : {}),
    allContexts: bool('all-contexts'),
    namespace: scope.namespace,
    allNamespaces: scope.all,
    fieldSelector: str('field-selector'),
    types,
    forObject,
    api: pick<ApiChoice>('api', apiFlag, undefined, file.api, 'auto'),
    output,
    fold,
    maxGroups: intValue('max-groups', str('max-groups'), 1) ?? 50_000,
    maxGroupsChosen: str('max-groups') !== undefined,
    maxBodyBytes: sizeValue('max-body-bytes', str('max-body-bytes')),
    maxMemory: sizeValue('max-memory', str('max-memory'), 16e6, 2 ** 45, '16M to 32Ti'),
    color: theme !== 'mono',
    summary: bool('summary'),
    demoFlags,
    stats: str('stats'),
    config,
    theme,
    sort: sortKeyOf(sortWord),
    wide: columns === 'wide',
    filter,
    ...(view !== undefined ? { view } : {}),
    sources,
    ...(str('record') !== undefined ? { record: str('record'), recordMax: sizeValue('record-max', str('record-max'), 64 * 1024, 2 ** 50, '64Ki to 1024Ti') } : {}),
    ...(replaying ? { replay: { files, speed } } : {}),
  };
}
