// Event writes through either API group: POST, PUT, PATCH, DELETE. The body is converted to
// the storage form, defaulted and validated as the events registry strategy does, then stored
// (bumping the global resourceVersion, refreshing the TTL, reaching open watches).
import type { CoreEvent, KubeObject } from '../types.js';
import { eventBody, eventsV1ToCore, normalizeCoreEvent, withTypeMeta, type EventGroup, type EventsV1Event } from './convert.js';
import type { Encoder } from './encode.js';
import { applyPatch } from './patch.js';
import type { Store } from './store.js';
import { badRequest, conflict, notFound, type GR } from './status.js';
import { validateEventCreate, validateEventUpdate } from './validate.js';

export interface WriteResult {
  code: number;
  body: string;
}

function groupOf(enc: Encoder): EventGroup {
  return enc.form === 'events' ? 'events' : 'core';
}

const grOf = (enc: Encoder): GR => ({ resource: enc.info.name, group: enc.info.group });

/** Decodes a request body into the storage form, checking kind/apiVersion like the codec does. */
function decode(enc: Encoder, body: unknown): CoreEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`Event in version "${enc.info.version}" cannot be handled as a Event: json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  const o = body as Record<string, unknown>;
  if (o.apiVersion !== undefined && o.apiVersion !== enc.apiVersion) {
    throw badRequest(`the API version in the data (${String(o.apiVersion)}) does not match the expected API version (${enc.apiVersion})`);
  }
  if (o.kind !== undefined && o.kind !== 'Event') {
    throw badRequest(`Event in version "${enc.info.version}" cannot be handled as a Event: no kind "${String(o.kind)}" is registered for version "${enc.apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  const meta = (typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {}) as KubeObject['metadata'];
  const withMeta = { ...o, metadata: { ...meta } };
  return groupOf(enc) === 'core' ? normalizeCoreEvent(withMeta as unknown as CoreEvent) : eventsV1ToCore(withMeta as unknown as EventsV1Event);
}

/** Clears what clients may not set and fills the namespace from the URL. */
function prepare(ev: CoreEvent, namespace: string): void {
  const m = ev.metadata;
  if (m.namespace && m.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  m.namespace = namespace;
  delete m.resourceVersion;
  delete m.uid;
  delete m.creationTimestamp;
  delete m.managedFields;
  delete m.selfLink;
}

let generated = 0;
function generateName(prefix: string): string {
  // SimpleNameGenerator: 5 random lowercase alphanumerics (no vowels).
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let x = (Date.now() + ++generated * 7919) >>> 0;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) + 104729 * (i + 1);
  }
  return prefix + s;
}

function respond(enc: Encoder, ev: CoreEvent, code: number): WriteResult {
  return { code, body: JSON.stringify(withTypeMeta(enc.kind, enc.apiVersion, eventBody(ev, groupOf(enc)))) };
}

export function createEvent(store: Store, enc: Encoder, namespace: string, body: unknown, dryRun: boolean): WriteResult {
  const ev = decode(enc, body);
  prepare(ev, namespace);
  if (!ev.metadata.name && typeof ev.metadata.generateName === 'string' && ev.metadata.generateName) {
    ev.metadata.name = generateName(ev.metadata.generateName);
  }
  validateEventCreate(ev, groupOf(enc));
  if (dryRun) return respond(enc, ev, 201);
  const stored = store.createStored('events', ev);
  return respond(enc, stored.obj as CoreEvent, 201);
}

function commitUpdate(store: Store, enc: Encoder, namespace: string, name: string, ev: CoreEvent, dryRun: boolean): WriteResult {
  const old = store.get('events', namespace, name);
  const requested = ev.metadata.resourceVersion;
  if (old && requested && requested !== old.obj.metadata.resourceVersion) throw conflict(grOf(enc), name);
  prepare(ev, namespace);
  if (old) validateEventUpdate(ev, old.obj as CoreEvent, groupOf(enc));
  else validateEventCreate(ev, groupOf(enc));
  if (dryRun) return respond(enc, ev, old ? 200 : 201);
  const stored = store.putStored('events', ev);
  return respond(enc, stored.obj as CoreEvent, old ? 200 : 201);
}

/** PUT: replace, or create (events allow create on update). */
export function replaceEvent(store: Store, enc: Encoder, namespace: string, name: string, body: unknown, dryRun: boolean): WriteResult {
  const ev = decode(enc, body);
  if (ev.metadata.name !== name) {
    throw badRequest(`the name of the object (${ev.metadata.name ?? ''}) does not match the name on the URL (${name})`);
  }
  return commitUpdate(store, enc, namespace, name, ev, dryRun);
}

/** PATCH: applied to the object as this API group shows it, then converted back. */
export function patchEvent(store: Store, enc: Encoder, namespace: string, name: string, contentType: string, patch: unknown, dryRun: boolean): WriteResult {
  const cur = store.get('events', namespace, name);
  if (!cur) throw notFound(grOf(enc), name);
  const current = withTypeMeta(enc.kind, enc.apiVersion, eventBody(cur.obj as CoreEvent, groupOf(enc)));
  const patched = applyPatch(contentType, current, patch) as Record<string, unknown>;
  const meta = (patched?.metadata ?? {}) as KubeObject['metadata'];
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  }
  const ev = decode(enc, { ...patched, metadata: { ...meta, name } });
  // A resourceVersion left in the patched object is a precondition only if the patch set it.
  const patchMeta = (patch as { metadata?: { resourceVersion?: string } } | null)?.metadata;
  if (!patchMeta?.resourceVersion) delete ev.metadata.resourceVersion;
  return commitUpdate(store, enc, namespace, name, ev, dryRun);
}

export function deleteEvent(store: Store, enc: Encoder, namespace: string, name: string, dryRun: boolean): WriteResult {
  const cur = store.get('events', namespace, name);
  if (!cur) throw notFound(grOf(enc), name);
  if (!dryRun) store.deleteStored('events', namespace, name);
  const details: Record<string, unknown> = { name };
  if (enc.info.group) details.group = enc.info.group;
  details.kind = enc.info.name;
  details.uid = cur.obj.metadata.uid;
  return { code: 200, body: JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }) };
}
