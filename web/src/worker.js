// The Web Worker side of load(): starts Go here and answers the page's
// messages. Structured clone carries only strings and plain objects. The
// entry point of the worker script (dist/cognito-srp.worker.js, and the
// copy the page builds carry).

import { namedError, startGo } from './core.js';
/** @import { CognitoSRPError } from '../index.js' */
/** @import { OnProgress } from './core.js' */
/** @import { ToWorker, WorkerScope } from './internal.js' */

const scope = /** @type {WorkerScope} */ (/** @type {unknown} */ (self));

/** @type {ReturnType<typeof startGo> | null} */
let started = null;

/**
 * @param {number} id
 * @param {string | undefined} result
 * @param {Partial<CognitoSRPError>} [error]
 */
function reply(id, result, error) {
  scope.postMessage(error
    ? { id, error: { name: error.name || 'InternalError', message: String(error.message || error), statusCode: error.statusCode } }
    : { id, result: /** @type {string} */ (result) });
}

scope.onmessage = async (e) => {
  const m = /** @type {ToWorker} */ (e.data || {});
  try {
    if (m.type === 'start') {
      const onProgress = m.progress ? /** @type {OnProgress} */ (p) => scope.postMessage({ type: 'progress', loaded: p.loaded, total: p.total }) : undefined;
      started = started || startGo(new URL(m.wasmURL), onProgress);
      const { goAPI } = await started;
      reply(m.id, goAPI.version);
    } else if (m.type === 'call') {
      if (!started) throw namedError('InternalError', 'the worker was not started');
      const { goAPI, isExited } = await started;
      if (isExited()) throw namedError('InternalError', 'the WebAssembly module has stopped; call load() again');
      reply(m.id, await goAPI.call(...m.args));
    }
  } catch (err) {
    reply(m.id, undefined, /** @type {Partial<CognitoSRPError>} */ (err));
  }
};
