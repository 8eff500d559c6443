import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { CommandRegistry } from '../command/command-registry.js';
import type { Config } from '../config.js';
import type { Library } from '../library/library.js';
import type { Logger } from '../log.js';
import { createMentionHandler } from './answer-mentions.js';
import { registerCommands } from './register-commands.js';
import { createRouter, type RouterDeps } from './router.js';

export type GatewayState = 'connecting' | 'ready' | 'reconnecting' | 'disconnected';

export interface DiscordBot {
  client: Client;
  /** The gateway connection as the client's events report it. */
  gatewayState(): GatewayState;
  /** Resolves once logged in, ready and commands registered. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config & { discordToken: string };
  library: Library;
  registry: CommandRegistry;
  log: Logger;
  router?: Partial<RouterDeps>;
  /** Whether this process registers the commands (one shard does it for all). Default: yes. */
  registerCommands?: boolean;
}

/** Logs in, registers commands when they changed, and routes interactions and @mentions. */
export function startDiscord({ config, library, registry, log, router, registerCommands: shouldRegister = true }: StartOptions): DiscordBot {
  const client = new Client({
    // GuildMessages (not privileged) delivers messages that mention the bot, with their text.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    allowedMentions: { parse: [] },
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  const deps = { registry, library, log, ...router };
  client.on(Events.InteractionCreate, createRouter(deps));
  client.on(Events.MessageCreate, createMentionHandler(deps));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  let gateway: GatewayState = 'connecting';
  client.on(Events.ShardReady, () => (gateway = 'ready'));
  client.on(Events.ShardResume, () => (gateway = 'ready'));
  client.on(Events.ShardDisconnect, (event, shard) => {
    gateway = 'disconnected';
    log.warn({ shard, code: event.code }, 'gateway disconnected');
  });
  client.on(Events.ShardReconnecting, (shard) => {
    gateway = 'reconnecting';
    log.info({ shard }, 'gateway reconnecting');
  });
  client.on(Events.ShardError, (error, shard) => {
    gateway = 'reconnecting';
    log.warn({ shard, reason: error.message }, 'gateway error');
  });

  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (readyClient) => {
      const applicationId = config.clientId ?? readyClient.application.id;
      log.info({ user: readyClient.user.tag, applicationId, guilds: readyClient.guilds.cache.size, shards: readyClient.shard?.ids }, 'logged in to Discord');
      if (!shouldRegister) {
        resolve();
        return;
      }
      registerCommands(
        client.rest,
        applicationId,
        config.guildId,
        registry.all().map((command) => command.data),
        log,
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
    gatewayState: () => gateway,
    ready,
    stop: async () => {
      client.removeAllListeners();
      await client.destroy();
    },
  };
}
