import { APPLICATION_ID, GUILD_ID, snowflake } from './constants.js';
import type { FakeDiscord } from './fake-discord.js';
import type { RecordedRequest, RouteTable } from './routing.js';

/** The gateway URL, the application, and command registration (GET and bulk PUT, global and guild). */
export function addApplicationRoutes(routes: RouteTable, discord: FakeDiscord): void {
  routes.add('GET', /^\/api\/v10\/gateway\/bot$/, () => ({
    status: 200,
    body: {
      url: discord.gatewayUrl,
      shards: discord.shardCount,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    },
  }));
  routes.add('GET', /^\/api\/v10\/applications\/@me$/, () => ({ status: 200, body: { id: APPLICATION_ID, name: 'paperbot', flags: 0 } }));
  routes.add('GET', /^\/api\/v10\/applications\/\d+\/commands$/, () => ({ status: 200, body: discord.commands.global }));
  routes.add('GET', /^\/api\/v10\/applications\/\d+\/guilds\/\d+\/commands$/, () => ({ status: 200, body: discord.commands.guild }));
  const putCommands = (scope: 'global' | 'guild') => (request: RecordedRequest) => {
    discord.commands[scope] = (request.body as Record<string, unknown>[]).map((command) => ({
      id: snowflake(),
      application_id: APPLICATION_ID,
      version: snowflake(),
      type: 1,
      default_member_permissions: null,
      nsfw: false,
      description_localizations: null,
      name_localizations: null,
      ...(scope === 'guild' ? { guild_id: GUILD_ID } : {}),
      ...command,
    }));
    return { status: 200, body: discord.commands[scope] };
  };
  routes.add('PUT', /^\/api\/v10\/applications\/\d+\/commands$/, putCommands('global'));
  routes.add('PUT', /^\/api\/v10\/applications\/\d+\/guilds\/\d+\/commands$/, putCommands('guild'));
}
