// Finding, reading and checking config.yaml. A file that cannot be used is one line naming the
// file, the line and the problem; the caller then runs with the built-in defaults.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { SeverityRule } from '../model/severity.js';
import { configSchema, type ConfigFile } from './schema.js';

export interface LoadedConfig {
  /** The file read, or the one that would be (and that `:view save` writes). */
  readonly path: string;
  /** Named with --config (a missing file is then an error, not "no config"). */
  readonly explicit: boolean;
  readonly state: 'loaded' | 'absent' | 'invalid';
  /** The settings; empty unless loaded. */
  readonly file: ConfigFile;
  /** `FILE:LINE: what is wrong`, when invalid. */
  readonly problem?: string;
  /** The file's severity rules, compiled. */
  readonly rules: readonly SeverityRule[];
}

/** `$XDG_CONFIG_HOME/kevtui/config.yaml`, else `~/.config/kevtui/config.yaml` (XDG: a relative value is ignored). */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'kevtui', 'config.yaml');
}

/** The deepest node of `doc` on `path` (the parent, when the path's last key is missing). */
function nodeOn(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  let node = doc.contents as Node | null;
  let found: Node | undefined = node ?? undefined;
  for (const key of path) {
    if (node === null || typeof key === 'symbol') break;
    const next = (node as { get?: (k: unknown, keepScalar: true) => unknown }).get?.(key, true);
    if (next === undefined || next === null || typeof next !== 'object') break;
    node = next as Node;
    found = node;
  }
  return found;
}

/** The key node of `key` in the map at `path` (an unknown key's own line). */
function keyNode(doc: Document, path: readonly PropertyKey[], key: string): Node | undefined {
  const map = nodeOn(doc, path);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return pair !== undefined && isScalar(pair.key) ? pair.key : undefined;
}

const KIND_NAMES: Readonly<Record<string, string>> = { object: 'a map', array: 'a list', string: 'a string', boolean: 'true or false', number: 'a number' };

function describe(issue: z.core.$ZodIssue): { path: readonly PropertyKey[]; key?: string; text: string } {
  const name = (path: readonly PropertyKey[]) => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i > 0 ? '.' : ''}${String(k)}`)).join('');
  const where = name(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    return { path: issue.path, key, text: `unknown setting ${name([...issue.path, key])}` };
  }
  if (issue.code === 'invalid_key') {
    const key = String(issue.path[issue.path.length - 1]);
    return { path: issue.path.slice(0, -1), key, text: `${name(issue.path.slice(0, -1))} ${JSON.stringify(key)}: ${issue.issues[0]?.message ?? issue.message}` };
  }
  if ('input' in issue && issue.input === undefined && issue.path.length > 0) return { path: issue.path, text: `${where} is missing` };
  if (issue.code === 'invalid_type') return { path: issue.path, text: `${where === '' ? 'the file' : where} must be ${KIND_NAMES[issue.expected] ?? issue.expected}` };
  // The schema's own messages read after the setting's name ("sort must be one of …").
  const msg = issue.message;
  return { path: issue.path, text: where === '' ? msg : /^(must|is) /.test(msg) ? `${where} ${msg}` : `${where}: ${msg}` };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Checks a config file's text. Pure: the path only names the file in the problem. */
export function parseConfig(text: string, path: string): { file: ConfigFile; rules: SeverityRule[] } | { problem: string } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (node: Node | undefined) => (node?.range ? `:${lines.linePos(node.range[0]).line}` : '');
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0].line ?? lines.linePos(syntax.pos[0]).line;
    return { problem: `${path}:${line}: ${firstLine(syntax.message)}` };
  }
  const value: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    // The problem nearest the top of the file (zod reports in the schema's order).
    const located = result.error.issues.map((issue) => {
      const d = describe(issue);
      const node = d.key !== undefined ? keyNode(doc, d.path, d.key) : nodeOn(doc, d.path);
      return { d, node, offset: node?.range?.[0] ?? 0 };
    });
    const { d, node } = located.reduce((a, b) => (b.offset < a.offset ? b : a));
    const more = result.error.issues.length - 1;
    return { problem: `${path}${at(node)}: ${d.text}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}` };
  }
  const file = result.data;
  const rules: SeverityRule[] = (file.severity ?? []).map((r) => ({
    ...(r.reason !== undefined ? { reason: new RegExp(r.reason, 'u') } : {}),
    ...(r.message !== undefined ? { message: new RegExp(r.message, 'u') } : {}),
    ...(r.type !== undefined ? { type: r.type } : {}),
    tier: r.tier,
  }));
  return { file, rules };
}

/** Reads the config: `explicitPath` (--config) or the default path. Never throws. */
export function loadConfig(explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = explicitPath ?? defaultConfigPath(env);
  const explicit = explicitPath !== undefined;
  const none = { path, explicit, file: {}, rules: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ...none, state: 'absent' };
    return { ...none, state: 'invalid', problem: `${path}: cannot read it (${code ?? (e as Error).message})` };
  }
  const parsed = parseConfig(text, path);
  if ('problem' in parsed) return { ...none, state: 'invalid', problem: parsed.problem };
  return { path, explicit, state: 'loaded', file: parsed.file, rules: parsed.rules };
}

/** No file at all (the demo server, tests). */
export function noConfig(path = defaultConfigPath()): LoadedConfig {
  return { path, explicit: false, state: 'absent', file: {}, rules: [] };
}
