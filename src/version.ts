// Put in by the build (scripts/build.mjs) and the test runner (vitest's `define`) from
// package.json: `publish --version` reads no file at start-up.
declare const __PUBLISH_VERSION__: string;

/** publish's version, as package.json says. */
export const VERSION: string = __PUBLISH_VERSION__;
