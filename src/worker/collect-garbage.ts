import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's gc(), as --expose-gc gives it: a full collection, here posted as a task of its own. */
type Gc = (options: { type: 'major'; execution: 'async' }) => Promise<void>;

/** The collector once looked for: V8's gc(), or null where it cannot be reached. */
let collector: Gc | null | undefined;

/**
 * V8's gc(): the global one under `node --expose-gc`, else one made by setting that flag now
 * and reading `gc` from a new context (the flag adds it to contexts created after it is set;
 * it changes nothing else). Null if V8 refuses.
 */
function findCollector(): Gc | null {
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Gc) : null;
  } catch {
    return null;
  }
}

/**
 * Runs a full garbage collection now, as a task of its own on this thread (it stops this
 * thread for its length: about 10 ms per 20 MB live), and resolves once it ran: true, or false
 * where V8's collector could not be reached. For the moments a cold start leaves a heap full
 * of garbage and V8 would not collect for a long while: V8 lets a heap grow to a few times what
 * was live at its last full collection, and the digest's parsed text (two bytes a character)
 * made that high (docs/design.md, "Where a first start's memory goes").
 */
export async function collectGarbage(): Promise<boolean> {
  collector ??= findCollector();
  if (collector === null) return false;
  await collector({ type: 'major', execution: 'async' });
  return true;
}
