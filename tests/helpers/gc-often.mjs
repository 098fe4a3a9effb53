// Preloaded with --expose-gc (see GC_OFTEN in cli.ts): a full garbage collection every 10 ms,
// on a timer that never keeps the process alive by itself.
if (typeof globalThis.gc === 'function') setInterval(() => globalThis.gc(), 10).unref();
