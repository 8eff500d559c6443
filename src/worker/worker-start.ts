/**
 * How one of this folder's worker threads starts (`name`: its module without extension),
 * decided by the file this module runs from. Compiled (`npm start` runs dist/, this file is
 * `worker-start.js`): `<name>.js` directly, no loader. From TypeScript (tests, `npm run dev`,
 * scripts under tsx): a worker thread does not inherit the main thread's loader, so
 * `boot-worker.mjs` registers tsx, then imports `<name>.ts` (`entry`, passed as workerData.entry).
 */
export function workerStart(name: string): { file: URL; entry?: string } {
  return new URL(import.meta.url).pathname.endsWith('.js')
    ? { file: new URL(`./${name}.js`, import.meta.url) }
    : { file: new URL('./boot-worker.mjs', import.meta.url), entry: new URL(`./${name}.ts`, import.meta.url).href };
}
