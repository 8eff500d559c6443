import path from 'node:path';
import { REST, Routes, ShardingManager } from 'discord.js';
import { createNewPaperPipeline } from './announce/new-paper-pipeline.js';
import { ConfigError, parseConfig } from './config.js';
import { loadDotEnv, stopOnSignals } from './lifecycle.js';
import { loadLibrary } from './load-library.js';
import { createLogger } from './log.js';
import { installProcessHandlers } from './process-handlers.js';
import { openStore } from './start-bot.js';

/**
 * `npm run start:sharded`: runs the bot under discord.js's ShardingManager, one process per
 * shard (SHARD_COUNT, or Discord's recommendation). Each shard answers commands for its own
 * guilds. This manager process alone owns the feed poller, the announcer and the outbox,
 * posting over REST, so nothing is posted twice; subscriptions made on any shard reach it
 * through SQLite.
 */
async function startSharded(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const log = createLogger(config.logLevel);
  installProcessHandlers(log);
  const token = config.discordToken;
  if (!token) throw new Error('DISCORD_TOKEN is not set: sharding is for running in Discord (see .env.example).');
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(token);
  const totalShards = config.shardCount === 'auto' ? ((await rest.get(Routes.gatewayBot())) as { shards: number }).shards : config.shardCount;

  const manager = new ShardingManager(path.join(import.meta.dirname, 'main.ts'), {
    token,
    totalShards,
    execArgv: ['--import', 'tsx'],
    respawn: true,
  });
  manager.on('shardCreate', (shard) => log.info({ shard: shard.id, totalShards }, 'shard started'));

  const library = await loadLibrary(config.digestDir, log, { maxFileBytes: config.maxDigestFileBytes, cacheDir: path.join(config.dataDir, 'index-cache') });
  const store = openStore(config.dataDir, log);
  const pipeline = createNewPaperPipeline({ config, log, library, store, owner: true, rest });
  await manager.spawn({ timeout: 120_000 });
  pipeline.start();
  log.info({ totalShards }, 'all shards ready; announcements run in the manager');

  stopOnSignals(log, async () => {
    await pipeline.stop();
    store?.close();
    for (const shard of manager.shards.values()) shard.kill();
  });
}

startSharded().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Fatal: ${(error as Error).message}`}\n`);
  process.exit(1);
});
