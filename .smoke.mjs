import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/errors.ts
var PublishError, LedgerError;
var init_errors = __esm({
  "src/errors.ts"() {
    "use strict";
    PublishError = class extends Error {
      name = "PublishError";
      code;
      exitCode;
      constructor(code, message, options) {
        super(message, options?.cause === void 0 ? void 0 : { cause: options.cause });
        this.code = code;
        this.exitCode = options?.exitCode ?? 2;
      }
    };
    LedgerError = class extends PublishError {
      name = "LedgerError";
      constructor(message, options) {
        super("ledger", message, options);
      }
    };
  }
});

// node_modules/better-sqlite3/lib/util.js
var require_util = __commonJS({
  "node_modules/better-sqlite3/lib/util.js"(exports) {
    "use strict";
    exports.getBooleanOption = (options, key) => {
      let value = false;
      if (key in options && typeof (value = options[key]) !== "boolean") {
        throw new TypeError(`Expected the "${key}" option to be a boolean`);
      }
      return value;
    };
    exports.cppdb = /* @__PURE__ */ Symbol();
    exports.inspect = /* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom");
  }
});

// node_modules/better-sqlite3/lib/sqlite-error.js
var require_sqlite_error = __commonJS({
  "node_modules/better-sqlite3/lib/sqlite-error.js"(exports, module) {
    "use strict";
    var descriptor = { value: "SqliteError", writable: true, enumerable: false, configurable: true };
    function SqliteError(message, code) {
      if (new.target !== SqliteError) {
        return new SqliteError(message, code);
      }
      if (typeof code !== "string") {
        throw new TypeError("Expected second argument to be a string");
      }
      Error.call(this, message);
      descriptor.value = "" + message;
      Object.defineProperty(this, "message", descriptor);
      Error.captureStackTrace(this, SqliteError);
      this.code = code;
    }
    Object.setPrototypeOf(SqliteError, Error);
    Object.setPrototypeOf(SqliteError.prototype, Error.prototype);
    Object.defineProperty(SqliteError.prototype, "name", descriptor);
    module.exports = SqliteError;
  }
});

// node_modules/file-uri-to-path/index.js
var require_file_uri_to_path = __commonJS({
  "node_modules/file-uri-to-path/index.js"(exports, module) {
    var sep = __require("path").sep || "/";
    module.exports = fileUriToPath;
    function fileUriToPath(uri) {
      if ("string" != typeof uri || uri.length <= 7 || "file://" != uri.substring(0, 7)) {
        throw new TypeError("must pass in a file:// URI to convert to a file path");
      }
      var rest = decodeURI(uri.substring(7));
      var firstSlash = rest.indexOf("/");
      var host = rest.substring(0, firstSlash);
      var path = rest.substring(firstSlash + 1);
      if ("localhost" == host) host = "";
      if (host) {
        host = sep + sep + host;
      }
      path = path.replace(/^(.+)\|/, "$1:");
      if (sep == "\\") {
        path = path.replace(/\//g, "\\");
      }
      if (/^.+\:/.test(path)) {
      } else {
        path = sep + path;
      }
      return host + path;
    }
  }
});

// node_modules/bindings/bindings.js
var require_bindings = __commonJS({
  "node_modules/bindings/bindings.js"(exports, module) {
    var fs = __require("fs");
    var path = __require("path");
    var fileURLToPath = require_file_uri_to_path();
    var join = path.join;
    var dirname2 = path.dirname;
    var exists = fs.accessSync && function(path2) {
      try {
        fs.accessSync(path2);
      } catch (e) {
        return false;
      }
      return true;
    } || fs.existsSync || path.existsSync;
    var defaults = {
      arrow: process.env.NODE_BINDINGS_ARROW || " \u2192 ",
      compiled: process.env.NODE_BINDINGS_COMPILED_DIR || "compiled",
      platform: process.platform,
      arch: process.arch,
      nodePreGyp: "node-v" + process.versions.modules + "-" + process.platform + "-" + process.arch,
      version: process.versions.node,
      bindings: "bindings.node",
      try: [
        // node-gyp's linked version in the "build" dir
        ["module_root", "build", "bindings"],
        // node-waf and gyp_addon (a.k.a node-gyp)
        ["module_root", "build", "Debug", "bindings"],
        ["module_root", "build", "Release", "bindings"],
        // Debug files, for development (legacy behavior, remove for node v0.9)
        ["module_root", "out", "Debug", "bindings"],
        ["module_root", "Debug", "bindings"],
        // Release files, but manually compiled (legacy behavior, remove for node v0.9)
        ["module_root", "out", "Release", "bindings"],
        ["module_root", "Release", "bindings"],
        // Legacy from node-waf, node <= 0.4.x
        ["module_root", "build", "default", "bindings"],
        // Production "Release" buildtype binary (meh...)
        ["module_root", "compiled", "version", "platform", "arch", "bindings"],
        // node-qbs builds
        ["module_root", "addon-build", "release", "install-root", "bindings"],
        ["module_root", "addon-build", "debug", "install-root", "bindings"],
        ["module_root", "addon-build", "default", "install-root", "bindings"],
        // node-pre-gyp path ./lib/binding/{node_abi}-{platform}-{arch}
        ["module_root", "lib", "binding", "nodePreGyp", "bindings"]
      ]
    };
    function bindings(opts) {
      if (typeof opts == "string") {
        opts = { bindings: opts };
      } else if (!opts) {
        opts = {};
      }
      Object.keys(defaults).map(function(i2) {
        if (!(i2 in opts)) opts[i2] = defaults[i2];
      });
      if (!opts.module_root) {
        opts.module_root = exports.getRoot(exports.getFileName());
      }
      if (path.extname(opts.bindings) != ".node") {
        opts.bindings += ".node";
      }
      var requireFunc = typeof __webpack_require__ === "function" ? __non_webpack_require__ : __require;
      var tries = [], i = 0, l2 = opts.try.length, n, b, err;
      for (; i < l2; i++) {
        n = join.apply(
          null,
          opts.try[i].map(function(p) {
            return opts[p] || p;
          })
        );
        tries.push(n);
        try {
          b = opts.path ? requireFunc.resolve(n) : requireFunc(n);
          if (!opts.path) {
            b.path = n;
          }
          return b;
        } catch (e) {
          if (e.code !== "MODULE_NOT_FOUND" && e.code !== "QUALIFIED_PATH_RESOLUTION_FAILED" && !/not find/i.test(e.message)) {
            throw e;
          }
        }
      }
      err = new Error(
        "Could not locate the bindings file. Tried:\n" + tries.map(function(a) {
          return opts.arrow + a;
        }).join("\n")
      );
      err.tries = tries;
      throw err;
    }
    module.exports = exports = bindings;
    exports.getFileName = function getFileName(calling_file) {
      var origPST = Error.prepareStackTrace, origSTL = Error.stackTraceLimit, dummy = {}, fileName;
      Error.stackTraceLimit = 10;
      Error.prepareStackTrace = function(e, st) {
        for (var i = 0, l2 = st.length; i < l2; i++) {
          fileName = st[i].getFileName();
          if (fileName !== __filename) {
            if (calling_file) {
              if (fileName !== calling_file) {
                return;
              }
            } else {
              return;
            }
          }
        }
      };
      Error.captureStackTrace(dummy);
      dummy.stack;
      Error.prepareStackTrace = origPST;
      Error.stackTraceLimit = origSTL;
      var fileSchema = "file://";
      if (fileName.indexOf(fileSchema) === 0) {
        fileName = fileURLToPath(fileName);
      }
      return fileName;
    };
    exports.getRoot = function getRoot(file) {
      var dir = dirname2(file), prev;
      while (true) {
        if (dir === ".") {
          dir = process.cwd();
        }
        if (exists(join(dir, "package.json")) || exists(join(dir, "node_modules"))) {
          return dir;
        }
        if (prev === dir) {
          throw new Error(
            'Could not find module root given file: "' + file + '". Do you have a `package.json` file? '
          );
        }
        prev = dir;
        dir = join(dir, "..");
      }
    };
  }
});

// node_modules/better-sqlite3/lib/methods/wrappers.js
var require_wrappers = __commonJS({
  "node_modules/better-sqlite3/lib/methods/wrappers.js"(exports) {
    "use strict";
    var { cppdb } = require_util();
    exports.prepare = function prepare2(sql) {
      return this[cppdb].prepare(sql, this, false);
    };
    exports.exec = function exec(sql) {
      this[cppdb].exec(sql);
      return this;
    };
    exports.close = function close() {
      this[cppdb].close();
      return this;
    };
    exports.loadExtension = function loadExtension(...args) {
      this[cppdb].loadExtension(...args);
      return this;
    };
    exports.defaultSafeIntegers = function defaultSafeIntegers(...args) {
      this[cppdb].defaultSafeIntegers(...args);
      return this;
    };
    exports.unsafeMode = function unsafeMode(...args) {
      this[cppdb].unsafeMode(...args);
      return this;
    };
    exports.getters = {
      name: {
        get: function name() {
          return this[cppdb].name;
        },
        enumerable: true
      },
      open: {
        get: function open() {
          return this[cppdb].open;
        },
        enumerable: true
      },
      inTransaction: {
        get: function inTransaction() {
          return this[cppdb].inTransaction;
        },
        enumerable: true
      },
      readonly: {
        get: function readonly() {
          return this[cppdb].readonly;
        },
        enumerable: true
      },
      memory: {
        get: function memory() {
          return this[cppdb].memory;
        },
        enumerable: true
      }
    };
  }
});

// node_modules/better-sqlite3/lib/methods/transaction.js
var require_transaction = __commonJS({
  "node_modules/better-sqlite3/lib/methods/transaction.js"(exports, module) {
    "use strict";
    var { cppdb } = require_util();
    var controllers = /* @__PURE__ */ new WeakMap();
    module.exports = function transaction(fn) {
      if (typeof fn !== "function") throw new TypeError("Expected first argument to be a function");
      const db = this[cppdb];
      const controller = getController(db, this);
      const { apply } = Function.prototype;
      const properties = {
        default: { value: wrapTransaction(apply, fn, db, controller.default) },
        deferred: { value: wrapTransaction(apply, fn, db, controller.deferred) },
        immediate: { value: wrapTransaction(apply, fn, db, controller.immediate) },
        exclusive: { value: wrapTransaction(apply, fn, db, controller.exclusive) },
        database: { value: this, enumerable: true }
      };
      Object.defineProperties(properties.default.value, properties);
      Object.defineProperties(properties.deferred.value, properties);
      Object.defineProperties(properties.immediate.value, properties);
      Object.defineProperties(properties.exclusive.value, properties);
      return properties.default.value;
    };
    var getController = (db, self) => {
      let controller = controllers.get(db);
      if (!controller) {
        const shared = {
          commit: db.prepare("COMMIT", self, false),
          rollback: db.prepare("ROLLBACK", self, false),
          savepoint: db.prepare("SAVEPOINT `	_bs3.	`", self, false),
          release: db.prepare("RELEASE `	_bs3.	`", self, false),
          rollbackTo: db.prepare("ROLLBACK TO `	_bs3.	`", self, false)
        };
        controllers.set(db, controller = {
          default: Object.assign({ begin: db.prepare("BEGIN", self, false) }, shared),
          deferred: Object.assign({ begin: db.prepare("BEGIN DEFERRED", self, false) }, shared),
          immediate: Object.assign({ begin: db.prepare("BEGIN IMMEDIATE", self, false) }, shared),
          exclusive: Object.assign({ begin: db.prepare("BEGIN EXCLUSIVE", self, false) }, shared)
        });
      }
      return controller;
    };
    var wrapTransaction = (apply, fn, db, { begin, commit, rollback, savepoint, release, rollbackTo }) => function sqliteTransaction() {
      let before, after, undo;
      if (db.inTransaction) {
        before = savepoint;
        after = release;
        undo = rollbackTo;
      } else {
        before = begin;
        after = commit;
        undo = rollback;
      }
      before.run();
      try {
        const result = apply.call(fn, this, arguments);
        if (result && typeof result.then === "function") {
          throw new TypeError("Transaction function cannot return a promise");
        }
        after.run();
        return result;
      } catch (ex) {
        if (db.inTransaction) {
          undo.run();
          if (undo !== rollback) after.run();
        }
        throw ex;
      }
    };
  }
});

// node_modules/better-sqlite3/lib/methods/pragma.js
var require_pragma = __commonJS({
  "node_modules/better-sqlite3/lib/methods/pragma.js"(exports, module) {
    "use strict";
    var { getBooleanOption, cppdb } = require_util();
    module.exports = function pragma(source, options) {
      if (options == null) options = {};
      if (typeof source !== "string") throw new TypeError("Expected first argument to be a string");
      if (typeof options !== "object") throw new TypeError("Expected second argument to be an options object");
      const simple = getBooleanOption(options, "simple");
      const stmt = this[cppdb].prepare(`PRAGMA ${source}`, this, true);
      return simple ? stmt.pluck().get() : stmt.all();
    };
  }
});

// node_modules/better-sqlite3/lib/methods/backup.js
var require_backup = __commonJS({
  "node_modules/better-sqlite3/lib/methods/backup.js"(exports, module) {
    "use strict";
    var fs = __require("fs");
    var path = __require("path");
    var { promisify } = __require("util");
    var { cppdb } = require_util();
    var fsAccess = promisify(fs.access);
    module.exports = async function backup(filename, options) {
      if (options == null) options = {};
      if (typeof filename !== "string") throw new TypeError("Expected first argument to be a string");
      if (typeof options !== "object") throw new TypeError("Expected second argument to be an options object");
      filename = filename.trim();
      const attachedName = "attached" in options ? options.attached : "main";
      const handler = "progress" in options ? options.progress : null;
      if (!filename) throw new TypeError("Backup filename cannot be an empty string");
      if (filename === ":memory:") throw new TypeError('Invalid backup filename ":memory:"');
      if (typeof attachedName !== "string") throw new TypeError('Expected the "attached" option to be a string');
      if (!attachedName) throw new TypeError('The "attached" option cannot be an empty string');
      if (handler != null && typeof handler !== "function") throw new TypeError('Expected the "progress" option to be a function');
      await fsAccess(path.dirname(filename)).catch(() => {
        throw new TypeError("Cannot save backup because the directory does not exist");
      });
      const isNewFile = await fsAccess(filename).then(() => false, () => true);
      return runBackup(this[cppdb].backup(this, attachedName, filename, isNewFile), handler || null);
    };
    var runBackup = (backup, handler) => {
      let rate = 0;
      let useDefault = true;
      return new Promise((resolve, reject) => {
        setImmediate(function step() {
          try {
            const progress = backup.transfer(rate);
            if (!progress.remainingPages) {
              backup.close();
              resolve(progress);
              return;
            }
            if (useDefault) {
              useDefault = false;
              rate = 100;
            }
            if (handler) {
              const ret = handler(progress);
              if (ret !== void 0) {
                if (typeof ret === "number" && ret === ret) rate = Math.max(0, Math.min(2147483647, Math.round(ret)));
                else throw new TypeError("Expected progress callback to return a number or undefined");
              }
            }
            setImmediate(step);
          } catch (err) {
            backup.close();
            reject(err);
          }
        });
      });
    };
  }
});

// node_modules/better-sqlite3/lib/methods/serialize.js
var require_serialize = __commonJS({
  "node_modules/better-sqlite3/lib/methods/serialize.js"(exports, module) {
    "use strict";
    var { cppdb } = require_util();
    module.exports = function serialize(options) {
      if (options == null) options = {};
      if (typeof options !== "object") throw new TypeError("Expected first argument to be an options object");
      const attachedName = "attached" in options ? options.attached : "main";
      if (typeof attachedName !== "string") throw new TypeError('Expected the "attached" option to be a string');
      if (!attachedName) throw new TypeError('The "attached" option cannot be an empty string');
      return this[cppdb].serialize(attachedName);
    };
  }
});

// node_modules/better-sqlite3/lib/methods/function.js
var require_function = __commonJS({
  "node_modules/better-sqlite3/lib/methods/function.js"(exports, module) {
    "use strict";
    var { getBooleanOption, cppdb } = require_util();
    module.exports = function defineFunction(name, options, fn) {
      if (options == null) options = {};
      if (typeof options === "function") {
        fn = options;
        options = {};
      }
      if (typeof name !== "string") throw new TypeError("Expected first argument to be a string");
      if (typeof fn !== "function") throw new TypeError("Expected last argument to be a function");
      if (typeof options !== "object") throw new TypeError("Expected second argument to be an options object");
      if (!name) throw new TypeError("User-defined function name cannot be an empty string");
      const safeIntegers = "safeIntegers" in options ? +getBooleanOption(options, "safeIntegers") : 2;
      const deterministic = getBooleanOption(options, "deterministic");
      const directOnly = getBooleanOption(options, "directOnly");
      const varargs = getBooleanOption(options, "varargs");
      let argCount = -1;
      if (!varargs) {
        argCount = fn.length;
        if (!Number.isInteger(argCount) || argCount < 0) throw new TypeError("Expected function.length to be a positive integer");
        if (argCount > 100) throw new RangeError("User-defined functions cannot have more than 100 arguments");
      }
      this[cppdb].function(fn, name, argCount, safeIntegers, deterministic, directOnly);
      return this;
    };
  }
});

// node_modules/better-sqlite3/lib/methods/aggregate.js
var require_aggregate = __commonJS({
  "node_modules/better-sqlite3/lib/methods/aggregate.js"(exports, module) {
    "use strict";
    var { getBooleanOption, cppdb } = require_util();
    module.exports = function defineAggregate(name, options) {
      if (typeof name !== "string") throw new TypeError("Expected first argument to be a string");
      if (typeof options !== "object" || options === null) throw new TypeError("Expected second argument to be an options object");
      if (!name) throw new TypeError("User-defined function name cannot be an empty string");
      const start = "start" in options ? options.start : null;
      const step = getFunctionOption(options, "step", true);
      const inverse = getFunctionOption(options, "inverse", false);
      const result = getFunctionOption(options, "result", false);
      const safeIntegers = "safeIntegers" in options ? +getBooleanOption(options, "safeIntegers") : 2;
      const deterministic = getBooleanOption(options, "deterministic");
      const directOnly = getBooleanOption(options, "directOnly");
      const varargs = getBooleanOption(options, "varargs");
      let argCount = -1;
      if (!varargs) {
        argCount = Math.max(getLength(step), inverse ? getLength(inverse) : 0);
        if (argCount > 0) argCount -= 1;
        if (argCount > 100) throw new RangeError("User-defined functions cannot have more than 100 arguments");
      }
      this[cppdb].aggregate(start, step, inverse, result, name, argCount, safeIntegers, deterministic, directOnly);
      return this;
    };
    var getFunctionOption = (options, key, required) => {
      const value = key in options ? options[key] : null;
      if (typeof value === "function") return value;
      if (value != null) throw new TypeError(`Expected the "${key}" option to be a function`);
      if (required) throw new TypeError(`Missing required option "${key}"`);
      return null;
    };
    var getLength = ({ length }) => {
      if (Number.isInteger(length) && length >= 0) return length;
      throw new TypeError("Expected function.length to be a positive integer");
    };
  }
});

// node_modules/better-sqlite3/lib/methods/table.js
var require_table = __commonJS({
  "node_modules/better-sqlite3/lib/methods/table.js"(exports, module) {
    "use strict";
    var { cppdb } = require_util();
    module.exports = function defineTable(name, factory) {
      if (typeof name !== "string") throw new TypeError("Expected first argument to be a string");
      if (!name) throw new TypeError("Virtual table module name cannot be an empty string");
      let eponymous = false;
      if (typeof factory === "object" && factory !== null) {
        eponymous = true;
        factory = defer(parseTableDefinition(factory, "used", name));
      } else {
        if (typeof factory !== "function") throw new TypeError("Expected second argument to be a function or a table definition object");
        factory = wrapFactory(factory);
      }
      this[cppdb].table(factory, name, eponymous);
      return this;
    };
    function wrapFactory(factory) {
      return function virtualTableFactory(moduleName, databaseName, tableName, ...args) {
        const thisObject = {
          module: moduleName,
          database: databaseName,
          table: tableName
        };
        const def = apply.call(factory, thisObject, args);
        if (typeof def !== "object" || def === null) {
          throw new TypeError(`Virtual table module "${moduleName}" did not return a table definition object`);
        }
        return parseTableDefinition(def, "returned", moduleName);
      };
    }
    function parseTableDefinition(def, verb, moduleName) {
      if (!hasOwnProperty.call(def, "rows")) {
        throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition without a "rows" property`);
      }
      if (!hasOwnProperty.call(def, "columns")) {
        throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition without a "columns" property`);
      }
      const rows = def.rows;
      if (typeof rows !== "function" || Object.getPrototypeOf(rows) !== GeneratorFunctionPrototype) {
        throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with an invalid "rows" property (should be a generator function)`);
      }
      let columns = def.columns;
      if (!Array.isArray(columns) || !(columns = [...columns]).every((x) => typeof x === "string")) {
        throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with an invalid "columns" property (should be an array of strings)`);
      }
      if (columns.length !== new Set(columns).size) {
        throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with duplicate column names`);
      }
      if (!columns.length) {
        throw new RangeError(`Virtual table module "${moduleName}" ${verb} a table definition with zero columns`);
      }
      let parameters;
      if (hasOwnProperty.call(def, "parameters")) {
        parameters = def.parameters;
        if (!Array.isArray(parameters) || !(parameters = [...parameters]).every((x) => typeof x === "string")) {
          throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with an invalid "parameters" property (should be an array of strings)`);
        }
      } else {
        parameters = inferParameters(rows);
      }
      if (parameters.length !== new Set(parameters).size) {
        throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with duplicate parameter names`);
      }
      if (parameters.length > 32) {
        throw new RangeError(`Virtual table module "${moduleName}" ${verb} a table definition with more than the maximum number of 32 parameters`);
      }
      for (const parameter of parameters) {
        if (columns.includes(parameter)) {
          throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with column "${parameter}" which was ambiguously defined as both a column and parameter`);
        }
      }
      let safeIntegers = 2;
      if (hasOwnProperty.call(def, "safeIntegers")) {
        const bool = def.safeIntegers;
        if (typeof bool !== "boolean") {
          throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with an invalid "safeIntegers" property (should be a boolean)`);
        }
        safeIntegers = +bool;
      }
      let directOnly = false;
      if (hasOwnProperty.call(def, "directOnly")) {
        directOnly = def.directOnly;
        if (typeof directOnly !== "boolean") {
          throw new TypeError(`Virtual table module "${moduleName}" ${verb} a table definition with an invalid "directOnly" property (should be a boolean)`);
        }
      }
      const columnDefinitions = [
        ...parameters.map(identifier).map((str) => `${str} HIDDEN`),
        ...columns.map(identifier)
      ];
      return [
        `CREATE TABLE x(${columnDefinitions.join(", ")});`,
        wrapGenerator(rows, new Map(columns.map((x, i) => [x, parameters.length + i])), moduleName),
        parameters,
        safeIntegers,
        directOnly
      ];
    }
    function wrapGenerator(generator, columnMap, moduleName) {
      return function* virtualTable(...args) {
        const output = args.map((x) => Buffer.isBuffer(x) ? Buffer.from(x) : x);
        for (let i = 0; i < columnMap.size; ++i) {
          output.push(null);
        }
        for (const row of generator(...args)) {
          if (Array.isArray(row)) {
            extractRowArray(row, output, columnMap.size, moduleName);
            yield output;
          } else if (typeof row === "object" && row !== null) {
            extractRowObject(row, output, columnMap, moduleName);
            yield output;
          } else {
            throw new TypeError(`Virtual table module "${moduleName}" yielded something that isn't a valid row object`);
          }
        }
      };
    }
    function extractRowArray(row, output, columnCount, moduleName) {
      if (row.length !== columnCount) {
        throw new TypeError(`Virtual table module "${moduleName}" yielded a row with an incorrect number of columns`);
      }
      const offset = output.length - columnCount;
      for (let i = 0; i < columnCount; ++i) {
        output[i + offset] = row[i];
      }
    }
    function extractRowObject(row, output, columnMap, moduleName) {
      let count = 0;
      for (const key of Object.keys(row)) {
        const index = columnMap.get(key);
        if (index === void 0) {
          throw new TypeError(`Virtual table module "${moduleName}" yielded a row with an undeclared column "${key}"`);
        }
        output[index] = row[key];
        count += 1;
      }
      if (count !== columnMap.size) {
        throw new TypeError(`Virtual table module "${moduleName}" yielded a row with missing columns`);
      }
    }
    function inferParameters({ length }) {
      if (!Number.isInteger(length) || length < 0) {
        throw new TypeError("Expected function.length to be a positive integer");
      }
      const params = [];
      for (let i = 0; i < length; ++i) {
        params.push(`$${i + 1}`);
      }
      return params;
    }
    var { hasOwnProperty } = Object.prototype;
    var { apply } = Function.prototype;
    var GeneratorFunctionPrototype = Object.getPrototypeOf(function* () {
    });
    var identifier = (str) => `"${str.replace(/"/g, '""')}"`;
    var defer = (x) => () => x;
  }
});

// node_modules/better-sqlite3/lib/methods/inspect.js
var require_inspect = __commonJS({
  "node_modules/better-sqlite3/lib/methods/inspect.js"(exports, module) {
    "use strict";
    var DatabaseInspection = function Database2() {
    };
    module.exports = function inspect(depth, opts) {
      return Object.assign(new DatabaseInspection(), this);
    };
  }
});

// node_modules/better-sqlite3/lib/database.js
var require_database = __commonJS({
  "node_modules/better-sqlite3/lib/database.js"(exports, module) {
    "use strict";
    var fs = __require("fs");
    var path = __require("path");
    var util = require_util();
    var SqliteError = require_sqlite_error();
    var DEFAULT_ADDON;
    function Database2(filenameGiven, options) {
      if (new.target == null) {
        return new Database2(filenameGiven, options);
      }
      let buffer;
      if (Buffer.isBuffer(filenameGiven)) {
        buffer = filenameGiven;
        filenameGiven = ":memory:";
      }
      if (filenameGiven == null) filenameGiven = "";
      if (options == null) options = {};
      if (typeof filenameGiven !== "string") throw new TypeError("Expected first argument to be a string");
      if (typeof options !== "object") throw new TypeError("Expected second argument to be an options object");
      if ("readOnly" in options) throw new TypeError('Misspelled option "readOnly" should be "readonly"');
      if ("memory" in options) throw new TypeError('Option "memory" was removed in v7.0.0 (use ":memory:" filename instead)');
      const filename = filenameGiven.trim();
      const anonymous = filename === "" || filename === ":memory:";
      const readonly = util.getBooleanOption(options, "readonly");
      const fileMustExist = util.getBooleanOption(options, "fileMustExist");
      const timeout = "timeout" in options ? options.timeout : 5e3;
      const verbose = "verbose" in options ? options.verbose : null;
      const nativeBinding = "nativeBinding" in options ? options.nativeBinding : null;
      if (readonly && anonymous && !buffer) throw new TypeError("In-memory/temporary databases cannot be readonly");
      if (!Number.isInteger(timeout) || timeout < 0) throw new TypeError('Expected the "timeout" option to be a positive integer');
      if (timeout > 2147483647) throw new RangeError('Option "timeout" cannot be greater than 2147483647');
      if (verbose != null && typeof verbose !== "function") throw new TypeError('Expected the "verbose" option to be a function');
      if (nativeBinding != null && typeof nativeBinding !== "string" && typeof nativeBinding !== "object") throw new TypeError('Expected the "nativeBinding" option to be a string or addon object');
      let addon;
      if (nativeBinding == null) {
        addon = DEFAULT_ADDON || (DEFAULT_ADDON = require_bindings()("better_sqlite3.node"));
      } else if (typeof nativeBinding === "string") {
        const requireFunc = typeof __non_webpack_require__ === "function" ? __non_webpack_require__ : __require;
        addon = requireFunc(path.resolve(nativeBinding).replace(/(\.node)?$/, ".node"));
      } else {
        addon = nativeBinding;
      }
      if (!addon.isInitialized) {
        addon.setErrorConstructor(SqliteError);
        addon.isInitialized = true;
      }
      if (!anonymous && !filename.startsWith("file:") && !fs.existsSync(path.dirname(filename))) {
        throw new TypeError("Cannot open database because the directory does not exist");
      }
      Object.defineProperties(this, {
        [util.cppdb]: { value: new addon.Database(filename, filenameGiven, anonymous, readonly, fileMustExist, timeout, verbose || null, buffer || null) },
        ...wrappers.getters
      });
    }
    var wrappers = require_wrappers();
    Database2.prototype.prepare = wrappers.prepare;
    Database2.prototype.transaction = require_transaction();
    Database2.prototype.pragma = require_pragma();
    Database2.prototype.backup = require_backup();
    Database2.prototype.serialize = require_serialize();
    Database2.prototype.function = require_function();
    Database2.prototype.aggregate = require_aggregate();
    Database2.prototype.table = require_table();
    Database2.prototype.loadExtension = wrappers.loadExtension;
    Database2.prototype.exec = wrappers.exec;
    Database2.prototype.close = wrappers.close;
    Database2.prototype.defaultSafeIntegers = wrappers.defaultSafeIntegers;
    Database2.prototype.unsafeMode = wrappers.unsafeMode;
    Database2.prototype[util.inspect] = require_inspect();
    module.exports = Database2;
  }
});

// node_modules/better-sqlite3/lib/index.js
var require_lib = __commonJS({
  "node_modules/better-sqlite3/lib/index.js"(exports, module) {
    "use strict";
    module.exports = require_database();
    module.exports.SqliteError = require_sqlite_error();
  }
});

// src/ledger/migrations.ts
function pendingMigrations(from) {
  return migrations.filter((m) => m.version > from).sort((a, b) => a.version - b.version);
}
var postsTable, queueColumns, migrations, latestSchemaVersion;
var init_migrations = __esm({
  "src/ledger/migrations.ts"() {
    "use strict";
    postsTable = `
CREATE TABLE posts (
  article       TEXT    NOT NULL,
  channel       TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('in_flight', 'sent', 'failed')),
  remote_id     TEXT,
  url           TEXT,
  extra         TEXT,
  content_hash  TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT,
  host          TEXT    NOT NULL,
  pid           INTEGER NOT NULL,
  created_at    BIGINT  NOT NULL,
  updated_at    BIGINT  NOT NULL,
  sent_at       BIGINT,
  -- While in flight: the row as it was before begin (JSON), so a release or a failed
  -- update can put back what had been settled.
  settled       TEXT,
  PRIMARY KEY (article, channel)
);
CREATE TABLE tokens (
  key         TEXT   PRIMARY KEY,
  value       TEXT   NOT NULL,
  updated_at  BIGINT NOT NULL
);`;
    queueColumns = `
  article      TEXT   NOT NULL,
  channel      TEXT   NOT NULL,
  source       TEXT   NOT NULL,
  inline       TEXT,
  source_hash  TEXT   NOT NULL,
  config       TEXT   NOT NULL,
  due_at       BIGINT NOT NULL,
  publish_at   BIGINT,
  status       TEXT   NOT NULL CHECK (status IN ('scheduled', 'claimed', 'done', 'failed', 'cancelled')),
  claimed_by   TEXT,
  claimed_at   BIGINT,
  created_at   BIGINT NOT NULL,
  ended_at     BIGINT,
  last_error   TEXT
);
CREATE INDEX queue_status_due ON queue (status, due_at);
CREATE INDEX queue_article ON queue (article, channel);`;
    migrations = [
      {
        version: 1,
        description: "posts, schedule queue and tokens",
        up: `${postsTable}
CREATE TABLE queue (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,${queueColumns}`,
        postgres: `${postsTable}
CREATE TABLE queue (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,${queueColumns}`
      }
    ];
    latestSchemaVersion = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  }
});

// src/ledger/rows.ts
function toNumber(value) {
  return typeof value === "number" ? value : Number(value);
}
function toDate(value) {
  return new Date(toNumber(value));
}
function toOptionalDate(value) {
  return value === null ? void 0 : toDate(value);
}
function receiptOf(row) {
  if (row.remote_id === null) return void 0;
  const receipt = { id: row.remote_id };
  if (row.url !== null) receipt.url = row.url;
  if (row.extra !== null) receipt.extra = JSON.parse(row.extra);
  return receipt;
}
function toPostRecord(row) {
  return {
    article: row.article,
    channel: row.channel,
    status: row.status,
    receipt: receiptOf(row),
    contentHash: row.content_hash ?? void 0,
    attempts: toNumber(row.attempts),
    lastError: row.last_error ?? void 0,
    host: row.host,
    pid: toNumber(row.pid),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    sentAt: toOptionalDate(row.sent_at)
  };
}
function snapshotOf(row) {
  return {
    status: row.status,
    content_hash: row.content_hash,
    attempts: toNumber(row.attempts),
    last_error: row.last_error,
    host: row.host,
    pid: toNumber(row.pid),
    updated_at: toNumber(row.updated_at)
  };
}
function parseSnapshot(row) {
  return row.settled === null ? void 0 : JSON.parse(row.settled);
}
function toScheduledPost(row) {
  return {
    id: String(row.id),
    article: row.article,
    channel: row.channel,
    source: row.source,
    inline: row.inline ?? void 0,
    sourceHash: row.source_hash,
    config: row.config,
    dueAt: toDate(row.due_at),
    publishAt: toOptionalDate(row.publish_at),
    status: row.status,
    claimedBy: row.claimed_by ?? void 0,
    claimedAt: toOptionalDate(row.claimed_at),
    createdAt: toDate(row.created_at),
    lastError: row.last_error ?? void 0
  };
}
function nextUpdatedAt(now, previous) {
  return previous === void 0 ? now : Math.max(now, toNumber(previous) + 1);
}
var init_rows = __esm({
  "src/ledger/rows.ts"() {
    "use strict";
  }
});

// src/ledger/sqlite-errors.ts
function errorCode(error) {
  const code = error?.code;
  return typeof code === "string" ? code : "";
}
function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}
function damagedLedger(file, detail, cause) {
  return new LedgerError(
    `${file} is not a publish ledger or is damaged (${detail}): move it aside; nothing was sent`,
    { cause }
  );
}
function toLedgerError(error, file, busyTimeoutMs) {
  if (error instanceof LedgerError) return error;
  const code = errorCode(error);
  const detail = errorMessage(error);
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return damagedLedger(file, detail, error);
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new LedgerError(
      `${file} is locked by another process (waited ${busyTimeoutMs / 1e3} s): another publish may still be running; try again when it has finished`,
      { cause: error }
    );
  }
  if (code.startsWith("SQLITE_READONLY")) {
    return new LedgerError(`${file} cannot be written (${detail}): check its permissions`, {
      cause: error
    });
  }
  if (code === "SQLITE_FULL") {
    return new LedgerError(`${file} cannot be written: the disk is full`, { cause: error });
  }
  if (code.startsWith("SQLITE_CANTOPEN") || code === "EACCES" || code === "EPERM" || code === "ENOTDIR") {
    return new LedgerError(`${file} cannot be opened (${detail}): check the path and its permissions`, {
      cause: error
    });
  }
  if (error instanceof TypeError && /database connection is not open/.test(detail)) {
    return new LedgerError(`${file}: the ledger was used after it was closed`, { cause: error });
  }
  return new LedgerError(`${file}: ${detail}`, { cause: error });
}
var init_sqlite_errors = __esm({
  "src/ledger/sqlite-errors.ts"() {
    "use strict";
    init_errors();
  }
});

// src/ledger/sqlite.ts
var sqlite_exports = {};
__export(sqlite_exports, {
  defaultStaleAfterMs: () => defaultStaleAfterMs,
  endedRowsListed: () => endedRowsListed,
  migrateSqlite: () => migrateSqlite,
  openSqliteLedger: () => openSqliteLedger
});
import { closeSync, existsSync, chmodSync, mkdirSync, openSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
async function openSqliteLedger(file, opts = {}) {
  const busyTimeoutMs = opts.busyTimeoutMs ?? defaultBusyTimeoutMs;
  const db = connect(file, opts.readonly ?? false, busyTimeoutMs);
  try {
    if (opts.readonly) requireCurrentSchema(db, file);
    else migrate(db, file);
    return new SqliteLedger(db, file, {
      host: opts.host ?? (process.env.PUBLISH_HOST || hostname()),
      pid: opts.pid ?? process.pid,
      busyTimeoutMs
    });
  } catch (error) {
    db.close();
    throw toLedgerError(error, file, busyTimeoutMs);
  }
}
async function migrateSqlite(file, opts = {}) {
  const busyTimeoutMs = opts.busyTimeoutMs ?? defaultBusyTimeoutMs;
  const db = connect(file, false, busyTimeoutMs);
  try {
    return migrate(db, file);
  } catch (error) {
    throw toLedgerError(error, file, busyTimeoutMs);
  } finally {
    db.close();
  }
}
function connect(file, readonly, busyTimeoutMs) {
  const inMemory = file === ":memory:";
  let db;
  try {
    if (readonly && !inMemory && !existsSync(file)) {
      throw new LedgerError(`${file} does not exist yet: nothing has been published or scheduled`);
    }
    if (!readonly && !inMemory && !existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 448 });
      closeSync(openSync(file, "a", 384));
      chmodSync(file, 384);
    }
    db = new import_better_sqlite3.default(file, { readonly, fileMustExist: !inMemory, timeout: busyTimeoutMs });
    db.pragma("schema_version", { simple: true });
    if (!readonly && !inMemory) db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    return db;
  } catch (error) {
    db?.close();
    throw toLedgerError(error, file, busyTimeoutMs);
  }
}
function schemaVersion(db) {
  return db.pragma("user_version", { simple: true });
}
function newerSchema(file, version) {
  return new LedgerError(
    `${file} was written by a newer publish (schema ${version}, this one knows ${latestSchemaVersion}): upgrade publish`
  );
}
function requireOurs(db, file) {
  const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).get();
  if (tables.n > 0) throw damagedLedger(file, "it holds tables publish did not create");
}
function migrate(db, file) {
  const seen = schemaVersion(db);
  if (seen > latestSchemaVersion) throw newerSchema(file, seen);
  if (seen === latestSchemaVersion) return { from: seen, to: seen };
  return db.transaction(() => {
    const from = schemaVersion(db);
    if (from > latestSchemaVersion) throw newerSchema(file, from);
    if (from === 0) requireOurs(db, file);
    for (const step of pendingMigrations(from)) db.exec(step.up);
    db.pragma(`user_version = ${latestSchemaVersion}`);
    return { from, to: latestSchemaVersion };
  }).immediate();
}
function requireCurrentSchema(db, file) {
  const version = schemaVersion(db);
  if (version > latestSchemaVersion) throw newerSchema(file, version);
  if (version === 0) requireOurs(db, file);
  if (version < latestSchemaVersion) {
    throw new LedgerError(`${file} has schema ${version}, this publish needs ${latestSchemaVersion}: run publish migrate`);
  }
}
function prepare(db) {
  return {
    getPost: db.prepare("SELECT * FROM posts WHERE article = ? AND channel = ?"),
    insertPost: db.prepare(
      `INSERT INTO posts (article, channel, status, remote_id, url, extra, content_hash, attempts, last_error,
                          host, pid, created_at, updated_at, sent_at, settled)
       VALUES (@article, @channel, @status, @remote_id, @url, @extra, @content_hash, 1, @last_error,
               @host, @pid, @now, @now, @sent_at, NULL)`
    ),
    beginPost: db.prepare(
      `UPDATE posts SET status = 'in_flight', attempts = attempts + 1, content_hash = @content_hash,
              host = @host, pid = @pid, updated_at = @updated_at, settled = @settled
       WHERE article = @article AND channel = @channel`
    ),
    settleSent: db.prepare(
      `UPDATE posts SET status = 'sent', remote_id = @remote_id, url = @url, extra = @extra,
              content_hash = @content_hash, sent_at = @now, last_error = NULL,
              host = @host, pid = @pid, updated_at = @updated_at, settled = NULL
       WHERE article = @article AND channel = @channel`
    ),
    settleFailed: db.prepare(
      `UPDATE posts SET status = 'failed', last_error = @last_error, content_hash = @content_hash,
              host = @host, pid = @pid, updated_at = @updated_at, settled = NULL
       WHERE article = @article AND channel = @channel`
    ),
    restorePost: db.prepare(
      `UPDATE posts SET status = @status, content_hash = @content_hash, attempts = @attempts,
              last_error = @last_error, host = @host, pid = @pid, updated_at = @updated_at, settled = NULL
       WHERE article = @article AND channel = @channel`
    ),
    deletePost: db.prepare("DELETE FROM posts WHERE article = ? AND channel = ?"),
    listPosts: db.prepare("SELECT * FROM posts ORDER BY updated_at DESC, article, channel"),
    listArticlePosts: db.prepare(
      "SELECT * FROM posts WHERE article = ? ORDER BY updated_at DESC, channel"
    ),
    insertQueued: db.prepare(
      `INSERT INTO queue (article, channel, source, inline, source_hash, config, due_at, publish_at,
                          status, created_at)
       VALUES (@article, @channel, @source, @inline, @source_hash, @config, @due_at, @publish_at,
               'scheduled', @now)
       RETURNING *`
    ),
    // Both halves use the (status, due_at) index; the UPDATE marks exactly what was chosen.
    claimDue: db.prepare(
      `UPDATE queue SET status = 'claimed', claimed_by = @worker, claimed_at = @now
       WHERE id IN (
         SELECT id FROM (
           SELECT id, due_at FROM queue WHERE status = 'scheduled' AND due_at <= @now
           UNION ALL
           SELECT id, due_at FROM queue WHERE status = 'claimed' AND claimed_at < @stale_before
         ) ORDER BY due_at, id LIMIT @limit
       )
       RETURNING *`
    ),
    finishQueued: db.prepare(
      `UPDATE queue SET status = @status, last_error = @last_error, ended_at = @now
       WHERE id = @id AND status = 'claimed'`
    ),
    queuedExists: db.prepare("SELECT id FROM queue WHERE id = ?"),
    cancelArticle: db.prepare(
      `UPDATE queue SET status = 'cancelled', ended_at = ? WHERE status = 'scheduled' AND article = ?`
    ),
    cancelChannel: db.prepare(
      `UPDATE queue SET status = 'cancelled', ended_at = ?
       WHERE status = 'scheduled' AND article = ? AND channel = ?`
    ),
    listQueued: db.prepare(
      `SELECT * FROM (
         SELECT * FROM queue WHERE status IN ('scheduled', 'claimed')
           AND (@article IS NULL OR article = @article)
         UNION ALL
         SELECT * FROM (
           SELECT * FROM queue WHERE status IN ('done', 'failed', 'cancelled')
             AND (@article IS NULL OR article = @article)
           ORDER BY ended_at DESC, id DESC LIMIT @ended
         )
       ) ORDER BY due_at, id`
    ),
    getToken: db.prepare("SELECT value FROM tokens WHERE key = ?"),
    setToken: db.prepare(
      `INSERT INTO tokens (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
    )
  };
}
function queueId(id) {
  return /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : void 0;
}
var import_better_sqlite3, defaultStaleAfterMs, endedRowsListed, defaultBusyTimeoutMs, noReceipt, SqliteLedger;
var init_sqlite = __esm({
  "src/ledger/sqlite.ts"() {
    "use strict";
    import_better_sqlite3 = __toESM(require_lib(), 1);
    init_errors();
    init_migrations();
    init_rows();
    init_sqlite_errors();
    defaultStaleAfterMs = 15 * 60 * 1e3;
    endedRowsListed = 50;
    defaultBusyTimeoutMs = 5e3;
    noReceipt = { remote_id: null, url: null, extra: null };
    SqliteLedger = class {
      location;
      #db;
      #sql;
      #me;
      constructor(db, file, me) {
        this.#db = db;
        this.location = file;
        this.#me = me;
        this.#sql = prepare(db);
      }
      /** Runs `work` (in a write transaction when `write`), mapping every failure to a LedgerError. */
      #run(work, write = false) {
        try {
          if (!this.#db.open) throw new LedgerError(`${this.location}: the ledger was used after it was closed`);
          return Promise.resolve(write ? this.#db.transaction(work).immediate() : work());
        } catch (error) {
          return Promise.reject(toLedgerError(error, this.location, this.#me.busyTimeoutMs));
        }
      }
      get(article, channel) {
        return this.#run(() => {
          const row = this.#sql.getPost.get(article, channel);
          return row && toPostRecord(row);
        });
      }
      begin(article, channel, contentHash, takeOver) {
        return this.#run(() => {
          const now = Date.now();
          const row = this.#sql.getPost.get(article, channel);
          const who = { article, channel, host: this.#me.host, pid: this.#me.pid, content_hash: contentHash };
          if (!row) {
            this.#sql.insertPost.run({ ...who, ...noReceipt, status: "in_flight", last_error: null, now, sent_at: null });
            return { ok: true, previous: void 0 };
          }
          if (row.status === "in_flight" && takeOver?.updatedAt.getTime() !== Number(row.updated_at)) {
            return { ok: false, holder: toPostRecord(row) };
          }
          this.#sql.beginPost.run({
            ...who,
            updated_at: nextUpdatedAt(now, row.updated_at),
            // Taking over keeps the snapshot the stale holder saved: the last settled state.
            settled: row.status === "in_flight" ? row.settled : JSON.stringify(snapshotOf(row))
          });
          return { ok: true, previous: toPostRecord(row) };
        }, true);
      }
      settle(article, channel, settlement) {
        return this.#run(() => {
          const now = Date.now();
          const row = this.#sql.getPost.get(article, channel);
          const who = { article, channel, host: this.#me.host, pid: this.#me.pid, now };
          const updated_at = nextUpdatedAt(now, row?.updated_at);
          switch (settlement.status) {
            case "sent": {
              const receipt = {
                remote_id: settlement.receipt.id,
                url: settlement.receipt.url ?? null,
                extra: settlement.receipt.extra === void 0 ? null : JSON.stringify(settlement.receipt.extra)
              };
              const content_hash = settlement.contentHash;
              if (row) this.#sql.settleSent.run({ ...who, ...receipt, content_hash, updated_at });
              else this.#sql.insertPost.run({ ...who, ...receipt, status: "sent", content_hash, last_error: null, sent_at: now });
              return;
            }
            case "failed": {
              if (!row) {
                this.#sql.insertPost.run({
                  ...who,
                  ...noReceipt,
                  status: "failed",
                  content_hash: null,
                  last_error: settlement.error,
                  sent_at: null
                });
                return;
              }
              const settled = parseSnapshot(row);
              const content_hash = row.remote_id !== null && settled ? settled.content_hash : row.content_hash;
              this.#sql.settleFailed.run({ ...who, last_error: settlement.error, content_hash, updated_at });
              return;
            }
            case "released": {
              if (!row || row.status !== "in_flight") return;
              const settled = parseSnapshot(row);
              if (settled) this.#sql.restorePost.run({ article, channel, ...settled, updated_at });
              else this.#sql.deletePost.run(article, channel);
              return;
            }
          }
        }, true);
      }
      list(article) {
        return this.#run(() => {
          const rows = article === void 0 ? this.#sql.listPosts.all() : this.#sql.listArticlePosts.all(article);
          return rows.map(toPostRecord);
        });
      }
      schedule(posts) {
        return this.#run(() => {
          const now = Date.now();
          return posts.map((post) => {
            const row = this.#sql.insertQueued.get({
              article: post.article,
              channel: post.channel,
              source: post.source,
              inline: post.inline ?? null,
              source_hash: post.sourceHash,
              config: post.config,
              due_at: post.dueAt.getTime(),
              publish_at: post.publishAt?.getTime() ?? null,
              now
            });
            if (!row) throw new LedgerError(`${this.location}: could not queue ${post.article}:${post.channel}`);
            return toScheduledPost(row);
          });
        }, true);
      }
      claimDue(now, worker, limit, staleAfterMs = defaultStaleAfterMs) {
        return this.#run(() => {
          if (limit <= 0) return [];
          const rows = this.#sql.claimDue.all({
            worker,
            now: now.getTime(),
            stale_before: now.getTime() - staleAfterMs,
            limit: Math.floor(limit)
          });
          return rows.map(toScheduledPost).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || Number(a.id) - Number(b.id));
        }, true);
      }
      finishScheduled(id, status, error) {
        return this.#run(() => {
          const rowId = queueId(id);
          const changed = rowId === void 0 ? 0 : this.#sql.finishQueued.run({ id: rowId, status, last_error: error ?? null, now: Date.now() }).changes;
          if (changed === 0 && (rowId === void 0 || !this.#sql.queuedExists.get(rowId))) {
            throw new LedgerError(`${this.location}: no queued post has the id ${JSON.stringify(id)}`);
          }
        }, true);
      }
      cancel(article, channel) {
        return this.#run(() => {
          const now = Date.now();
          const info = channel === void 0 ? this.#sql.cancelArticle.run(now, article) : this.#sql.cancelChannel.run(now, article, channel);
          return info.changes;
        }, true);
      }
      listScheduled(article) {
        return this.#run(
          () => this.#sql.listQueued.all({ article: article ?? null, ended: endedRowsListed }).map(toScheduledPost)
        );
      }
      getToken(key) {
        return this.#run(() => this.#sql.getToken.get(key)?.value);
      }
      setToken(key, value) {
        return this.#run(() => {
          this.#sql.setToken.run(key, value, Date.now());
        }, true);
      }
      async close() {
        if (this.#db.open) this.#db.close();
      }
    };
  }
});

// src/secrets.ts
function registerSecret(value) {
  if (!value || value.length < 6) return;
  secrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
}
var secrets;
var init_secrets = __esm({
  "src/secrets.ts"() {
    "use strict";
    secrets = /* @__PURE__ */ new Set();
  }
});

// src/ledger/postgres-errors.ts
function describeTarget(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch (error) {
    const hidden = url.replace(/^([a-z]+:\/\/)[^@/]*@/i, "$1\u2026@");
    throw new LedgerError(`state: ${hidden} is not a valid PostgreSQL URL (postgres://user:password@host:port/database)`, {
      cause: error
    });
  }
  const params = parsed.searchParams;
  const decode = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const password = parsed.password ? decode(parsed.password) : params.get("password") ?? void 0;
  const user = decode(parsed.username) || params.get("user") || process.env.PGUSER || process.env.USER || "postgres";
  const host = decode(parsed.hostname) || params.get("host") || process.env.PGHOST || "localhost";
  const port = parsed.port || params.get("port") || process.env.PGPORT || "5432";
  const database = decode(parsed.pathname.replace(/^\//, "")) || params.get("database") || user;
  const clean = new URL(url);
  clean.password = "";
  for (const key of [...clean.searchParams.keys()]) if (secretParams.has(key.toLowerCase())) clean.searchParams.delete(key);
  const address = host.startsWith("/") ? `${host} (port ${port})` : `${host}:${port}`;
  return { location: clean.toString(), address, user, database, password };
}
function field(error, name) {
  const value = error?.[name];
  return typeof value === "string" ? value : "";
}
function toPostgresError(error, target, lockTimeoutMs) {
  if (error instanceof LedgerError) return error;
  const code = field(error, "code");
  const raw = error instanceof Error ? error.message : String(error);
  const message = target.password ? raw.split(target.password).join("***") : raw;
  const { address, user, database, location } = target;
  const wrap = (text) => new LedgerError(text, { cause: error });
  const socket = socketProblems[code];
  if (socket) return wrap(`cannot reach PostgreSQL at ${address} (${socket}): is it running?`);
  if (/timeout expired|connection timeout/i.test(message)) {
    return wrap(`cannot reach PostgreSQL at ${address} (no answer in time): is it running, and is the address right?`);
  }
  if (code === "28P01") return wrap(`PostgreSQL rejected the password for user ${user} (at ${address}): check the password in state:`);
  if (/client password must be a string|password authentication failed/i.test(message)) {
    return wrap(`PostgreSQL asks for a password for user ${user} (at ${address}) and state: gives none: put it in the URL, e.g. through \${DATABASE_URL}`);
  }
  if (code === "3D000") return wrap(`PostgreSQL at ${address} has no database "${database}": create it (createdb ${database}) or fix state:`);
  if (code === "28000" && /no encryption/i.test(message)) {
    return wrap(`PostgreSQL at ${address} refuses unencrypted connections for user ${user}: add ?sslmode=require to the state: URL`);
  }
  if (code === "28000") return wrap(`PostgreSQL at ${address} refused user ${user} (${message})`);
  if (/does not support SSL/i.test(message)) {
    return wrap(`PostgreSQL at ${address} does not accept TLS: remove sslmode from the state: URL, or enable ssl on the server`);
  }
  if (code === "57P03") return wrap(`PostgreSQL at ${address} is starting up or shutting down: try again in a moment`);
  if (code === "53300") return wrap(`PostgreSQL at ${address} has no free connections (too many clients): try again later`);
  if (code === "55P03") {
    return wrap(
      `${location} is locked by another process (waited ${lockTimeoutMs / 1e3} s): another publish may still be running; try again when it has finished`
    );
  }
  if (code === "25006") return wrap(`${location} was opened read-only and cannot be written`);
  if (code === "42501") return wrap(`PostgreSQL user ${user} may not do this in ${location} (${message}): grant it the rights`);
  if (/Connection terminated|Client has encountered a connection error/i.test(message)) {
    return wrap(`lost the connection to PostgreSQL at ${address} (${message})`);
  }
  return wrap(`${location}: ${message}`);
}
var secretParams, socketProblems;
var init_postgres_errors = __esm({
  "src/ledger/postgres-errors.ts"() {
    "use strict";
    init_errors();
    secretParams = /* @__PURE__ */ new Set(["password", "sslpassword", "sslkey"]);
    socketProblems = {
      ECONNREFUSED: "connection refused",
      ECONNRESET: "connection reset",
      ENOTFOUND: "host not found",
      EAI_AGAIN: "host name lookup failed",
      EHOSTUNREACH: "host unreachable",
      ENETUNREACH: "network unreachable",
      ETIMEDOUT: "timed out",
      ENOENT: "no socket there",
      EACCES: "socket not accessible"
    };
  }
});

// src/ledger/postgres-schema.ts
function newerSchema2(location, version) {
  return new LedgerError(
    `${location} was written by a newer publish (schema ${version}, this one knows ${latestSchemaVersion}): upgrade publish`
  );
}
async function readSchemaVersion(client) {
  const exists = await client.query(`SELECT to_regclass('schema_version')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const row = await client.query("SELECT max(version) AS version FROM schema_version");
  return row.rows[0]?.version ?? 0;
}
async function refuseForeignTables(client, location) {
  const found = await client.query(
    `SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`,
    [ourTables]
  );
  if (found.rows.length > 0) {
    const names = found.rows.map((r) => r.t).join(", ");
    throw new LedgerError(
      `${location} already has tables publish did not create (${names}) and no schema_version: use another database or schema for the ledger; nothing was sent`
    );
  }
}
async function migrateSchema(client, location) {
  const seen = await readSchemaVersion(client);
  if (seen > latestSchemaVersion) throw newerSchema2(location, seen);
  if (seen === latestSchemaVersion) return { from: seen, to: seen };
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [migrationLockKey]);
    const from = await readSchemaVersion(client);
    if (from > latestSchemaVersion) throw newerSchema2(location, from);
    if (from === 0) {
      await refuseForeignTables(client, location);
      await client.query("CREATE TABLE schema_version (version INTEGER NOT NULL, migrated_at BIGINT NOT NULL)");
    }
    for (const step of pendingMigrations(from)) await client.query(step.postgres ?? step.up);
    if (from < latestSchemaVersion) {
      await client.query("DELETE FROM schema_version");
      await client.query("INSERT INTO schema_version (version, migrated_at) VALUES ($1, $2)", [
        latestSchemaVersion,
        Date.now()
      ]);
    }
    await client.query("COMMIT");
    return { from, to: latestSchemaVersion };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw error;
  }
}
async function requireCurrentSchema2(client, location) {
  const version = await readSchemaVersion(client);
  if (version > latestSchemaVersion) throw newerSchema2(location, version);
  if (version === 0) {
    await refuseForeignTables(client, location);
    throw new LedgerError(`${location} has no publish ledger yet: nothing has been published or scheduled`);
  }
  if (version < latestSchemaVersion) {
    throw new LedgerError(`${location} has schema ${version}, this publish needs ${latestSchemaVersion}: run publish migrate`);
  }
}
var migrationLockKey, ourTables;
var init_postgres_schema = __esm({
  "src/ledger/postgres-schema.ts"() {
    "use strict";
    init_errors();
    init_migrations();
    migrationLockKey = "8103491322337649767";
    ourTables = ["posts", "queue", "tokens"];
  }
});

// src/ledger/postgres.ts
var postgres_exports = {};
__export(postgres_exports, {
  defaultStaleAfterMs: () => defaultStaleAfterMs2,
  endedRowsListed: () => endedRowsListed2,
  migratePostgres: () => migratePostgres,
  openPostgresLedger: () => openPostgresLedger
});
import { hostname as hostname2 } from "node:os";
import pg from "pg";
function createPool(url, target, readonly, lockTimeoutMs) {
  registerSecret(target.password);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: "publish",
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 1e4
  });
  pool.on("error", () => void 0);
  const settings = [`SET lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`];
  if (readonly) settings.push("SET default_transaction_read_only = on");
  pool.on("connect", (client) => {
    client.query(settings.join("; ")).catch(() => void 0);
  });
  return pool;
}
async function connect2(url, opts, work) {
  const target = describeTarget(url);
  const lockTimeoutMs = opts.busyTimeoutMs ?? defaultLockTimeoutMs;
  const pool = createPool(url, target, opts.readonly ?? false, lockTimeoutMs);
  try {
    const client = await pool.connect();
    try {
      await work(client, target);
    } finally {
      client.release();
    }
    return { pool, target };
  } catch (error) {
    await pool.end().catch(() => void 0);
    throw toPostgresError(error, target, lockTimeoutMs);
  }
}
async function openPostgresLedger(url, opts = {}) {
  const { pool, target } = await connect2(url, opts, async (client, t) => {
    if (opts.readonly) await requireCurrentSchema2(client, t.location);
    else await migrateSchema(client, t.location);
  });
  return new PostgresLedger(pool, target, {
    host: opts.host ?? (process.env.PUBLISH_HOST || hostname2()),
    pid: opts.pid ?? process.pid,
    lockTimeoutMs: opts.busyTimeoutMs ?? defaultLockTimeoutMs
  });
}
async function migratePostgres(url) {
  let result = { from: 0, to: 0 };
  const { pool } = await connect2(url, {}, async (client, t) => {
    result = await migrateSchema(client, t.location);
  });
  await pool.end();
  return result;
}
function queueId2(id) {
  return /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= 9223372036854775807n ? id : void 0;
}
function insertValues(row) {
  return [
    row.article,
    row.channel,
    row.status,
    row.remote_id,
    row.url,
    row.extra,
    row.content_hash,
    row.last_error,
    row.host,
    row.pid,
    row.now,
    row.sent_at
  ];
}
function compareIds(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
var defaultStaleAfterMs2, endedRowsListed2, defaultLockTimeoutMs, poolSize, connectTimeoutMs, noReceipt2, insertPost, PostgresLedger;
var init_postgres = __esm({
  "src/ledger/postgres.ts"() {
    "use strict";
    init_errors();
    init_secrets();
    init_postgres_errors();
    init_postgres_schema();
    init_rows();
    defaultStaleAfterMs2 = 15 * 60 * 1e3;
    endedRowsListed2 = 50;
    defaultLockTimeoutMs = 5e3;
    poolSize = 2;
    connectTimeoutMs = 1e4;
    noReceipt2 = { remote_id: null, url: null, extra: null };
    insertPost = `
  INSERT INTO posts (article, channel, status, remote_id, url, extra, content_hash, attempts, last_error,
                     host, pid, created_at, updated_at, sent_at, settled)
  VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $10, $11, $11, $12, NULL)`;
    PostgresLedger = class {
      location;
      #pool;
      #target;
      #me;
      #closed = false;
      constructor(pool, target, me) {
        this.#pool = pool;
        this.#target = target;
        this.location = target.location;
        this.#me = me;
      }
      #error(error) {
        return toPostgresError(error, this.#target, this.#me.lockTimeoutMs);
      }
      #assertOpen() {
        if (this.#closed) throw new LedgerError(`${this.location}: the ledger was used after it was closed`);
      }
      /** One statement outside a transaction. */
      async #query(sql, values = []) {
        this.#assertOpen();
        try {
          return await this.#pool.query(sql, values);
        } catch (error) {
          throw this.#error(error);
        }
      }
      /** Runs `work` in one transaction on one connection; any failure rolls it back. */
      async #transaction(work, setup) {
        this.#assertOpen();
        let client;
        try {
          client = await this.#pool.connect();
          await client.query("BEGIN");
          if (setup) await client.query(setup);
          const result = await work(client);
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client?.query("ROLLBACK").catch(() => void 0);
          throw this.#error(error);
        } finally {
          client?.release();
        }
      }
      /**
       * Locks the (article, channel) row for this transaction, or inserts `fresh` when there is
       * none. Returns the locked row, or undefined when `fresh` was inserted. A row deleted by
       * another transaction between the two steps is simply tried again.
       */
      async #lockOrInsert(client, article, channel, fresh) {
        for (; ; ) {
          const inserted = await client.query(`${insertPost} ON CONFLICT (article, channel) DO NOTHING`, fresh);
          if (inserted.rowCount === 1) return void 0;
          const locked = await client.query(
            "SELECT * FROM posts WHERE article = $1 AND channel = $2 FOR UPDATE",
            [article, channel]
          );
          if (locked.rows[0]) return locked.rows[0];
        }
      }
      async get(article, channel) {
        const { rows } = await this.#query("SELECT * FROM posts WHERE article = $1 AND channel = $2", [
          article,
          channel
        ]);
        return rows[0] && toPostRecord(rows[0]);
      }
      begin(article, channel, contentHash, takeOver) {
        return this.#transaction(async (client) => {
          const now = Date.now();
          const { host, pid } = this.#me;
          const fresh = insertValues({
            article,
            channel,
            ...noReceipt2,
            status: "in_flight",
            content_hash: contentHash,
            last_error: null,
            host,
            pid,
            now,
            sent_at: null
          });
          const row = await this.#lockOrInsert(client, article, channel, fresh);
          if (!row) return { ok: true, previous: void 0 };
          if (row.status === "in_flight" && takeOver?.updatedAt.getTime() !== Number(row.updated_at)) {
            return { ok: false, holder: toPostRecord(row) };
          }
          await client.query(
            `UPDATE posts SET status = 'in_flight', attempts = attempts + 1, content_hash = $3,
                host = $4, pid = $5, updated_at = $6, settled = $7
         WHERE article = $1 AND channel = $2`,
            [
              article,
              channel,
              contentHash,
              host,
              pid,
              nextUpdatedAt(now, row.updated_at),
              // Taking over keeps the snapshot the stale holder saved: the last settled state.
              row.status === "in_flight" ? row.settled : JSON.stringify(snapshotOf(row))
            ]
          );
          return { ok: true, previous: toPostRecord(row) };
        });
      }
      settle(article, channel, settlement) {
        return this.#transaction(async (client) => {
          const now = Date.now();
          const { host, pid } = this.#me;
          switch (settlement.status) {
            case "sent": {
              const receipt = {
                remote_id: settlement.receipt.id,
                url: settlement.receipt.url ?? null,
                extra: settlement.receipt.extra === void 0 ? null : JSON.stringify(settlement.receipt.extra)
              };
              const content_hash = settlement.contentHash;
              const fresh = insertValues({
                article,
                channel,
                ...receipt,
                status: "sent",
                content_hash,
                last_error: null,
                host,
                pid,
                now,
                sent_at: now
              });
              const row = await this.#lockOrInsert(client, article, channel, fresh);
              if (!row) return;
              await client.query(
                `UPDATE posts SET status = 'sent', remote_id = $3, url = $4, extra = $5, content_hash = $6,
                    sent_at = $7, last_error = NULL, host = $8, pid = $9, updated_at = $10, settled = NULL
             WHERE article = $1 AND channel = $2`,
                [
                  article,
                  channel,
                  receipt.remote_id,
                  receipt.url,
                  receipt.extra,
                  content_hash,
                  now,
                  host,
                  pid,
                  nextUpdatedAt(now, row.updated_at)
                ]
              );
              return;
            }
            case "failed": {
              const fresh = insertValues({
                article,
                channel,
                ...noReceipt2,
                status: "failed",
                content_hash: null,
                last_error: settlement.error,
                host,
                pid,
                now,
                sent_at: null
              });
              const row = await this.#lockOrInsert(client, article, channel, fresh);
              if (!row) return;
              const settled = parseSnapshot(row);
              const content_hash = row.remote_id !== null && settled ? settled.content_hash : row.content_hash;
              await client.query(
                `UPDATE posts SET status = 'failed', last_error = $3, content_hash = $4, host = $5, pid = $6,
                    updated_at = $7, settled = NULL
             WHERE article = $1 AND channel = $2`,
                [article, channel, settlement.error, content_hash, host, pid, nextUpdatedAt(now, row.updated_at)]
              );
              return;
            }
            case "released": {
              const { rows } = await client.query(
                "SELECT * FROM posts WHERE article = $1 AND channel = $2 FOR UPDATE",
                [article, channel]
              );
              const row = rows[0];
              if (!row || row.status !== "in_flight") return;
              const settled = parseSnapshot(row);
              if (!settled) {
                await client.query("DELETE FROM posts WHERE article = $1 AND channel = $2", [article, channel]);
                return;
              }
              await client.query(
                `UPDATE posts SET status = $3, content_hash = $4, attempts = $5, last_error = $6, host = $7, pid = $8,
                    updated_at = $9, settled = NULL
             WHERE article = $1 AND channel = $2`,
                [
                  article,
                  channel,
                  settled.status,
                  settled.content_hash,
                  settled.attempts,
                  settled.last_error,
                  settled.host,
                  settled.pid,
                  nextUpdatedAt(now, row.updated_at)
                ]
              );
              return;
            }
          }
        });
      }
      async list(article) {
        const { rows } = article === void 0 ? await this.#query('SELECT * FROM posts ORDER BY updated_at DESC, article COLLATE "C", channel COLLATE "C"') : await this.#query(
          'SELECT * FROM posts WHERE article = $1 ORDER BY updated_at DESC, channel COLLATE "C"',
          [article]
        );
        return rows.map(toPostRecord);
      }
      async schedule(posts) {
        if (posts.length === 0) {
          this.#assertOpen();
          return [];
        }
        const column = (pick) => posts.map(pick);
        const { rows } = await this.#query(
          `INSERT INTO queue (article, channel, source, inline, source_hash, config, due_at, publish_at, status, created_at)
       SELECT article, channel, source, inline, source_hash, config, due_at, publish_at, 'scheduled', $9
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
            WITH ORDINALITY AS t(article, channel, source, inline, source_hash, config, due_at, publish_at, n)
       ORDER BY n
       RETURNING *`,
          [
            column((p) => p.article),
            column((p) => p.channel),
            column((p) => p.source),
            column((p) => p.inline ?? null),
            column((p) => p.sourceHash),
            column((p) => p.config),
            column((p) => p.dueAt.getTime()),
            column((p) => p.publishAt?.getTime() ?? null),
            Date.now()
          ]
        );
        if (rows.length !== posts.length) throw new LedgerError(`${this.location}: could not queue every post`);
        return rows.sort((a, b) => compareIds(a.id, b.id)).map(toScheduledPost);
      }
      async claimDue(now, worker, limit, staleAfterMs = defaultStaleAfterMs2) {
        this.#assertOpen();
        if (limit <= 0) return [];
        const at = now.getTime();
        const { rows } = await this.#query(
          `UPDATE queue SET status = 'claimed', claimed_by = $1, claimed_at = $2
       WHERE id IN (
         SELECT id FROM queue
         WHERE (status = 'scheduled' AND due_at <= $2) OR (status = 'claimed' AND claimed_at < $3)
         ORDER BY due_at, id
         LIMIT $4
         FOR UPDATE SKIP LOCKED
       )
       RETURNING *`,
          [worker, at, at - staleAfterMs, Math.floor(limit)]
        );
        return rows.map(toScheduledPost).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || compareIds(a.id, b.id));
      }
      async finishScheduled(id, status, error) {
        this.#assertOpen();
        const rowId = queueId2(id);
        const missing = () => new LedgerError(`${this.location}: no queued post has the id ${JSON.stringify(id)}`);
        if (rowId === void 0) throw missing();
        const done = await this.#query(
          `UPDATE queue SET status = $2, last_error = $3, ended_at = $4 WHERE id = $1 AND status = 'claimed'`,
          [rowId, status, error ?? null, Date.now()]
        );
        if (done.rowCount === 0) {
          const exists = await this.#query("SELECT 1 FROM queue WHERE id = $1", [rowId]);
          if (exists.rowCount === 0) throw missing();
        }
      }
      async cancel(article, channel) {
        const result = channel === void 0 ? await this.#query(
          `UPDATE queue SET status = 'cancelled', ended_at = $1 WHERE status = 'scheduled' AND article = $2`,
          [Date.now(), article]
        ) : await this.#query(
          `UPDATE queue SET status = 'cancelled', ended_at = $1
             WHERE status = 'scheduled' AND article = $2 AND channel = $3`,
          [Date.now(), article, channel]
        );
        return result.rowCount ?? 0;
      }
      async listScheduled(article) {
        const { rows } = await this.#query(
          `(SELECT * FROM queue WHERE status IN ('scheduled', 'claimed') AND ($1::text IS NULL OR article = $1))
       UNION ALL
       (SELECT * FROM queue WHERE status IN ('done', 'failed', 'cancelled') AND ($1::text IS NULL OR article = $1)
        ORDER BY ended_at DESC, id DESC LIMIT $2)
       ORDER BY due_at, id`,
          [article ?? null, endedRowsListed2]
        );
        return rows.map(toScheduledPost);
      }
      async getToken(key) {
        const { rows } = await this.#query("SELECT value FROM tokens WHERE key = $1", [key]);
        return rows[0]?.value;
      }
      setToken(key, value) {
        return this.#transaction(
          async (client) => {
            await client.query(
              `INSERT INTO tokens (key, value, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
              [key, value, Date.now()]
            );
          },
          // Whatever the server's default: the commit waits for the WAL flush, so a rotated
          // token (the old one is already dead) is never lost to a crash.
          "SET LOCAL synchronous_commit = on"
        );
      }
      async close() {
        if (this.#closed) return;
        this.#closed = true;
        await this.#pool.end().catch(() => void 0);
      }
    };
  }
});

// src/ledger/open.ts
init_errors();
function isPostgresState(state) {
  return /^postgres(ql)?:\/\//i.test(state);
}
async function openLedger(state, opts = {}) {
  if (isPostgresState(state)) {
    const backend = await loadPostgresBackend();
    return backend.openPostgresLedger(state, opts);
  }
  const { openSqliteLedger: openSqliteLedger2 } = await Promise.resolve().then(() => (init_sqlite(), sqlite_exports));
  return openSqliteLedger2(state, opts);
}
async function loadPostgresBackend() {
  let loaded;
  try {
    loaded = await Promise.resolve().then(() => (init_postgres(), postgres_exports));
  } catch (error) {
    if (isMissingModule(error)) throw new LedgerError("PostgreSQL state is not built yet", { cause: error });
    const detail = error instanceof Error ? error.message : String(error);
    throw new LedgerError(`PostgreSQL state could not be loaded: ${detail}`, { cause: error });
  }
  if (typeof loaded.openPostgresLedger !== "function") {
    throw new LedgerError("PostgreSQL state is not built yet");
  }
  return loaded;
}
function isMissingModule(error) {
  const { code, message } = error ?? {};
  return code === "ERR_MODULE_NOT_FOUND" && typeof message === "string" && /Cannot find module '[^']*postgres\.js'/.test(message);
}

// ../../tmp/pgsmoke/s.mts
var l = await openLedger(process.env.DATABASE_URL);
console.log(l.location);
console.log(await l.begin("a", "tg", "h1"));
console.log(await l.begin("a", "tg", "h1"));
await l.settle("a", "tg", { status: "sent", contentHash: "h1", receipt: { id: "1" } });
console.log(await l.list());
await l.close();
for (const u of ["postgres://publish:wrongpassword1@127.0.0.1:55432/publish", "postgres://publish:x@127.0.0.1:1/publish", "postgres://nossl:secretpass@127.0.0.1:55432/publish", process.env.DATABASE_URL.replace(/\/publish$/, "/nope"), "postgres://publish@127.0.0.1:55432/publish"]) {
  try {
    await openLedger(u);
  } catch (e) {
    console.log(e.name, e.message);
  }
}
