/** The shard ids this process runs, as discord.js's ShardingManager passes them (SHARDS=0,1). Empty when not sharded. */
export function discordShardIds(env: NodeJS.ProcessEnv = process.env): number[] {
  return (env.SHARDS ?? '')
    .split(',')
    .filter((id) => /^\d+$/.test(id))
    .map(Number);
}
