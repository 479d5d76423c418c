// The options every entry point takes, in one table: where each goes
// (load's own; the pool and app client, sent to Go with every call; or
// kept here) and the type checked before anything runs, where the
// JavaScript side uses the value itself. Any other key is the call's own
// argument, which Go checks.

import { namedError } from './core.js';
/** @import { ClientOptions, LoadOptions, SessionOptions } from '../index.js' */
/** @import { OptionTable, Place } from './internal.js' */

/**
 * tsc holds the table to web/index.d.ts: every option of LoadOptions,
 * ClientOptions and SessionOptions, once, with its declared type.
 * @satisfies {OptionTable}
 */
const TABLE = {
  wasmURL: ['load'],
  workerURL: ['load'],
  worker: ['load', 'boolean'],
  onProgress: ['load', 'function'],
  signal: ['load', 'AbortSignal'],
  userPoolId: ['client', 'string'],
  clientId: ['client', 'string'],
  clientSecret: ['client'],
  region: ['client'],
  endpoint: ['client'],
  totpIssuer: ['client'],
  admin: ['client'],
  credentials: ['client'],
  storage: ['local'],
  rememberDevice: ['local', 'boolean'],
  deviceName: ['local', 'string'],
  autoRefresh: ['local', 'boolean'],
};
/** @type {Map<string, [Place, string?]>} */
const OPTIONS = new Map(Object.entries(TABLE));

/**
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
export function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// check throws when an option of the table has a value of the wrong type.
/**
 * @param {string} name
 * @param {unknown} value
 * @param {string} type
 */
function check(name, value, type) {
  if (type === 'AbortSignal'
    ? !(value && typeof /** @type {AbortSignal} */ (value).aborted === 'boolean'
      && typeof /** @type {AbortSignal} */ (value).addEventListener === 'function')
    : typeof value !== type) {
    throw namedError('InvalidParameterException', `${name} must be ${type === 'AbortSignal' ? 'an' : 'a'} ${type}`);
  }
}

// loadOptions checks load()'s options and returns the ones given.
/**
 * @param {unknown} options
 * @returns {LoadOptions}
 */
export function loadOptions(options) {
  if (!isObject(options)) throw namedError('InvalidParameterException', 'load options must be an object');
  for (const key of Object.keys(options)) {
    if ((OPTIONS.get(key) || [])[0] !== 'load') throw namedError('InvalidParameterException', `unknown load option "${key}"`);
  }
  /** @type {Record<string, unknown>} */
  const given = {};
  for (const [name, [place, type]] of OPTIONS) {
    if (place !== 'load') continue;
    const value = options[name];
    if (value === undefined) continue;
    if (type) check(name, value, type);
    given[name] = value;
  }
  return given;
}

// splitOptions separates a call's options into client options, local
// options and the call's own arguments, skipping undefined values.
/**
 * The types are what index.d.ts asks callers for; the values are checked
 * only as far as the table says (and by Go).
 * @template {object} T
 * @param {string} what
 * @param {T} options
 * @returns {{ client: ClientOptions, local: SessionOptions, args: Omit<T, keyof ClientOptions | keyof SessionOptions> }}
 */
export function splitOptions(what, options) {
  if (!isObject(options)) throw namedError('InvalidParameterException', `${what} needs an options object`);
  // No prototypes: a polluted Object.prototype must not supply options.
  const client = Object.create(null);
  const local = Object.create(null);
  const args = Object.create(null);
  let entries;
  try {
    entries = Object.entries(options); // runs getters and Proxy traps
  } catch (e) {
    throw namedError('InvalidParameterException', `${what} options could not be read: ${e && /** @type {Error} */ (e).message}`);
  }
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    const [place, type] = OPTIONS.get(k) || [];
    if (place === 'client' || place === 'local') {
      if (type) check(k, v, type);
      (place === 'client' ? client : local)[k] = v;
    } else {
      args[k] = v;
    }
  }
  return { client, local, args };
}
