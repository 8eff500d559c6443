import { apiError, type RouteResult } from './discord-errors.js';
import type { RecordedRequest } from './routing.js';

/**
 * Discord's bot authentication (https://discord.com/developers/docs/reference#authentication):
 * every API route wants `Authorization: Bot <token>` and answers 401 without it or with a
 * token that is not the bot's. The interaction routes are the exception: the callback and the
 * webhook routes are authorised by the interaction token in their path, so discord.js sends
 * them without the header. The fake knows the bot's token from its `token` option, else from
 * the latest IDENTIFY; before either, any `Bot …` header passes (a missing one still fails).
 */

export const UNAUTHORIZED = (): RouteResult => apiError(401, 0, '401: Unauthorized');

const TOKEN_AUTHORISED = /^\/api\/v10\/(?:interactions\/\d+\/[^/]+\/callback|webhooks\/\d+\/[^/]+)/;

/** Discord's 401 for a request without the bot's token, or undefined when it may pass. */
export function checkAuthorization(request: Pick<RecordedRequest, 'path' | 'authorization'>, botToken: string | undefined): RouteResult | undefined {
  if (!request.path.startsWith('/api/') || TOKEN_AUTHORISED.test(request.path)) return undefined;
  const token = /^Bot (\S+)$/.exec(request.authorization ?? '')?.[1];
  if (token === undefined) return UNAUTHORIZED();
  return botToken === undefined || token === botToken ? undefined : UNAUTHORIZED();
}
