import pino, { type Logger } from 'pino';
import { redactLogLine } from './log-redaction.js';

export type { Logger };

/**
 * The one logger. JSON lines on standard error, so standard output stays free for the
 * local console's replies. Fields first: `log.info({ command, ms }, 'answered')`.
 *
 * Every line is redacted as it is written (`log-redaction.ts`): interaction and webhook
 * tokens, bot tokens, credentials in URLs and fields named like a credential become
 * `[redacted]`, in the message, in every field at any depth, and in errors (message, stack,
 * `url`, causes), which pino has serialized by then. The library worker builds its logger
 * here too (with its own `base`), so its lines are redacted before they leave the thread.
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(2),
  base: Record<string, unknown> = { app: 'paper-digest-bot' },
): Logger {
  return pino({ level, base, hooks: { streamWrite: redactLogLine } }, destination);
}
