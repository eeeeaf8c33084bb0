// Discovery documents: /version (minor "32": the kubectl dispatcher picks its 1.32 build from
// it), /api, /apis, /apis/<group> and the APIResourceLists kubectl reads to map kinds to paths.
import { GROUP_VERSIONS, RESOURCES, type ResourceInfo } from './resources.js';

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.4',
    gitCommit: '59526cd4867447956156ae3a602fcbac5a2c2e2f',
    gitTreeState: 'clean',
    buildDate: '2025-04-22T16:02:27Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(group: string, version: string) {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

export function apiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUP_VERSIONS.map((g) => apiGroup(g.group, g.version)) };
}

/** /apis/<group>: the APIGroup, or undefined for a group the server does not serve. */
export function apiGroupDoc(group: string) {
  const g = GROUP_VERSIONS.find((x) => x.group === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g.group, g.version) } : undefined;
}

function resourceEntry(r: ResourceInfo) {
  const e: Record<string, unknown> = { name: r.name, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames) e.shortNames = r.shortNames;
  if (r.categories) e.categories = r.categories;
  return e;
}

/** /api/v1 or /apis/<group>/<version>; undefined when not served. */
export function apiResourceList(group: string, version: string) {
  const rs = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: rs.map(resourceEntry) };
}
