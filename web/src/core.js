// Loads and starts the Go module, on the page (inline) or inside the Web
// Worker; shared by every build. scripts/build-web.mjs wraps it with Go's
// wasm_exec.js (installGo), which it runs against a sandbox object rather
// than the real global, so the page gains no Go, fs, process or path globals.

import { installGo, defaultWasmURL } from './wrapper.js';
/** @import { CognitoSRPError } from '../index.js' */
/** @import { Envelope, GoAPI, NodeModules, Sandbox } from './internal.js' */

export const isNode =
  typeof process === 'object' && process !== null &&
  typeof process.versions === 'object' && !!process.versions.node &&
  typeof window === 'undefined';

// nodeImport hides Node built-ins from bundlers building for browsers.
const nodeImport = /** @type {<N extends keyof NodeModules>(name: N) => Promise<NodeModules[N]>} */ (name) => import(/* webpackIgnore: true */ /* @vite-ignore */ name);

/**
 * @param {string} name
 * @param {string} message
 * @param {number} [statusCode]
 * @returns {CognitoSRPError}
 */
export function namedError(name, message, statusCode) {
  const e = /** @type {CognitoSRPError} */ (new Error(message));
  e.name = name;
  if (statusCode) e.statusCode = statusCode;
  return e;
}

/** @type {Promise<Sandbox> | undefined} */
let sandboxPromise;

// own defines a plain property; assignment would hit inherited accessors.
/**
 * @param {object} obj
 * @param {string} name
 * @param {unknown} value
 */
function own(obj, name, value) {
  Object.defineProperty(obj, name, { value, writable: true, configurable: true, enumerable: true });
}

// getSandbox evaluates wasm_exec.js once, against an object whose
// prototype is the real global, so lookups fall through to it.
/** @returns {Promise<Sandbox>} */
function getSandbox() {
  if (!sandboxPromise) {
    sandboxPromise = (async () => {
      const sandbox = /** @type {Sandbox} */ (Object.create(globalThis));
      // Some globals are getters that insist on the real global as their
      // receiver (Node's crypto); give the sandbox its own copies.
      for (const name of /** @type {const} */ (['crypto', 'performance', 'fetch', 'AbortController'])) {
        if (globalThis[name] !== undefined) own(sandbox, name, globalThis[name]);
      }
      if (!globalThis.crypto && isNode) {
        own(sandbox, 'crypto', (await nodeImport('node:crypto')).webcrypto); // Node 18
      }
      installGo(sandbox);
      return sandbox;
    })();
  }
  return sandboxPromise;
}

// compileWasm fetches (or, for file: URLs, reads) the module and compiles
// it, streaming the download into the compiler when the server labels it
// application/wasm.
/**
 * @param {URL} url
 * @param {OnProgress | undefined} onProgress
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<WebAssembly.Module>}
 */
async function compileWasm(url, onProgress, signal) {
  if (url.protocol === 'file:') {
    const [{ readFile }, { fileURLToPath }] = await Promise.all([
      nodeImport('node:fs/promises'), nodeImport('node:url'),
    ]);
    const bytes = await readFile(fileURLToPath(url), { signal });
    if (onProgress) {
      try { onProgress({ loaded: bytes.length, total: bytes.length }); } catch (_) { /* as withProgress */ }
    }
    return WebAssembly.compile(bytes);
  }
  let res;
  try {
    res = await fetch(url, signal ? { signal } : undefined);
  } catch (e) {
    throw namedError('LoadError', `could not fetch ${url}: ${/** @type {Error} */ (e).message}`);
  }
  if (!res.ok) throw namedError('LoadError', `could not fetch ${url}: HTTP ${res.status}`);
  if (onProgress) res = withProgress(res, onProgress);
  const streaming = typeof WebAssembly.compileStreaming === 'function' &&
    (res.headers.get('content-type') || '').startsWith('application/wasm');
  if (streaming) return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}

// withProgress reports bytes as they arrive while the response streams on
// to the compiler.
/**
 * @param {Response} res
 * @param {OnProgress} onProgress
 */
function withProgress(res, onProgress) {
  if (!res.body || typeof TransformStream !== 'function') return res;
  const total = Number(res.headers.get('content-length')) || 0;
  let loaded = 0;
  /** @type {TransformStream<Uint8Array, Uint8Array>} */
  const counter = new TransformStream({
    transform(chunk, controller) {
      loaded += chunk.byteLength;
      try { onProgress({ loaded, total }); } catch (_) { /* a UI bug must not stop loading */ }
      controller.enqueue(chunk);
    },
  });
  return new Response(res.body.pipeThrough(counter), { status: res.status, headers: res.headers });
}

/** @typedef {(progress: { loaded: number, total: number }) => void} OnProgress */

// aborted is load()'s rejection when its signal fires first.
export function aborted() {
  return namedError('LoadError', 'load() was aborted');
}

let instances = 0;

// startGo fetches, compiles and runs the module, resolving to the Go
// side's API object { version, call } and a function telling whether it
// stopped. Used on the page (inline) and inside the Web Worker.
/**
 * @param {URL} url
 * @param {OnProgress | undefined} onProgress
 * @param {AbortSignal} [signal]
 * @returns {Promise<{ goAPI: GoAPI, isExited: () => boolean }>}
 */
export async function startGo(url, onProgress, signal) {
  const sandbox = await getSandbox();
  const go = new sandbox.Go();
  const readyName = `__cognitoSRPReady${++instances}`;
  /** @type {Promise<GoAPI>} */
  const ready = new Promise((resolve) => { sandbox[readyName] = resolve; });
  go.argv = ['cognito-srp-wasm', readyName];
  go.env = {};
  let exited = false;
  try {
    const module = await compileWasm(url, onProgress, signal);
    if (signal && signal.aborted) throw aborted();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    const stopped = go.run(instance).finally(() => { exited = true; });
    const goAPI = await Promise.race([
      ready,
      stopped.then(() => { throw namedError('LoadError', 'the WebAssembly module stopped while starting'); }),
    ]);
    return { goAPI, isExited: () => exited };
  } catch (e) {
    if (signal && signal.aborted) throw aborted(); // whatever the download or compiler made of it
    const err = /** @type {Error | undefined} */ (e);
    if (err && err.name === 'LoadError') throw err;
    throw namedError('LoadError', `could not start ${url}: ${err && err.message}`);
  } finally {
    delete sandbox[readyName];
  }
}

/** @returns {string} */
function baseURL() {
  if (typeof location === 'object' && location && location.href) return location.href;
  return defaultWasmURL().href;
}

/**
 * fallback gives the URL when there is no value; without one, a value is
 * required.
 * @param {string | URL | null | undefined} value
 * @param {string} name
 * @param {() => URL} [fallback]
 * @returns {URL}
 */
export function resolveURL(value, name, fallback) {
  try {
    return value ? new URL(String(value), baseURL()) : /** @type {() => URL} */ (fallback)();
  } catch (e) {
    throw namedError('InvalidParameterException', `${name} is not a URL`);
  }
}

// decodeEnvelope turns the Go side's JSON answer into a result or a
// rejection with a named Error.
/**
 * The result's type is what GoMethods says the method resolves to, which
 * tsc cannot follow through the JSON: hence any, here only.
 * @param {string} text
 * @returns {any}
 */
export function decodeEnvelope(text) {
  const envelope = /** @type {Envelope} */ (JSON.parse(text));
  if (envelope.error) {
    const { name, message, statusCode } = envelope.error;
    throw namedError(name, message, statusCode);
  }
  return envelope.result;
}
