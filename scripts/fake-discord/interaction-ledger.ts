import { EPHEMERAL } from './constants.js';
import {
  ALREADY_ACKNOWLEDGED,
  INVALID_WEBHOOK_TOKEN,
  UNKNOWN_INTERACTION,
  UNKNOWN_WEBHOOK,
  invalidFormBody,
  issue,
  type RouteResult,
} from './discord-errors.js';

/**
 * The lifecycle Discord enforces on an interaction
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction):
 * one callback, within 3 s of the dispatch (later, or a second one, is refused); then the
 * token works for edits and follow-ups until 15 minutes after the interaction was created.
 */

export const CALLBACK_WINDOW_MS = 3000;
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** Callback types each interaction type accepts: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result, 9 modal. */
const CALLBACKS_FOR: Record<number, readonly number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };

export type Visibility = 'private' | 'public';

export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  channelId: string;
  dispatchedAt: number;
  /** For a component interaction: the id of the message the component is on. */
  messageId?: string;
  /** Who interacted (the member's user in a guild), as messages answering it name them in `interaction_metadata`. */
  user: Record<string, unknown>;
  /** The interaction's `authorizing_integration_owners`. */
  owners: Record<string, string>;
  callback?: { type: number; flags: number; at: number };
  /** The message the callback created (4, 5) or updates (6, 7): what `@original` edits. */
  originalId?: string;
  followUps: { id: string; flags: number }[];
}

export class InteractionLedger {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();

  open(record: Omit<InteractionRecord, 'followUps'>): void {
    const full = { ...record, followUps: [] };
    this.#byId.set(record.id, full);
    this.#byToken.set(record.token, full);
  }

  get(id: string): InteractionRecord | undefined {
    return this.#byId.get(id);
  }

  /** The interaction a callback may answer now, or Discord's refusal. */
  admitCallback(id: string, token: string, now: number): InteractionRecord | RouteResult {
    const record = this.#byId.get(id);
    if (!record || record.token !== token) return UNKNOWN_INTERACTION();
    if (record.callback) return ALREADY_ACKNOWLEDGED();
    if (now - record.dispatchedAt > CALLBACK_WINDOW_MS) return UNKNOWN_INTERACTION();
    return record;
  }

  /** Refuses a callback type the interaction cannot take (e.g. an autocomplete result to a command). */
  checkCallbackType(record: InteractionRecord, type: unknown): RouteResult | undefined {
    const allowed = CALLBACKS_FOR[record.type] ?? [];
    return typeof type === 'number' && allowed.includes(type) ? undefined : invalidFormBody([issue.choices(['type'], allowed)]);
  }

  acknowledge(record: InteractionRecord, type: number, flags: number, now: number): void {
    record.callback = { type, flags, at: now };
  }

  /** The interaction behind a webhook token, while the token works; else Discord's refusal. */
  admitWebhook(applicationId: string, token: string, now: number, expectedApplicationId: string): InteractionRecord | RouteResult {
    if (applicationId !== expectedApplicationId) return UNKNOWN_WEBHOOK();
    const record = this.#byToken.get(token);
    if (!record || now - record.dispatchedAt > TOKEN_LIFETIME_MS) return INVALID_WEBHOOK_TOKEN();
    if (!record.callback) return UNKNOWN_WEBHOOK(); // no response yet: there is no webhook message to edit or follow
    return record;
  }

  /**
   * Who sees the answer: the first response (reply, deferral or update of a message) fixes
   * the original message's visibility, edits cannot change it; each follow-up has its own.
   */
  visibilityOf(id: string, messageFlags: (messageId: string) => number = () => 0): { reply: Visibility | undefined; followUps: Visibility[] } {
    const record = this.#byId.get(id);
    const of = (flags: number): Visibility => ((flags & EPHEMERAL) !== 0 ? 'private' : 'public');
    const callback = record?.callback;
    let reply: Visibility | undefined;
    if (callback && (callback.type === 4 || callback.type === 5)) reply = of(callback.flags);
    if (callback && (callback.type === 6 || callback.type === 7) && record?.messageId) reply = of(messageFlags(record.messageId));
    return { reply, followUps: (record?.followUps ?? []).map((followUp) => of(followUp.flags)) };
  }
}

export const isRefusal = (value: InteractionRecord | RouteResult): value is RouteResult => 'status' in value;
