// config.yaml's shape, as a zod schema (the one place that says which keys exist and what they
// accept: unknown keys are errors, a typo must not be silently ignored), and the check of a file's
// text against it. Loaded only when there is a file (load.ts): zod is ~60 ms of a Node 20 start.
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, type SeverityRule } from '../model/severity.js';
import { COLUMN_SETS, SORT_WORDS, THEMES, VIEW_NAME, type ConfigFile } from './schema.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (i) => `must be one of ${values.join(', ')}, got ${JSON.stringify(i.input)}` });

const pattern = z.string().min(1, 'must not be empty').superRefine((source, ctx) => {
  try {
    new RegExp(source, 'u');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}` });
  }
});

export const severityRuleSchema = z
  .strictObject({
    reason: pattern.optional(),
    message: pattern.optional(),
    type: oneOf(['Normal', 'Warning']).optional(),
    tier: oneOf(SEVERITIES),
  })
  .refine((r) => r.reason !== undefined || r.message !== undefined, { message: 'a severity rule needs a reason or a message pattern' });

export const viewSchema = z.strictObject({
  filter: z.string().optional(),
  sort: oneOf(SORT_WORDS).optional(),
  fold: z.boolean().optional(),
  columns: oneOf(COLUMN_SETS).optional(),
});

export const configSchema = z
  .strictObject({
    context: z.string().min(1).optional(),
    namespace: z.string().regex(DNS_LABEL, 'is not a valid namespace name').max(63).optional(),
    allNamespaces: z.boolean().optional(),
    api: oneOf(['auto', 'core', 'events']).optional(),
    sort: oneOf(SORT_WORDS).optional(),
    columns: oneOf(COLUMN_SETS).optional(),
    fold: z.boolean().optional(),
    theme: oneOf(THEMES).optional(),
    severity: z.array(severityRuleSchema).optional(),
    views: z
      .record(z.string().regex(VIEW_NAME, 'view names are one word of letters, digits, . _ -'), viewSchema)
      .optional(),
  })
  .refine((c) => !(c.namespace !== undefined && c.allNamespaces === true), { message: 'use either namespace or allNamespaces: true, not both' });

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
