// The filter language typed after `/`: free words matched fuzzily, plus `field:value` tokens.
// Pure parsing; matching lives in store/match.ts.
//
//   backoff web            free words: each word fuzzy-matched (fuzzysort) against one field:
//                          reason, message, Kind/name, namespace, component or type
//   reason:backoff         field token: case-insensitive substring of that field
//   reason:"Back off"      quoted value (\" and \\ escape inside quotes); quoted free words too
//   -reason:pulled         negated token: the field must NOT contain the value
//   -web                   negated free word: no field may contain "web" (plain substring, not
//                          fuzzy: a fuzzy negation would silently hide far more than typed)
//   type:warn              event type, case-insensitive *prefix* (types are few words)
//   sev:error              severity at least error (error or critical); -sev:error = below error.
//                          Values: normal|warning|error|critical or any unique prefix (n, w, e, c)
//   kind:po                the object's kind exactly; a kind, its plural or kubectl's short name
//   cluster:prod           the kubeconfig context (several clusters in one view), a substring,
//                          so the CLUSTER column's short name works too
//   re:back.?off  /x|y/    a regular expression (case-insensitive) over the same fields as words
//   foo:bar                unknown field: matched as free text, with a note in the filter line
//                          (URLs and "image:tag" stay plain text without a note)
// Field names are case-insensitive and have long aliases (namespace:, message:, object:, …).
// Several tokens and words all have to hold (AND).
import { SEVERITIES, type Severity } from '../model/severity.js';
import { findKind } from '../kube/kinds.js';

export type FieldName = 'type' | 'sev' | 'ns' | 'kind' | 'obj' | 'reason' | 'comp' | 'msg' | 're' | 'cluster';

export interface FieldToken {
  field: FieldName;
  /** Lower-cased; for `sev` the full tier name (`sev:crit` → 'critical'), for `kind` the Kind's lower case. */
  value: string;
  negate: boolean;
  /** For `re`: the compiled expression (case-insensitive). */
  regex?: RegExp;
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
  re: 're', regex: 're',
  cluster: 'cluster', ctx: 'cluster', context: 'cluster',
};

const FIELD_NAMES = 'type sev ns kind obj reason comp msg re cluster';

interface Lexeme {
  /** The text before an unquoted ':' when it could be a field name, else undefined. */
  field: string | undefined;
  value: string;
  negate: boolean;
  unclosed: boolean;
  /** Written as `/…/` (k9s's regex habit): value is what is between the slashes. */
  slashed: boolean;
}

export function parseQuery(input: string): Query {
  const tokens: FieldToken[] = [];
  const words: FreeWord[] = [];
  const errors: string[] = [];
  for (const lx of lex(input)) {
    if (lx.unclosed) errors.push('missing closing quote');
    if (lx.field === undefined && lx.slashed) {
      const regex = compileRegex(lx.value, errors);
      if (regex !== undefined) tokens.push({ field: 're', value: lx.value, negate: lx.negate, regex });
      continue;
    }
    const named = lx.field?.toLowerCase();
    const field = named === undefined ? undefined : FIELDS[named];
    if (field === undefined) {
      // Unknown field or plain word: free text, as typed (quotes removed).
      const value = (lx.field === undefined ? lx.value : `${lx.field}:${lx.value}`).toLowerCase();
      if (value !== '') words.push({ value, negate: lx.negate });
      if (lx.field !== undefined && lx.value !== '' && !lx.value.startsWith('/') && !/^\d/.test(lx.value)) {
        errors.push(`unknown field "${lx.field}:" matched as text (fields: ${FIELD_NAMES})`);
      }
      continue;
    }
    if (field === 're') {
      const regex = lx.value === '' ? undefined : compileRegex(lx.value, errors);
      if (lx.value === '') errors.push(`${lx.field}: needs a value`);
      if (regex !== undefined) tokens.push({ field, value: lx.value, negate: lx.negate, regex });
      continue;
    }
    const value = lx.value.toLowerCase();
    if (value === '') {
      errors.push(`${lx.field}: needs a value`);
      continue;
    }
    if (field === 'kind') {
      tokens.push({ field, value: (findKind(value)?.kind ?? value).toLowerCase(), negate: lx.negate });
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

function compileRegex(source: string, errors: string[]): RegExp | undefined {
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    errors.push(`bad regular expression /${source}/: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '')}`);
    return undefined;
  }
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
    // `/expr/`: a regex up to the closing slash (spaces allowed inside, `\/` escapes one).
    if (input[i] === '/') {
      const close = closingSlash(input, i + 1);
      if (close > i + 1) {
        yield { field: undefined, value: input.slice(i + 1, close), negate, unclosed: false, slashed: true };
        i = close + 1;
        continue;
      }
    }
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
    yield { field, value, negate, unclosed, slashed: false };
  }
}

/** Index of the `/` closing a regex opened before `from`, or -1; it must end the lexeme. */
function closingSlash(input: string, from: number): number {
  for (let i = from; i < input.length; i++) {
    const c = input[i]!;
    if (c === '\\') i++;
    else if (c === '/') return i + 1 === input.length || isSpace(input[i + 1]!) ? i : -1;
  }
  return -1;
}
