// Estimated bytes a parsed JSON value keeps alive: strings at 2 bytes a character (V8's two-byte
// form; ASCII takes half, so this errs high) and fixed overheads per property and element.

export function jsonBytes(v: unknown, depth = 0): number {
  if (typeof v === 'string') return 16 + 2 * v.length;
  if (typeof v !== 'object' || v === null) return 8;
  if (depth > 16) return 64;
  let n = 32;
  if (Array.isArray(v)) for (const x of v) n += 8 + jsonBytes(x, depth + 1);
  else for (const k in v) n += 24 + jsonBytes((v as Record<string, unknown>)[k], depth + 1);
  return n;
}
