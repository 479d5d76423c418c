// The public API over the Go module's call(method, options, args): sign-in
// steps, the signed-in user's session, account calls, and storage.

import { namedError } from './core.js';
import { isObject, splitOptions } from './options.js';
/**
 * @import {
 *   ChallengeStep, ChallengeStepBase, ClientOptions, CognitoSRP, CognitoSRPError, DeviceCredentials, DoneStep,
 *   RespondOptions, SessionOptions, SignInOptions, Step, StorageChoice, Tokens, UserSession as PublicUserSession,
 * } from '../index.js'
 * @import { Call, GoMethods, StepData, StorageObject } from './internal.js'
 */
/** @typedef {ReturnType<typeof tokenStore>} TokenStore */
/** @typedef {Omit<Tokens, 'expiresIn'> & { expiresIn?: number }} TokensIn Tokens as stored (AWS's key scheme has no expiresIn) */
/** @typedef {{ password?: string | undefined, device?: DeviceCredentials | undefined, typedUsername?: string }} Secrets */

// ---- storage ----------------------------------------------------------

// Storage keys follow AWS's JavaScript clients, so an app that switches to
// this module keeps its users signed in and its devices remembered.
/** @param {string} clientId */
function keyPrefix(clientId) {
  return `CognitoIdentityServiceProvider.${clientId}`;
}

/** @returns {StorageObject} */
function memoryStorage() {
  /** @type {Map<string, string>} */
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? /** @type {string} */ (m.get(k)) : null),
    setItem: (k, v) => { m.set(k, String(v)); },
    removeItem: (k) => { m.delete(k); },
  };
}

/**
 * @param {StorageChoice | undefined} choice
 * @param {StorageObject} memory
 * @returns {StorageObject}
 */
function resolveStorage(choice, memory) {
  if (choice === undefined || choice === 'memory') return memory;
  if (choice === 'localStorage' || choice === 'sessionStorage') {
    const s = globalThis[choice];
    if (!s) throw namedError('InvalidParameterException', `storage "${choice}" is not available here`);
    return s;
  }
  if (isObject(choice) && ['getItem', 'setItem', 'removeItem'].every((f) => typeof /** @type {Record<string, unknown>} */ (choice)[f] === 'function')) {
    return choice;
  }
  throw namedError('InvalidParameterException',
    'storage must be "memory", "localStorage", "sessionStorage" or an object with getItem, setItem and removeItem');
}

/**
 * @param {StorageObject} storage
 * @param {string} clientId
 */
function tokenStore(storage, clientId) {
  const prefix = keyPrefix(clientId);
  /** @type {(user: string, name: string) => string} */
  const userKey = (user, name) => `${prefix}.${user}.${name}`;
  return {
    lastUser: () => storage.getItem(`${prefix}.LastAuthUser`),
    /**
     * @param {string} user
     * @param {TokensIn} tokens
     * @param {number} clockDrift
     */
    saveTokens(user, tokens, clockDrift) {
      storage.setItem(userKey(user, 'idToken'), tokens.idToken);
      storage.setItem(userKey(user, 'accessToken'), tokens.accessToken);
      if (tokens.refreshToken) storage.setItem(userKey(user, 'refreshToken'), tokens.refreshToken);
      storage.setItem(userKey(user, 'clockDrift'), String(clockDrift));
      storage.setItem(`${prefix}.LastAuthUser`, user);
    },
    /**
     * @param {string} user
     * @returns {{ tokens: TokensIn, clockDrift: number } | null}
     */
    loadTokens(user) {
      const idToken = storage.getItem(userKey(user, 'idToken'));
      const accessToken = storage.getItem(userKey(user, 'accessToken'));
      if (!idToken || !accessToken) return null;
      return {
        tokens: { idToken, accessToken, refreshToken: storage.getItem(userKey(user, 'refreshToken')) || undefined, tokenType: 'Bearer' },
        clockDrift: Number(storage.getItem(userKey(user, 'clockDrift'))) || 0,
      };
    },
    /** @param {string} user */
    clearTokens(user) {
      for (const n of ['idToken', 'accessToken', 'refreshToken', 'clockDrift']) storage.removeItem(userKey(user, n));
      if (storage.getItem(`${prefix}.LastAuthUser`) === user) storage.removeItem(`${prefix}.LastAuthUser`);
    },
    /**
     * @param {string} user
     * @param {DeviceCredentials} d
     */
    saveDevice(user, d) {
      storage.setItem(userKey(user, 'deviceKey'), d.deviceKey);
      storage.setItem(userKey(user, 'deviceGroupKey'), d.deviceGroupKey);
      storage.setItem(userKey(user, 'randomPasswordKey'), d.devicePassword);
    },
    /**
     * @param {string} user
     * @returns {DeviceCredentials | null}
     */
    loadDevice(user) {
      const deviceKey = storage.getItem(userKey(user, 'deviceKey'));
      const deviceGroupKey = storage.getItem(userKey(user, 'deviceGroupKey'));
      const devicePassword = storage.getItem(userKey(user, 'randomPasswordKey'));
      return deviceKey && deviceGroupKey && devicePassword ? { deviceKey, deviceGroupKey, devicePassword } : null;
    },
    /** @param {string} user */
    clearDevice(user) {
      for (const n of ['deviceKey', 'deviceGroupKey', 'randomPasswordKey']) storage.removeItem(userKey(user, n));
    },
  };
}

// ---- tokens -------------------------------------------------------------

/**
 * @param {unknown} token
 * @returns {Record<string, unknown>}
 */
function decodeJWT(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || !parts[1]) throw namedError('InvalidResponseError', 'not a JWT');
  /** @type {unknown} */
  let claims;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch (e) {
    throw namedError('InvalidResponseError', `not a JWT: ${/** @type {Error} */ (e).message}`);
  }
  if (!isObject(claims)) throw namedError('InvalidResponseError', 'not a JWT: its payload is not a JSON object');
  return claims;
}

// ---- the API ------------------------------------------------------------

/**
 * @param {Call} call
 * @param {string} version
 * @returns {CognitoSRP}
 */
export function createAPI(call, version) {
  const memory = memoryStorage();

  /**
   * @param {ClientOptions} client
   * @param {SessionOptions} local
   * @param {Secrets} secrets
   * @param {StepData} data
   * @returns {Promise<Step>}
   */
  function makeStep(client, local, secrets, data) {
    const step = Object.assign({}, data);
    if (step.deviceForgotten) {
      // Cognito no longer knows the stored device: drop it, and go on
      // signing in as a new device.
      secrets.device = undefined;
      if (secrets.typedUsername) {
        tokenStore(resolveStorage(local.storage, memory), client.clientId).clearDevice(secrets.typedUsername);
      }
    }
    if (step.done) {
      return finish(client, local, /** @type {StepData & { tokens: Tokens }} */ (step));
    }
    // respond is not enumerable, and password and device live only in this
    // closure, so JSON.stringify(step) saves just what resume needs.
    Object.defineProperty(step, 'respond', {
      value: /** @type {ChallengeStepBase['respond']} */ async (answers, opts) => {
        if (opts !== undefined && !isObject(opts)) throw namedError('InvalidParameterException', 'respond options must be an object');
        const d = await call('respond', client, {
          step: data, answers: answers || {}, password: secrets.password, device: secrets.device || undefined,
          clientMetadata: opts && /** @type {RespondOptions} */ (opts).clientMetadata,
        });
        return makeStep(client, local, secrets, d);
      },
    });
    return Promise.resolve(/** @type {ChallengeStep} */ (step));
  }

  /**
   * @param {ClientOptions} client
   * @param {SessionOptions} local
   * @param {StepData & { tokens: Tokens, storageError?: unknown, deviceError?: CognitoSRPError }} step
   * @returns {Promise<DoneStep>}
   */
  async function finish(client, local, step) {
    const store = tokenStore(resolveStorage(local.storage, memory), client.clientId);
    const user = new UserSession(call, client, local, store, step.tokens);
    try {
      user._save();
    } catch (e) {
      // The sign-in succeeded: keep its tokens in memory, and say why
      // they are not stored rather than throw them away.
      step.storageError = e;
    }
    if (step.tokens.newDevice) {
      // The sign-in succeeded either way; a device that could not be
      // confirmed is only not remembered.
      try {
        await user._confirmNewDevice(step.tokens.newDevice, local);
      } catch (e) {
        step.deviceError = /** @type {CognitoSRPError} */ (e);
      }
    }
    if (local.autoRefresh) user._schedule();
    Object.defineProperty(step, 'user', { value: user });
    return /** @type {DoneStep} */ (step);
  }

  /**
   * @param {SignInOptions} options
   * @returns {Promise<Step>}
   */
  async function signIn(options) {
    const { client, local, args } = splitOptions('signIn', options);
    const store = tokenStore(resolveStorage(local.storage, memory), client.clientId);
    const device = args.device || (typeof args.username === 'string' && store.loadDevice(args.username)) || undefined;
    const secrets = { password: args.password, device, typedUsername: args.username };
    const data = await call('signIn', client, Object.assign({}, args, { device }));
    return makeStep(client, local, secrets, data);
  }

  /**
   * @param {unknown} saved
   * @param {Partial<Parameters<CognitoSRP['resume']>[1]>} [options]
   * @returns {Promise<Step>}
   */
  async function resume(saved, options = {}) {
    if (!isObject(saved) || saved.done || typeof saved.challengeName !== 'string') {
      throw namedError('InvalidParameterException', 'resume needs a saved step that waits for a challenge');
    }
    const { client, local, args } = splitOptions('resume', options);
    resolveStorage(local.storage, memory); // refuse a bad option before any answer is sent
    return makeStep(client, local, { password: args.password, device: args.device }, /** @type {StepData} */ (/** @type {unknown} */ (saved)));
  }

  /**
   * @param {ClientOptions & SessionOptions} options
   * @returns {UserSession | null}
   */
  function currentUser(options) {
    const { client, local } = splitOptions('currentUser', options);
    const store = tokenStore(resolveStorage(local.storage, memory), client.clientId);
    const name = store.lastUser();
    const saved = name && store.loadTokens(name);
    if (!saved) return null;
    let user;
    try {
      user = new UserSession(call, client, local, store, saved.tokens, saved.clockDrift);
    } catch (e) {
      if (/** @type {Error} */ (e).name === 'InvalidResponseError') return null; // stored tokens that are not JWTs
      throw e;
    }
    if (local.autoRefresh) user._schedule();
    return user;
  }

  /** @type {<M extends 'signUp' | 'confirmSignUp' | 'resendConfirmationCode' | 'forgotPassword' | 'confirmForgotPassword'>(method: M) => (options: object) => Promise<GoMethods[M]['result']>} */
  const account = (method) => async (options) => {
    const { client, args } = splitOptions(method, options);
    return call(method, client, args);
  };

  return Object.freeze({
    version,
    signIn,
    resume,
    currentUser,
    signUp: account('signUp'),
    confirmSignUp: account('confirmSignUp'),
    resendConfirmationCode: account('resendConfirmationCode'),
    forgotPassword: account('forgotPassword'),
    confirmForgotPassword: account('confirmForgotPassword'),
    decodeJWT,
  });
}

// REFRESH_MARGIN_MS is how long before expiry automatic refresh runs.
const REFRESH_MARGIN_MS = 60_000;
// MIN_REFRESH_WAIT_MS is the least time between automatic refreshes.
const MIN_REFRESH_WAIT_MS = 10_000;

// UserSession is a signed-in user: tokens with their claims, and the calls
// an access token authorises.
/** @implements {PublicUserSession} */
class UserSession {
  /**
   * @param {Call} call
   * @param {ClientOptions} client
   * @param {SessionOptions} local
   * @param {TokenStore} store
   * @param {TokensIn} tokens
   * @param {number} [clockDrift]
   */
  constructor(call, client, local, store, tokens, clockDrift) {
    this._call = call;
    this._client = client;
    this._local = local;
    this._store = store;
    /** @type {Promise<Readonly<Tokens>> | null} */
    this._refreshing = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this._timer = null;
    const t = sessionTokens(tokens, clockDrift);
    this.idClaims = t.idClaims;
    this.accessClaims = t.accessClaims;
    this.tokens = t.tokens;
    this.clockDrift = t.clockDrift;
    this.username = t.username;
  }

  /** Milliseconds since the epoch, on this machine's clock, when the access token expires. */
  get expiresAt() {
    return (Math.min(/** @type {number} */ (this.idClaims.exp), /** @type {number} */ (this.accessClaims.exp)) + this.clockDrift) * 1000;
  }

  /** @param {number} [now] */
  isValid(now = Date.now()) {
    return now < this.expiresAt;
  }

  get device() {
    return this._store.loadDevice(this.username);
  }

  _save() {
    this._store.saveTokens(this.username, this.tokens, this.clockDrift);
  }

  /**
   * @template {object} [A={}]
   * @param {A} [extra]
   */
  _args(extra) {
    // The session's token wins over an argument of the same name.
    return Object.assign({}, extra, { accessToken: this.tokens.accessToken });
  }

  /** Renews the tokens; concurrent calls share one request. */
  refresh() {
    if (!this._refreshing) {
      const device = this.device;
      this._refreshing = this._call('refresh', this._client, {
        refreshToken: this.tokens.refreshToken, accessToken: this.tokens.accessToken,
        deviceKey: device ? device.deviceKey : undefined,
      }).then((tokens) => {
        // A sign-out that began meanwhile wins: its storage stays empty.
        if (this._signedOut) throw namedError('NotAuthorizedException', 'the user signed out during the refresh');
        Object.assign(this, sessionTokens(Object.assign({}, tokens)));
        this._save();
        if (this._timer) this._schedule();
        return this.tokens;
      }).finally(() => { this._refreshing = null; });
    }
    return this._refreshing;
  }

  /** Refreshes by itself shortly before expiry until signOut or stopAutoRefresh. */
  startAutoRefresh() {
    this._schedule();
  }

  stopAutoRefresh() {
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
  }

  _schedule() {
    this.stopAutoRefresh();
    // After an automatic refresh, tokens that live less than the margin
    // (or carry no exp) would otherwise be refreshed in a tight loop.
    const floor = this._autoRefreshed ? MIN_REFRESH_WAIT_MS : 0;
    const due = this.expiresAt - Date.now() - REFRESH_MARGIN_MS;
    const wait = Number.isNaN(due) ? MIN_REFRESH_WAIT_MS : Math.max(floor, due);
    this._timer = setTimeout(() => {
      this._autoRefreshed = true;
      this.refresh().catch(() => {});
    }, wait);
    // In Node the timer must not keep the process alive.
    const timer = /** @type {{ unref?: () => void }} */ (/** @type {unknown} */ (this._timer));
    if (timer && typeof timer.unref === 'function') timer.unref();
  }

  /** Signs out: revokes the refresh token, or everywhere with { global: true }. */
  /** @param {{ global?: boolean | undefined }} [options] */
  async signOut(options = {}) {
    if (!isObject(options)) throw namedError('InvalidParameterException', 'signOut options must be an object');
    this._signedOut = true;
    this.stopAutoRefresh();
    try {
      await this._call('signOut', this._client, {
        accessToken: this.tokens.accessToken, refreshToken: this.tokens.refreshToken, global: !!options.global,
      });
    } finally {
      this._store.clearTokens(this.username);
    }
  }

  getUser() { return this._call('getUser', this._client, this._args()); }
  deleteUser() { return this._call('deleteUser', this._client, this._args()).then(() => this._store.clearTokens(this.username)); }
  /**
   * @param {string} previousPassword
   * @param {string} proposedPassword
   */
  changePassword(previousPassword, proposedPassword) {
    return this._call('changePassword', this._client, this._args({ previousPassword, proposedPassword }));
  }
  /** @param {Record<string, string>} attributes */
  updateAttributes(attributes) { return this._call('updateAttributes', this._client, this._args({ attributes })); }
  /** @param {string} attribute */
  sendAttributeCode(attribute) { return this._call('sendAttributeCode', this._client, this._args({ attribute })); }
  /**
   * @param {string} attribute
   * @param {string} code
   */
  verifyAttribute(attribute, code) { return this._call('verifyAttribute', this._client, this._args({ attribute, code })); }
  /** Starts authenticator-app MFA: resolves to { secret, uri } to show as a QR code. */
  setupTotp() { return this._call('associateTotp', this._client, this._args()); }
  /**
   * @param {string} code
   * @param {string} [friendlyName]
   */
  verifyTotp(code, friendlyName) { return this._call('verifyTotp', this._client, this._args({ code, friendlyName })); }
  /** @param {Parameters<PublicUserSession['setMfaPreference']>[0]} preference */
  setMfaPreference(preference) { return this._call('setMfaPreference', this._client, this._args(preference)); }
  listDevices() { return this._call('listDevices', this._client, this._args()); }
  /** @param {boolean} [remember] */
  rememberDevice(remember = true) {
    const d = this.device;
    if (!d) return Promise.reject(namedError('InvalidParameterException', 'this session has no confirmed device'));
    return this._call('rememberDevice', this._client, this._args({ deviceKey: d.deviceKey, remember }));
  }
  /** Forgets a device (this one by default) at Cognito and here. */
  /** @param {string} [deviceKey] */
  async forgetDevice(deviceKey) {
    const d = this.device;
    const key = deviceKey || (d && d.deviceKey);
    if (!key) throw namedError('InvalidParameterException', 'no device to forget');
    await this._call('forgetDevice', this._client, this._args({ deviceKey: key }));
    if (d && d.deviceKey === key) this._store.clearDevice(this.username);
  }

  /**
   * @param {NonNullable<Tokens['newDevice']>} newDevice
   * @param {SessionOptions} local
   */
  async _confirmNewDevice(newDevice, local) {
    const res = await this._call('confirmDevice', this._client, this._args({
      deviceKey: newDevice.deviceKey, deviceGroupKey: newDevice.deviceGroupKey, deviceName: local.deviceName,
    }));
    this._store.saveDevice(this.username, res.device);
    if (res.userConfirmationNecessary && local.rememberDevice) await this.rememberDevice(true);
  }

  toJSON() {
    return { username: this.username, tokens: this.tokens };
  }
}

// sessionTokens decodes a session's tokens: their claims, and what the
// session derives from them.
/**
 * @param {TokensIn} tokens
 * @param {number} [clockDrift]
 */
function sessionTokens(tokens, clockDrift) {
  const idClaims = decodeJWT(tokens.idToken);
  const accessClaims = decodeJWT(tokens.accessToken);
  const iat = /** @type {number} */ (accessClaims.iat);
  // Stored tokens carry no expiresIn (AWS's key scheme has none): derive it.
  const expiresIn = tokens.expiresIn || (/** @type {number} */ (accessClaims.exp) - iat);
  return {
    idClaims,
    accessClaims,
    tokens: Object.freeze(Object.assign({}, tokens, { expiresIn })),
    // clockDrift: how far this machine's clock runs ahead of Cognito's, in
    // seconds, measured when the tokens arrived (as AWS's clients store it).
    clockDrift: clockDrift !== undefined ? clockDrift : Math.floor(Date.now() / 1000) - iat,
    username: /** @type {string} */ (accessClaims.username),
  };
}
