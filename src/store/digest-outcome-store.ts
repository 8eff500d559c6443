/**
 * What was decided about each scheduled digest, by its dedupe key: queued in the outbox
 * (OutboxStore.queueBatch), or recorded here as not posted (`digest_outcomes`), so no restart
 * decides it again.
 */
export interface DigestOutcomeStore {
  /** Records a digest that will not be posted: its period had no papers, or it was missed. False when already recorded. */
  record(dedupeKey: string, outcome: 'empty' | 'skipped', now?: Date): Promise<boolean>;
  /** Whether a scheduled digest was decided: queued, or recorded as not posted. */
  decided(dedupeKey: string): Promise<boolean>;
}
