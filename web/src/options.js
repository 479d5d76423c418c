// The options every entry point takes, in one table: where each goes and
// what it must be. load() takes only its own; the calls (signIn, resume,
// currentUser, signUp, …) send the client options to Go with every call,
// keep the local ones here, and send any other key to Go as the call's
// own argument, which Go checks (and refuses when the method does not
// know it). A type here is checked before anything runs, because the
// JavaScript side uses the value itself (the ids name storage keys; Go
// never sees load's or the local options); Go checks the rest.

import { namedError } from './core.js';

const OPTIONS = new Map(Object.entries({
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
}));

export function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// check throws when an option of the table has a value of the wrong type.
function check(name, value, type) {
  if (type === 'AbortSignal'
    ? !(value && typeof value.aborted === 'boolean' && typeof value.addEventListener === 'function')
    : typeof value !== type) {
    throw namedError('InvalidParameterException', `${name} must be ${type === 'AbortSignal' ? 'an' : 'a'} ${type}`);
  }
}

// loadOptions checks load()'s options and returns the ones given.
export function loadOptions(options) {
  if (!isObject(options)) throw namedError('InvalidParameterException', 'load options must be an object');
  for (const key of Object.keys(options)) {
    if ((OPTIONS.get(key) || [])[0] !== 'load') throw namedError('InvalidParameterException', `unknown load option "${key}"`);
  }
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
    throw namedError('InvalidParameterException', `${what} options could not be read: ${e && e.message}`);
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
