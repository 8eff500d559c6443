/**
 * Which machine leads the new-paper pipeline (feed poller, announcer, scheduled digests,
 * and the posts for channels no subscription names) when several share one database: at
 * most one at a time holds the lead, and when its process dies the lead is free for another
 * to take.
 */
export interface Leadership {
  /**
   * Takes the lead if it is free, or checks that this process still holds it. Resolves to
   * whether this process leads now; false too when the database cannot be reached (a leader
   * that cannot reach it may have lost its hold already).
   */
  tryLead(): Promise<boolean>;
  /** Gives the lead up (at stop), so another machine can take it at once. */
  release(): Promise<void>;
}
