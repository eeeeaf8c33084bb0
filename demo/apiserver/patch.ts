// PATCH bodies: JSON merge patch (RFC 7386), strategic merge patch (merge patch plus the
// `$patch` directives; Event has no merge-keyed lists that matter, so lists replace), and JSON
// patch (RFC 6902). Errors carry the texts clients see from a real server where it matters.
import { StatusError, unsupportedMediaType } from './status.js';

type J = unknown;
const isObj = (v: J): v is Record<string, J> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return patch;
  const out: Record<string, J> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function strategicMergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, J> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

function stripDirectives(v: J): J {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('$')).map(([k, x]) => [k, stripDirectives(x)]));
}

interface Op {
  op: string;
  path: string;
  value?: J;
  from?: string;
}

const unprocessable = (msg: string) => new StatusError(422, 'Invalid', msg);

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw unprocessable(`the server rejected our request due to an error in our request`);
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: J, toks: string[]): J {
  let cur = doc;
  for (const t of toks) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObj(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

function parentOf(doc: J, toks: string[], path: string): { parent: Record<string, J> | J[]; key: string } {
  const parent = getAt(doc, toks.slice(0, -1));
  if (!isObj(parent) && !Array.isArray(parent)) throw unprocessable(`doc is missing path: "${path}": missing value`);
  return { parent, key: toks[toks.length - 1] };
}

function add(doc: J, path: string, value: J): J {
  const toks = pointer(path);
  if (toks.length === 0) return value;
  const { parent, key } = parentOf(doc, toks, path);
  if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: J, path: string): J {
  const toks = pointer(path);
  const { parent, key } = parentOf(doc, toks, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else {
    if (!(key in parent)) throw unprocessable(`doc is missing key: ${path}: missing value`);
    delete parent[key];
  }
  return doc;
}

export function jsonPatch(target: J, ops: J): J {
  if (!Array.isArray(ops)) throw new StatusError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const raw of ops as Op[]) {
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, structuredClone(raw.value));
        break;
      case 'remove':
        doc = remove(doc, raw.path);
        break;
      case 'replace': {
        const toks = pointer(raw.path);
        if (toks.length && getAt(doc, toks) === undefined) throw unprocessable(`replace operation does not apply: doc is missing key: ${raw.path}: missing value`);
        doc = toks.length ? (remove(doc, raw.path), add(doc, raw.path, structuredClone(raw.value))) : structuredClone(raw.value);
        break;
      }
      case 'move': {
        const v = getAt(doc, pointer(raw.from ?? ''));
        doc = add(remove(doc, raw.from ?? ''), raw.path, v);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, structuredClone(getAt(doc, pointer(raw.from ?? ''))));
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, pointer(raw.path))) !== JSON.stringify(raw.value)) throw unprocessable(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw unprocessable(`Unexpected kind: ${raw.op}`);
    }
  }
  return doc;
}

/** Applies a PATCH body per its Content-Type; throws 415 for types the server doesn't take. */
export function applyPatch(contentType: string, target: J, patch: J): J {
  const type = contentType.split(';')[0].trim().toLowerCase();
  switch (type) {
    case 'application/merge-patch+json':
      return mergePatch(target, patch);
    case 'application/strategic-merge-patch+json':
      return strategicMergePatch(target, patch);
    case 'application/json-patch+json':
      return jsonPatch(target, patch);
    default:
      throw unsupportedMediaType(type);
  }
}
