// Preload (node --require): appends every module a process loads to $IMPORT_TRACE_FILE,
// CommonJS requires and ES module imports alike, so tests can prove what a command never loads.
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const file = process.env.IMPORT_TRACE_FILE;
if (file) {
  const load = Module._load;
  Module._load = function traced(request, ...rest) {
    appendFileSync(file, `require ${request}\n`);
    return load.call(this, request, ...rest);
  };
  const hook = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      appendFileSync(${JSON.stringify(file)}, 'import ' + specifier + '\\n');
      return next(specifier, context);
    }`;
  Module.register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
