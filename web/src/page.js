// The page side of load(): run the module in a Web Worker (the default in
// browsers, so SRP never blocks the page) or inline (Node, workers, or
// { worker: false }). Either way the page gets the same API; only
// call(method, options, args) crosses to where Go runs. The entry point of
// the page builds (dist/cognito-srp.js and .mjs).

import { isNode, namedError, startGo, resolveURL, decodeEnvelope, aborted } from './core.js';
import { createAPI } from './session.js';
import { loadOptions } from './options.js';
import { defaultWasmURL, WORKER_SOURCE } from './wrapper.js';
/** @import { CognitoSRP, LoadOptions } from '../index.js' */
/** @import { OnProgress } from './core.js' */
/** @import { Call, FromWorker, GoAPI, ToWorkerBody } from './internal.js' */

/**
 * load starts the WebAssembly module and resolves to the sign-in API.
 * options.wasmURL overrides where the .wasm is, options.workerURL loads
 * the worker from that script instead of the loader's built-in copy;
 * options.onProgress receives { loaded, total } bytes while the .wasm
 * downloads; options.worker = false runs Go on the calling thread.
 * @param {LoadOptions} [options]
 * @returns {Promise<CognitoSRP>}
 */
export async function load(options = {}) {
  const { wasmURL, workerURL, worker, onProgress, signal } = loadOptions(options);
  if (signal && signal.aborted) throw aborted();
  const url = resolveURL(wasmURL, 'wasmURL', defaultWasmURL);
  const canUseWorker = typeof Worker === 'function' && typeof document === 'object' && !isNode;
  if (worker === true && !canUseWorker) {
    throw namedError('InvalidParameterException', 'worker: true needs a browser page with Web Workers');
  }
  if (worker === false || !canUseWorker) {
    const { goAPI, isExited } = await startGo(url, onProgress, signal);
    return createAPI(inlineCall(goAPI, isExited), goAPI.version);
  }
  return loadInWorker(url, workerURL ? resolveURL(workerURL, 'workerURL') : null, onProgress, signal);
}

/**
 * @param {string} method
 * @param {object} options
 * @param {object} args
 * @returns {[method: string, options: string, args: string]}
 */
function encodeArgs(method, options, args) {
  try {
    return [method, JSON.stringify(options || {}, sendable), JSON.stringify(args || {}, sendable)];
  } catch (e) {
    const err = /** @type {Error} */ (e);
    if (err && err.name === 'InvalidParameterException') throw err;
    throw namedError('InvalidParameterException', `arguments cannot be sent: ${err.message}`);
  }
}

// sendable refuses what JSON would silently drop or turn into null, so a
// wrong type is named rather than read as a missing option.
/**
 * @param {string} key
 * @param {unknown} value
 */
function sendable(key, value) {
  const t = typeof value;
  if (t === 'function' || t === 'symbol' || (t === 'number' && !Number.isFinite(value))) {
    throw namedError('InvalidParameterException', `${key || 'an argument'} cannot be ${t === 'number' ? value : `a ${t}`}`);
  }
  return value;
}

/**
 * @param {GoAPI} goAPI
 * @param {() => boolean} isExited
 * @returns {Call}
 */
function inlineCall(goAPI, isExited) {
  return (method, options, args) => {
    if (isExited()) {
      return Promise.reject(namedError('InternalError', 'the WebAssembly module has stopped; call load() again'));
    }
    let encoded;
    try {
      encoded = encodeArgs(method, options, args);
    } catch (e) {
      return Promise.reject(e);
    }
    return goAPI.call(...encoded).then(decodeEnvelope);
  };
}

// loadInWorker starts the worker from a blob: the worker's source, which
// the loader carries (no request, and the worker belongs to the page's
// origin wherever the loader came from), or with options.workerURL a
// script importing that file. The worker downloads and compiles the
// module itself: done on the page, both would cost the page's thread tens
// of milliseconds (a 3.5 MB download alone is some 75 ms of it in headless
// Chromium on two cores).
/**
 * @param {URL} wasmURL
 * @param {URL | null} workerURL
 * @param {OnProgress | undefined} onProgress
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<CognitoSRP>}
 */
function loadInWorker(wasmURL, workerURL, onProgress, signal) {
  const source = workerURL ? `importScripts(${JSON.stringify(workerURL.href)});` : WORKER_SOURCE;
  const blob = new Blob([source], { type: 'text/javascript' });
  const blobURL = URL.createObjectURL(blob);
  const worker = new Worker(blobURL);
  /** @type {Map<number, { resolve: (result: string) => void, reject: (error: unknown) => void }>} */
  const pending = new Map();
  let nextID = 0;
  /** @type {unknown} */
  let dead = null;

  /**
   * @param {ToWorkerBody} message
   * @returns {Promise<string>}
   */
  function send(message) {
    if (dead) return Promise.reject(dead);
    const id = ++nextID;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage(Object.assign({ id }, message));
    });
  }

  /** @param {unknown} error */
  function fail(error) {
    dead = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    worker.terminate();
  }

  worker.onmessage = (e) => {
    const m = /** @type {FromWorker} */ (e.data || {});
    if (m.type === 'progress') {
      if (onProgress) try { onProgress({ loaded: m.loaded, total: m.total }); } catch (_) { /* UI bug */ }
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(namedError(m.error.name, m.error.message, m.error.statusCode));
    else p.resolve(m.result);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fail(namedError('LoadError', `the worker failed: ${e.message || (workerURL ? 'could not load ' + workerURL : 'it did not start')}`));
  };

  // Until it has started, aborting stops the worker, download and all.
  const abort = () => fail(aborted());
  if (signal) signal.addEventListener('abort', abort, { once: true });
  // Sent at once: the worker finds it queued as soon as it runs.
  const started = send({ type: 'start', wasmURL: wasmURL.href, progress: !!onProgress })
    .catch((e) => { fail(e); throw e; })
    .finally(() => {
      URL.revokeObjectURL(blobURL);
      if (signal) signal.removeEventListener('abort', abort);
    });
  return started.then((version) => {
    /** @type {Call} */
    const call = (method, options, args) => {
      let encoded;
      try {
        encoded = encodeArgs(method, options, args);
      } catch (e) {
        return Promise.reject(e);
      }
      return send({ type: 'call', args: encoded }).then(decodeEnvelope);
    };
    return createAPI(call, version);
  });
}
