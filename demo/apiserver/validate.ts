// Event validation on create/update (kubernetes pkg/apis/core/validation/events.go, 1.32):
// every event passes the legacy checks; events written through events.k8s.io/v1 also pass the
// strict ones. Then the generic ObjectMeta checks of the registry's BeforeCreate run.
import type { CoreEvent } from '../types.js';
import { fieldErr, invalid, type FieldError } from './status.js';
import type { EventGroup } from './convert.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(v)) errs.push(DNS1123_MSG);
  return errs;
}

/** validation.IsQualifiedName: `[prefix/]name`, name ≤ 63. */
function isQualifiedName(v: string): string[] {
  const parts = v.split('/');
  let name = v;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else if (parts.length > 2) {
    return [`a qualified name ${QUALIFIED_MSG.slice('name part '.length)} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME.test(name)) errs.push(QUALIFIED_MSG);
  return errs;
}

function legacyValidate(ev: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata.namespace ?? '';
  const ioNs = ev.involvedObject?.namespace ?? '';
  if (!ev.eventTime) {
    if (ioNs === '' ? ns !== '' && ns !== 'default' : ns !== ioNs) {
      errs.push(fieldErr.invalid('involvedObject.namespace', ioNs, 'does not match event.namespace'));
    }
  } else {
    if (ioNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(fieldErr.invalid('involvedObject.namespace', ioNs, 'does not match event.namespace'));
    const rc = ev.reportingComponent ?? '';
    if (rc === '') errs.push(fieldErr.required('reportingController'));
    for (const m of isQualifiedName(rc)) errs.push(fieldErr.invalid('reportingController', rc, m));
    const ri = ev.reportingInstance ?? '';
    if (ri === '') errs.push(fieldErr.required('reportingInstance'));
    if (ri.length > 128) errs.push(fieldErr.invalid('reportingInstance', '', 'can have at most 128 characters'));
    const action = ev.action ?? '';
    if (action === '') errs.push(fieldErr.required('action'));
    if (action.length > 128) errs.push(fieldErr.invalid('action', '', 'can have at most 128 characters'));
    const reason = ev.reason ?? '';
    if (reason === '') errs.push(fieldErr.required('reason'));
    if (reason.length > 128) errs.push(fieldErr.invalid('reason', '', 'can have at most 128 characters'));
    if ((ev.message ?? '').length > 1024) errs.push(fieldErr.invalid('message', '', 'can have at most 1024 characters'));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(fieldErr.invalid('namespace', ns, m));
  return errs;
}

function seriesErrors(ev: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  if (ev.series) {
    if (ev.series.count < 2) errs.push(fieldErr.invalid('series.count', '', 'should be at least 2'));
    if (!ev.series.lastObservedTime) errs.push(fieldErr.required('series.lastObservedTime'));
  }
  return errs;
}

function strictCreate(ev: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  for (const m of isDNS1123Subdomain(ev.metadata.name ?? '')) if (ev.metadata.name) errs.push(fieldErr.invalid('metadata.name', ev.metadata.name, m));
  errs.push(...seriesErrors(ev));
  if (!ev.eventTime) errs.push(fieldErr.required('eventTime'));
  if (ev.type !== 'Normal' && ev.type !== 'Warning') errs.push(fieldErr.invalid('type', '', `has invalid value: ${ev.type ?? ''}`));
  if (ev.firstTimestamp) errs.push(fieldErr.invalid('firstTimestamp', '', 'needs to be unset'));
  if (ev.lastTimestamp) errs.push(fieldErr.invalid('lastTimestamp', '', 'needs to be unset'));
  if (ev.count) errs.push(fieldErr.invalid('count', '', 'needs to be unset'));
  if (ev.source?.component || ev.source?.host) errs.push(fieldErr.invalid('source', '', 'needs to be unset'));
  return errs;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function strictUpdate(ev: CoreEvent, old: CoreEvent): FieldError[] {
  const errs: FieldError[] = [];
  if (!same(ev.series, old.series)) errs.push(...seriesErrors(ev));
  const immutable: Array<[string, unknown, unknown]> = [
    ['involvedObject', ev.involvedObject, old.involvedObject],
    ['reason', ev.reason, old.reason],
    ['message', ev.message, old.message],
    ['source', ev.source, old.source],
    ['firstTimestamp', ev.firstTimestamp, old.firstTimestamp],
    ['lastTimestamp', ev.lastTimestamp, old.lastTimestamp],
    ['count', ev.count, old.count],
    ['type', ev.type, old.type],
    ['eventTime', ev.eventTime, old.eventTime],
    ['action', ev.action, old.action],
    ['related', ev.related, old.related],
    ['reportingController', ev.reportingComponent, old.reportingComponent],
    ['reportingInstance', ev.reportingInstance, old.reportingInstance],
  ];
  for (const [f, a, b] of immutable) if (!same(a, b)) errs.push(fieldErr.invalid(f, a ?? '', 'field is immutable'));
  return errs;
}

/** Generic ObjectMeta checks (path-segment name rules for core, namespace required). */
function metaErrors(ev: CoreEvent): FieldError[] {
  const name = ev.metadata.name ?? '';
  if (name === '') return [fieldErr.required('metadata.name', 'name or generateName is required')];
  const errs: FieldError[] = [];
  if (name === '.' || name === '..') errs.push(fieldErr.invalid('metadata.name', name, `may not be '${name}'`));
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(fieldErr.invalid('metadata.name', name, `may not contain '${bad}'`));
  if (!ev.metadata.namespace) errs.push(fieldErr.required('metadata.namespace'));
  return errs;
}

const qualifiedKind = (g: EventGroup) => ({ kind: 'Event', group: g === 'core' ? '' : 'events.k8s.io' });

/** Throws the 422 Invalid Status a real server answers, or returns quietly. */
export function validateEventCreate(ev: CoreEvent, group: EventGroup): void {
  const errs = legacyValidate(ev);
  if (group === 'events') errs.push(...strictCreate(ev));
  const name = ev.metadata.name ?? '';
  if (errs.length) throw invalid(qualifiedKind(group), name, errs);
  const meta = metaErrors(ev);
  if (meta.length) throw invalid(qualifiedKind(group), name, meta);
}

export function validateEventUpdate(ev: CoreEvent, old: CoreEvent, group: EventGroup): void {
  const errs = legacyValidate(ev);
  if (group === 'events') errs.push(...strictUpdate(ev, old));
  if (errs.length) throw invalid(qualifiedKind(group), ev.metadata.name ?? '', errs);
}
