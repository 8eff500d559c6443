import { Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import type { Config } from '../config.js';
import { ConcurrencyLimit } from '../interactions/concurrency-limit.js';
import { createMessageHandler } from './handle-message.js';
import { inviteUrl } from './invite-url.js';
import { registerCommands } from './register-commands.js';
import type { CommandRegistrationStore } from '../store/command-registration-store.js';
import { createRouter, type RouterDeps } from './router.js';

type GatewayState = 'connecting' | 'ready' | 'reconnecting' | 'disconnected';

export interface DiscordBot {
  client: Client;
  /** The worst connection of this process's shards ('connecting' until the first is ready). */
  gatewayState(): GatewayState;
  /** Each shard's connection, by shard id. */
  shardStates(): Record<number, GatewayState>;
  /** Resolves once logged in, ready and commands registered. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

interface StartOptions {
  config: Config & { discordToken: string };
  /** The router's dependencies: the registry, the library, the logger and the rest. */
  router: RouterDeps;
  /** Registers the commands when they changed, from this record of the last registration. */
  registration?: CommandRegistrationStore;
  /** Unfurls paper links in messages (UNFURL_LINKS): see unfurl-links.ts. */
  unfurl?: (message: Message) => Promise<void>;
}

/**
 * Logs in (every shard of this process: SHARD_IDS of SHARD_COUNT, or all of Discord's
 * recommendation), registers commands when they changed, and routes interactions and
 * @mentions. Shard 0's process registers the commands for the whole deployment.
 */
export function startDiscord({ config, router: deps, registration, unfurl }: StartOptions): DiscordBot {
  const { log } = deps;
  // discord.js's Client reads SHARDS and SHARD_COUNT from the environment by itself, over the
  // options below (Number('auto') is NaN and crashes it). They are never the bot's own (its
  // variables are DISCORD_SHARD_*), so they must not reach the client.
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  const client = new Client({
    // GuildMessages (not privileged) delivers messages that mention the bot, with their text.
    // Unfurling links in other messages needs their text: the privileged MessageContent, asked
    // for only when UNFURL_LINKS is on.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, ...(config.unfurlLinks ? [GatewayIntentBits.MessageContent] : [])],
    allowedMentions: { parse: [] },
    ...shardOptions(config),
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  const shouldRegister = registration !== undefined && (config.shardIds === undefined || config.shardIds.includes(0));
  // Both handlers catch and log every failure themselves: nothing is left to the emitter.
  // Commands, buttons and @mention questions share one concurrency limit: a burst of
  // mentions waits its turn as commands do.
  const handlers = { ...deps, limit: deps.limit ?? new ConcurrencyLimit(deps.maxConcurrent ?? 8) };
  const route = createRouter(handlers);
  const handleMessage = createMessageHandler(handlers, unfurl);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.MessageCreate, (message) => void handleMessage(message));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  // Each shard's connection, as the client's events report it.
  const shards = new Map<number, GatewayState>();
  client.on(Events.ShardReady, (shard) => shards.set(shard, 'ready'));
  client.on(Events.ShardResume, (shard) => shards.set(shard, 'ready'));
  client.on(Events.ShardDisconnect, (event, shard) => {
    shards.set(shard, 'disconnected');
    log.warn({ shard, code: event.code }, 'gateway disconnected');
  });
  client.on(Events.ShardReconnecting, (shard) => {
    shards.set(shard, 'reconnecting');
    log.info({ shard }, 'gateway reconnecting');
  });
  client.on(Events.ShardError, (error, shard) => {
    shards.set(shard, 'reconnecting');
    log.warn({ shard, reason: error.message }, 'gateway error');
  });

  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (readyClient) => {
      const applicationId = config.clientId ?? readyClient.application.id;
      log.info({ user: readyClient.user.tag, applicationId, guilds: readyClient.guilds.cache.size, shards: readyClient.shard?.ids }, 'logged in to Discord');
      // A new bot is in no server yet: the invite link is the next step, with exactly the permissions it uses.
      // Beyond one machine (DISCORD_SHARD_IDS) this machine's shards can hold no guild while others do: only a whole deployment can say.
      if (readyClient.guilds.cache.size === 0 && config.shardIds === undefined)
        log.info({ url: inviteUrl(applicationId) }, 'the bot is in no server yet: open this URL to invite it');
      if (!registration || !shouldRegister) {
        resolve();
        return;
      }
      registerCommands(
        client.rest,
        applicationId,
        config.guildId,
        deps.registry.all().map((command) => command.data),
        log,
        registration,
      ).then(
        () => resolve(),
        (error: unknown) => {
          log.error({ err: error }, 'command registration failed; existing commands stay as they are');
          resolve();
        },
      );
    });
    client.login(config.discordToken).catch((error: unknown) => {
      // discord.js errors do not contain the token; log only the message to be safe.
      log.error({ reason: (error as Error).message }, 'login failed');
      reject(new Error(`Discord login failed: ${(error as Error).message}`));
    });
  });

  return {
    client,
    gatewayState: () => worstState(expectedShards(client).map((id) => shards.get(id) ?? 'connecting')),
    shardStates: () => Object.fromEntries(shards),
    ready,
    stop: async () => {
      client.removeAllListeners();
      await client.destroy();
    },
  };
}

/** SHARD_IDS of SHARD_COUNT; all shards of SHARD_COUNT; or all of Discord's recommendation. */
function shardOptions(config: Config): { shards: number[] | 'auto'; shardCount?: number } {
  if (config.shardCount === 'auto') return { shards: 'auto' };
  const all = Array.from({ length: config.shardCount }, (_, id) => id);
  return { shards: config.shardIds ?? all, shardCount: config.shardCount };
}

const SEVERITY: readonly GatewayState[] = ['ready', 'connecting', 'reconnecting', 'disconnected'];

/** The shards this client runs, once discord.js knows them (after login for 'auto'). */
function expectedShards(client: Client): number[] {
  const { shards } = client.options;
  return Array.isArray(shards) ? shards : typeof shards === 'number' ? [shards] : [];
}

function worstState(states: readonly GatewayState[]): GatewayState {
  if (states.length === 0) return 'connecting';
  return states.reduce((worst, state) => (SEVERITY.indexOf(state) > SEVERITY.indexOf(worst) ? state : worst), 'ready' as GatewayState);
}
