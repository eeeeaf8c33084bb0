// Message templates: an event message with its variable parts (numbers, durations, sizes, ids,
// generated names, addresses, image references) replaced by markers, so that messages that say
// the same thing about different PIDs, pods or images can be folded into one row. Pure.
//
// Over-folding is the worse error: a template must keep every word that tells two situations
// apart ("Insufficient cpu" vs "Insufficient memory"), so only tokens with a recognisable
// machine shape are replaced, never free words. One regex pass per message (the alternatives are
// tried left to right at each position) and a bounded memo: distinct messages repeat a lot
// (every update of a group re-asks), and a busy cluster has 100k+ of them.

export interface MessageTemplate {
  /** Equal for messages that differ only in variable parts. */
  readonly key: string;
  /** The template for people: markers in place of the variable parts. */
  readonly display: string;
}

export const MARK = {
  number: '‹n›',
  duration: '‹dur›',
  size: '‹size›',
  hex: '‹hex›',
  uid: '‹uid›',
  name: '‹…›',
  ip: '‹ip›',
  image: '‹image›',
} as const;

// The alphabet of apimachinery's rand.SafeEncodeString (no vowels, no 0/1/3): pod-template
// hashes (up to 10 characters) and generated-name suffixes (5) are drawn from it.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
type Kind = 'image' | 'process' | 'tail' | 'uid' | 'hex' | 'ipv4' | 'ipv6' | 'quantity';

// Every alternative starts with a literal or a narrow class, so most positions fail at once
// (measured: nested quantifiers that could start on any letter cost 25 µs a message).
const ALTERNATIVES: ReadonlyArray<readonly [Kind, string]> = [
  // Images found by the quoted pre-pass (NUL cannot occur in sanitised text).
  ['image', '\\u0000I'],
  // The OOM killer's victim: "Killed process 4242 (java)".
  ['process', '\\bprocess \\d+ \\([^()\\s]{1,64}\\)'],
  // A generated tail after a name: -hash-suffix, -hash, -suffix. "_" may follow (kubelet's
  // pod_namespace(uid)). The prefix's own numbers are the number alternative's.
  ['tail', `(?<=[a-z0-9])-(?:${SAFE}{6,10}-${SAFE}{5}|${SAFE}{5,10})(?![a-z0-9-])`],
  // Also after a hyphen: a PVC's volume is pvc-<uid>.
  ['uid', '(?<!\\w)[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?![\\w-])'],
  // Long hex: container ids, digests, event-name suffixes (classified in mark()).
  ['hex', '(?<!\\w)[0-9a-f]{12,}(?!\\w)'],
  ['ipv4', '(?<![\\w.:])(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?(?!\\w|\\.\\d)'],
  // Loose on purpose (it also sees "12:30:45"); isIpv6 decides.
  ['ipv6', '(?<![\\w:])(?:[0-9a-f]{1,4}|(?=::))(?::[0-9a-f]{0,4}){2,7}(?![\\w:])'],
  // A number with an optional unit: durations (1m30s, 300ms), sizes (512Mi, 2048kB) or none.
  // "_" may follow: kubelet's web-0_shop(uid).
  ['quantity', '(?<![\\w.])\\d+(?:\\.\\d+)*(?:[a-zA-Zµ]{1,2}(?:\\d+(?:\\.\\d+)?[a-zµ]{1,2})*)?(?![A-Za-z0-9])'],
];

const PATTERN = new RegExp(ALTERNATIVES.map(([, re]) => `(${re})`).join('|'), 'g');
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|h|m|s))+$/;
const SIZE = /^\d+(?:\.\d+)?(?:[KMGTPE]i|[kKMGTPE]B?|B)$/;
const PLAIN_NUMBER = /^\d+(?:\.\d+)*$/;

// One parameter per alternative, in ALTERNATIVES' order (a rest parameter would allocate per match).
function mark(match: string, image?: string, process?: string, tail?: string, uid?: string, hex?: string, ipv4?: string, ipv6?: string): string {
  if (image !== undefined) return MARK.image;
  if (process !== undefined) return `process ${MARK.number} (${MARK.name})`;
  if (tail !== undefined) return `-${MARK.name}`;
  if (uid !== undefined) return MARK.uid;
  // Long hex wants a letter and a digit: neither a word nor a plain number.
  if (hex !== undefined) return /\d/.test(match) ? (/[a-f]/.test(match) ? MARK.hex : MARK.number) : match;
  if (ipv4 !== undefined) return MARK.ip;
  if (ipv6 !== undefined) return isIpv6(match) ? MARK.ip : match.replace(BARE_NUMBER, MARK.number);
  if (PLAIN_NUMBER.test(match)) return MARK.number;
  if (DURATION.test(match)) return MARK.duration;
  return SIZE.test(match) ? MARK.size : match; // "3rd", "2xx": not a quantity
}

const BARE_NUMBER = /(?<![\w.])\d+(?!\w)/g;

function isIpv6(s: string): boolean {
  return /[0-9a-f]/.test(s) && (s.includes('::') || s.split(':').length === 8);
}

// Quoted image references: [registry[:port]/]path[:tag][@sha256:digest]. Folded when they have
// a registry, tag or digest, or right after "image " (a quoted volume name is not an image);
// containerd's errors repeat a full reference unquoted, which is folded too.
const QUOTED = /"([a-z0-9][\w.:/@-]{0,300})"/g;
const IMAGE = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9._\/-]+(?::\w[\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

function markImages(message: string): string {
  let images: string[] | undefined;
  for (const m of message.matchAll(QUOTED)) {
    const ref = m[1]!;
    if (!IMAGE.test(ref)) continue;
    if (/[:/@]/.test(ref)) (images ??= []).push(ref);
    else if (message.endsWith('image ', m.index)) (images ??= []).push(`"${ref}"`);
  }
  if (images === undefined) return message;
  // Longest first, so a reference is never cut by a shorter one inside it.
  for (const ref of images.sort((a, b) => b.length - a.length)) {
    message = message.split(ref).join(ref.startsWith('"') ? '"\u0000I"' : '\u0000I');
  }
  return message;
}

const QUANTITY = /‹(?:size|dur)›/g;
const MEMO_LIMIT = 50_000;
let memo = new Map<string, MessageTemplate>();

/** The template of a message (memoised; the memo is dropped wholesale when full). */
export function templateOf(message: string): MessageTemplate {
  const hit = memo.get(message);
  if (hit !== undefined) return hit;
  const display = (message.includes('"') ? markImages(message) : message).replace(PATTERN, mark);
  // Quantities are one kind in the key: a Quantity prints as "0" without a unit ("request is 0"
  // beside "request is 384Mi"). A message that already contains a marker character must not
  // pose as a templated one.
  const key = display.replace(QUANTITY, MARK.number);
  const t: MessageTemplate = { key: message.includes('‹') ? `\u0001${key}` : key, display };
  if (memo.size >= MEMO_LIMIT) memo = new Map();
  memo.set(message, t);
  return t;
}
