// The layer check of `npm run lint` (dependency-cruiser over src/ and commands/). The map
// it enforces is the one in docs/design.md ("Layers"): keep the two in step.

/**
 * The layers, highest first. A module may import its own folder (or file) and anything in a
 * lower layer: never a higher layer, and never another folder of its own layer (folders
 * side by side do not know each other). Type-only imports count. A folder is written with
 * its trailing `/`, a file at the top of src/ by its name.
 */
const LAYERS = [
  { name: 'entry', units: ['src/main.ts', 'src/deploy.ts'] },
  { name: 'console', units: ['src/console/'] },
  { name: 'start-bot', units: ['src/start-bot.ts'] },
  { name: 'wiring', units: ['src/wire-new-papers.ts'] },
  { name: 'health', units: ['src/health/'] },
  { name: 'discord', units: ['src/discord/'] },
  { name: 'features', units: ['commands/', 'src/digest-posts/'] },
  { name: 'interactions', units: ['src/interactions/'] },
  { name: 'present', units: ['src/present/'] },
  { name: 'announce', units: ['src/announce/'] },
  { name: 'services', units: ['src/cite/', 'src/llm/', 'src/saved/', 'src/unfurl/'] },
  { name: 'store', units: ['src/store/'] },
  { name: 'worker', units: ['src/worker/'] },
  { name: 'worker-parts', units: ['src/charts/', 'src/embeddings/', 'src/feed/'] },
  { name: 'library', units: ['src/library/'] },
  { name: 'digest', units: ['src/digest/'] },
  { name: 'support', units: ['src/config.ts', 'src/http/', 'src/lifecycle.ts', 'src/process-handlers.ts'] },
  { name: 'base', units: ['src/log.ts', 'src/time/'] },
  { name: 'redaction', units: ['src/log-redaction.ts'] },
];

/**
 * The only imports that point up, and so the only pairs of folders that import each other
 * (at most 3; docs/design.md says why each is there). Anything else that points up fails.
 * Each entry: { pair: 'a <-> b', from: 'src/file.ts', to: 'src/folder/', reason }. None today.
 */
const ALLOWED_UPWARD = [];

const allowedPairs = new Set(ALLOWED_UPWARD.map(({ pair }) => pair));
if (allowedPairs.size > 3) throw new Error(`at most 3 pairs of folders may import each other, not ${allowedPairs.size}: ${[...allowedPairs].join(', ')}`);

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A folder matches everything under it; a file only itself. */
const unitPattern = (unit) => (unit.endsWith('/') ? escape(unit) : `${escape(unit)}$`);
const anyOf = (units) => `^(${units.map(unitPattern).join('|')})`;

const exceptionFiles = [...new Set(ALLOWED_UPWARD.map(({ from }) => from))];

const layerRules = LAYERS.flatMap((layer, index) => {
  const above = LAYERS.slice(0, index).flatMap(({ units }) => units);
  const own = anyOf(layer.units);
  const exempt = exceptionFiles.filter((file) => new RegExp(own).test(file));
  const rules = [];
  if (above.length > 0) {
    rules.push({
      name: `no-upward-from-${layer.name}`,
      comment: `${layer.units.join(', ')} may not import a higher layer (${above.join(', ')}): see docs/design.md, "Layers".`,
      severity: 'error',
      from: { path: own, ...(exempt.length > 0 ? { pathNot: anyOf(exempt) } : {}) },
      to: { path: anyOf(above) },
    });
    for (const file of exempt) {
      const allowed = ALLOWED_UPWARD.filter(({ from }) => from === file);
      rules.push({
        name: `no-upward-from-${file.replace(/^.*\//, '').replace(/\.ts$/, '')}-beyond-allowed-pairs`,
        comment: `${file} may import up only into ${allowed.map(({ to }) => to).join(' and ')}: ${allowed.map(({ pair, reason }) => `${pair}: ${reason}`).join('; ')}.`,
        severity: 'error',
        from: { path: `^${unitPattern(file)}` },
        to: { path: anyOf(above), pathNot: anyOf(allowed.map(({ to }) => to)) },
      });
    }
  }
  if (layer.units.length > 1) {
    rules.push({
      name: `no-sideways-in-${layer.name}`,
      comment: `The folders of one layer (${layer.units.join(', ')}) do not import each other.`,
      severity: 'error',
      from: { path: own },
      to: { path: own, pathNot: '^$1' },
    });
  }
  return rules;
});

const everyUnit = LAYERS.flatMap(({ units }) => units);

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'not-to-a-folder-without-a-layer',
      comment: 'A new folder (or file at the top of src/) gets its place in LAYERS and in docs/design.md first.',
      severity: 'error',
      from: {},
      to: { path: '^(src|commands)/', pathNot: anyOf(everyUnit) },
    },
    {
      name: 'not-from-a-folder-without-a-layer',
      comment: 'A new folder (or file at the top of src/) gets its place in LAYERS and in docs/design.md first.',
      severity: 'error',
      from: { path: '^(src|commands)/', pathNot: anyOf(everyUnit) },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'No import cycle between files, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves: an import the check cannot follow would escape the rules above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Read the TypeScript before it is compiled, so type-only imports count too.
    tsPreCompilationDeps: true,
    // NodeNext: `./paper.js` in an import is `./paper.ts` on disk.
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages are resolved through their `exports`, as Node resolves them (tsx/esm/api has no other way in).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
