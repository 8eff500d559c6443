import type { LibraryStatus } from '../worker/library-client.js';
import { LIMITS, truncate } from './discord-limits.js';
import type { ReplyPayload } from './reply-payload.js';

/** "⏳ still loading: 4,887 of 12,715 papers so far", or null once the digest is loaded. */
export function loadingNote(status: LibraryStatus): string | null {
  if (status.state === 'ready') return null;
  const count = (n: number) => n.toLocaleString('en-US');
  if (status.state === 'restarting') return `⏳ the paper library is restarting: answers may miss papers for a moment`;
  if (status.total === null) return '⏳ still loading: reading the digest files';
  return `⏳ still loading: ${count(status.indexed)} of ${count(status.total)} papers so far`;
}

/** What a "nothing found" reply says instead while the digest loads: the papers may not be indexed yet. */
export const NOT_YET = 'Nothing so far, but the digest is not fully loaded: try again in a moment.';

/**
 * Puts the loading note first in a reply, so no answer from a half-loaded digest goes
 * without it; a reply that says nothing was found says instead that nothing was found *yet*
 * (its embeds and buttons stay). A reply that already starts with ⏳ (the library is
 * unavailable) says enough.
 */
export function withLoadingNote(payload: ReplyPayload, status: LibraryStatus): ReplyPayload {
  const note = loadingNote(status);
  if (note === null || payload.content?.startsWith('⏳')) return payload;
  if (payload.nothingFound) {
    // An answer's first line repeats the question: keep it, so the user sees what was asked.
    const question = payload.content?.startsWith('❓') ? `${payload.content.split('\n')[0]}\n` : '';
    return { ...payload, content: truncate(`${note}\n${question}${NOT_YET}`, LIMITS.content) };
  }
  return { ...payload, content: truncate(payload.content ? `${note}\n${payload.content}` : note, LIMITS.content) };
}
