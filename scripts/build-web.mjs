#!/usr/bin/env node
// Assembles the JavaScript side of the npm package into web/dist:
//   cognito-srp.js         script tag (global CognitoSRP) and CommonJS
//   cognito-srp.mjs        ES module; the wasm is new URL(..., import.meta.url)
//   cognito-srp.worker.js  the Web Worker that runs Go off the page's thread
//                          (the page builds carry it too; this file is for
//                          load({ workerURL }))
// Each wraps Go's own wasm_exec.js (from the toolchain that built the
// wasm, so the two always match) around the sources in web/src.
//
// The sources are ES modules that import from each other by name, so tsc
// checks them as they are (web/src/tsconfig.json). The build links them
// itself rather than through a bundler: it puts each entry point's modules
// in one scope, dependencies first, dropping the import lines and the
// export keywords. That works because the sources keep to a small style,
// which link() checks: imports are `import { a, b } from './file.js';`,
// exports are `export function|async function|const|let|class name`, and
// no two modules of a build declare the same top-level name. Imports from
// './wrapper.js' are the names this script defines around the sources
// (declared for tsc in web/src/wrapper.d.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'web', 'dist');
const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const wasmExec = readFileSync(join(goroot, 'lib', 'wasm', 'wasm_exec.js'), 'utf8');
// What the wrappers below define for the sources to import from './wrapper.js',
// and every top-level name they declare besides.
const WRAPPER = ['installGo', 'defaultWasmURL', 'WORKER_SOURCE'];
const WRAPPER_OWN = [...WRAPPER, 'VERSION', 'scriptURL', 'besideScript', 'fileURL'];

// link returns an entry point's modules as one script: its dependencies
// first, each once, without import lines or export keywords.
function link(entry) {
  const modules = new Map(); // file → { text, exports }
  const order = [];
  const declared = new Map(); // top-level name → file
  const visit = (file, from) => {
    if (modules.has(file)) {
      if (!order.includes(file)) throw new Error(`${from} imports ${file}, which imports it back`);
      return modules.get(file);
    }
    const text = readFileSync(join(root, 'web', 'src', file), 'utf8');
    const m = { text, exports: new Set() };
    modules.set(file, m);
    const importLine = /^import \{([^}]*)\} from '\.\/([\w-]+)\.js';\n/gm;
    for (const [, names, dep] of text.matchAll(importLine)) {
      const wanted = names.split(',').map((n) => n.trim()).filter(Boolean);
      const have = dep === 'wrapper' ? new Set(WRAPPER) : visit(`${dep}.js`, file).exports;
      for (const n of wanted) {
        if (!/^[\w$]+$/.test(n)) throw new Error(`${file}: import { ${n} } is not a plain name`);
        if (!have.has(n)) throw new Error(`${file} imports ${n} from ./${dep}.js, which does not export it`);
      }
    }
    let body = text.replace(importLine, '');
    const topLevel = /^(export )?(?:async )?(?:function\*?|const|let|var|class) ([\w$]+)/gm;
    for (const [, exported, name] of body.matchAll(topLevel)) {
      if (declared.has(name)) throw new Error(`${file} and ${declared.get(name)} both declare ${name}`);
      declared.set(name, file);
      if (exported) m.exports.add(name);
    }
    body = body.replace(/^export (?=(?:async )?(?:function|const|let|class) )/gm, '');
    const left = body.match(/^[ \t]*(?:import|export)(?=[\s{*]).*/m);
    if (left) throw new Error(`${file}: cannot link "${left[0].trim()}"`);
    m.text = body;
    order.push(file);
    return m;
  };
  visit(entry, 'the build');
  for (const name of WRAPPER_OWN) {
    if (declared.has(name)) throw new Error(`${declared.get(name)} declares ${name}, which the wrapper defines`);
  }
  return order.map((f) => modules.get(f).text).join('\n');
}

// The loader's sources: core.js loads the module (on the page or in the
// worker), session.js is the API, page.js chooses worker or inline and
// exports load, worker.js answers the page from inside the Web Worker.
const pageCore = link('page.js');
const workerCore = link('worker.js');
const { version } = JSON.parse(readFileSync(join(root, 'web', 'package.json'), 'utf8'));

// wasm_exec.js assigns Go, fs, process and path on globalThis and calls
// fs.writeSync, crypto.getRandomValues and performance.now by their bare
// names; here globalThis is the sandbox and those names are locals bound to
// the sandbox's (which core.js fills in: Node 18 has no global crypto, so
// the sandbox's is node:crypto's webcrypto).
const installGo = `function installGo(globalThis) {
const crypto = globalThis.crypto;
const performance = globalThis.performance;
let fs;
${wasmExec}
fs = globalThis.fs;
}`;

const banner = `/*! cognito-srp-wasm ${version} | Apache-2.0 | includes Go's wasm_exec.js (BSD-3-Clause) */`;

// The worker is a classic script; the page always tells it where the wasm
// is. Both page builds carry its source and start it from a blob, so a
// worker costs no request of its own; the file is written too, for
// load({ workerURL }).
const workerScript = `${banner}
(function () {
'use strict';
function defaultWasmURL() { throw new Error('the page passes wasmURL'); }
${installGo}
${workerCore}
})();
`;

// workerSource is the worker as a string literal in the page builds.
const workerSource = `const WORKER_SOURCE = ${JSON.stringify(workerScript)};`;

const umd = `${banner}
(function (root, factory) {
  var api = factory();
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  else root.CognitoSRP = api;
})(typeof self !== 'undefined' ? self : globalThis, function () {
'use strict';
const VERSION = ${JSON.stringify(version)};
const scriptURL = typeof document !== 'undefined' && document.currentScript && document.currentScript.src;
function besideScript(file) {
  if (scriptURL) return new URL(file, scriptURL);
  if (typeof __dirname === 'string') return fileURL(__dirname + '/' + file);
  if (typeof location === 'object' && location) return new URL(file, location.href);
  throw new Error('cannot tell where ' + file + ' is; pass its URL');
}
// fileURL is url.pathToFileURL without requiring 'url', which bundlers
// would try to pack: encodeURI leaves '#' and '?', which end a path.
function fileURL(path) {
  let p = path.replace(/\\\\/g, '/');
  if (!p.startsWith('/')) p = '/' + p;
  return new URL('file://' + encodeURI(p).replace(/#/g, '%23').replace(/\\?/g, '%3F'));
}
function defaultWasmURL() { return besideScript('cognito-srp.wasm'); }
${workerSource}
${installGo}
${pageCore}
return Object.freeze({ load, version: VERSION });
});
`;

const esm = `${banner}
const VERSION = ${JSON.stringify(version)};
function defaultWasmURL() {
  return new URL('./cognito-srp.wasm', import.meta.url);
}
${workerSource}
${installGo}
${pageCore}
export { load, VERSION as version };
export default Object.freeze({ load, version: VERSION });
`;

mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'cognito-srp.js'), umd);
writeFileSync(join(dist, 'cognito-srp.mjs'), esm);
writeFileSync(join(dist, 'cognito-srp.worker.js'), workerScript);
console.log(`wrote web/dist/cognito-srp.js, .mjs and .worker.js (${version})`);
