// Secrets out of every line kevtui prints: error text quotes URLs, plugin stderr and server
// messages, and any of them may carry a credential. kubectl's conventions: a URL's password
// becomes `xxxxx` (Go's url.Redacted), tokens `REDACTED`, key and certificate data `DATA+OMITTED`.

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;
// scheme://user:password@ — the password may hold anything but the `@` that ends it.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi;
const AUTH_HEADER = /\b(Bearer|Basic)\s+[^\s;,"']+/gi;
const SECRET_PARAM = /([?&;\s-]|^)((?:access_|id_|refresh_)?token|password|passwd|client_secret|secret)=[^\s&;#"']*/gi;
const SECRET_FIELD = /"((?:access_|id_|refresh_)?token|password|clientKeyData|clientCertificateData|client-key-data|client-certificate-data)"\s*:\s*"[^"]*"/g;
// kubeconfig lines as YAML parse errors quote them.
const SECRET_KEY = /(^|[\s{,;])(token|password|client-key-data|id-token|refresh-token|access-token|client-secret):[ \t]*(?!REDACTED|DATA\+OMITTED)[^\s;,}]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// Key data and opaque tokens: a long base64 run mixing upper case, lower case and digits
// (hex digests, names and resource versions are all one case, or short).
const LONG_BASE64 = /[A-Za-z0-9+/]{40,}={0,2}/g;

/** The text with URL passwords, tokens and key material replaced; everything else unchanged. */
export function redact(s: string): string {
  return s
    .replace(PEM, (_, kind: string) => `-----BEGIN ${kind}----- DATA+OMITTED -----END ${kind}-----`)
    .replace(URL_PASSWORD, '$1:xxxxx@')
    .replace(AUTH_HEADER, '$1 REDACTED')
    .replace(SECRET_PARAM, '$1$2=REDACTED')
    .replace(SECRET_FIELD, '"$1": "REDACTED"')
    .replace(SECRET_KEY, (_, pre: string, key: string) => `${pre}${key}: ${key.endsWith('-data') ? 'DATA+OMITTED' : 'REDACTED'}`)
    .replace(JWT, 'REDACTED')
    .replace(LONG_BASE64, (m) => (/[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m) ? 'DATA+OMITTED' : m));
}
