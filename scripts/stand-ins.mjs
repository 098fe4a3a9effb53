// Stand-ins: modules of our dependencies that publish never uses, which the build
// (scripts/build.mjs) replaces by an inert module of the same shape, so that starting
// publish, or loading a platform client, does not pay for them.
//
// A stand-in matched by file paths inside a dependency rots silently when the dependency
// changes. So each one declares exactly which modules it replaces and which exports those
// modules had when it was written, and the build fails, naming the stand-in, when
//   - a declared module was not replaced (the dependency moved, renamed or dropped it), or
//   - a replaced module's exports are no longer the recorded ones (an upgrade added or
//     renamed one: the stand-in may now lack what the dependency uses), or
//   - the stand-in does not export what the recorded list says.
//
// A stand-in stays only while it saves 5 ms or more of what it is there for (a dry-run, or
// the first send for a client's): `bash bench/stand-ins.sh` measures each. Measured and
// deleted in December 2026 (instructions from valgrind; CPU time paired, on a loaded
// machine): commander's child_process loaded lazily (4 M instructions, ~1 ms of a dry-run),
// markdown-it without linkify-it (12 M, under 1 ms), got without cacheable-request (2 M)
// and cacheable-lookup (5 M), googleapis-common without its HTTP/2 transport (12 M, ~2 ms),
// google-auth-library's child_process loaded lazily (1 M).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * A module whose every export (names as {@link exportsOf} lists them) fails with `message`
 * when used: functions when called, classes when constructed or their methods called.
 * Written as an ES module or as CommonJS, like the module it replaces.
 */
export function inert(format, names, message) {
  const top = names.filter((n) => !n.includes('.'));
  const under = (prefix) => names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
  const value = (name) => {
    const methods = under(`${name}.prototype.`);
    const fields = under(`${name}.`).filter((n) => !n.startsWith('prototype.'));
    if (fields.length > 0) return `{ ${fields.map((f) => `${JSON.stringify(f)}: off`).join(', ')} }`;
    if (methods.length > 0) return `class { constructor() { off(); } ${methods.map((m) => `${JSON.stringify(m)}() { off(); }`).join(' ')} }`;
    return 'off';
  };
  const lines = [`function off() { throw new Error(${JSON.stringify(message)}); }`];
  if (format === 'cjs') {
    lines.push(`module.exports = { ${top.map((n) => `${JSON.stringify(n)}: ${value(n)}`).join(',\n  ')} };`);
  } else {
    top.forEach((n, i) => lines.push(`const v${i} = ${value(n)};`));
    lines.push(`export { ${top.map((n, i) => `v${i} as ${n}`).join(', ')} };`);
  }
  return lines.join('\n');
}

/** Names written as one string, `X.{a b}` standing for `X.a X.b`. */
function list(text) {
  return text
    .trim()
    .split(/\s+(?![^{]*\})/)
    .flatMap((word) => {
      const m = /^(.*)\{(.*)\}$/.exec(word);
      return m ? m[2].split(' ').map((n) => `${m[1]}${n}`) : [word];
    });
}

// The exports of each replaced module as its version in package-lock.json has them.
const ZOD_LOCALES = list('ar az be bg bn ca ckb cs da de el en eo es fa fi fr frCA gu he hi hr hu hy id is it ja ka kh km kn ko lt mk ms ne nl nn no ota pl ps pt ptBR ro ru sk sl sv ta tg th tk tr ua uk ur uz vi yo zhCN zhTW');
const ZOD_COMPILE = list('INVALID ZodCompileAsyncError ZodCompileUnsupportedError compile compileFn withParser');
const HTTP2_WRAPPER = list(`
  Agent Agent.prototype.{_accept _isBetterSession _processQueue closeEmptySessions createConnection destroy emptySessionCount getSession normalizeOptions pendingSessionCount protocol request sessionCount}
  ClientRequest ClientRequest.prototype.{_destroy _final _mustNotHaveABody _write abort connection flushHeaders getHeader getHeaderNames hasHeader headersSent host maxHeadersCount method path removeHeader setHeader setNoDelay setSocketKeepAlive setTimeout}
  IncomingMessage IncomingMessage.prototype.{_destroy _dump _read connection setTimeout}
  auto get globalAgent proxies request validateHeaderName validateHeaderValue`);
const WHATWG_URL = list(`
  URL URL.prototype.{hash host hostname href origin password pathname port protocol search toJSON toString username}
  basicURLParse parseURL serializeHost serializeInteger serializeURL serializeURLOrigin setThePassword setTheUsername`);

// cssomnom's CSS object model, which linkedom imports only to parse a <style> element's sheet.
const CSSOM = list(`
  CSSConditionRule CSSConditionRule.prototype.{conditionText}
  CSSContainerRule CSSContainerRule.prototype.{conditionText containerName containerQuery cssText}
  CSSCounterStyleRule CSSCounterStyleRule.prototype.{additiveSymbols cssText fallback name negative pad prefix range speakAs suffix symbols system type}
  CSSCustomMediaRule CSSCustomMediaRule.prototype.{cssText name query}
  CSSFontFaceDescriptors CSSFontFaceDescriptors.prototype.{_isPropertySupported}
  CSSFontFaceRule CSSFontFaceRule.prototype.{cssText style type}
  CSSFontFeatureValuesMap CSSFontFeatureValuesMap.prototype.{clear delete entries forEach get has keys set size values}
  CSSFontFeatureValuesRule CSSFontFeatureValuesRule.prototype.{annotation characterVariant cssText fontFamily historicalForms ornaments styleset stylistic swash type}
  CSSGroupingRule CSSGroupingRule.prototype.{cssRules deleteRule insertRule}
  CSSImportRule CSSImportRule.prototype.{cssText href layerName media styleSheet supportsText type}
  CSSKeyframeRule CSSKeyframeRule.prototype.{cssText keyText style type}
  CSSKeyframesRule CSSKeyframesRule.prototype.{_findRuleIndex appendRule cssRules cssText deleteRule findRule length name type}
  CSSLayerBlockRule CSSLayerBlockRule.prototype.{cssText name}
  CSSLayerStatementRule CSSLayerStatementRule.prototype.{cssText nameList} CSSMarginDescriptors
  CSSMarginRule CSSMarginRule.prototype.{cssText name style type}
  CSSMediaRule CSSMediaRule.prototype.{conditionText cssText media type}
  CSSNamespaceRule CSSNamespaceRule.prototype.{cssText namespaceURI prefix type}
  CSSNestedDeclarations CSSNestedDeclarations.prototype.{cssText style}
  CSSPageDescriptors CSSPageDescriptors.prototype.{_filterDeclarationsInConstructor _isPropertySupported bleed margin margin-bottom margin-left margin-right margin-top marginBottom marginLeft marginRight marginTop marks page-orientation pageOrientation size}
  CSSPageRule CSSPageRule.prototype.{cssText selectorText style type}
  CSSPositionTryDescriptors CSSPositionTryDescriptors.prototype.{_allowCustomProperties _allowImportant _filterDeclarationsInConstructor _isPropertySupported align-self alignSelf block-size blockSize bottom height inline-size inlineSize inset inset-block inset-block-end inset-block-start inset-inline inset-inline-end inset-inline-start insetBlock insetBlockEnd insetBlockStart insetInline insetInlineEnd insetInlineStart justify-self justifySelf left margin margin-block margin-block-end margin-block-start margin-bottom margin-inline margin-inline-end margin-inline-start margin-left margin-right margin-top marginBlock marginBlockEnd marginBlockStart marginBottom marginInline marginInlineEnd marginInlineStart marginLeft marginRight marginTop max-block-size max-height max-inline-size max-width maxBlockSize maxHeight maxInlineSize maxWidth min-block-size min-height min-inline-size min-width minBlockSize minHeight minInlineSize minWidth place-self placeSelf position-anchor position-area positionAnchor positionArea right top width}
  CSSPositionTryRule CSSPositionTryRule.prototype.{cssText name style}
  CSSPropertyRule CSSPropertyRule.prototype.{cssText inherits initialValue name syntax}
  CSSRule CSSRule.prototype.{CHARSET_RULE COUNTER_STYLE_RULE FONT_FACE_RULE FONT_FEATURE_VALUES_RULE IMPORT_RULE KEYFRAMES_RULE KEYFRAME_RULE MARGIN_RULE MEDIA_RULE NAMESPACE_RULE PAGE_RULE STYLE_RULE SUPPORTS_RULE cssText location parentRule parentStyleSheet type}
  CSSRuleList CSSRuleList.prototype.{item length} CSSScopeRule CSSScopeRule.prototype.{cssText end start}
  CSSStartingStyleRule CSSStartingStyleRule.prototype.{cssText}
  CSSStyleDeclaration CSSStyleDeclaration.prototype.{_addDeclaration _allowCustomProperties _allowImportant _applyCssText _filterDeclarationsInConstructor _getExactWinningDeclaration _getLonghandForContraction _getWinningDeclaration _ingestDeclaration _isPropertySupported _serializeDirectShorthand _setPropertyInternal _useDirectDeclMap cssText getPropertyPriority getPropertyValue item length onChange parentRule removeProperty setProperty}
  CSSStyleProperties CSSStyleProperties.prototype.{cssFloat}
  CSSStyleRule CSSStyleRule.prototype.{_getNamespaceContext cssText selectorText style styleMap type}
  CSSStyleSheet CSSStyleSheet.prototype.{_constructedFlag _initImportedSheet _registerRuleProperties _replaceRulesFromText _unregisterProperties addRule cssRules deleteRule insertRule ownerRule parentStyleSheet removeRule replace replaceSync rules}
  CSSSupportsRule CSSSupportsRule.prototype.{conditionText cssText matches type}
  CSSViewTransitionRule CSSViewTransitionRule.prototype.{cssText navigation}
  MediaList MediaList.prototype.{appendMedium deleteMedium item length mediaText toString}
  StyleSheet StyleSheet.prototype.{disabled href media ownerNode parentStyleSheet title type}
  StyleSheetList StyleSheetList.prototype.{item length} parse`);

/**
 * Every stand-in, by the bundle it belongs to. `replaces` lists each module it must replace:
 * a package name (its entry) or `<package>/<file>` (a file inside a package, as installed);
 * `importer` is the package whose imports of it are replaced; `exports` the module's exports
 * when the stand-in was written.
 */
export const STAND_INS = [
  {
    // zod's namespace re-exports every locale, its JSON Schema import and its schema compiler,
    // which publish never uses; the bundler cannot drop them from `z`, so they are replaced by
    // modules that fail if ever called. English stays: the schemas import it directly.
    // Saves 8 % of a dry-run's CPU time (~7 ms of an idle machine's 88 ms dry-run: 15 M
    // instructions and 860 page faults fewer) and 306 KB of dist/main.cjs.
    name: 'zod-trim',
    bundle: 'cli',
    replaces: [
      {
        module: 'zod/v4/locales/index.js',
        importer: 'zod',
        exports: ZOD_LOCALES,
        contents: inert('esm', ZOD_LOCALES, "zod's locales are not bundled: publish configures English in src/zod.ts"),
      },
      {
        module: 'zod/v4/classic/from-json-schema.js',
        importer: 'zod',
        exports: ['fromJSONSchema'],
        contents: inert('esm', ['fromJSONSchema'], "zod's fromJSONSchema is not bundled: publish never calls it"),
      },
      {
        module: 'zod/v4/core/compile.js',
        importer: 'zod',
        exports: ZOD_COMPILE,
        contents: [
          "function no() { throw new Error('zod compile is not bundled: publish never calls it'); }",
          'export const compile = no, withParser = no, compileFn = no;',
          "export const INVALID = Symbol.for('zod.compile.invalid');",
          'export class ZodCompileAsyncError extends Error {}',
          'export class ZodCompileUnsupportedError extends Error {}',
        ].join('\n'),
      },
    ],
  },
  {
    // got imports http2-wrapper, and with it node:http2, for its `http2` option, which
    // publish never sets. Saves loading them on the first send of every HTTP channel
    // (WordPress, TikTok, webhook): 240 M instructions, 40–55 ms of CPU time.
    name: 'got-no-http2',
    bundle: 'clients',
    replaces: [
      {
        module: 'http2-wrapper',
        importer: 'got',
        // its own exports; those it passes on from node:http2 are Node's (see exportsOf)
        less: 'node:http2',
        exports: HTTP2_WRAPPER,
        contents: inert('cjs', HTTP2_WRAPPER, 'HTTP/2 is not bundled: publish never asks got for it'),
      },
    ],
  },
  {
    // node-fetch 2 (telegraf's) loads whatwg-url and its Unicode tables only as a fallback
    // for a missing global URL; Node has one. Saves 42 M instructions, 25–30 ms of CPU time,
    // on Telegram's first send, and 290 KB of dist/vendor/telegraf.cjs.
    name: 'no-whatwg-url',
    bundle: 'clients',
    replaces: [
      {
        module: 'whatwg-url',
        importer: 'node-fetch',
        exports: WHATWG_URL,
        contents: inert('cjs', WHATWG_URL, "whatwg-url is not bundled: node-fetch uses Node's URL"),
      },
    ],
  },
  {
    // linkedom parses a <style> element's CSS (its `sheet`) with cssomnom, 198 KB of the
    // 481 KB of dist/vendor/dom.cjs; an HTML article's <style> elements are taken out before
    // linkedom sees the page (src/article/html/scan.ts), so the sheet is never asked for.
    // Saves 30-35 ms of CPU time loading the bundle without stored code, ~15 ms with it.
    name: 'linkedom-no-cssom',
    bundle: 'clients',
    replaces: [
      {
        module: 'cssomnom/dist/parse.js',
        importer: 'linkedom',
        exports: CSSOM,
        contents: inert('esm', CSSOM, "cssomnom is not bundled: publish never reads a page's style sheets through the DOM"),
      },
    ],
  },
];

/** The package a file belongs to (`@scope/name` or `name`), from its last node_modules folder. */
export function packageOf(file) {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return parts[at + 1]?.startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

function kindOf(module) {
  const parts = module.split('/');
  return parts.length === (module.startsWith('@') ? 2 : 1) ? 'package' : 'file';
}

function lastName(module) {
  const last = module.split('/').pop() ?? module;
  return last.replace(/\.[cm]?js$/, '');
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How a problem names a declared module. */
function describe(t) {
  return t.kind === 'file' ? `${t.module} (imported by ${t.importer})` : `${t.importer}'s import of ${t.module}`;
}

/**
 * An esbuild plugin giving each declared module the stand-in's contents, and `verify()`,
 * to call after the build: one line per problem (see the top of this file), [] when none.
 */
export function standInPlugin(standIns) {
  const targets = standIns.flatMap((s) => s.replaces.map((t) => ({ ...t, standIn: s.name, kind: kindOf(t.module), id: `${s.name}:${t.module}` })));
  const found = new Map(targets.map((t) => [t, new Set()]));
  const names = [...new Set(targets.map((t) => lastName(t.module)))].map(escape);
  const filter = new RegExp(`(^|[\\\\/])(${names.join('|')})(\\.[cm]?js)?$`);

  const plugin = {
    name: 'stand-ins',
    setup(b) {
      if (targets.length === 0) return;
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData?.standInResolving || args.namespace === 'stand-in') return undefined;
        const from = packageOf(args.importer);
        for (const t of targets) {
          if (t.importer !== from) continue;
          if (t.kind === 'package' && args.path !== t.module) continue;
          const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { standInResolving: true } });
          if (real.errors.length > 0 || !real.path) continue;
          if (t.kind === 'file' && !real.path.split(sep).join('/').endsWith(`/node_modules/${t.module}`)) continue;
          found.get(t)?.add(real.path);
          return { path: t.id, namespace: 'stand-in', pluginData: t };
        }
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({ contents: args.pluginData.contents, loader: 'js' }));
    },
  };

  async function verify() {
    const problems = [];
    const dir = mkdtempSync(join(tmpdir(), 'publish-stand-ins-'));
    try {
      for (const [i, t] of targets.entries()) {
        const reals = found.get(t) ?? new Set();
        if (reals.size === 0) {
          problems.push(
            `stand-in "${t.standIn}" replaced nothing: ${describe(t)} is gone (moved, renamed or dropped by an upgrade). ` +
              'Find what the dependency loads now and update the stand-in in scripts/stand-ins.mjs, or delete the stand-in if it is no longer needed.',
          );
          continue;
        }
        const own = await exportsOfSource(t.contents, join(dir, `${i}`));
        for (const real of reals) {
          const change = difference(t.exports, await exportsOf(real, t.less));
          if (change) {
            problems.push(
              `stand-in "${t.standIn}": the exports of ${relative(real)} changed since the stand-in was written (${change}). ` +
                `Check that it still covers what ${t.importer} uses, then update its \`exports\` (and contents) in scripts/stand-ins.mjs.`,
            );
            continue;
          }
          const mismatch = difference(t.exports, own, ['it also exports', 'it lacks']);
          if (mismatch) problems.push(`stand-in "${t.standIn}" does not export what ${t.module} exports (${mismatch}): fix its contents in scripts/stand-ins.mjs.`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return problems;
  }

  return { plugin, verify };
}

/** The names only in `now` and those only in `expected`, in words; '' when the same. */
function difference(expected, now, [more, less] = ['now also', 'no longer']) {
  const added = now.filter((n) => !expected.includes(n));
  const gone = expected.filter((n) => !now.includes(n));
  return [added.length ? `${more} ${added.join(', ')}` : '', gone.length ? `${less} ${gone.join(', ')}` : ''].filter(Boolean).join('; ');
}

function relative(file) {
  const at = file.lastIndexOf(`${sep}node_modules${sep}`);
  return at < 0 ? file : file.slice(at + 1).split(sep).join('/');
}

/** ES module or CommonJS, as Node would load the file. */
function formatOf(file) {
  if (file.endsWith('.mjs')) return 'esm';
  if (file.endsWith('.cjs')) return 'cjs';
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module' ? 'esm' : 'cjs';
    } catch {
      if (dirname(dir) === dir) return 'cjs';
    }
  }
}

/**
 * The export names of a module (a file, or `node:<name>`): its exports, and for each
 * exported class the members of its prototype (`X.prototype.m`) and for a default-exported
 * object its keys (`default.k`): the surface the importing code can reach. `less` (a
 * module) leaves out the names that module also exports (which the file passes on).
 */
export async function exportsOf(file, less) {
  const found = shape(file.startsWith('node:') ? require(file) : formatOf(file) === 'esm' ? await import(pathToFileURL(file).href) : createRequire(file)(file));
  if (!less) return found;
  const theirs = await exportsOf(less);
  return found.filter((n) => !theirs.includes(n));
}

async function exportsOfSource(source, base) {
  const file = `${base}${/^\s*export\b/m.test(source) ? '.mjs' : '.cjs'}`;
  writeFileSync(file, source);
  return exportsOf(file);
}

function shape(exports) {
  const names = [];
  for (const key of Object.keys(exports)) {
    names.push(key);
    let value;
    try {
      value = exports[key];
    } catch {
      // a getter that refuses to be read: the name is all there is
    }
    if (typeof value === 'function' && value.prototype) {
      for (const m of Object.getOwnPropertyNames(value.prototype)) if (m !== 'constructor') names.push(`${key}.prototype.${m}`);
    } else if (key === 'default' && value && typeof value === 'object') {
      for (const m of Object.keys(value)) names.push(`default.${m}`);
    }
  }
  return names.sort();
}
