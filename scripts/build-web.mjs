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
// (declared for tsc in web/src/wrapper.d.ts). Their JSDoc comments (types
// for tsc, /** … */) are left out of web/dist; other comments stay.
import { execFileSync } from 'node:child_process';
import vm from 'node:vm';
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

// stripDocComments removes a source's /** … */ comments, with the lines
// they fill, and nothing else: it steps over strings, template literals,
// regular expressions and other comments.
function stripDocComments(src, file) {
  const n = src.length;
  const cuts = []; // [from, to) ranges to leave out
  const templates = []; // the brace depth at each open ${ … }
  let depth = 0;
  let prev = -1; // index of the last significant character of code
  const fail = (what, at) => {
    throw new Error(`${file}:${src.slice(0, at).split('\n').length}: ${what}`);
  };
  const quoted = (q, j) => {
    for (j++; j < n && src[j] !== q; j++) {
      if (src[j] === '\\') j++;
      else if (src[j] === '\n') fail('unterminated string', j);
    }
    return j + 1;
  };
  // template scans template text from j to its closing ` or the next ${.
  const template = (j) => {
    for (; j < n; j++) {
      if (src[j] === '\\') j++;
      else if (src[j] === '`') return [j + 1, false];
      else if (src[j] === '$' && src[j + 1] === '{') return [j + 2, true];
    }
    return fail('unterminated template literal', j);
  };
  // A / starts a regular expression where an operand may start.
  const regexMayStart = () => {
    if (prev < 0) return true;
    const c = src[prev];
    if (!/[\w$)\].'"`]/.test(c)) return true;
    const word = src.slice(0, prev + 1).match(/[\w$]+$/);
    return !!word && /^(?:return|typeof|case|do|else|in|of|void|delete|new|throw|yield|await|instanceof)$/.test(word[0]);
  };
  for (let i = 0; i < n;) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '/' && src[i + 1] === '/') {
      const end = src.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) fail('unterminated comment', i);
      let to = end + 2;
      if (src[i + 2] === '*' && end > i + 2) {
        let from = i;
        const lineStart = src.lastIndexOf('\n', i - 1) + 1;
        const lineEnd = src.indexOf('\n', to) < 0 ? n : src.indexOf('\n', to);
        if (!src.slice(lineStart, i).trim() && !src.slice(to, lineEnd).trim()) {
          from = lineStart; // the comment's lines, newline and all
          to = Math.min(n, lineEnd + 1);
        } else if (src[to] === ' ') {
          to++; // `/** @type {T} */ (x)` → `(x)`
        }
        cuts.push([Math.max(from, cuts.length ? cuts[cuts.length - 1][1] : 0), to]);
      }
      i = to;
      continue;
    }
    if (c === '\'' || c === '"') {
      i = quoted(c, i);
      prev = i - 1;
      continue;
    }
    if (c === '`' || (c === '}' && templates.length && templates[templates.length - 1] === depth)) {
      if (c === '}') templates.pop();
      const [j, open] = template(i + 1);
      i = j;
      if (open) templates.push(depth);
      prev = i - 1;
      continue;
    }
    if (c === '/' && regexMayStart()) {
      let j = i + 1;
      for (let inClass = false; j < n && (inClass || src[j] !== '/'); j++) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '\n') fail('unterminated regular expression', i);
      }
      for (j++; j < n && /[a-z]/.test(src[j]); j++);
      i = j;
      prev = i - 1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    prev = i;
    i++;
  }
  let out = '';
  let at = 0;
  for (const [from, to] of cuts) {
    out += src.slice(at, from);
    at = to;
  }
  out += src.slice(at);
  if (out.includes('/**')) fail('a /** that is not a comment', out.indexOf('/**'));
  return out;
}

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
    const text = stripDocComments(readFileSync(join(root, 'web', 'src', file), 'utf8'), file);
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

// The classic scripts must parse (the ES module holds the same code as the
// script tag's build).
new vm.Script(umd, { filename: 'cognito-srp.js' });
new vm.Script(workerScript, { filename: 'cognito-srp.worker.js' });

mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'cognito-srp.js'), umd);
writeFileSync(join(dist, 'cognito-srp.mjs'), esm);
writeFileSync(join(dist, 'cognito-srp.worker.js'), workerScript);
console.log(`wrote web/dist/cognito-srp.js, .mjs and .worker.js (${version})`);
