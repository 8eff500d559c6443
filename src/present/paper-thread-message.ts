import type { Paper } from '../digest/paper.js';
import { announcementMessage } from './announcement-message.js';
import { formatShortDay } from './format-date.js';
import type { ReplyPayload } from './reply-payload.js';

/** A paper announced on its own, to open a thread on: "📰 New paper · Nov 27 · discuss it in the thread", its card and a Save button. */
export function paperThreadMessage(paper: Paper, now: Date): ReplyPayload {
  return { ...announcementMessage([paper], now), content: `📰 New paper · ${formatShortDay(now)} · discuss it in the thread` };
}
