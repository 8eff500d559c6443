import { describe, expect, it } from 'vitest';
import { storeEngines } from '../support/store-engines.js';

describe.each(storeEngines())('DigestOutcomeStore ($name)', (engine) => {
  const temp = engine.use();

  it('records decided digests once: recorded as not posted, or queued in the outbox', async () => {
    const { digestOutcomes, outbox } = temp.stores;
    expect(await digestOutcomes.decided('digest:1:daily:2026-11-27')).toBe(false);
    expect(await digestOutcomes.record('digest:1:daily:2026-11-27', 'empty')).toBe(true);
    expect(await digestOutcomes.record('digest:1:daily:2026-11-27', 'skipped')).toBe(false);
    expect(await digestOutcomes.decided('digest:1:daily:2026-11-27')).toBe(true);
    await outbox.queueBatch({ kind: 'digest', channelId: 'c', payload: {}, dedupeKey: 'digest:1:daily:2026-11-28' });
    expect(await digestOutcomes.decided('digest:1:daily:2026-11-28')).toBe(true);
  });

  it('refuses a digest outcome it does not know', async () => {
    const { digestOutcomes } = temp.stores;
    await expect(digestOutcomes.record('digest:1:daily:2026-11-27', 'lost' as never)).rejects.toThrow(engine.errors.check);
    expect(await digestOutcomes.decided('digest:1:daily:2026-11-27')).toBe(false);
  });
});
