// ListOptions as the API server reads them from the query: validation with the real 422 texts
// (apimachinery pkg/apis/meta/internalversion/validation), resourceVersion parsing, selectors,
// and the opaque continue token (storage.EncodeContinue: base64 of {"v","rv","start"}).
import type { KubeObject } from '../types.js';
import { compileFieldSelector } from './fieldselector.js';
import { compileLabelSelector } from './labelselector.js';
import type { Encoder } from './encode.js';
import { badRequest, fieldErr, invalid, type FieldError } from './status.js';

export interface ListOptions {
  watch: boolean;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  sendInitialEvents?: boolean;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  limit: number;
  continue?: string;
  /** Combined label+field predicate, undefined when neither is given. */
  filter?: (o: KubeObject) => boolean;
  hasSelectors: boolean;
}

const bool = (v: string | null) => v !== null && (v === 'true' || v === '1');

/** Parses and validates; throws 400/422 StatusErrors exactly where the real server does. */
export function parseListOptions(q: URLSearchParams, enc: Encoder, forceWatch: boolean): ListOptions {
  const watch = forceWatch || bool(q.get('watch'));
  const sie = q.get('sendInitialEvents');
  const opts: ListOptions = {
    watch,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') || undefined,
    sendInitialEvents: sie === null ? undefined : sie === 'true' || sie === '1',
    allowWatchBookmarks: bool(q.get('allowWatchBookmarks')),
    limit: 0,
    continue: q.get('continue') || undefined,
    hasSelectors: false,
  };
  const ts = q.get('timeoutSeconds');
  if (ts !== null) {
    const n = Number(ts);
    if (!Number.isInteger(n)) throw badRequest(`invalid timeoutSeconds: strconv.ParseInt: parsing ${JSON.stringify(ts)}: invalid syntax`);
    opts.timeoutSeconds = n;
  }
  const lim = q.get('limit');
  if (lim !== null && lim !== '') {
    const n = Number(lim);
    if (!Number.isInteger(n)) throw badRequest(`invalid limit: strconv.ParseInt: parsing ${JSON.stringify(lim)}: invalid syntax`);
    opts.limit = Math.max(0, n);
  }
  const errs = watch ? watchErrors(opts) : listErrors(opts);
  if (errs.length) throw invalid({ kind: 'ListOptions', group: 'meta.k8s.io' }, '', errs);

  const group = enc.form === 'events' ? 'events' : 'core';
  const field = compileFieldSelector(q.get('fieldSelector') ?? undefined, enc.info.store, group);
  const label = compileLabelSelector(q.get('labelSelector') ?? undefined);
  opts.hasSelectors = !!(field || label);
  if (field && label) opts.filter = (o) => field(o) && label(o);
  else opts.filter = field ?? label;
  return opts;
}

function listErrors(o: ListOptions): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (match) {
    if (!o.resourceVersion) errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (o.continue) errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan') errs.push(fieldErr.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && o.resourceVersion === '0') errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (o.sendInitialEvents !== undefined) errs.push(fieldErr.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return errs;
}

function watchErrors(o: ListOptions): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (o.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
    errs.push(fieldErr.forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
  }
  if (match) {
    if (o.sendInitialEvents === undefined) errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    if (match !== 'NotOlderThan') errs.push(fieldErr.notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (o.continue) errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errs;
}

/** A resourceVersion query value as a number; undefined for unset/"0" ("any"). */
export function parseRv(v: string | undefined): number | undefined {
  if (v === undefined || v === '' || v === '0') return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

// ---- continue tokens ----

export interface ContinueToken {
  rv: number; // -1: continue at the latest revision (after an expired token)
  start: string; // the first key of the next page
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

/** storage.DecodeContinue, with its error texts; throws 400 `invalid continue token: …`. */
export function decodeContinue(token: string): ContinueToken {
  const fail = (why: string) => badRequest(`invalid continue token: ${why}`);
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(token)) {
    const at = token.search(/[^A-Za-z0-9_=-]/);
    throw fail(`illegal base64 data at input byte ${at < 0 ? token.length : at}`);
  }
  let parsed: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw fail('continue key is not valid: invalid character in encoded token');
  }
  if (typeof parsed !== 'object' || parsed === null) throw fail('continue key is not valid: invalid encoded token');
  if (parsed.v !== 'meta.k8s.io/v1') throw fail('continue key is not valid: server does not recognize this encoded version');
  const rv = parsed.rv;
  if (typeof rv !== 'number' || !Number.isInteger(rv) || rv === 0 || rv < -1) {
    throw fail('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof parsed.start !== 'string' || parsed.start === '') throw fail('continue key is not valid: encoded start key empty');
  return { rv, start: parsed.start };
}
