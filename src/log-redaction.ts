/**
 * Blanks secrets out of what the bot logs: pure functions over text, JSON values and whole
 * pino lines, used by the logger (`log.ts`) on every line it writes, in both threads.
 *
 * What counts as a secret wherever it appears in a string (a message, a stack, an error's
 * `url`, a cause, a nested field):
 * - the token of an interaction or webhook URL: `…/interactions/<id>/<token>/callback`,
 *   `…/webhooks/<application id>/<token>/messages/…` (an interaction token can post as the
 *   bot for 15 minutes);
 * - a Discord interaction token on its own (`aW50ZXJhY3Rpb246…`, "interaction:" in base64);
 * - a Discord bot token, or anything shaped like one: three dot-separated base64url parts
 *   (a JSON Web Token has that shape too);
 * - the user and password of any URL (`https://user:pass@host` → `https://[redacted]@host`);
 * - the value of a query or fragment parameter named like a credential (`key`, `api_key`,
 *   `token`, `access_token`, `secret`, `password`, `sig`, `signature`, `auth`, …);
 * - what follows `authorization:` or `authorization=` in text.
 * And whatever a field named like a credential holds (`token`, `apiKey`, `authorization`,
 * `password`, `secret`, `cookie`, …), at any depth.
 *
 * Redacting twice gives the same text as redacting once, so a line the worker thread has
 * redacted passes the main thread's logger unchanged.
 */

export const REDACTED = '[redacted]';

/** Field names (lowercased, without `-` and `_`) whose values are secrets, whatever they hold. */
const SECRET_KEYS = new Set([
  'token',
  'discordtoken',
  'accesstoken',
  'refreshtoken',
  'apikey',
  'xapikey',
  'authorization',
  'proxyauthorization',
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'cookie',
  'setcookie',
]);

/** Base64url characters, the alphabet of Discord's tokens. */
const B64 = 'A-Za-z0-9_-';

/**
 * Each pattern with what replaces a match, applied in this order. Each starts at a literal or
 * where a run of its characters starts, and stops at a character its match cannot hold, so a
 * long line costs time in proportion to its length (a test holds near misses to that).
 */
const TEXT_RULES: readonly { pattern: RegExp; replace: string }[] = [
  // An interaction or webhook URL: the part after the (application or interaction) id is the token.
  { pattern: /((?:interactions|webhooks)\/\d+\/)[^/?#\s]+/gi, replace: `$1${REDACTED}` },
  // A URL's user and password: everything between `://` and the authority's last `@` (whatever the scheme).
  { pattern: /:\/\/[^\s/\\?#]*@/g, replace: `://${REDACTED}@` },
  // A query or fragment parameter named like a credential, alone or after a prefix (`hf_token`, `X-Amz-Signature`).
  {
    pattern: /([?&;#](?:[a-z0-9]*[-_.])*(?:apikey|key|token|secret|password|passwd|pwd|sig|signature|auth|authorization|credentials?|jwt)=)[^&#\s]*/gi,
    replace: `$1${REDACTED}`,
  },
  // A Discord interaction token outside a URL: base64 of "interaction:…".
  { pattern: new RegExp(`aW50ZXJhY3Rpb246[${B64}]*`, 'g'), replace: REDACTED },
  // A bot token (or JSON Web Token): three base64url parts joined by dots, and any dotted parts glued after it.
  { pattern: new RegExp(`(?<![${B64}])[${B64}]{20,}\\.[${B64}]{4,10}\\.[${B64}]{20,}(?:\\.[${B64}]+)*(?![${B64}])`, 'g'), replace: REDACTED },
  // An authorization header written out as text: `authorization: Bearer …`, `"authorization":"Bot …"`.
  { pattern: /(authorization["']?\s*[:=]\s*["']?(?:(?:bot|bearer|basic)\s+)?)[^\s"',;}]+/gi, replace: `$1${REDACTED}` },
];

/** A character or word every rule needs: most strings of a line (ids, names, messages) have none and are skipped at once. */
const MAY_HOLD_SECRET = /[/=:.]|aW50ZXJhY3Rpb246/;

/** The text with every secret it holds replaced by `[redacted]`; text without one is returned unchanged. */
export function redactText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let redacted = text;
  for (const { pattern, replace } of TEXT_RULES) redacted = redacted.replace(pattern, replace);
  return redacted;
}

/** Whether a field of this name holds a secret (`token`, `apiKey`, `api_key`, `Authorization`, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * A copy of a JSON value with every string (keys included) redacted and the value of every
 * field named like a credential replaced by `[redacted]` (`null` stays `null`).
 */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[redactText(key)] = isSecretKey(key) && field !== null ? REDACTED : redactValue(field);
  }
  return copy;
}

/**
 * One line as pino writes it (a JSON object and a newline), redacted field by field. A line
 * that is not JSON (it never should be) is redacted as plain text, so nothing slips through.
 */
export function redactLogLine(line: string): string {
  const end = line.endsWith('\n') ? '\n' : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return redactText(line);
  }
  return `${JSON.stringify(redactValue(parsed))}${end}`;
}
