// The filter language typed after `/`: free words matched fuzzily, plus `field:value` tokens.
// Pure parsing; matching lives in store/match.ts.
//
//   backoff web            free words: every word must match one field (see match.ts)
//   reason:backoff         field token: case-insensitive substring of that field
//   reason:"Back off"      quoted value (\" and \\ escape inside quotes); quoted free words too
//   -reason:pulled         negated token: the field must NOT contain the value
//   -web                   negated free word: no field may contain "web" (plain substring, not
//                          fuzzy: a fuzzy negation would silently hide far more than typed)
//   type:warn              event type, case-insensitive *prefix* (types are few words)
//   sev:error              severity at least error (error or critical); -sev:error = below error.
//                          Values: normal|warning|error|critical or any unique prefix (n, w, e, c)
//   foo:bar                unknown field: plain free text, not an error (URLs, "image:tag"…)
// Field names are case-insensitive and have long aliases (namespace:, message:, object:, …).
// Several tokens and words all have to hold (AND).
import { SEVERITIES, type Severity } from '../model/severity.js';

export type FieldName = 'type' | 'sev' | 'ns' | 'kind' | 'obj' | 'reason' | 'comp' | 'msg';

export interface FieldToken {
  field: FieldName;
  /** Lower-cased; for `sev` the full tier name (`sev:crit` → 'critical'). */
  value: string;
  negate: boolean;
}

/** A free word (lower-cased); quoted words may contain spaces. */
export interface FreeWord {
  value: string;
  negate: boolean;
}

export interface Query {
  /** The positive free words joined by ' ' (what is matched fuzzily). */
  text: string;
  tokens: FieldToken[];
  /** Every free word, negated ones included, in typed order. */
  words: FreeWord[];
  /** Human-readable problems; the offending token is left out of the filter, the rest applies. */
  errors: string[];
}

const FIELDS: Readonly<Record<string, FieldName>> = {
  type: 'type',
  sev: 'sev', severity: 'sev',
  ns: 'ns', namespace: 'ns',
  kind: 'kind',
  obj: 'obj', object: 'obj',
  reason: 'reason',
  comp: 'comp', component: 'comp',
  msg: 'msg', message: 'msg',
};

interface Lexeme {
  /** The text before an unquoted ':' when it could be a field name, else undefined. */
  field: string | undefined;
  value: string;
  negate: boolean;
  unclosed: boolean;
}

export function parseQuery(input: string): Query {
  const tokens: FieldToken[] = [];
  const words: FreeWord[] = [];
  const errors: string[] = [];
  for (const lx of lex(input)) {
    if (lx.unclosed) errors.push('missing closing quote');
    const field = lx.field === undefined ? undefined : FIELDS[lx.field.toLowerCase()];
    if (field === undefined) {
      // Unknown field or plain word: free text, as typed (quotes removed).
      const value = (lx.field === undefined ? lx.value : `${lx.field}:${lx.value}`).toLowerCase();
      if (value !== '') words.push({ value, negate: lx.negate });
      continue;
    }
    const value = lx.value.toLowerCase();
    if (value === '') {
      errors.push(`${lx.field}: needs a value`);
      continue;
    }
    if (field === 'sev') {
      const tier = severityNamed(value);
      if (tier === undefined) {
        errors.push(`unknown severity "${lx.value}" (${SEVERITIES.join(', ')})`);
        continue;
      }
      tokens.push({ field, value: tier, negate: lx.negate });
      continue;
    }
    tokens.push({ field, value, negate: lx.negate });
  }
  const text = words.filter((w) => !w.negate).map((w) => w.value).join(' ');
  return { text, tokens, words, errors };
}

/** `e`, `err`, `error` → 'error'; undefined when unknown. Tiers start with distinct letters. */
export function severityNamed(value: string): Severity | undefined {
  return SEVERITIES.find((s) => s.startsWith(value));
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Splits on whitespace outside quotes; a '-' right at the start of a lexeme negates it. */
function* lex(input: string): Generator<Lexeme> {
  let i = 0;
  const n = input.length;
  while (i < n) {
    while (i < n && isSpace(input[i]!)) i++;
    if (i >= n) return;
    let negate = false;
    // A lone '-' (or '-' before a space) is just the text "-".
    if (input[i] === '-' && i + 1 < n && !isSpace(input[i + 1]!)) {
      negate = true;
      i++;
    }
    let quoted = false;
    let field: string | undefined;
    let value = '';
    let unclosed = false;
    while (i < n && !isSpace(input[i]!)) {
      const c = input[i]!;
      if (c === '"') {
        quoted = true;
        i++;
        let closed = false;
        while (i < n) {
          const q = input[i]!;
          if (q === '\\' && i + 1 < n && (input[i + 1] === '"' || input[i + 1] === '\\')) {
            value += input[i + 1];
            i += 2;
          } else if (q === '"') {
            closed = true;
            i++;
            break;
          } else {
            value += q;
            i++;
          }
        }
        if (!closed) unclosed = true;
      } else if (c === ':' && field === undefined && !quoted && /^[a-z]+$/i.test(value)) {
        field = value;
        value = '';
        i++;
      } else {
        value += c;
        i++;
      }
    }
    yield { field, value, negate, unclosed };
  }
}
