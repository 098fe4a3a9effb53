// Preload (node --require): appends one JSON line per bundle of dist/ a process runs
// ({ file, cache }, from src/run-bundle.ts's `publish:bundle` channel) to
// $BUNDLE_TRACE_FILE, so tests can prove a run used the bundles and their stored code.
const { appendFileSync } = require('node:fs');
const { subscribe } = require('node:diagnostics_channel');

const file = process.env.BUNDLE_TRACE_FILE;
if (file) subscribe('publish:bundle', (message) => appendFileSync(file, `${JSON.stringify(message)}\n`));
