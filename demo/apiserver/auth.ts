// Bearer-token authentication and a small RBAC: the main token may do anything; a restricted
// token may get/list/watch events and objects in its namespaces only. Denials carry the RBAC
// authorizer's exact texts, so clients can be tested against what a locked-down cluster says.
import type { IncomingHttpHeaders } from 'node:http';
import { forbidden, unauthorized } from './status.js';
import type { ResourceInfo } from './resources.js';

export interface Identity {
  user: string;
  /** undefined: every namespace and cluster scope; otherwise only these namespaces, read-only. */
  namespaces?: string[];
}

export interface AuthOptions {
  token?: string;
  restrictedTokens?: Record<string, { user: string; namespaces: string[] }>;
}

/** Paths the system:public-info-viewer role opens to anyone, credentials or not. */
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);
const READ_VERBS = new Set(['get', 'list', 'watch']);

export class Auth {
  constructor(private readonly opts: AuthOptions) {}

  private get enabled(): boolean {
    return this.opts.token !== undefined || Object.keys(this.opts.restrictedTokens ?? {}).length > 0;
  }

  /** Who is asking; throws 401 for a missing or unknown token (anonymous access is off). */
  authenticate(headers: IncomingHttpHeaders, path: string): Identity {
    if (!this.enabled) return { user: 'admin' };
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    const token = m?.[1];
    if (token !== undefined && token === this.opts.token) return { user: 'admin' };
    const restricted = token !== undefined ? this.opts.restrictedTokens?.[token] : undefined;
    if (restricted) return { user: restricted.user, namespaces: restricted.namespaces };
    if (token === undefined && PUBLIC_PATHS.has(path)) return { user: 'system:anonymous', namespaces: [] };
    throw unauthorized();
  }

  /** Throws 403 unless `id` may perform `verb` on the resource in `namespace` ('' = cluster scope). */
  authorize(id: Identity, verb: string, r: ResourceInfo, namespace: string, name?: string): void {
    if (!id.namespaces) return;
    const nsAttr = r.name === 'namespaces' && name ? name : namespace;
    if (READ_VERBS.has(verb) && nsAttr !== '' && id.namespaces.includes(nsAttr)) return;
    throw forbidden({ resource: r.name, group: r.group }, name, id.user, verb, nsAttr || undefined);
  }
}
