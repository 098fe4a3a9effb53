/**
 * The architecture of publish, as rules `npm run lint:deps` checks on every import of src/
 * and bin/ (dependency-cruiser; `.ci/run` and `npm test` run it). docs/ARCHITECTURE.md
 * explains the layers; this file is what holds them. Imports point down only:
 *
 *   entry        src/main.ts (the one catch) → src/cli.ts (commander, the one Report)
 *   commands     src/commands/*: (options, context) → result       src/report.ts: the only printer
 *                src/formats/ (what --format github|junit prints, as strings the Report writes)
 *   engine       src/engine/ (plan, deliver-one, fan-out, …)        src/preview/ (the preview page)
 *   domain       src/channels/, src/ledger/, src/article/, src/config/, src/card/ (what
 *                every channel's preview card is drawn with)
 *   foundation   src/text/, src/http/, src/clients/, src/errors.ts, src/scrub.ts, src/hash.ts,
 *                src/zod.ts, src/version.ts, src/run-bundle.ts
 *
 * A layer imports its own layer and the ones below it, never one above; modules of one layer
 * may import each other as long as there is no cycle. Type-only imports count: a type that
 * points up is a design that points up.
 */

/** Path patterns of each layer (dependency-cruiser matches them against paths from the repo root). */
const FOUNDATION = '^src/(text|http|clients)/|^src/(errors|scrub|hash|zod|version|run-bundle)\\.ts$';
const DOMAIN = '^src/(channels|ledger|article|config|card)/';
const ENGINE = '^src/(engine|preview)/';
const ABOVE_ENGINE = '^src/(commands/|formats/|report\\.ts$|cli\\.ts$|main\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one: neither can be understood, tested or loaded lazily alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'foundation-imports-only-foundation',
      comment: 'text, http, clients and the small leaf modules know nothing of articles, channels, the ledger or config.',
      severity: 'error',
      from: { path: FOUNDATION },
      to: { path: '^src/', pathNot: FOUNDATION },
    },
    {
      name: 'domain-imports-no-engine',
      comment: 'channels, ledger, article and config are used by the engine; they never reach up into it (or above).',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: `${ENGINE}|${ABOVE_ENGINE}` },
    },
    {
      name: 'engine-imports-no-command',
      comment: 'The engine returns results; it never calls a command, the CLI or the printer (it reports through the Reporter it is given).',
      severity: 'error',
      from: { path: ENGINE },
      to: { path: ABOVE_ENGINE },
    },
    {
      name: 'nothing-imports-a-command',
      comment: 'Commands are leaves: only src/cli.ts loads them (lazily). What two commands share lives in the engine.',
      severity: 'error',
      from: { pathNot: '^src/cli\\.ts$' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'only-the-cli-prints',
      comment: 'src/report.ts is the only module that writes to stdout/stderr; only the entry (cli.ts, main.ts) holds it.',
      severity: 'error',
      from: { pathNot: '^src/(cli|main)\\.ts$' },
      to: { path: '^src/report\\.ts$' },
    },
    {
      name: 'nothing-imports-bin',
      comment: 'bin/ only starts the built CLI; code lives in src/ (bin/publish.js imports the build of src/run-bundle.ts).',
      severity: 'error',
      from: { pathNot: '^bin/' },
      to: { path: '^bin/' },
    },
    {
      name: 'channel-type-stays-in-its-folder',
      comment:
        "A channel type's files (src/channels/<type>/…) import their own folder, the shared channel modules " +
        '(src/channels/types.ts, layout.ts, …) and lower layers: never another type\'s folder.',
      severity: 'error',
      from: { path: '^src/channels/([^/]+)/' },
      to: { path: '^src/channels/[^/]+/', pathNot: '^src/channels/$1/' },
    },
    {
      name: 'channel-type-never-imports-its-parent',
      comment:
        "A channel type's files never import the registry (src/channels/index.ts) nor a parent file of their own " +
        "(src/channels/<type>.ts): what they share with the registry lives in the folder's options.ts.",
      severity: 'error',
      from: { path: '^src/channels/([^/]+)/' },
      to: { path: '^src/channels/(index|$1)\\.ts$' },
    },
    {
      name: 'channels-only-through-the-registry',
      comment:
        'Outside src/channels, code knows channel types only through the registry (src/channels/index.ts) and ' +
        'the shared types (src/channels/types.ts): adding a type is one folder and one line there.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/channels/' },
      to: { path: '^src/channels/', pathNot: '^src/channels/(index|types)\\.ts$' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Only our own modules: what node_modules imports is not our architecture.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    includeOnly: '^(src|bin)/',
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count (see above).
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs'] },
  },
};
