import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths pino blanks out wherever they appear: the token must never reach a log. */
export const REDACT_PATHS = [
  'token',
  'discordToken',
  'apiKey',
  '*.token',
  '*.discordToken',
  '*.apiKey',
  'headers.authorization',
  '*.headers.authorization',
  'config.discordToken',
  'config.model.apiKey',
  'config.embeddings.apiKey',
  '*.embeddings.apiKey',
];

/**
 * The one logger. JSON lines on standard error, so standard output stays free for the
 * local console's replies. Fields first: `log.info({ command, ms }, 'answered')`.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'paper-digest-bot' } }, destination);
}
