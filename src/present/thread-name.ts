/** Discord's limit on a thread name. */
const THREAD_NAME_MAX = 100;

/**
 * A paper's title as a thread name: on one line, at most 100 characters, cut at a word with
 * an ellipsis when longer (a single word longer than that is cut where it must be).
 * Thread names show no markdown and ping nobody, so the title needs no escaping.
 */
export function threadName(title: string): string {
  const name = title.replace(/\s+/g, ' ').trim() || 'Paper';
  if ([...name].length <= THREAD_NAME_MAX) return name;
  const chars = [...name];
  const room = chars.slice(0, THREAD_NAME_MAX - 1).join('');
  // The room ends at a word when the next character is a space; otherwise back to the last space.
  const space = chars[THREAD_NAME_MAX - 1] === ' ' ? room.length : room.lastIndexOf(' ');
  const cut = space >= THREAD_NAME_MAX / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}
