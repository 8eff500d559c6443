/**
 * Discord's error answers: a status, a JSON body `{ message, code, errors? }`
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json), and for
 * invalid form bodies an `errors` tree that mirrors the payload down to the bad field,
 * ending in `_errors: [{ code, message }]`.
 */

/** One problem in a payload: where it is and what is wrong. */
export interface FieldIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

export interface ErrorBody {
  message: string;
  code: number;
  errors?: Record<string, unknown>;
}

/**
 * A route's answer: a JSON body, or bytes with `contentType`. `fault` marks a failure a test
 * injected (not a rule Discord enforces), which is not recorded as a rejection.
 */
export interface RouteResult {
  status: number;
  body?: unknown;
  contentType?: string;
  fault?: boolean;
}

export const apiError = (status: number, code: number, message: string): RouteResult => ({ status, body: { message, code } satisfies ErrorBody });

export const UNKNOWN_INTERACTION = () => apiError(404, 10062, 'Unknown interaction');
export const ALREADY_ACKNOWLEDGED = () => apiError(400, 40060, 'Interaction has already been acknowledged.');
export const INVALID_WEBHOOK_TOKEN = () => apiError(401, 50027, 'Invalid Webhook Token');
export const UNKNOWN_WEBHOOK = () => apiError(404, 10015, 'Unknown Webhook');
export const UNKNOWN_CHANNEL = () => apiError(404, 10003, 'Unknown Channel');
export const UNKNOWN_MESSAGE = () => apiError(404, 10008, 'Unknown Message');
export const EMPTY_MESSAGE = () => apiError(400, 50006, 'Cannot send an empty message');
export const MISSING_PERMISSIONS = () => apiError(403, 50013, 'Missing Permissions');
export const THREAD_EXISTS = () => apiError(400, 160004, 'A thread has already been created for this message');
export const ENTITY_TOO_LARGE = () => apiError(413, 40005, 'Request entity too large');
export const INVALID_JSON = () => apiError(400, 50109, 'The request body contains invalid JSON.');

/** 400 Invalid Form Body with Discord's nested `errors` tree; `prefix` nests it (callbacks put the message under `data`). */
export function invalidFormBody(issues: FieldIssue[], prefix: (string | number)[] = []): RouteResult {
  const errors: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = errors;
    for (const key of [...prefix, ...issue.path]) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as { code: string; message: string }[]).push({ code: issue.code, message: issue.message });
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } satisfies ErrorBody };
}

/** The dotted paths an `errors` tree names, e.g. `data.embeds.0.title`, for assertions. */
export function errorPaths(errors: unknown, at: string[] = []): string[] {
  if (typeof errors !== 'object' || errors === null) return [];
  const paths: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (key === '_errors') paths.push(at.join('.'));
    else paths.push(...errorPaths(value, [...at, key]));
  }
  return paths;
}

/** Issue builders with Discord's codes and wording. */
export const issue = {
  tooLong: (path: FieldIssue['path'], max: number): FieldIssue => ({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }),
  badLength: (path: FieldIssue['path'], min: number, max: number): FieldIssue => ({
    path,
    code: 'BASE_TYPE_BAD_LENGTH',
    message: `Must be between ${min} and ${max} in length.`,
  }),
  required: (path: FieldIssue['path']): FieldIssue => ({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }),
  choices: (path: FieldIssue['path'], allowed: readonly unknown[]): FieldIssue => ({
    path,
    code: 'BASE_TYPE_CHOICES',
    message: `Value must be one of {${allowed.join(', ')}}.`,
  }),
  badUrl: (path: FieldIssue['path'], value: string): FieldIssue => ({
    path,
    code: 'URL_TYPE_INVALID_SCHEME',
    message: `Scheme "${value.split(':')[0] ?? ''}" is not supported. Scheme must be one of ('http', 'https', 'attachment').`,
  }),
  other: (path: FieldIssue['path'], code: string, message: string): FieldIssue => ({ path, code, message }),
};
