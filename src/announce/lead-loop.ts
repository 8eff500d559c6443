import type { Logger } from '../log.js';
import type { Leadership } from '../store/leadership.js';
import { RepeatingTask } from '../time/repeating-task.js';

interface LeadLoopOptions {
  leadership: Leadership;
  /** Between two checks (LEAD_CHECK_MS unless a test shortens it). */
  intervalMs: number;
  /** This process took the lead: start leading. */
  lead: () => Promise<void>;
  /** This process lost the lead: stop leading (another machine takes over). */
  follow: () => Promise<void>;
  log: Logger;
}

/** Every 5 s: a dead leader's lead is taken within about that, and a leader that lost its hold stops within it. */
export const LEAD_CHECK_MS = 5000;

/**
 * Asks for the lead now and every `intervalMs` after, and calls `lead` when this process
 * takes it and `follow` when it loses it, one at a time. stop() follows if leading, then
 * gives the lead up so another machine takes it at its next check.
 */
export class LeadLoop {
  readonly #options: LeadLoopOptions;
  readonly #task: RepeatingTask<void>;
  #leading = false;

  constructor(options: LeadLoopOptions) {
    this.#options = options;
    this.#task = new RepeatingTask(
      () => this.#check(),
      options.intervalMs,
      'lead loop stopped',
      (error) => options.log.error({ err: error }, 'checking the lead of the new-paper pipeline failed; checking again'),
    );
  }

  get leading(): boolean {
    return this.#leading;
  }

  start(): void {
    this.#task.start();
  }

  async stop(): Promise<void> {
    await this.#task.stop();
    try {
      if (this.#leading) {
        this.#leading = false;
        await this.#options.follow();
      }
    } finally {
      await this.#options.leadership.release();
    }
  }

  async #check(): Promise<void> {
    const { leadership, lead, follow, log } = this.#options;
    const leads = await leadership.tryLead();
    if (leads === this.#leading) return;
    this.#leading = leads;
    if (leads) {
      log.info('leading the new-paper pipeline: the feed, queueing announcements and digests run on this machine');
      await lead();
    } else {
      log.warn('lost the lead of the new-paper pipeline: another machine takes over');
      await follow();
    }
  }
}
