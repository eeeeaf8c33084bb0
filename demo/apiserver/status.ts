// Status objects with the texts a real kube-apiserver 1.32 uses (k8s.io/apimachinery
// pkg/api/errors and pkg/util/validation/field), thrown as StatusError and written by http.ts.

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly listContinue?: string,
  ) {
    super(message);
  }

  toStatus(): Status {
    const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, code: this.code };
    if (this.listContinue) s.metadata.continue = this.listContinue;
    if (this.details) s.details = this.details;
    return s;
  }
}

// Key order of a real Status: kind, apiVersion, metadata, status, message, reason, details, code.
export function statusJson(s: Status): string {
  const o: Record<string, unknown> = { kind: s.kind, apiVersion: s.apiVersion, metadata: s.metadata, status: s.status };
  if (s.message !== undefined) o.message = s.message;
  if (s.reason !== undefined) o.reason = s.reason;
  if (s.details !== undefined) o.details = s.details;
  o.code = s.code;
  return JSON.stringify(o);
}

/** A group-qualified resource: `{resource: 'pods', group: ''}` prints `pods`, apps prints `deployments.apps`. */
export interface GR {
  resource: string;
  group: string;
}
const grString = (gr: GR) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);
const grDetails = (gr: GR, name?: string): StatusDetails => {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return d;
};

export const notFound = (gr: GR, name: string) =>
  new StatusError(404, 'NotFound', `${grString(gr)} "${name}" not found`, grDetails(gr, name));

export const alreadyExists = (gr: GR, name: string) =>
  new StatusError(409, 'AlreadyExists', `${grString(gr)} "${name}" already exists`, grDetails(gr, name));

export const conflict = (gr: GR, name: string) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${grString(gr)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    grDetails(gr, name),
  );

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

export const unauthorized = () => new StatusError(401, 'Unauthorized', 'Unauthorized');

/** The RBAC authorizer's text (plugin/pkg/auth/authorizer/rbac forbiddenMessage) wrapped by NewForbidden. */
export function forbidden(gr: GR, name: string | undefined, user: string, verb: string, namespace: string | undefined): StatusError {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const reason = `User "${user}" cannot ${verb} resource "${gr.resource}" in API group "${gr.group}" ${scope}`;
  const subject = name ? `${grString(gr)} "${name}"` : grString(gr);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${reason}`, grDetails(gr, name));
}

export const methodNotAllowed = () =>
  new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const unsupportedMediaType = (contentType: string) =>
  new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
  );

export const listTooOld = () => new StatusError(410, 'Expired', 'The resourceVersion for the provided list is too old.');

export const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export const continueExpired = (newToken: string) => new StatusError(410, 'Expired', INCONSISTENT_CONTINUE, undefined, newToken);

/** What etcd3 storage answers for a resourceVersion newer than the store's (after waiting). */
export const tooLargeResourceVersion = (rv: number, current: number) =>
  new StatusError(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });

export const internalError = (err: string) =>
  new StatusError(500, 'InternalError', `Internal error occurred: ${err}`, { causes: [{ message: err }] });

export const tooManyRequests = (retryAfterSeconds: number) =>
  new StatusError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });

/** The in-stream watch error for a resourceVersion older than the retained history. */
export const watchTooOld = (): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'The resourceVersion for the provided watch is too old.',
  reason: 'Expired',
  code: 410,
});

// ---- field.Error (k8s.io/apimachinery/pkg/util/validation/field) ----

export interface FieldError {
  type: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong';
  field: string;
  body: string; // ErrorBody(): "Required value", `Invalid value: "x": detail`, …
}

const quote = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export const fieldErr = {
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, body: detail ? `Required value: ${detail}` : 'Required value' }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field,
    body: `Invalid value: ${quote(value)}${detail ? `: ${detail}` : ''}`,
  }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    body: `Unsupported value: ${quote(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, body: `Forbidden: ${detail}` }),
};

/** errors.NewInvalid: `Kind "name" is invalid: a` or `…: [a, b]`, with details.causes. */
export function invalid(qualifiedKind: { kind: string; group: string }, name: string, errs: FieldError[]): StatusError {
  const kindStr = qualifiedKind.group ? `${qualifiedKind.kind}.${qualifiedKind.group}` : qualifiedKind.kind;
  const texts = errs.map((e) => `${e.field}: ${e.body}`);
  const agg = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const details: StatusDetails = { name };
  if (qualifiedKind.group) details.group = qualifiedKind.group;
  details.kind = qualifiedKind.kind;
  details.causes = errs.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
  return new StatusError(422, 'Invalid', `${kindStr} "${name}" is invalid: ${agg}`, details);
}
