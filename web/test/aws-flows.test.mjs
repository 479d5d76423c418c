// Every sign-in flow beyond plain SRP, end to end against localcognito,
// first through AWS's own amazon-cognito-identity-js (so localcognito is
// held to what AWS's client sends and expects), then through this
// package's API in Node: TOTP and SMS MFA, MFA set-up, SELECT_MFA_TYPE,
// remembered devices, CUSTOM_AUTH (plain and SRP-then-custom) driven by
// real Node trigger handlers in scripts/lambda-runner, USER_AUTH, user
// migration, refresh, sign-up and forgotten passwords.
//
// localcognito starts from a seed file written here (pools, clients and
// users with their MFA), with -lambda-endpoint pointing at a
// scripts/lambda-runner serving scripts/lambda-runner/examples. Every
// client call goes through a recording proxy, so a test can tell exactly
// which requests a flow sent.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { generateSecret } from 'otplib';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import identity from 'amazon-cognito-identity-js';
import { load } from 'cognito-srp-wasm';
import {
  startLocalCognito, startLambdaRunner, startRecordingProxy, adminClient, newPassword, newUsername,
  outbox, latestCode, totpCode,
} from './helpers.mjs';

const { CognitoUserPool, CognitoUser, AuthenticationDetails, CognitoUserAttribute, CognitoRefreshToken } = identity;
const require = createRequire(import.meta.url);

// ---- the seed ---------------------------------------------------------------

const fn = (name) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const TRIGGERS = {
  DefineAuthChallenge: fn('define'),
  CreateAuthChallenge: fn('create'),
  VerifyAuthChallengeResponse: fn('verify'),
  UserMigration: fn('migrate'),
};
// scripts/lambda-runner/examples/migrate.js knows exactly this user.
const LEGACY = { username: 'legacy-user', password: 'Legacy-Passw0rd!', email: 'legacy-user@example.com' };
const QUESTION = 'What is 2+2?';

const POOLS = {
  mfa: { id: 'us-east-1_FlowsMfa01', client: 'flowsmfaclient00000000000001' },
  mfaOn: { id: 'us-east-1_FlowsMfaOn1', client: 'flowsmfaonclient000000000001' },
  devices: { id: 'us-east-1_FlowsDevice1', client: 'flowsdeviceclient00000000001' },
  customAws: { id: 'us-east-1_FlowsCustomA', client: 'flowscustomaclient0000000001' },
  customOurs: { id: 'us-east-1_FlowsCustomB', client: 'flowscustombclient0000000001' },
  userAuth: { id: 'us-east-1_FlowsUserAuth', client: 'flowsuserauthclient000000001' },
  signUp: { id: 'us-east-1_FlowsSignUp1', client: 'flowssignupclient00000000001' },
};

// Users by name: password, and TOTP secret or phone number when they have MFA.
const USERS = {};

function seedUser(username, { totp = false, phone, preferred, email = `${username}@example.com` } = {}) {
  const u = { username, password: newPassword(), email };
  const attributes = { email, email_verified: 'true' };
  const mfa = {};
  if (totp) mfa.totpSecret = u.totpSecret = generateSecret();
  if (phone) {
    attributes.phone_number = u.phone = phone;
    mfa.sms = true;
  }
  if (preferred) mfa.preferred = preferred;
  USERS[username] = u;
  return {
    username, password: u.password, permanent: true, attributes,
    ...(Object.keys(mfa).length ? { mfa } : {}),
  };
}

function seedClient(key, flows) {
  return [{ id: POOLS[key].client, name: `${key}-web`, explicitAuthFlows: flows }];
}

const SRP_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const CUSTOM_FLOWS = ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

function buildSeed() {
  return {
    pools: [
      {
        id: POOLS.mfa.id, name: 'flows-mfa',
        mfaConfiguration: 'OPTIONAL', mfaTypes: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
        clients: seedClient('mfa', SRP_FLOWS),
        users: [
          seedUser('aws-totp', { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' }),
          seedUser('aws-sms', { phone: '+15555550101', preferred: 'SMS_MFA' }),
          seedUser('aws-select', { totp: true, phone: '+15555550102' }),
          seedUser('aws-refresh'),
          seedUser('ours-sms', { phone: '+15555550103', preferred: 'SMS_MFA' }),
          seedUser('ours-select', { totp: true, phone: '+15555550104' }),
        ],
      },
      {
        id: POOLS.mfaOn.id, name: 'flows-mfa-on',
        mfaConfiguration: 'ON', mfaTypes: ['SOFTWARE_TOKEN_MFA'],
        clients: seedClient('mfaOn', SRP_FLOWS),
        users: [seedUser('aws-setup'), seedUser('ours-setup')],
      },
      {
        id: POOLS.devices.id, name: 'flows-devices',
        mfaConfiguration: 'OPTIONAL', mfaTypes: ['SOFTWARE_TOKEN_MFA'],
        deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
        clients: seedClient('devices', SRP_FLOWS),
        users: [
          seedUser('device-same', { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' }),
          seedUser('device-reload', { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' }),
          seedUser('device-not-remembered', { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' }),
          seedUser('ours-device-not-remembered', { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' }),
        ],
      },
      {
        id: POOLS.customAws.id, name: 'flows-custom-aws', lambdaConfig: TRIGGERS,
        clients: seedClient('customAws', CUSTOM_FLOWS),
        users: [seedUser('aws-alice')],
      },
      {
        id: POOLS.customOurs.id, name: 'flows-custom-ours', lambdaConfig: TRIGGERS,
        clients: seedClient('customOurs', CUSTOM_FLOWS),
        users: [seedUser('ours-alice')],
      },
      {
        id: POOLS.userAuth.id, name: 'flows-user-auth',
        allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
        clients: seedClient('userAuth', ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
        users: [seedUser('ua-srp'), seedUser('ua-otp'), seedUser('ua-select-otp'), seedUser('ua-password')],
      },
      {
        id: POOLS.signUp.id, name: 'flows-sign-up',
        autoVerifiedAttributes: ['email'],
        clients: seedClient('signUp', SRP_FLOWS),
        users: [seedUser('aws-forgot')],
      },
    ],
  };
}

// ---- servers ------------------------------------------------------------------

let runner; // scripts/lambda-runner with the examples
let local; // localcognito
let proxy; // recording proxy in front of localcognito: every client's endpoint
let admin; // AWS SDK client for admin calls, straight to localcognito
let tmp; // directory of the seed file
let cognito; // this package, ESM build

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'aws-flows-'));
  const seedPath = join(tmp, 'seed.yaml');
  // JSON is YAML: localcognito reads it with its strict YAML decoder.
  await writeFile(seedPath, JSON.stringify(buildSeed(), null, 2));
  runner = await startLambdaRunner();
  local = await startLocalCognito({ args: ['-seed', seedPath, '-lambda-endpoint', runner.url] });
  proxy = await startRecordingProxy(local.url);
  admin = adminClient(local.url);
  cognito = await load();
});

after(async () => {
  await proxy?.stop();
  await local?.stop();
  await runner?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// ---- amazon-cognito-identity-js, as promises -------------------------------------

/** A Storage for amazon-cognito-identity-js over a Map, so tests never share its module-wide memory. */
function mapStorage() {
  const map = new Map();
  return {
    map,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => { map.set(k, String(v)); },
    removeItem: (k) => { map.delete(k); },
    clear: () => { map.clear(); },
  };
}

function awsPool(key, storage) {
  return new CognitoUserPool({
    UserPoolId: POOLS[key].id, ClientId: POOLS[key].client, endpoint: `${proxy.url}/`, Storage: storage,
  });
}

function awsUser(key, username, storage = mapStorage()) {
  return new CognitoUser({ Username: username, Pool: awsPool(key, storage), Storage: storage });
}

function details(username, password) {
  return new AuthenticationDetails({ Username: username, Password: password });
}

const CALLBACKS = ['onSuccess', 'onFailure', 'newPasswordRequired', 'mfaRequired', 'totpRequired', 'customChallenge',
  'mfaSetup', 'selectMFAType', 'associateSecretCode', 'inputVerificationCode'];

/**
 * Runs start(callbacks) and resolves with the first callback the library
 * calls, as { kind, args }: whichever it is, so a test can assert which.
 */
function next(start) {
  return new Promise((resolve) => {
    const cb = {};
    for (const kind of CALLBACKS) cb[kind] = (...args) => resolve({ kind, args });
    start(cb);
  });
}

/** The arguments of ev, failing unless the library called `kind`. */
function expectEvent(ev, kind) {
  if (ev.kind !== kind) {
    const what = ev.kind === 'onFailure' ? `${ev.args[0]?.code}: ${ev.args[0]?.message}` : JSON.stringify(ev.args);
    assert.fail(`expected the ${kind} callback, got ${ev.kind} (${what})`);
  }
  return ev.args;
}

/** The error of an onFailure event, checked to be Cognito's `code`. */
function expectFailure(ev, code) {
  const [err] = expectEvent(ev, 'onFailure');
  assert.equal(err.code, code, `${err.code}: ${err.message}`);
  return err;
}

/** A Node-style callback API as a promise. */
function nodeStyle(start) {
  return new Promise((resolve, reject) => start((err, result) => (err ? reject(err) : resolve(result))));
}

function usernameOf(session) {
  return session.getIdToken().decodePayload()['cognito:username'];
}

// ---- codes ---------------------------------------------------------------------

const pad = (n) => String(n).padStart(6, '0');

/** A 6-digit code that no TOTP period near now accepts for secret. */
function wrongTotp(secret) {
  const near = new Set([-2, -1, 0, 1, 2].map((s) => totpCode(secret, s)));
  let n = (Number(totpCode(secret)) + 500000) % 1e6;
  while (near.has(pad(n))) n = (n + 1) % 1e6;
  return pad(n);
}

/** A 6-digit code other than code. */
function otherCode(code) {
  return pad((Number(code) + 1) % 1e6);
}

/** The newest code sent to username, checking there is exactly one more message than before. */
async function newCode(username, kind, before) {
  const messages = await outbox(local.url, { username, kind });
  assert.equal(messages.length, before + 1, `one new ${kind} message for ${username}`);
  return messages.at(-1);
}

async function messageCount(username, kind) {
  return (await outbox(local.url, { username, kind })).length;
}

// ---- this package ----------------------------------------------------------------

function ours(key, extra = {}) {
  return { userPoolId: POOLS[key].id, clientId: POOLS[key].client, endpoint: `${proxy.url}/`, ...extra };
}

function assertDone(step) {
  assert.equal(step.done, true, `expected tokens, got ${JSON.stringify(step)}`);
  return step.user;
}

async function rejectsNamed(promise, name) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    return true;
  });
}

// =================================================================================
// amazon-cognito-identity-js
// =================================================================================

describe('amazon-cognito-identity-js: MFA', () => {
  it('SRP sign-in with TOTP MFA: totpRequired → sendMFACode(SOFTWARE_TOKEN_MFA); a wrong code is CodeMismatchException', async () => {
    const u = USERS['aws-totp'];
    const user = awsUser('mfa', u.username);
    const [challengeName] = expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'totpRequired');
    assert.equal(challengeName, 'SOFTWARE_TOKEN_MFA');

    expectFailure(await next((cb) => user.sendMFACode(wrongTotp(u.totpSecret), cb, 'SOFTWARE_TOKEN_MFA')), 'CodeMismatchException');

    // The same Session takes the right code after a wrong one.
    const mark = proxy.mark();
    const [session] = expectEvent(await next((cb) => user.sendMFACode(totpCode(u.totpSecret), cb, 'SOFTWARE_TOKEN_MFA')), 'onSuccess');
    assert.equal(session.isValid(), true);
    assert.equal(usernameOf(session), u.username);
    const [call] = proxy.since(mark);
    assert.equal(call.challengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(call.body.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE, totpCode(u.totpSecret));
  });

  it('TOTP set-up on a pool with MFA ON: mfaSetup → associateSoftwareToken → verifySoftwareToken → tokens; the next sign-in asks totpRequired', async () => {
    const u = USERS['aws-setup'];
    const user = awsUser('mfaOn', u.username);
    const [challengeName, params] = expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'mfaSetup');
    assert.equal(challengeName, 'MFA_SETUP');
    assert.deepEqual(JSON.parse(params.MFAS_CAN_SETUP), ['SOFTWARE_TOKEN_MFA']);

    const [secret] = expectEvent(await next((cb) => user.associateSoftwareToken(cb)), 'associateSecretCode');
    assert.match(secret, /^[A-Z2-7]{16,}$/);

    const wrong = await next((cb) => user.verifySoftwareToken(wrongTotp(secret), 'test phone', cb));
    const [err] = expectEvent(wrong, 'onFailure');
    assert.equal(err.code, 'EnableSoftwareTokenMFAException', `${err.code}: ${err.message}`);

    const [session] = expectEvent(await next((cb) => user.verifySoftwareToken(totpCode(secret), 'test phone', cb)), 'onSuccess');
    assert.equal(usernameOf(session), u.username);

    const { UserMFASettingList, PreferredMfaSetting } = await admin.send(new AdminGetUserCommand({ UserPoolId: POOLS.mfaOn.id, Username: u.username }));
    assert.deepEqual(UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');

    const again = awsUser('mfaOn', u.username);
    const [name] = expectEvent(await next((cb) => again.authenticateUser(details(u.username, u.password), cb)), 'totpRequired');
    assert.equal(name, 'SOFTWARE_TOKEN_MFA');
    // The next period's code: a second sign-in does not replay the set-up's.
    const [second] = expectEvent(await next((cb) => again.sendMFACode(totpCode(secret, 1), cb, 'SOFTWARE_TOKEN_MFA')), 'onSuccess');
    assert.equal(usernameOf(second), u.username);
  });

  it('SMS MFA: mfaRequired → the code from the outbox → tokens; a wrong code is CodeMismatchException', async () => {
    const u = USERS['aws-sms'];
    const user = awsUser('mfa', u.username);
    const before = await messageCount(u.username, 'Authentication');
    const [challengeName, params] = expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'mfaRequired');
    assert.equal(challengeName, 'SMS_MFA');
    assert.equal(params.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    assert.ok(params.CODE_DELIVERY_DESTINATION.endsWith('0101'), params.CODE_DELIVERY_DESTINATION);
    assert.notEqual(params.CODE_DELIVERY_DESTINATION, u.phone, 'the destination is masked');

    const message = await newCode(u.username, 'Authentication', before);
    assert.equal(message.channel, 'SMS');
    assert.equal(message.destination, u.phone);
    const code = message.code;
    assert.match(code, /^\d{6}$/);

    expectFailure(await next((cb) => user.sendMFACode(otherCode(code), cb)), 'CodeMismatchException');
    const [session] = expectEvent(await next((cb) => user.sendMFACode(code, cb)), 'onSuccess');
    assert.equal(usernameOf(session), u.username);
  });

  it('SELECT_MFA_TYPE: selectMFAType → sendMFASelectionAnswer(SOFTWARE_TOKEN_MFA) → totpRequired → tokens', async () => {
    const u = USERS['aws-select'];
    const user = awsUser('mfa', u.username);
    const [challengeName, params] = expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'selectMFAType');
    assert.equal(challengeName, 'SELECT_MFA_TYPE');
    assert.deepEqual(JSON.parse(params.MFAS_CAN_CHOOSE).sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    const [name] = expectEvent(await next((cb) => user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', cb)), 'totpRequired');
    assert.equal(name, 'SOFTWARE_TOKEN_MFA');
    const [session] = expectEvent(await next((cb) => user.sendMFACode(totpCode(u.totpSecret), cb, 'SOFTWARE_TOKEN_MFA')), 'onSuccess');
    assert.equal(usernameOf(session), u.username);
  });
});

describe('amazon-cognito-identity-js: remembered devices', () => {
  /**
   * Signs username in with TOTP MFA on a fresh storage, which confirms a
   * new device (ConfirmDevice), then marks it remembered unless told not to.
   */
  async function signInAndRemember(username, { remember = true } = {}) {
    const u = USERS[username];
    const storage = mapStorage();
    const user = awsUser('devices', u.username, storage);
    expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'totpRequired');
    const mark = proxy.mark();
    const [session, userConfirmationNecessary] = expectEvent(
      await next((cb) => user.sendMFACode(totpCode(u.totpSecret), cb, 'SOFTWARE_TOKEN_MFA')), 'onSuccess');
    assert.equal(usernameOf(session), u.username);
    assert.equal(proxy.count(mark, 'ConfirmDevice'), 1, 'the library confirmed the new device');
    assert.equal(userConfirmationNecessary, true, 'deviceOnlyRememberedOnUserPrompt: the user decides');

    const prefix = `CognitoIdentityServiceProvider.${POOLS.devices.client}.${u.username}`;
    const deviceKey = storage.getItem(`${prefix}.deviceKey`);
    assert.match(deviceKey ?? '', /^us-east-1_[0-9a-f-]{36}$/);
    assert.ok(storage.getItem(`${prefix}.deviceGroupKey`));
    assert.ok(storage.getItem(`${prefix}.randomPasswordKey`));
    assert.equal(session.getAccessToken().decodePayload().device_key, deviceKey);

    if (!remember) return { u, storage, user, deviceKey };
    assert.equal(await new Promise((resolve, reject) => user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject })), 'SUCCESS');
    const { Devices } = await new Promise((resolve, reject) => user.listDevices(10, null, { onSuccess: resolve, onFailure: reject }));
    assert.deepEqual(Devices.map((d) => d.DeviceKey), [deviceKey]);
    const attrs = Object.fromEntries(Devices[0].DeviceAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attrs['dev:device_remembered_status'], 'remembered');
    return { u, storage, user, deviceKey };
  }

  /** Signs in again and checks the remembered device stood in for MFA. */
  async function assertDeviceSignIn(user, u, deviceKey) {
    const mark = proxy.mark();
    const ev = await next((cb) => user.authenticateUser(details(u.username, u.password), cb));
    const [session] = expectEvent(ev, 'onSuccess'); // not totpRequired: the device skipped MFA
    assert.equal(usernameOf(session), u.username);
    assert.equal(session.getAccessToken().decodePayload().device_key, deviceKey);
    assert.deepEqual(proxy.since(mark).map((c) => c.challengeName || c.authFlow), [
      'USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER',
    ]);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'DEVICE_SRP_AUTH' }), 1);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'DEVICE_PASSWORD_VERIFIER' }), 1);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'SOFTWARE_TOKEN_MFA' }), 0);
    assert.equal(proxy.count(mark, 'ConfirmDevice'), 0, 'no new device');
  }

  it('a confirmed device that is not remembered: totpRequired first, then DEVICE_SRP_AUTH, and real tokens', async () => {
    const { u, user, deviceKey } = await signInAndRemember('device-not-remembered', { remember: false });
    const mark = proxy.mark();
    expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'totpRequired');
    // The library answers DEVICE_SRP_AUTH after the code and takes what
    // DEVICE_PASSWORD_VERIFIER returns as the tokens: Cognito's order.
    const [session] = expectEvent(
      await next((cb) => user.sendMFACode(totpCode(u.totpSecret, 1), cb, 'SOFTWARE_TOKEN_MFA')), 'onSuccess');
    assert.equal(session.isValid(), true);
    assert.equal(usernameOf(session), u.username);
    assert.equal(session.getAccessToken().decodePayload().device_key, deviceKey);
    assert.ok(session.getRefreshToken().getToken());
    assert.deepEqual(proxy.since(mark).map((c) => c.challengeName || c.authFlow), [
      'USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER',
    ]);
    assert.equal(proxy.count(mark, 'ConfirmDevice'), 0, 'no new device');
  });

  it('the same CognitoUser signs in again through DEVICE_SRP_AUTH and skips MFA', async () => {
    const { u, user, deviceKey } = await signInAndRemember('device-same');
    await assertDeviceSignIn(user, u, deviceKey);
  });

  it('a new CognitoUser on the same storage (a page reload) signs in through DEVICE_SRP_AUTH and skips MFA', async () => {
    const { u, storage, deviceKey } = await signInAndRemember('device-reload');
    const reloaded = awsUser('devices', u.username, storage);
    const mark = proxy.mark();
    const ev = await next((cb) => reloaded.authenticateUser(details(u.username, u.password), cb));
    // What the library sent: no DEVICE_KEY in InitiateAuth (it reads storage
    // only after), the stored one in PASSWORD_VERIFIER, as Cognito documents.
    const [initiate, verifier] = proxy.since(mark);
    assert.equal(initiate.body.AuthParameters.DEVICE_KEY, undefined);
    assert.equal(verifier.challengeName, 'PASSWORD_VERIFIER');
    assert.equal(verifier.body.ChallengeResponses.DEVICE_KEY, deviceKey);
    if (ev.kind === 'totpRequired') {
      // Finish the sign-in so nothing is left half-way, then fail.
      await next((cb) => reloaded.sendMFACode(totpCode(u.totpSecret, 1), cb, 'SOFTWARE_TOKEN_MFA'));
    }
    const [session] = expectEvent(ev, 'onSuccess');
    assert.equal(session.getAccessToken().decodePayload().device_key, deviceKey);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'DEVICE_SRP_AUTH' }), 1);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'DEVICE_PASSWORD_VERIFIER' }), 1);
  });
});

describe('amazon-cognito-identity-js: CUSTOM_AUTH with the lambda-runner examples', () => {
  it("initiateAuth(CUSTOM_AUTH) → customChallenge with the question → a wrong answer asks again → '4' → tokens", async () => {
    const u = USERS['aws-alice'];
    const user = awsUser('customAws', u.username);
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const mark = proxy.mark();
    const [params] = expectEvent(await next((cb) => user.initiateAuth(new AuthenticationDetails({ Username: u.username }), cb)), 'customChallenge');
    assert.equal(params.question, QUESTION);
    assert.equal(params.answer, undefined, 'the answer stays in privateChallengeParameters');
    const [initiate] = proxy.since(mark);
    assert.equal(initiate.authFlow, 'CUSTOM_AUTH');
    assert.deepEqual(Object.keys(initiate.body.AuthParameters), ['USERNAME'], 'no SRP_A: a password-less custom flow');

    const [again] = expectEvent(await next((cb) => user.sendCustomChallengeAnswer('5', cb)), 'customChallenge');
    assert.equal(again.question, QUESTION);
    const [session] = expectEvent(await next((cb) => user.sendCustomChallengeAnswer('4', cb)), 'onSuccess');
    assert.equal(usernameOf(session), u.username);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'CUSTOM_CHALLENGE' }), 2);
  });

  it('three wrong answers fail the sign-in with NotAuthorizedException (define.mjs allows three tries)', async () => {
    const u = USERS['aws-alice'];
    const user = awsUser('customAws', u.username);
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    expectEvent(await next((cb) => user.initiateAuth(new AuthenticationDetails({ Username: u.username }), cb)), 'customChallenge');
    expectEvent(await next((cb) => user.sendCustomChallengeAnswer('1', cb)), 'customChallenge');
    expectEvent(await next((cb) => user.sendCustomChallengeAnswer('2', cb)), 'customChallenge');
    expectFailure(await next((cb) => user.sendCustomChallengeAnswer('3', cb)), 'NotAuthorizedException');
  });

  it("SRP then custom: authenticateUser with CUSTOM_AUTH sends CHALLENGE_NAME=SRP_A, proves the password, then customChallenge → '4' → tokens", async () => {
    const u = USERS['aws-alice'];
    const user = awsUser('customAws', u.username);
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const mark = proxy.mark();
    const [params] = expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'customChallenge');
    assert.equal(params.question, QUESTION);
    const [initiate, verifier] = proxy.since(mark);
    assert.equal(initiate.authFlow, 'CUSTOM_AUTH');
    assert.equal(initiate.body.AuthParameters.CHALLENGE_NAME, 'SRP_A');
    assert.match(initiate.body.AuthParameters.SRP_A, /^[0-9a-f]{256,}$/);
    assert.equal(initiate.body.AuthParameters.PASSWORD, undefined);
    assert.equal(verifier.challengeName, 'PASSWORD_VERIFIER');
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'CUSTOM_CHALLENGE' }), 0);

    const [session] = expectEvent(await next((cb) => user.sendCustomChallengeAnswer('4', cb)), 'onSuccess');
    assert.equal(usernameOf(session), u.username);
  });

  it('SRP then custom with a wrong password fails with NotAuthorizedException before any custom challenge', async () => {
    const u = USERS['aws-alice'];
    const user = awsUser('customAws', u.username);
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    expectFailure(await next((cb) => user.authenticateUser(details(u.username, `${u.password}x`), cb)), 'NotAuthorizedException');
  });
});

describe('amazon-cognito-identity-js: user migration, refresh, sign-up, forgotten password', () => {
  it('migrates legacy-user through USER_PASSWORD_AUTH (UserMigration trigger), who then signs in with SRP', async () => {
    const getLegacy = () => admin.send(new AdminGetUserCommand({ UserPoolId: POOLS.customAws.id, Username: LEGACY.username }));
    await assert.rejects(getLegacy(), { name: 'UserNotFoundException' });
    // SRP never sends the password, so it cannot migrate anybody.
    expectFailure(await next((cb) => awsUser('customAws', LEGACY.username).authenticateUser(details(LEGACY.username, LEGACY.password), cb)),
      'UserNotFoundException');
    // The trigger refuses a wrong password; nobody is created.
    const wrong = awsUser('customAws', LEGACY.username);
    wrong.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const [err] = expectEvent(await next((cb) => wrong.authenticateUser(details(LEGACY.username, 'Legacy-Passw0rd?'), cb)), 'onFailure');
    assert.equal(err.code, 'UserLambdaValidationException', `${err.code}: ${err.message}`);
    assert.match(err.message, /Bad password/);
    await assert.rejects(getLegacy(), { name: 'UserNotFoundException' });

    const user = awsUser('customAws', LEGACY.username);
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const mark = proxy.mark();
    const [session] = expectEvent(await next((cb) => user.authenticateUser(details(LEGACY.username, LEGACY.password), cb)), 'onSuccess');
    assert.equal(usernameOf(session), LEGACY.username);
    assert.equal(session.getIdToken().decodePayload().email, LEGACY.email);
    assert.deepEqual(proxy.since(mark).map((c) => c.authFlow), ['USER_PASSWORD_AUTH']);

    const migrated = await getLegacy();
    assert.equal(migrated.UserStatus, 'CONFIRMED');
    assert.equal(Object.fromEntries(migrated.UserAttributes.map((a) => [a.Name, a.Value])).email, LEGACY.email);

    const srpMark = proxy.mark();
    const [srp] = expectEvent(await next((cb) => awsUser('customAws', LEGACY.username).authenticateUser(details(LEGACY.username, LEGACY.password), cb)), 'onSuccess');
    assert.equal(usernameOf(srp), LEGACY.username);
    assert.deepEqual(proxy.since(srpMark).map((c) => c.challengeName || c.authFlow), ['USER_SRP_AUTH', 'PASSWORD_VERIFIER']);
  });

  it('refreshSession with the refresh token gives new ID and access tokens', async () => {
    const u = USERS['aws-refresh'];
    const storage = mapStorage();
    const user = awsUser('mfa', u.username, storage);
    const [session] = expectEvent(await next((cb) => user.authenticateUser(details(u.username, u.password), cb)), 'onSuccess');
    const prefix = `CognitoIdentityServiceProvider.${POOLS.mfa.client}`;
    assert.equal(storage.getItem(`${prefix}.LastAuthUser`), u.username);

    const mark = proxy.mark();
    const refreshed = await nodeStyle((cb) => user.refreshSession(session.getRefreshToken(), cb));
    assert.equal(proxy.count(mark, 'InitiateAuth', { authFlow: 'REFRESH_TOKEN_AUTH' }), 1);
    assert.notEqual(refreshed.getIdToken().getJwtToken(), session.getIdToken().getJwtToken());
    assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
    assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken());
    assert.equal(usernameOf(refreshed), u.username);
    assert.equal(refreshed.isValid(), true);
    assert.equal(storage.getItem(`${prefix}.${u.username}.idToken`), refreshed.getIdToken().getJwtToken());
    assert.equal(storage.getItem(`${prefix}.${u.username}.accessToken`), refreshed.getAccessToken().getJwtToken());

    // The new access token works.
    const attrs = await nodeStyle((cb) => user.getUserAttributes(cb));
    assert.equal(attrs.find((a) => a.getName() === 'email').getValue(), u.email);

    // A refresh token Cognito never issued is refused, and the library forgets the user.
    await assert.rejects(nodeStyle((cb) => user.refreshSession(new CognitoRefreshToken({ RefreshToken: 'not-a-refresh-token' }), cb)),
      { code: 'NotAuthorizedException' });
    assert.equal(storage.getItem(`${prefix}.LastAuthUser`), null);
  });

  it('signUp → confirmRegistration with the outbox code; resend sends a new code; a wrong code is CodeMismatchException', async () => {
    const storage = mapStorage();
    const pool = awsPool('signUp', storage);
    const username = newUsername('aws-signup');
    const password = newPassword();
    const email = `${username}@example.com`;
    const result = await nodeStyle((cb) => pool.signUp(username, password, [new CognitoUserAttribute({ Name: 'email', Value: email })], null, cb));
    assert.equal(result.userConfirmed, false);
    assert.match(result.userSub, /^[0-9a-f-]{36}$/);
    assert.equal(result.codeDeliveryDetails.DeliveryMedium, 'EMAIL');
    assert.equal(result.codeDeliveryDetails.AttributeName, 'email');
    const first = await latestCode(local.url, username, 'SignUp');

    const user = result.user;
    assert.equal(user.getUsername(), username);
    // Not confirmed yet: no sign-in.
    expectFailure(await next((cb) => awsUser('signUp', username).authenticateUser(details(username, password), cb)), 'UserNotConfirmedException');

    const delivery = await nodeStyle((cb) => user.resendConfirmationCode(cb));
    assert.equal(delivery.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    const resent = await latestCode(local.url, username, 'ResendCode');
    assert.match(resent, /^\d{6}$/);

    const wrong = [first, resent].includes(otherCode(resent)) ? otherCode(otherCode(resent)) : otherCode(resent);
    await assert.rejects(nodeStyle((cb) => user.confirmRegistration(wrong, false, cb)), { code: 'CodeMismatchException' });

    assert.equal(await nodeStyle((cb) => user.confirmRegistration(resent, false, cb)), 'SUCCESS');
    const { UserStatus, UserAttributes } = await admin.send(new AdminGetUserCommand({ UserPoolId: POOLS.signUp.id, Username: username }));
    assert.equal(UserStatus, 'CONFIRMED');
    assert.equal(Object.fromEntries(UserAttributes.map((a) => [a.Name, a.Value])).email_verified, 'true');

    const [session] = expectEvent(await next((cb) => awsUser('signUp', username).authenticateUser(details(username, password), cb)), 'onSuccess');
    assert.equal(usernameOf(session), username);
  });

  it('forgotPassword → inputVerificationCode → the outbox code → confirmPassword → sign-in with the new password only', async () => {
    const u = USERS['aws-forgot'];
    const user = awsUser('signUp', u.username);
    const before = await messageCount(u.username, 'ForgotPassword');
    const [data] = expectEvent(await next((cb) => user.forgotPassword(cb)), 'inputVerificationCode');
    assert.equal(data.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
    assert.equal(data.CodeDeliveryDetails.AttributeName, 'email');
    assert.notEqual(data.CodeDeliveryDetails.Destination, u.email, 'the destination is masked');
    const message = await newCode(u.username, 'ForgotPassword', before);
    const code = message.code;

    const chosen = newPassword();
    expectFailure(await next((cb) => user.confirmPassword(otherCode(code), chosen, cb)), 'CodeMismatchException');
    const [ok] = expectEvent(await next((cb) => user.confirmPassword(code, chosen, cb)), 'onSuccess');
    assert.equal(ok, 'SUCCESS');

    expectFailure(await next((cb) => awsUser('signUp', u.username).authenticateUser(details(u.username, u.password), cb)), 'NotAuthorizedException');
    const [session] = expectEvent(await next((cb) => awsUser('signUp', u.username).authenticateUser(details(u.username, chosen), cb)), 'onSuccess');
    assert.equal(usernameOf(session), u.username);
    u.password = chosen;
  });
});

// =================================================================================
// this package in Node
// =================================================================================

describe('cognito-srp-wasm in Node: CUSTOM_AUTH and CUSTOM_WITH_SRP', () => {
  const builds = [['ESM build', () => cognito], ['CommonJS build (require(\'..\'))', () => cjs]];
  let cjs;
  before(async () => {
    cjs = await require('..').load();
  });

  for (const [label, module] of builds) {
    it(`CUSTOM_AUTH (${label}): CUSTOM_CHALLENGE with the question; a wrong answer asks again; '4' signs in`, async () => {
      const u = USERS['ours-alice'];
      const mark = proxy.mark();
      const step = await module().signIn(ours('customOurs', { username: u.username, authFlow: 'CUSTOM_AUTH' }));
      assert.equal(step.done, false);
      assert.equal(step.challengeName, 'CUSTOM_CHALLENGE');
      assert.deepEqual(step.answers, ['ANSWER']);
      assert.equal(step.challengeParameters.question, QUESTION);
      assert.equal(step.username, u.username);
      const [initiate] = proxy.since(mark);
      assert.equal(initiate.authFlow, 'CUSTOM_AUTH');
      assert.deepEqual(Object.keys(initiate.body.AuthParameters), ['USERNAME']);

      const again = await step.respond({ ANSWER: '5' });
      assert.equal(again.done, false);
      assert.equal(again.challengeName, 'CUSTOM_CHALLENGE');
      assert.notEqual(again.session, step.session);
      const user = assertDone(await again.respond({ ANSWER: '4' }));
      assert.equal(user.username, u.username);
      assert.equal(user.idClaims['cognito:username'], u.username);
      assert.equal((await user.getUser()).username, u.username);
    });
  }

  it('CUSTOM_AUTH: three wrong answers reject NotAuthorizedException', async () => {
    const u = USERS['ours-alice'];
    let step = await cognito.signIn(ours('customOurs', { username: u.username, authFlow: 'CUSTOM_AUTH' }));
    step = await step.respond({ ANSWER: '1' });
    step = await step.respond({ ANSWER: '2' });
    assert.equal(step.challengeName, 'CUSTOM_CHALLENGE');
    await rejectsNamed(step.respond({ ANSWER: '3' }), 'NotAuthorizedException');
  });

  it("CUSTOM_WITH_SRP: SRP_A with CHALLENGE_NAME=SRP_A, PASSWORD_VERIFIER answered by the module, then CUSTOM_CHALLENGE → '4'", async () => {
    const u = USERS['ours-alice'];
    const mark = proxy.mark();
    const step = await cognito.signIn(ours('customOurs', { username: u.username, password: u.password, authFlow: 'CUSTOM_WITH_SRP' }));
    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'CUSTOM_CHALLENGE');
    assert.deepEqual(step.answers, ['ANSWER']);
    assert.equal(step.challengeParameters.question, QUESTION);
    const [initiate, verifier] = proxy.since(mark);
    assert.equal(initiate.authFlow, 'CUSTOM_AUTH', 'CUSTOM_WITH_SRP is CUSTOM_AUTH on the wire');
    assert.equal(initiate.body.AuthParameters.CHALLENGE_NAME, 'SRP_A');
    assert.match(initiate.body.AuthParameters.SRP_A, /^[0-9a-f]{256,}$/);
    assert.equal(initiate.body.AuthParameters.PASSWORD, undefined);
    assert.equal(verifier.challengeName, 'PASSWORD_VERIFIER');
    assert.equal(JSON.stringify(step).includes(u.password), false, 'the password is not part of the step');

    const user = assertDone(await step.respond({ ANSWER: '4' }));
    assert.equal(user.username, u.username);
  });

  it('CUSTOM_WITH_SRP with a wrong password rejects NotAuthorizedException before any custom challenge', async () => {
    const u = USERS['ours-alice'];
    const mark = proxy.mark();
    await rejectsNamed(cognito.signIn(ours('customOurs', { username: u.username, password: `${u.password}x`, authFlow: 'CUSTOM_WITH_SRP' })),
      'NotAuthorizedException');
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'CUSTOM_CHALLENGE' }), 0);
  });
});

describe('cognito-srp-wasm in Node: USER_AUTH', () => {
  it('SELECT_CHALLENGE lists the options; ANSWER PASSWORD_SRP uses the password given to signIn, sent only as SRP', async () => {
    const u = USERS['ua-srp'];
    const mark = proxy.mark();
    const step = await cognito.signIn(ours('userAuth', { username: u.username, password: u.password, authFlow: 'USER_AUTH' }));
    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(step.answers, ['ANSWER']);
    assert.deepEqual([...step.options].sort(), ['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']);
    assert.equal(JSON.stringify(step).includes(u.password), false);

    const user = assertDone(await step.respond({ ANSWER: 'PASSWORD_SRP' }));
    assert.equal(user.username, u.username);
    const calls = proxy.since(mark);
    assert.deepEqual(calls.map((c) => c.challengeName || c.authFlow), ['USER_AUTH', 'SELECT_CHALLENGE', 'PASSWORD_VERIFIER']);
    assert.match(calls[1].body.ChallengeResponses.SRP_A, /^[0-9a-f]{256,}$/);
    for (const c of calls) assert.equal(JSON.stringify(c.body).includes(u.password), false, `${c.op} carried the password`);
  });

  it('SELECT_CHALLENGE answered PASSWORD sends the password given to signIn', async () => {
    const u = USERS['ua-password'];
    const step = await cognito.signIn(ours('userAuth', { username: u.username, password: u.password, authFlow: 'USER_AUTH' }));
    assert.equal(step.challengeName, 'SELECT_CHALLENGE');
    const mark = proxy.mark();
    const user = assertDone(await step.respond({ ANSWER: 'PASSWORD' }));
    assert.equal(user.username, u.username);
    const [answer] = proxy.since(mark);
    assert.equal(answer.body.ChallengeResponses.ANSWER, 'PASSWORD');
    assert.equal(answer.body.ChallengeResponses.PASSWORD, u.password);
  });

  it("preferredChallenge 'EMAIL_OTP': EMAIL_OTP at once, the outbox code signs in; a wrong code is CodeMismatchException", async () => {
    const u = USERS['ua-otp'];
    const before = await messageCount(u.username, 'Authentication');
    const mark = proxy.mark();
    const step = await cognito.signIn(ours('userAuth', { username: u.username, authFlow: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' }));
    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'EMAIL_OTP');
    assert.deepEqual(step.answers, ['EMAIL_OTP_CODE']);
    assert.equal(step.challengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
    const [initiate] = proxy.since(mark);
    assert.equal(initiate.authFlow, 'USER_AUTH');
    assert.equal(initiate.body.AuthParameters.PREFERRED_CHALLENGE, 'EMAIL_OTP');

    const message = await newCode(u.username, 'Authentication', before);
    assert.equal(message.channel, 'EMAIL');
    assert.equal(message.destination, u.email);
    const code = message.code;
    await rejectsNamed(step.respond({ EMAIL_OTP_CODE: otherCode(code) }), 'CodeMismatchException');
    const user = assertDone(await step.respond({ EMAIL_OTP_CODE: code }));
    assert.equal(user.username, u.username);
  });

  it('SELECT_CHALLENGE answered EMAIL_OTP sends a code; no password needed', async () => {
    const u = USERS['ua-select-otp'];
    const before = await messageCount(u.username, 'Authentication');
    const step = await cognito.signIn(ours('userAuth', { username: u.username, authFlow: 'USER_AUTH' }));
    assert.equal(step.challengeName, 'SELECT_CHALLENGE');
    const otp = await step.respond({ ANSWER: 'EMAIL_OTP' });
    assert.equal(otp.challengeName, 'EMAIL_OTP');
    const message = await newCode(u.username, 'Authentication', before);
    const user = assertDone(await otp.respond({ EMAIL_OTP_CODE: message.code }));
    assert.equal(user.username, u.username);
  });
});

describe('cognito-srp-wasm in Node: user migration and MFA', () => {
  it('migrates legacy-user through USER_PASSWORD_AUTH, who then signs in with SRP', async () => {
    const getLegacy = () => admin.send(new AdminGetUserCommand({ UserPoolId: POOLS.customOurs.id, Username: LEGACY.username }));
    await assert.rejects(getLegacy(), { name: 'UserNotFoundException' });
    await rejectsNamed(cognito.signIn(ours('customOurs', { username: LEGACY.username, password: LEGACY.password })), 'UserNotFoundException');

    const mark = proxy.mark();
    const user = assertDone(await cognito.signIn(ours('customOurs', {
      username: LEGACY.username, password: LEGACY.password, authFlow: 'USER_PASSWORD_AUTH',
    })));
    assert.equal(user.username, LEGACY.username);
    assert.equal(user.idClaims.email, LEGACY.email);
    assert.deepEqual(proxy.since(mark).map((c) => c.authFlow), ['USER_PASSWORD_AUTH']);
    assert.equal((await getLegacy()).UserStatus, 'CONFIRMED');

    const srpMark = proxy.mark();
    const srp = assertDone(await cognito.signIn(ours('customOurs', { username: LEGACY.username, password: LEGACY.password })));
    assert.equal(srp.username, LEGACY.username);
    assert.deepEqual(proxy.since(srpMark).map((c) => c.challengeName || c.authFlow), ['USER_SRP_AUTH', 'PASSWORD_VERIFIER']);
  });

  it('a confirmed device that is not remembered: SOFTWARE_TOKEN_MFA, then the module answers DEVICE_SRP_AUTH itself', async () => {
    const u = USERS['ours-device-not-remembered'];
    const storage = mapStorage();
    const opts = ours('devices', { username: u.username, password: u.password, storage });
    const first = await cognito.signIn(opts);
    assert.equal(first.challengeName, 'SOFTWARE_TOKEN_MFA');
    const user = assertDone(await first.respond({ SOFTWARE_TOKEN_MFA_CODE: totpCode(u.totpSecret) }));
    const deviceKey = user.device.deviceKey; // confirmed by the module, not remembered
    const mark = proxy.mark();
    const step = await cognito.signIn(opts);
    assert.equal(step.challengeName, 'SOFTWARE_TOKEN_MFA');
    const again = assertDone(await step.respond({ SOFTWARE_TOKEN_MFA_CODE: totpCode(u.totpSecret, 1) }));
    assert.equal(again.accessClaims.device_key, deviceKey);
    assert.deepEqual(proxy.since(mark).map((c) => c.challengeName || c.authFlow), [
      'USER_SRP_AUTH', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER',
    ]);
  });

  it('MFA_SETUP: step.totp has the secret and its otpauth URI; a wrong code is refused; an otplib code signs in; the next sign-in asks SOFTWARE_TOKEN_MFA', async () => {
    const u = USERS['ours-setup'];
    const step = await cognito.signIn(ours('mfaOn', { username: u.username, password: u.password, totpIssuer: 'Flows Test' }));
    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'MFA_SETUP');
    assert.deepEqual(step.answers, ['SOFTWARE_TOKEN_MFA_CODE']);
    const { secret, uri } = step.totp;
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    const parsed = new URL(uri);
    assert.equal(parsed.protocol, 'otpauth:');
    assert.equal(parsed.host, 'totp');
    assert.equal(decodeURIComponent(parsed.pathname), `/Flows Test:${u.username}`);
    assert.equal(parsed.searchParams.get('secret'), secret);
    assert.equal(parsed.searchParams.get('issuer'), 'Flows Test');

    await rejectsNamed(step.respond({ SOFTWARE_TOKEN_MFA_CODE: wrongTotp(secret) }), 'EnableSoftwareTokenMFAException');
    const user = assertDone(await step.respond({ SOFTWARE_TOKEN_MFA_CODE: totpCode(secret) }));
    assert.equal(user.username, u.username);
    const profile = await user.getUser();
    assert.deepEqual(profile.mfaMethods, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(profile.preferredMfa, 'SOFTWARE_TOKEN_MFA');

    const again = await cognito.signIn(ours('mfaOn', { username: u.username, password: u.password }));
    assert.equal(again.challengeName, 'SOFTWARE_TOKEN_MFA');
    assertDone(await again.respond({ SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, 1) }));
  });

  it('SELECT_MFA_TYPE: step.options; SOFTWARE_TOKEN_MFA then an otplib code; SMS_MFA then the outbox code; an unknown choice is refused', async () => {
    const u = USERS['ours-select'];
    const step = await cognito.signIn(ours('mfa', { username: u.username, password: u.password }));
    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'SELECT_MFA_TYPE');
    assert.deepEqual(step.answers, ['ANSWER']);
    assert.deepEqual([...step.options].sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    await rejectsNamed(step.respond({ ANSWER: 'EMAIL_OTP' }), 'InvalidParameterException');

    const totp = await step.respond({ ANSWER: 'SOFTWARE_TOKEN_MFA' });
    assert.equal(totp.challengeName, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(totp.answers, ['SOFTWARE_TOKEN_MFA_CODE']);
    assert.equal(assertDone(await totp.respond({ SOFTWARE_TOKEN_MFA_CODE: totpCode(u.totpSecret) })).username, u.username);

    const before = await messageCount(u.username, 'Authentication');
    const second = await cognito.signIn(ours('mfa', { username: u.username, password: u.password }));
    assert.equal(second.challengeName, 'SELECT_MFA_TYPE');
    const sms = await second.respond({ ANSWER: 'SMS_MFA' });
    assert.equal(sms.challengeName, 'SMS_MFA');
    assert.deepEqual(sms.answers, ['SMS_MFA_CODE']);
    assert.equal(sms.challengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    const message = await newCode(u.username, 'Authentication', before);
    assert.equal(message.channel, 'SMS');
    assert.equal(assertDone(await sms.respond({ SMS_MFA_CODE: message.code })).username, u.username);
  });

  it('SMS_MFA: the outbox code signs in; a wrong code is CodeMismatchException and the step can be answered again', async () => {
    const u = USERS['ours-sms'];
    const before = await messageCount(u.username, 'Authentication');
    const step = await cognito.signIn(ours('mfa', { username: u.username, password: u.password }));
    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'SMS_MFA');
    assert.deepEqual(step.answers, ['SMS_MFA_CODE']);
    assert.equal(step.challengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    assert.ok(step.challengeParameters.CODE_DELIVERY_DESTINATION.endsWith('0103'));
    const message = await newCode(u.username, 'Authentication', before);
    assert.equal(message.destination, u.phone);
    const code = message.code;
    await rejectsNamed(step.respond({ SMS_MFA_CODE: otherCode(code) }), 'CodeMismatchException');
    assert.equal(assertDone(await step.respond({ SMS_MFA_CODE: code })).username, u.username);
  });
});
