// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as kubectl (Go's net/http/httpproxy) reads them.
// @kubernetes/client-node ignores these variables, and people behind a bastion depend on them,
// so config.ts turns the answer into the cluster's proxyUrl.
import { BlockList, isIP } from 'node:net';

type Env = Record<string, string | undefined>;

function envAny(env: Env, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The proxy to use for `serverUrl` per the environment, or undefined (none, or excluded by NO_PROXY). */
export function proxyFromEnv(serverUrl: string, env: Env = process.env): string | undefined {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return undefined;
  }
  const raw = url.protocol === 'https:' ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : url.protocol === 'http:' ? envAny(env, 'HTTP_PROXY', 'http_proxy') : undefined;
  if (!raw) return undefined;
  const host = hostOf(url);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (!useProxy(host, port, envAny(env, 'NO_PROXY', 'no_proxy') ?? '')) return undefined;
  // Go accepts a bare host:port and reads it as http://host:port.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/**
 * Go's httpproxy.useProxy: localhost and loopback IPs never go through a proxy; NO_PROXY is a
 * comma list of `*`, IPs, CIDRs, and domains (`foo.com` = it and its subdomains, `.foo.com` and
 * `*.foo.com` = subdomains only), each optionally with `:port`.
 */
export function useProxy(host: string, port: string, noProxy: string): boolean {
  host = host.replace(/^\[(.*)\]$/, '$1').toLowerCase().replace(/\.$/, '');
  if (host === 'localhost') return false;
  const hostIpType = isIP(host);
  if (hostIpType !== 0 && isLoopback(host, hostIpType)) return false;
  for (let entry of noProxy.split(',')) {
    entry = entry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return false;
    if (entry.includes('/')) {
      if (hostIpType !== 0 && inCidr(host, hostIpType, entry)) return false;
      continue;
    }
    let [eHost, ePort] = splitHostPort(entry);
    if (ePort !== '' && ePort !== port) continue;
    if (isIP(eHost) !== 0) {
      if (hostIpType !== 0 && sameIp(eHost, host)) return false;
      continue;
    }
    if (eHost.startsWith('*.')) eHost = eHost.slice(1);
    eHost = eHost.replace(/\.$/, '');
    const matchHost = !eHost.startsWith('.');
    const suffix = matchHost ? '.' + eHost : eHost;
    if (host.endsWith(suffix) || (matchHost && host === eHost)) return false;
  }
  return true;
}

function splitHostPort(entry: string): [string, string] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2] ?? ''];
  if (isIP(entry) === 6) return [entry, ''];
  const m = /^(.*):(\d+)$/.exec(entry);
  return m ? [m[1]!, m[2]!] : [entry, ''];
}

function isLoopback(ip: string, type: number): boolean {
  if (type === 4) return ip.startsWith('127.');
  return ip === '::1' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(ip) || ip === '0:0:0:0:0:0:0:1';
}

function sameIp(a: string, b: string): boolean {
  const t = isIP(a);
  if (t !== isIP(b)) return false;
  const list = new BlockList();
  list.addAddress(a, t === 4 ? 'ipv4' : 'ipv6');
  return list.check(b, t === 4 ? 'ipv4' : 'ipv6');
}

function inCidr(ip: string, ipType: number, cidr: string): boolean {
  const [net, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const netType = isIP(net ?? '');
  if (netType === 0 || netType !== ipType || !Number.isInteger(bits)) return false;
  const list = new BlockList();
  try {
    list.addSubnet(net!, bits, netType === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
  return list.check(ip, ipType === 4 ? 'ipv4' : 'ipv6');
}
