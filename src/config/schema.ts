// config.yaml's shape, as a zod schema: the one place that says which keys exist and what they
// accept. Unknown keys are errors (a typo must not be silently ignored). No I/O here.
import { z } from 'zod';
import { SEVERITIES } from '../model/severity.js';
import type { SortKey } from '../store/sort.js';

export const THEMES = ['dark', 'light', 'mono'] as const;
export type ThemeName = (typeof THEMES)[number];

/** The words the file (and `:sort`) uses for the sort orders. */
export const SORT_WORDS = ['triage', 'last', 'count', 'first', 'severity'] as const;
export type SortWord = (typeof SORT_WORDS)[number];
const SORT_OF_WORD: Readonly<Record<SortWord, SortKey>> = { triage: 'triage', last: 'lastSeen', count: 'count', first: 'firstSeen', severity: 'severity' };
export const sortKeyOf = (w: SortWord): SortKey => SORT_OF_WORD[w];
export const sortWordOf = (k: SortKey): SortWord => SORT_WORDS.find((w) => SORT_OF_WORD[w] === k)!;

export const COLUMN_SETS = ['normal', 'wide'] as const;
export type ColumnSet = (typeof COLUMN_SETS)[number];

/** A view's name: one word, so that `:view save NAME` needs no quoting. */
export const VIEW_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
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

export type ConfigFile = z.infer<typeof configSchema>;
export type ViewSettings = z.infer<typeof viewSchema>;
export type SeverityRuleSpec = z.infer<typeof severityRuleSchema>;
