import { notice, type ReplyPayload } from './reply-payload.js';

/** The private answer to an interaction over its member's or guild's budget. */
export function slowDown(seconds: number): ReplyPayload {
  return notice(`⏳ Slow down: you (or this server) sent a lot at once. Try again in ${seconds} s.`);
}
