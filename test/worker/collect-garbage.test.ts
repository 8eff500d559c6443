import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/worker/collect-garbage.js';

/** An object only a WeakRef reaches, made in a job of its own (a WeakRef keeps its target alive until its job ends). */
async function unreachable(): Promise<WeakRef<object>> {
  const ref = new WeakRef({ payload: new Array(1_000).fill('x') });
  await new Promise((resolve) => setImmediate(resolve));
  return ref;
}

describe('collectGarbage', () => {
  it('collects what nothing reaches, with or without node --expose-gc', async () => {
    const ref = await unreachable();
    expect(await collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
    // Again, now from the collector found the first time.
    const again = await unreachable();
    expect(await collectGarbage()).toBe(true);
    expect(again.deref()).toBeUndefined();
  });
});
