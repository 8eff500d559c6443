import type { Message } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { MAX_UNFURL_CARDS, unfurlCards } from '../present/unfurl-cards.js';
import type { Stores } from '../store/stores.js';
import type { UnfurlSettingsStore } from '../store/unfurl-settings-store.js';
import { findPaperIds } from '../unfurl/find-paper-links.js';
import { HfLookupCap } from '../unfurl/hf-lookup-cap.js';
import { createPaperLookup, type PaperLookupResult } from '../unfurl/look-up-papers.js';
import { UnfurlThrottle } from '../unfurl/unfurl-throttle.js';
import type { RemoteLibrary } from '../worker/library-api.js';
import { toMessageReplyOptions } from './to-discord.js';

interface UnfurlDeps {
  /** Whether the whole digest is indexed: before that a digest paper would look absent from it. */
  digestReady: () => boolean;
  lookup: (ids: readonly string[]) => Promise<PaperLookupResult>;
  throttle: UnfurlThrottle;
  /** Channels where admins turned unfurls off; absent when the database is unavailable (unfurls stay on). */
  settings: UnfurlSettingsStore | undefined;
  log: Logger;
}

/**
 * Answers a message with paper links (in a server) with cards for the papers, as a reply
 * that pings nobody: at most 3 per message, papers unfurled in the channel recently left
 * out, at most one reply per channel per cooldown (see UnfurlThrottle; a message that found
 * no paper, or whose reply failed, spends it too), Hugging Face asked at most
 * UNFURL_LOOKUPS_PER_MINUTE times a minute (see HfLookupCap), none where /unfurl
 * turned them off (in the channel or, for a thread, its parent), and none while the digest is
 * still loading (a paper not indexed yet would be fetched from Hugging Face and shown as not
 * in the digest). Links in code or in `<…>` do
 * not count (findPaperIds). The caller has already skipped bots, webhooks, system messages
 * and questions to the bot.
 */
function createUnfurlHandler({ digestReady, lookup, throttle, settings, log }: UnfurlDeps): (message: Message) => Promise<void> {
  return async (message) => {
    if (!message.inGuild()) return;
    const ids = findPaperIds(message.content);
    if (ids.length === 0) {
      // Trace: most messages have no links.
      log.trace({ message: message.id, channel: message.channelId }, 'unfurl skipped: no paper links outside code and <…>');
      return;
    }
    const meta = { message: message.id, channel: message.channelId, links: ids.length };
    try {
      const channels = [message.channelId, ...(message.channel.isThread() && message.channel.parentId ? [message.channel.parentId] : [])];
      if (settings && !(await settings.isEnabled(message.guildId, channels))) {
        log.debug(meta, 'unfurl skipped: turned off in this channel');
        return;
      }
      if (!digestReady()) {
        log.debug(meta, 'unfurl skipped: the digest is still loading');
        return;
      }
      const candidates = throttle.fresh(message.channelId, ids);
      if (candidates.length === 0) {
        log.debug(meta, 'unfurl skipped: these papers were unfurled here recently');
        return;
      }
      if (!throttle.take(message.channelId)) {
        log.debug(meta, 'unfurl skipped: channel cooldown');
        return;
      }
      // The slot is spent from here on, whatever happens: a miss that handed it back would let
      // a flood of unknown links make a Hugging Face request per message.
      const asked = candidates.slice(0, MAX_UNFURL_CARDS);
      const { found, notAsked } = await lookup(asked);
      // Which links Hugging Face was not asked about (over the cap), when there are any.
      const capped = notAsked.length > 0 ? { notAsked } : {};
      if (found.length === 0) {
        log.debug({ ...meta, ...capped }, 'unfurl skipped: no paper found for these links');
        return;
      }
      await message.reply(toMessageReplyOptions(unfurlCards(found, candidates.length - asked.length)));
      throttle.remember(
        message.channelId,
        found.map(({ paper }) => paper.key),
      );
      log.info({ ...meta, papers: found.map(({ paper }) => paper.key), ...capped }, 'links unfurled');
    } catch (error) {
      log.error({ ...meta, err: error }, 'could not unfurl links');
    }
  };
}

/** The unfurl handler for this configuration, or undefined when UNFURL_LINKS is off. */
export function linkUnfurler(options: {
  config: Pick<Config, 'unfurlLinks' | 'hfApiUrl' | 'unfurlCooldownMs' | 'unfurlLookupsPerMinute'>;
  library: RemoteLibrary;
  /** Whether the worker has indexed the whole digest (its last reported status, no round trip). */
  digestReady: () => boolean;
  stores: Pick<Stores, 'hfPapers' | 'unfurlSettings'> | undefined;
  log: Logger;
  /** Hugging Face timeout and size cap (defaults in fetchHfPaper); tests shorten the timeout. */
  hf?: { timeoutMs?: number; maxBytes?: number };
}): ((message: Message) => Promise<void>) | undefined {
  const { config, library, digestReady, stores, log, hf } = options;
  if (!config.unfurlLinks) return undefined;
  return createUnfurlHandler({
    digestReady,
    lookup: createPaperLookup({
      library,
      cache: stores?.hfPapers,
      log,
      hf: { baseUrl: config.hfApiUrl, ...hf },
      cap: new HfLookupCap(config.unfurlLookupsPerMinute),
    }),
    throttle: new UnfurlThrottle(config.unfurlCooldownMs),
    settings: stores?.unfurlSettings,
    log,
  });
}
