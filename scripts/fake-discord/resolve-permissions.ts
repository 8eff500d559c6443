import type { GuildModel } from './guild-model.js';

type Json = Record<string, unknown>;

/**
 * What Discord computes for an interaction in a guild: the member's permissions in the channel
 * it was used in (`member.permissions`), the bot's there (`app_permissions`), and, for each
 * channel an option names, the channel as Discord resolves it (guild, type, name) with the
 * member's permissions in it (`resolved.channels[id].permissions`). The payload's
 * `member.permissions` are taken as what the member holds in the guild, and each channel's
 * overwrites change them there (see permissions.ts). `app_permissions` a test set itself stay,
 * and so does a resolved channel the fake does not have.
 */
export function withPermissions(payload: Json, partial: Json, model: GuildModel, channels: ReadonlyMap<string, Json>): Json {
  const member = payload.member as Json | undefined;
  if (typeof payload.guild_id !== 'string' || typeof member?.permissions !== 'string') return payload;
  const grantee = { id: ((member.user as Json | undefined)?.id as string | undefined) ?? '', roles: (member.roles as string[] | undefined) ?? [] };
  const base = BigInt(member.permissions);
  const inChannel = (channelId: string) => model.inChannel(channelId, grantee, base);
  const channelId = payload.channel_id as string;
  const here = inChannel(channelId);
  const bot = model.botIn(channelId);
  const data = payload.data as Json | undefined;
  const resolved = data?.resolved as { channels?: Record<string, Json> } | undefined;
  return {
    ...payload,
    member: { ...member, permissions: String(here ?? base) },
    ...('app_permissions' in partial || bot === null ? {} : { app_permissions: String(bot) }),
    ...(data && resolved?.channels ? { data: { ...data, resolved: { ...resolved, channels: resolveChannels(resolved.channels, channels, inChannel) } } } : {}),
  };
}

function resolveChannels(given: Record<string, Json>, channels: ReadonlyMap<string, Json>, inChannel: (id: string) => bigint | null): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(given).map(([id, partial]) => {
      const channel = channels.get(id);
      const permissions = inChannel(id);
      if (!channel || permissions === null) return [id, partial];
      const thread = channel.parent_id === undefined ? {} : { parent_id: channel.parent_id, thread_metadata: channel.thread_metadata };
      return [id, { id, type: channel.type, name: channel.name, guild_id: channel.guild_id, ...thread, permissions: String(permissions) }];
    }),
  );
}
