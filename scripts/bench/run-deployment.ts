/** One deployment measurement in this process (it spawns the bot): `run-deployment.ts <digestDir> <shards> <guilds>`; prints JSON. */
import { measureDeployment } from './measure-deployment.js';

const [dir = 'seeds', shards = '4', guilds = '4'] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify(await measureDeployment(dir, Number(shards), Number(guilds)))}\n`);
