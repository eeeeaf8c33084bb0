// config.yaml's words (themes, sort orders, column sets, view names) and the types of its
// settings. No zod here: the screens and the options need these words on every start, the schema
// (check.ts, ~60 ms to load on Node 20) only when there is a file to check.
import type { z } from 'zod';
import type { SortKey } from '../store/sort.js';
import type { configSchema, severityRuleSchema, viewSchema } from './check.js';

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

export type ConfigFile = z.infer<typeof configSchema>;
export type ViewSettings = z.infer<typeof viewSchema>;
export type SeverityRuleSpec = z.infer<typeof severityRuleSchema>;
