// The JavaScript session API end to end in Node, against a localcognito
// child process: what signIn's step.user can do (refresh, sign-out,
// profile calls), storage under AWS's key scheme (and shared with
// amazon-cognito-identity-js), resume, the other flows, the account calls
// with their outbox codes, bad input, automatic refresh, remembered devices
// and TOTP MFA.
//
// Every call from the module goes through a counting proxy written here
// with node:http, so a test can tell how many requests of which kind a call
// really sent (one REFRESH_TOKEN_AUTH for two concurrent refresh() calls,
// none for input refused up front).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminGetUserCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import identity from 'amazon-cognito-identity-js';
import { load } from 'cognito-srp-wasm';
import {
  startLocalCognito, provision, createUserWithTemporaryPassword, decodeJwt,
  newPassword, newUsername, outbox, latestCode, totpCode,
} from './helpers.mjs';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;

let server; // localcognito
let proxy; // counting proxy in front of it; the module's endpoint
let cognito; // the module most tests share
let plain; // pool without auto-verification; client: SRP + refresh only
let verify; // pool auto-verifying email; client: SRP, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, refresh
let verifySecret; // a client with a secret in another pool of the same kind
let devices; // pool that remembers devices (confirmed only on the user's say-so)
let mfa; // pool with optional TOTP MFA

const AWS_KEY_PREFIX = 'CognitoIdentityServiceProvider';
const ALL_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

before(async () => {
  server = await startLocalCognito();
  proxy = await startCountingProxy(server.url);
  [cognito, plain, verify, verifySecret, devices, mfa] = await Promise.all([
    load(),
    provision(server.url),
    provision(server.url, { pool: { AutoVerifiedAttributes: ['email'] }, authFlows: ALL_FLOWS }),
    provision(server.url, { secret: true, pool: { AutoVerifiedAttributes: ['email'] }, authFlows: ALL_FLOWS }),
    provision(server.url, {
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } },
    }),
    provision(server.url),
  ]);
  await mfa.admin.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: mfa.poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true },
  }));
});

after(async () => {
  await proxy?.stop();
  await server?.stop();
});

// ---- fixtures -------------------------------------------------------------

/**
 * A node:http proxy that forwards everything to target, recording each
 * Cognito operation with its AuthFlow or ChallengeName. Requests go on
 * unchanged, Host included (admin calls sign it), so localcognito names
 * the proxy as the tokens' issuer.
 */
async function startCountingProxy(target) {
  const upstream = new URL(target);
  const calls = [];
  const holds = [];
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let json = {};
      try { json = JSON.parse(body.toString('utf8') || '{}'); } catch { /* not JSON: recorded as is */ }
      const call = {
        op: String(req.headers['x-amz-target'] || `${req.method} ${req.url}`).replace(/^AWSCognitoIdentityProviderService\./, ''),
        authFlow: json.AuthFlow,
        challengeName: json.ChallengeName,
        body: json,
      };
      calls.push(call);
      const i = holds.findIndex((h) => h.match(call));
      const hold = i >= 0 ? holds.splice(i, 1)[0] : null;
      const up = http.request({
        host: upstream.hostname, port: upstream.port, path: req.url, method: req.method,
        headers: req.headers, // Host unchanged: SigV4 signs it
      }, (ur) => {
        if (!hold) {
          res.writeHead(ur.statusCode, ur.headers);
          ur.pipe(res);
          return;
        }
        // Cognito has answered; the answer reaches the caller on release().
        const parts = [];
        ur.on('data', (c) => parts.push(c));
        ur.on('end', async () => {
          hold.arrived();
          await hold.released;
          res.writeHead(ur.statusCode, ur.headers);
          res.end(Buffer.concat(parts));
        });
      });
      up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
      up.end(body);
    });
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    calls,
    /** Calls recorded since mark (an index into calls) matching op and, optionally, authFlow/challengeName. */
    count(mark, op, { authFlow, challengeName } = {}) {
      return calls.slice(mark).filter((c) => c.op === op &&
        (authFlow === undefined || c.authFlow === authFlow) &&
        (challengeName === undefined || c.challengeName === challengeName)).length;
    },
    mark: () => calls.length,
    /**
     * Holds back Cognito's answer to the next call that match(call)
     * accepts: { answered } resolves once Cognito has answered it, and
     * release() lets the answer through to the caller.
     */
    hold(match) {
      let release;
      let arrived;
      const h = {
        match,
        released: new Promise((r) => { release = r; }),
        answered: new Promise((r) => { arrived = r; }),
      };
      h.arrived = arrived;
      holds.push(h);
      return { answered: h.answered, release };
    },
    async stop() {
      srv.closeAllConnections();
      srv.close();
      await once(srv, 'close');
    },
  };
}

/** Pool and client options for a fixture, calling through the proxy. */
function clientOptions(fixture, extra = {}) {
  return {
    userPoolId: fixture.poolId,
    clientId: fixture.clientId,
    ...(fixture.clientSecret ? { clientSecret: fixture.clientSecret } : {}),
    endpoint: `${proxy.url}/`,
    ...extra,
  };
}

/** A new confirmed user with a permanent password in fixture's pool. */
async function addUser(fixture, { username = newUsername(), password = newPassword(), email = `${username}@example.com` } = {}) {
  await fixture.admin.send(new AdminCreateUserCommand({
    UserPoolId: fixture.poolId,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  }));
  await fixture.admin.send(new AdminSetUserPasswordCommand({
    UserPoolId: fixture.poolId, Username: username, Password: password, Permanent: true,
  }));
  return { username, password, email };
}

function signIn(fixture, user, extra = {}) {
  return cognito.signIn(clientOptions(fixture, { username: user.username, password: user.password, ...extra }));
}

/** A finished step; fails with the step's challenge otherwise. */
function assertDone(step) {
  assert.equal(step.done, true, `expected tokens, got ${JSON.stringify(step)}`);
  assert.ok(step.user, 'a finished step has a user');
  return step.user;
}

/** A { getItem, setItem, removeItem } storage over a Map, with the Map to look at. */
function mapStorage() {
  const map = new Map();
  const waiting = [];
  return {
    map,
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem(k, v) {
      map.set(k, String(v));
      for (const w of waiting.splice(0)) w.check();
    },
    removeItem: (k) => { map.delete(k); },
    // amazon-cognito-identity-js's StorageHelper interface also has clear.
    clear: () => map.clear(),
    /** Resolves once key holds a value other than notValue. */
    changed(key, notValue) {
      return new Promise((resolve) => {
        const w = { check: () => (map.get(key) !== undefined && map.get(key) !== notValue ? resolve(map.get(key)) : waiting.push(w)) };
        w.check();
      });
    },
  };
}

function keysFor(clientId, username) {
  const p = `${AWS_KEY_PREFIX}.${clientId}`;
  return {
    lastAuthUser: `${p}.LastAuthUser`,
    idToken: `${p}.${username}.idToken`,
    accessToken: `${p}.${username}.accessToken`,
    refreshToken: `${p}.${username}.refreshToken`,
    clockDrift: `${p}.${username}.clockDrift`,
    deviceKey: `${p}.${username}.deviceKey`,
    deviceGroupKey: `${p}.${username}.deviceGroupKey`,
    randomPasswordKey: `${p}.${username}.randomPasswordKey`,
  };
}

async function rejectsNamed(promise, name, message) {
  const e = await promise.then(() => assert.fail(`expected ${name}, but the call succeeded`), (err) => err);
  assert.ok(e instanceof Error, `expected an Error, got ${e}`);
  assert.equal(e.name, name, `${e.name}: ${e.message}`);
  if (message !== undefined) assert.match(e.message, message);
  return e;
}

// ---- step.user ------------------------------------------------------------

describe('signIn → step.user', () => {
  it('is a UserSession: username, tokens, decoded claims, expiresAt and isValid', async () => {
    const u = await addUser(plain);
    const step = await signIn(plain, u);
    const user = assertDone(step);

    assert.equal(user.username, u.username);
    assert.deepEqual({ ...user.tokens }, { ...step.tokens });
    assert.ok(Object.isFrozen(user.tokens), 'session tokens are read-only');
    assert.equal(user.tokens.tokenType, 'Bearer');
    assert.equal(user.tokens.expiresIn, 3600);
    assert.ok(user.tokens.refreshToken);

    const id = decodeJwt(user.tokens.idToken).payload;
    const access = decodeJwt(user.tokens.accessToken).payload;
    assert.deepEqual(user.idClaims, id);
    assert.deepEqual(user.accessClaims, access);
    assert.equal(user.idClaims.token_use, 'id');
    assert.equal(user.idClaims['cognito:username'], u.username);
    assert.equal(user.idClaims.email, u.email);
    assert.equal(user.accessClaims.token_use, 'access');
    assert.equal(user.accessClaims.username, u.username);
    assert.equal(user.accessClaims.client_id, plain.clientId);
    assert.equal(cognito.decodeJWT(user.tokens.idToken).sub, id.sub);

    // localcognito runs on this machine's clock: no drift, beyond a second
    // boundary crossed between issuing and receiving the tokens.
    assert.ok(Number.isInteger(user.clockDrift) && Math.abs(user.clockDrift) <= 1, `clockDrift ${user.clockDrift}`);
    const exp = Math.min(id.exp, access.exp);
    assert.equal(exp - id.iat, 3600);
    assert.equal(user.expiresAt, (exp + user.clockDrift) * 1000);
    assert.ok(Math.abs(user.expiresAt - exp * 1000) <= 1000);

    assert.equal(user.isValid(), true);
    assert.equal(user.isValid(user.expiresAt - 1), true);
    assert.equal(user.isValid(user.expiresAt), false);
    assert.equal(user.isValid(user.expiresAt + 3_600_000), false);
    assert.equal(user.device, null, 'a pool without device tracking gives no device');
  });

  it('JSON.stringify(step) has no user and no password; JSON.stringify(step.user) only username and tokens', async () => {
    const u = await addUser(verifySecret);
    const step = await signIn(verifySecret, u);
    const user = assertDone(step);

    assert.equal(Object.keys(step).includes('user'), false, 'step.user must not be enumerable');
    const stepJSON = JSON.stringify(step);
    assert.deepEqual(Object.keys(JSON.parse(stepJSON)).sort(), ['done', 'tokens']);
    assert.deepEqual(JSON.parse(stepJSON).tokens, { ...step.tokens });

    const userJSON = JSON.stringify(user);
    assert.deepEqual(JSON.parse(userJSON), { username: u.username, tokens: { ...user.tokens } });

    for (const [what, json] of [['step', stepJSON], ['step.user', userJSON]]) {
      assert.equal(json.includes(u.password), false, `${what} leaks the password`);
      assert.equal(json.includes(verifySecret.clientSecret), false, `${what} leaks the client secret`);
      assert.equal(json.includes('"user"'), false, `${what} has a user key`);
    }
  });

  it('JSON.stringify(step.user) keeps admin credentials out', async () => {
    const u = await addUser(verify);
    const step = await signIn(verify, u, {
      authFlow: 'ADMIN_USER_PASSWORD_AUTH', admin: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const json = JSON.stringify(assertDone(step));
    assert.deepEqual(Object.keys(JSON.parse(json)).sort(), ['tokens', 'username']);
    assert.equal(/secretAccessKey|accessKeyId|credentials/.test(json), false);
  });
});

// ---- refresh ----------------------------------------------------------------

describe('refresh()', () => {
  it('renews the ID and access tokens, keeps the refresh token and stores the new ones', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const user = assertDone(await signIn(plain, u, { storage }));
    const before = { ...user.tokens };
    const keys = keysFor(plain.clientId, u.username);
    const mark = proxy.mark();

    const tokens = await user.refresh();

    assert.equal(proxy.count(mark, 'InitiateAuth', { authFlow: 'REFRESH_TOKEN_AUTH' }), 1);
    assert.equal(tokens, user.tokens, 'refresh resolves to the session\'s new tokens');
    assert.notEqual(tokens.idToken, before.idToken);
    assert.notEqual(tokens.accessToken, before.accessToken);
    assert.equal(tokens.refreshToken, before.refreshToken, 'Cognito sends no new refresh token; the old one is kept');
    assert.notEqual(user.accessClaims.jti, decodeJwt(before.accessToken).payload.jti);
    assert.equal(user.accessClaims.origin_jti, decodeJwt(before.accessToken).payload.origin_jti);
    assert.equal(user.idClaims.sub, decodeJwt(before.idToken).payload.sub);
    assert.equal(storage.getItem(keys.idToken), tokens.idToken);
    assert.equal(storage.getItem(keys.accessToken), tokens.accessToken);
    assert.equal(storage.getItem(keys.refreshToken), before.refreshToken);
    // The renewed access token works.
    assert.equal((await user.getUser()).username, u.username);
  });

  it('two concurrent refresh() calls share one REFRESH_TOKEN_AUTH request', async () => {
    const u = await addUser(plain);
    const user = assertDone(await signIn(plain, u));
    const mark = proxy.mark();

    const first = user.refresh();
    const second = user.refresh();
    assert.equal(first, second, 'the second call returns the pending promise');
    const [a, b] = await Promise.all([first, second]);

    assert.equal(proxy.count(mark, 'InitiateAuth', { authFlow: 'REFRESH_TOKEN_AUTH' }), 1);
    assert.equal(a, b);

    // Once settled, the next refresh() is a new request with new tokens.
    const c = await user.refresh();
    assert.equal(proxy.count(mark, 'InitiateAuth', { authFlow: 'REFRESH_TOKEN_AUTH' }), 2);
    assert.notEqual(c.accessToken, a.accessToken);
  });

  it('works for an app client with a secret (SECRET_HASH)', async () => {
    const u = await addUser(verifySecret);
    const user = assertDone(await signIn(verifySecret, u));
    const mark = proxy.mark();
    const tokens = await user.refresh();
    const [call] = proxy.calls.slice(mark).filter((c) => c.authFlow === 'REFRESH_TOKEN_AUTH');
    assert.match(call.body.AuthParameters.SECRET_HASH ?? '', /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(decodeJwt(tokens.idToken).payload['cognito:username'], u.username);
  });
});

// ---- signOut ----------------------------------------------------------------

describe('signOut()', () => {
  it('revokes this session: refresh() and getUser() then reject NotAuthorizedException and storage is cleared', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const user = assertDone(await signIn(plain, u, { storage }));
    const other = assertDone(await signIn(plain, u)); // another session of the same user
    assert.ok(storage.map.size > 0);
    const mark = proxy.mark();

    await user.signOut();

    assert.equal(proxy.count(mark, 'RevokeToken'), 1);
    assert.equal(proxy.count(mark, 'GlobalSignOut'), 0);
    assert.deepEqual([...storage.map.keys()], [], 'sign-out leaves nothing in storage');
    assert.equal(cognito.currentUser(clientOptions(plain, { storage })), null);
    await rejectsNamed(user.refresh(), 'NotAuthorizedException', /revoked/);
    await rejectsNamed(user.getUser(), 'NotAuthorizedException', /revoked/);

    // Revoking one refresh token leaves the user's other sessions alone.
    assert.equal((await other.getUser()).username, u.username);
    await other.refresh();
  });

  it('a refresh() still in flight when signOut() runs does not put the tokens back', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const user = assertDone(await signIn(plain, u, { storage }));
    const held = proxy.hold((c) => c.authFlow === 'REFRESH_TOKEN_AUTH');
    const refreshing = user.refresh().then(() => 'resolved', (e) => e.name);
    await within(held.answered, 'the refresh request');
    await user.signOut();
    assert.deepEqual([...storage.map.keys()], []);
    held.release(); // the refresh's answer arrives after the sign-out
    await refreshing;
    assert.deepEqual([...storage.map.keys()], [], 'the late refresh stored tokens again after signOut');
    assert.equal(cognito.currentUser(clientOptions(plain, { storage })), null, 'a signed-out user is current again');
  });

  it('signOut({ global: true }) ends every session of the user', async () => {
    const u = await addUser(plain);
    const a = assertDone(await signIn(plain, u));
    const b = assertDone(await signIn(plain, u));
    const mark = proxy.mark();

    await b.signOut({ global: true });

    assert.equal(proxy.count(mark, 'GlobalSignOut'), 1);
    await rejectsNamed(a.getUser(), 'NotAuthorizedException');
    await rejectsNamed(a.refresh(), 'NotAuthorizedException');
    await rejectsNamed(b.getUser(), 'NotAuthorizedException');
    // The user can sign in again afterwards.
    const c = assertDone(await signIn(plain, u));
    assert.equal((await c.getUser()).username, u.username);
  });
});

// ---- profile calls ------------------------------------------------------------

describe('profile calls', () => {
  it('getUser() returns the username and attributes', async () => {
    const u = await addUser(plain);
    const user = assertDone(await signIn(plain, u));
    const profile = await user.getUser();
    assert.equal(profile.username, u.username);
    assert.equal(profile.attributes.email, u.email);
    assert.equal(profile.attributes.email_verified, 'true');
    assert.equal(profile.attributes.sub, user.idClaims.sub);
  });

  it('changePassword(): the new password signs in, the old one no longer does', async () => {
    const u = await addUser(plain);
    const user = assertDone(await signIn(plain, u));
    const next = newPassword();

    await rejectsNamed(user.changePassword(`${u.password}x`, newPassword()), 'NotAuthorizedException', /Incorrect username or password/);
    await rejectsNamed(user.changePassword(u.password, 'nouppercase-1!'), 'InvalidPasswordException', /uppercase/);
    await user.changePassword(u.password, next);

    assertDone(await signIn(plain, { ...u, password: next }));
    await rejectsNamed(signIn(plain, u), 'NotAuthorizedException', /Incorrect username or password/);
  });

  it('updateAttributes() of email sends a code that verifyAttribute() accepts (pool auto-verifies email)', async () => {
    const u = await addUser(verify);
    const user = assertDone(await signIn(verify, u));
    const newEmail = `${newUsername('moved')}@example.org`;

    assert.deepEqual(await user.updateAttributes({ given_name: 'Ada' }), [], 'no code for an attribute that is not verified');
    const deliveries = await user.updateAttributes({ email: newEmail });
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0].attributeName, 'email');
    assert.equal(deliveries[0].deliveryMedium, 'EMAIL');
    assert.notEqual(deliveries[0].destination, newEmail, 'the destination is masked');
    assert.equal(deliveries[0].destination[0], newEmail[0]);

    let profile = await user.getUser();
    assert.equal(profile.attributes.email, newEmail);
    assert.equal(profile.attributes.given_name, 'Ada');
    assert.equal(profile.attributes.email_verified, 'false');

    const [msg] = (await outbox(server.url, { username: u.username, kind: 'UpdateUserAttribute' })).slice(-1);
    assert.equal(msg.destination, newEmail);
    assert.equal(msg.channel, 'EMAIL');
    const wrong = msg.code === '000000' ? '111111' : '000000';
    await rejectsNamed(user.verifyAttribute('email', wrong), 'CodeMismatchException');
    await user.verifyAttribute('email', msg.code);

    profile = await user.getUser();
    assert.equal(profile.attributes.email_verified, 'true');
  });

  it('sendAttributeCode() sends a fresh code to the current email', async () => {
    const u = await addUser(verify);
    const user = assertDone(await signIn(verify, u));
    const delivery = await user.sendAttributeCode('email');
    assert.equal(delivery.attributeName, 'email');
    assert.equal(delivery.deliveryMedium, 'EMAIL');
    const code = await latestCode(server.url, u.username, 'VerifyUserAttribute');
    await user.verifyAttribute('email', code);
    // The code is spent.
    await rejectsNamed(user.verifyAttribute('email', code), 'ExpiredCodeException');
  });

  it('deleteUser() deletes the user and clears storage', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const user = assertDone(await signIn(plain, u, { storage }));
    await user.deleteUser();
    assert.deepEqual([...storage.map.keys()], []);
    await rejectsNamed(plain.admin.send(new AdminGetUserCommand({ UserPoolId: plain.poolId, Username: u.username })), 'UserNotFoundException');
    await rejectsNamed(signIn(plain, u), 'UserNotFoundException');
    await rejectsNamed(user.getUser(), 'NotAuthorizedException');
  });
});

// ---- storage ---------------------------------------------------------------------

describe('storage', () => {
  it("'memory' (the default) is per module: currentUser sees this module's sign-in, another module's does not", async () => {
    const u = await addUser(plain);
    const mod = await load();
    const other = await load();
    const user = assertDone(await mod.signIn(clientOptions(plain, { username: u.username, password: u.password })));

    for (const storage of [undefined, 'memory']) {
      const current = mod.currentUser(clientOptions(plain, { storage }));
      assert.ok(current, `currentUser with storage ${storage} found nobody`);
      assert.equal(current.username, u.username);
      assert.deepEqual({ ...current.tokens, expiresIn: undefined }, { ...user.tokens, expiresIn: undefined });
    }
    assert.equal(other.currentUser(clientOptions(plain)), null);
    assert.equal(mod.currentUser(clientOptions(verify)), null, 'another app client has no user here');

    await mod.currentUser(clientOptions(plain)).signOut();
    assert.equal(mod.currentUser(clientOptions(plain)), null);
  });

  it('a storage that cannot save (full, or throwing) does not lose a sign-in: step.storageError says why', async () => {
    const u = await addUser(plain);
    const full = Object.assign(mapStorage(), { setItem() { throw new Error('QuotaExceededError'); } });
    const step = await cognito.signIn(clientOptions(plain, { username: u.username, password: u.password, storage: full }));
    const user = assertDone(step);
    assert.equal(step.storageError?.message, 'QuotaExceededError');
    assert.equal(user.username, u.username);
    assert.ok(user.isValid() && user.tokens.accessToken);
  });

  it("a custom storage object gets exactly AWS's keys", async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const user = assertDone(await signIn(plain, u, { storage }));
    const k = keysFor(plain.clientId, u.username);
    assert.deepEqual(Object.fromEntries(storage.map), {
      [k.lastAuthUser]: u.username,
      [k.idToken]: user.tokens.idToken,
      [k.accessToken]: user.tokens.accessToken,
      [k.refreshToken]: user.tokens.refreshToken,
      [k.clockDrift]: String(user.clockDrift),
    });
  });

  it('currentUser() reads them back into a working session', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const signedIn = assertDone(await signIn(plain, u, { storage }));
    const fresh = await load(); // nothing in memory: all from storage

    const user = fresh.currentUser(clientOptions(plain, { storage }));
    assert.ok(user);
    assert.equal(user.username, u.username);
    assert.equal(user.tokens.idToken, signedIn.tokens.idToken);
    assert.equal(user.tokens.accessToken, signedIn.tokens.accessToken);
    assert.equal(user.tokens.refreshToken, signedIn.tokens.refreshToken);
    assert.equal(user.clockDrift, signedIn.clockDrift);
    assert.equal(user.expiresAt, signedIn.expiresAt);
    assert.equal(user.isValid(), true);
    assert.equal((await user.getUser()).username, u.username);

    const tokens = await user.refresh();
    assert.equal(storage.getItem(keysFor(plain.clientId, u.username).idToken), tokens.idToken);

    assert.equal(fresh.currentUser(clientOptions(plain, { storage: mapStorage() })), null, 'empty storage: nobody');
    assert.equal(fresh.currentUser(clientOptions(verify, { storage })), null, 'another client id: nobody');
  });

  it('currentUser().tokens.expiresIn is a number, as Tokens types it', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    assertDone(await signIn(plain, u, { storage }));
    const user = cognito.currentUser(clientOptions(plain, { storage }));
    assert.equal(user.tokens.expiresIn, 3600);
  });

  it('currentUser() picks up tokens amazon-cognito-identity-js stored', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const pool = new CognitoUserPool({ UserPoolId: plain.poolId, ClientId: plain.clientId, endpoint: `${server.url}/`, Storage: storage });
    const session = await new Promise((resolve, reject) => {
      new CognitoUser({ Username: u.username, Pool: pool, Storage: storage })
        .authenticateUser(new AuthenticationDetails({ Username: u.username, Password: u.password }), {
          onSuccess: resolve, onFailure: reject, newPasswordRequired: () => reject(new Error('newPasswordRequired')),
        });
    });
    const k = keysFor(plain.clientId, u.username);
    assert.equal(storage.getItem(k.lastAuthUser), u.username);
    assert.equal(storage.getItem(k.idToken), session.getIdToken().getJwtToken());

    const user = cognito.currentUser(clientOptions(plain, { storage }));
    assert.ok(user, 'currentUser found nothing in what amazon-cognito-identity-js stored');
    assert.equal(user.username, u.username);
    assert.equal(user.tokens.idToken, session.getIdToken().getJwtToken());
    assert.equal(user.tokens.accessToken, session.getAccessToken().getJwtToken());
    assert.equal(user.tokens.refreshToken, session.getRefreshToken().getToken());
    assert.equal(user.clockDrift, Number(storage.getItem(k.clockDrift)));
    assert.equal((await user.getUser()).username, u.username);
    // Its refresh token works here too.
    const tokens = await user.refresh();
    assert.notEqual(tokens.idToken, session.getIdToken().getJwtToken());
  });

  it('amazon-cognito-identity-js reads what we stored (getCurrentUser().getSession())', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const ours = assertDone(await signIn(plain, u, { storage }));
    const mark = proxy.mark();

    const pool = new CognitoUserPool({ UserPoolId: plain.poolId, ClientId: plain.clientId, endpoint: `${server.url}/`, Storage: storage });
    const current = pool.getCurrentUser();
    assert.ok(current, 'amazon-cognito-identity-js found no current user');
    assert.equal(current.getUsername(), u.username);
    const session = await new Promise((resolve, reject) => current.getSession((err, s) => (err ? reject(err) : resolve(s))));
    assert.equal(session.isValid(), true);
    assert.equal(session.getIdToken().getJwtToken(), ours.tokens.idToken);
    assert.equal(session.getAccessToken().getJwtToken(), ours.tokens.accessToken);
    assert.equal(session.getRefreshToken().getToken(), ours.tokens.refreshToken);
    assert.equal(session.getClockDrift(), ours.clockDrift);
    // AWS's client used our stored access token against Cognito (directly, not via the proxy).
    const attributes = await new Promise((resolve, reject) => current.getUserAttributes((err, a) => (err ? reject(err) : resolve(a))));
    assert.equal(attributes.find((a) => a.getName() === 'email').getValue(), u.email);
    assert.equal(proxy.count(mark, 'InitiateAuth'), 0, 'getSession must not have needed a new sign-in or refresh');
  });

  it("'localStorage' outside a browser rejects InvalidParameterException", async () => {
    const u = await addUser(plain);
    await rejectsNamed(signIn(plain, u, { storage: 'localStorage' }), 'InvalidParameterException', /localStorage/);
    assert.throws(() => cognito.currentUser(clientOptions(plain, { storage: 'sessionStorage' })),
      { name: 'InvalidParameterException', message: /sessionStorage/ });
  });
});

// ---- resume --------------------------------------------------------------------------

describe('resume()', () => {
  it('continues a NEW_PASSWORD_REQUIRED step saved with JSON.stringify, on another module', async () => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(verifySecret.admin, verifySecret.poolId);
    const first = await signIn(verifySecret, { username, password: temporaryPassword });
    assert.equal(first.done, false);
    assert.equal(first.challengeName, 'NEW_PASSWORD_REQUIRED');
    assert.ok(first.answers.includes('NEW_PASSWORD'));

    const saved = JSON.stringify(first);
    assert.equal(saved.includes(temporaryPassword), false);
    assert.equal(saved.includes(verifySecret.clientSecret), false);

    const later = await load();
    const storage = mapStorage();
    const resumed = await later.resume(JSON.parse(saved), clientOptions(verifySecret, { storage }));
    assert.equal(resumed.done, false);
    assert.equal(resumed.challengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(resumed.session, first.session);
    assert.equal(typeof resumed.respond, 'function');

    const chosen = newPassword();
    const user = assertDone(await resumed.respond({ NEW_PASSWORD: chosen }));
    assert.equal(user.username, username);
    assert.equal(storage.getItem(keysFor(verifySecret.clientId, username).idToken), user.tokens.idToken);
    assert.equal((await user.getUser()).username, username);
    assertDone(await signIn(verifySecret, { username, password: chosen }));
  });

  it('with a bad storage option refuses before the challenge is answered', async () => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(plain.admin, plain.poolId);
    const saved = JSON.stringify(await signIn(plain, { username, password: temporaryPassword }));
    const mark = proxy.mark();
    let outcome;
    try {
      const resumed = await cognito.resume(JSON.parse(saved), clientOptions(plain, { storage: 5 }));
      outcome = await resumed.respond({ NEW_PASSWORD: newPassword() }).then(() => 'tokens', (e) => e);
    } catch (e) {
      outcome = e;
    }
    assert.equal(outcome.name, 'InvalidParameterException');
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge'), 0,
      'the new password was sent to Cognito (and the tokens thrown away) before storage was checked');
  });

  it('refuses a finished step or something that is not a step', async () => {
    const u = await addUser(plain);
    const done = await signIn(plain, u);
    for (const saved of [JSON.parse(JSON.stringify(done)), {}, null, 'step', { challengeName: 7 }]) {
      await rejectsNamed(cognito.resume(saved, clientOptions(plain)), 'InvalidParameterException');
    }
  });
});

// ---- flows ----------------------------------------------------------------------------------

describe('sign-in flows', () => {
  it('USER_PASSWORD_AUTH on a client that allows it: one InitiateAuth, no PASSWORD_VERIFIER', async () => {
    const u = await addUser(verify);
    const mark = proxy.mark();
    const user = assertDone(await signIn(verify, u, { authFlow: 'USER_PASSWORD_AUTH' }));
    assert.equal(proxy.count(mark, 'InitiateAuth', { authFlow: 'USER_PASSWORD_AUTH' }), 1);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge'), 0);
    assert.equal(user.username, u.username);
    assert.equal((await user.getUser()).username, u.username);
  });

  it('USER_PASSWORD_AUTH on a client that does not allow it is refused', async () => {
    const u = await addUser(plain);
    await rejectsNamed(signIn(plain, u, { authFlow: 'USER_PASSWORD_AUTH' }), 'InvalidParameterException', /USER_PASSWORD_AUTH/);
  });

  it("authFlow 'ADMIN_USER_PASSWORD_AUTH' without credentials rejects InvalidParameterException before any request", async () => {
    const u = await addUser(plain);
    const mark = proxy.mark();
    await rejectsNamed(signIn(plain, u, { authFlow: 'ADMIN_USER_PASSWORD_AUTH' }), 'InvalidParameterException', /admin/);
    await rejectsNamed(signIn(plain, u, { authFlow: 'ADMIN_USER_PASSWORD_AUTH', admin: true }), 'InvalidParameterException', /credentials/);
    assert.equal(proxy.mark(), mark, 'nothing was sent');
  });

  it('ADMIN_USER_PASSWORD_AUTH with credentials signs in through AdminInitiateAuth (Node only)', async () => {
    const u = await addUser(verify);
    const mark = proxy.mark();
    const admin = { admin: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    const user = assertDone(await signIn(verify, u, { authFlow: 'ADMIN_USER_PASSWORD_AUTH', ...admin }));
    assert.equal(proxy.count(mark, 'AdminInitiateAuth', { authFlow: 'ADMIN_USER_PASSWORD_AUTH' }), 1);
    assert.equal(proxy.count(mark, 'InitiateAuth'), 0);
    assert.equal(user.username, u.username);
    assert.equal((await user.getUser()).username, u.username);

    await rejectsNamed(signIn(verify, u, { authFlow: 'ADMIN_USER_PASSWORD_AUTH', admin: true, credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' } }),
      'InvalidSignatureException');
    await rejectsNamed(signIn(verify, { ...u, password: `${u.password}x` }, { authFlow: 'ADMIN_USER_PASSWORD_AUTH', ...admin }),
      'NotAuthorizedException');
    // A client without ALLOW_ADMIN_USER_PASSWORD_AUTH is refused by Cognito.
    const p = await addUser(plain);
    await rejectsNamed(signIn(plain, p, { authFlow: 'ADMIN_USER_PASSWORD_AUTH', ...admin }), 'InvalidParameterException', /not enabled/);
  });
});

// ---- account calls --------------------------------------------------------------------------------

describe('account calls', () => {
  for (const [label, fixtureOf] of [['public client', () => verify], ['client with a secret (SECRET_HASH)', () => verifySecret]]) {
    it(`signUp → confirmSignUp with the outbox code → signIn (${label})`, async () => {
      const fixture = fixtureOf();
      const username = newUsername('signup');
      const password = newPassword();
      const email = `${username}@example.com`;
      const mark = proxy.mark();

      const res = await cognito.signUp(clientOptions(fixture, { username, password, attributes: { email, name: 'Sign Up' } }));
      assert.equal(res.userConfirmed, false);
      assert.match(res.userSub, /^[0-9a-f-]{36}$/);
      assert.deepEqual(res.codeDelivery && { ...res.codeDelivery, destination: typeof res.codeDelivery.destination },
        { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'string' });
      if (fixture.clientSecret) assert.ok(proxy.calls[mark].body.SecretHash, 'SignUp carries SecretHash');

      await rejectsNamed(signIn(fixture, { username, password }), 'UserNotConfirmedException');
      const code = await latestCode(server.url, username, 'SignUp');
      const wrong = code === '000000' ? '111111' : '000000';
      await rejectsNamed(cognito.confirmSignUp(clientOptions(fixture, { username, code: wrong })), 'CodeMismatchException');
      await cognito.confirmSignUp(clientOptions(fixture, { username, code }));

      const user = assertDone(await signIn(fixture, { username, password }));
      assert.equal(user.idClaims.sub, res.userSub);
      assert.equal(user.idClaims.email, email);
      assert.equal(user.idClaims.email_verified, true);
    });

    it(`resendConfirmationCode sends a new code that confirms (${label})`, async () => {
      const fixture = fixtureOf();
      const username = newUsername('resend');
      const password = newPassword();
      await cognito.signUp(clientOptions(fixture, { username, password, attributes: { email: `${username}@example.com` } }));
      const first = await latestCode(server.url, username, 'SignUp');

      const delivery = await cognito.resendConfirmationCode(clientOptions(fixture, { username }));
      assert.equal(delivery.attributeName, 'email');
      assert.equal(delivery.deliveryMedium, 'EMAIL');
      const messages = await outbox(server.url, { username, kind: 'ResendCode' });
      assert.equal(messages.length, 1);
      const second = messages[0].code;
      if (second !== first) {
        await rejectsNamed(cognito.confirmSignUp(clientOptions(fixture, { username, code: first })), 'CodeMismatchException');
      }
      await cognito.confirmSignUp(clientOptions(fixture, { username, code: second }));
      assertDone(await signIn(fixture, { username, password }));
    });

    it(`forgotPassword → confirmForgotPassword → signIn with the new password (${label})`, async () => {
      const fixture = fixtureOf();
      const u = await addUser(fixture);
      const delivery = await cognito.forgotPassword(clientOptions(fixture, { username: u.username }));
      assert.equal(delivery.attributeName, 'email');
      assert.equal(delivery.deliveryMedium, 'EMAIL');
      const [msg] = (await outbox(server.url, { username: u.username, kind: 'ForgotPassword' })).slice(-1);
      assert.equal(msg.destination, u.email);

      const next = newPassword();
      const wrong = msg.code === '000000' ? '111111' : '000000';
      await rejectsNamed(cognito.confirmForgotPassword(clientOptions(fixture, { username: u.username, code: wrong, newPassword: next })),
        'CodeMismatchException');
      await cognito.confirmForgotPassword(clientOptions(fixture, { username: u.username, code: msg.code, newPassword: next }));

      assertDone(await signIn(fixture, { ...u, password: next }));
      await rejectsNamed(signIn(fixture, u), 'NotAuthorizedException');
    });
  }

  it('a client with a secret refuses account calls made without it', async () => {
    const { clientSecret, ...withoutSecret } = clientOptions(verifySecret);
    assert.ok(clientSecret);
    const u = await addUser(verifySecret);
    const message = new RegExp(`Unable to verify secret hash for client ${verifySecret.clientId}`);
    await rejectsNamed(cognito.signUp({ ...withoutSecret, username: newUsername(), password: newPassword() }), 'NotAuthorizedException', message);
    await rejectsNamed(cognito.forgotPassword({ ...withoutSecret, username: u.username }), 'NotAuthorizedException', message);
    await rejectsNamed(cognito.forgotPassword({ ...withoutSecret, clientSecret: 'x'.repeat(51), username: u.username }), 'NotAuthorizedException', message);
  });
});

// ---- bad input -------------------------------------------------------------------------------------

describe('bad input rejects InvalidParameterException naming the field, before any request', () => {
  const cases = [
    ['signIn with storage: 5', () => cognito.signIn(clientOptions(plain, { username: 'x', password: 'y', storage: 5 })), /storage/],
    ['signIn with storage missing removeItem', () => cognito.signIn(clientOptions(plain, { username: 'x', password: 'y', storage: { getItem() {}, setItem() {} } })), /storage/],
    ['forgotPassword({})', () => cognito.forgotPassword({}), /userPoolId/],
    ['forgotPassword without username', () => cognito.forgotPassword(clientOptions(plain)), /username/],
    ['forgotPassword()', () => cognito.forgotPassword(), /forgotPassword/],
    ['signUp with attributes {email: 1}', () => cognito.signUp(clientOptions(plain, { username: 'x', password: newPassword(), attributes: { email: 1 } })), /attributes/],
    ['signUp with an unknown option', () => cognito.signUp(clientOptions(plain, { username: 'x', password: newPassword(), atributes: {} })), /atributes/],
    ['confirmSignUp without code', () => cognito.confirmSignUp(clientOptions(plain, { username: 'x' })), /code/],
    ['confirmForgotPassword with a numeric code', () => cognito.confirmForgotPassword(clientOptions(plain, { username: 'x', code: 123456, newPassword: newPassword() })), /code/],
    ['resendConfirmationCode with clientId: true', () => cognito.resendConfirmationCode({ ...clientOptions(plain), clientId: true, username: 'x' }), /clientId/],
    ['resume with storage: 5', () => cognito.resume({ done: false, challengeName: 'NEW_PASSWORD_REQUIRED', session: 's', username: 'x' }, clientOptions(plain, { storage: 5 })), /storage/],
    // What JSON would drop or turn into null is named, not read as missing.
    ['signIn with username: a Symbol', () => cognito.signIn(clientOptions(plain, { username: Symbol('x'), password: 'y' })), /username/],
    ['signIn with clientId: a Symbol', () => cognito.signIn({ ...clientOptions(plain), clientId: Symbol('x'), username: 'x', password: 'y' }), /clientId/],
    ['signIn with endpoint: NaN', () => cognito.signIn({ ...clientOptions(plain), endpoint: NaN, username: 'x', password: 'y' }), /endpoint/],
    ['signIn with region: a function', () => cognito.signIn(clientOptions(plain, { region() {}, username: 'x', password: 'y' })), /region/],
    ['signIn with clientMetadata {n: Infinity}', () => cognito.signIn(clientOptions(plain, { username: 'x', password: 'y', clientMetadata: { n: Infinity } })), /n cannot be Infinity/],
    ['signIn with options whose getter throws', () => {
      const o = clientOptions(plain, { password: 'y' });
      Object.defineProperty(o, 'username', { enumerable: true, get() { throw new Error('boom'); } });
      return cognito.signIn(o);
    }, /signIn options could not be read: boom/],
    ['signIn with rememberDevice: "yes"', () => cognito.signIn(clientOptions(plain, { username: 'x', password: 'y', rememberDevice: 'yes' })), /rememberDevice/],
    ['signIn with autoRefresh: 1', () => cognito.signIn(clientOptions(plain, { username: 'x', password: 'y', autoRefresh: 1 })), /autoRefresh/],
    ['signIn with deviceName: 5', () => cognito.signIn(clientOptions(plain, { username: 'x', password: 'y', deviceName: 5 })), /deviceName/],
    ['signIn with a region that is not a region name', () => cognito.signIn(clientOptions(plain, { region: 'x/../#', username: 'x', password: 'y' })), /region/],
  ];
  for (const [label, call, field, todo] of cases) {
    it(label, todo ? { todo } : {}, async () => {
      const mark = proxy.mark();
      await rejectsNamed(call(), 'InvalidParameterException', field);
      assert.equal(proxy.mark(), mark, 'a request was sent for input that should have been refused');
    });
  }

  it('respond(answers, null) and signOut(null) reject; they do not throw', async () => {
    const saved = { done: false, challengeName: 'NEW_PASSWORD_REQUIRED', session: 's', username: 'x' };
    const step = await cognito.resume(saved, clientOptions(plain));
    const u = await addUser(plain);
    const user = assertDone(await signIn(plain, u));
    const mark = proxy.mark();
    const answered = step.respond({ NEW_PASSWORD: newPassword() }, null); // no synchronous throw
    await rejectsNamed(answered, 'InvalidParameterException', /respond options/);
    await rejectsNamed(user.signOut(null), 'InvalidParameterException', /signOut options/);
    assert.equal(proxy.mark(), mark, 'a request was sent for input that should have been refused');
  });

  it('currentUser with stored tokens that are not JWTs is null, not a throw', () => {
    const store = new Map();
    const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)), removeItem: (k) => store.delete(k) };
    const prefix = `CognitoIdentityServiceProvider.${plain.clientId}`;
    storage.setItem(`${prefix}.LastAuthUser`, 'mallory');
    for (const t of ['idToken', 'accessToken', 'refreshToken']) storage.setItem(`${prefix}.mallory.${t}`, 'a.!!!.c');
    assert.equal(cognito.currentUser(clientOptions(plain, { storage })), null);
  });

  it('decodeJWT throws InvalidResponseError for anything but a JWT with an object payload', () => {
    const b64u = (s) => Buffer.from(s).toString('base64url');
    for (const bad of ['a.b', 'a.!!!.c', `a.${b64u('not json')}.c`, `a.${b64u('null')}.c`, `a.${b64u('5')}.c`, `a.${b64u('[1]')}.c`, 42, null]) {
      assert.throws(() => cognito.decodeJWT(bad), { name: 'InvalidResponseError' }, String(bad));
    }
    assert.deepEqual(cognito.decodeJWT(`a.${b64u('{"sub":"x"}')}.c`), { sub: 'x' });
  });

  it('currentUser with storage: 5 throws InvalidParameterException', () => {
    assert.throws(() => cognito.currentUser(clientOptions(plain, { storage: 5 })), { name: 'InvalidParameterException', message: /storage/ });
  });

  it('session methods with arguments of the wrong type', async () => {
    const u = await addUser(plain);
    const user = assertDone(await signIn(plain, u));
    const mark = proxy.mark();
    await rejectsNamed(user.changePassword(123, newPassword()), 'InvalidParameterException', /previousPassword/);
    await rejectsNamed(user.updateAttributes({ email: 1 }), 'InvalidParameterException', /attributes/);
    await rejectsNamed(user.verifyAttribute('email', 123456), 'InvalidParameterException', /code/);
    assert.equal(proxy.mark(), mark);
  });
});

// ---- automatic refresh ------------------------------------------------------------------------------
//
// localcognito's token lifetime is a fixed hour (no option shortens it), so
// nothing here waits for tokens to age: the scheduled delay is read off the
// setTimeout call, and "about to expire" is a session whose stored
// clockDrift says the tokens expire now (expiresAt = (exp + clockDrift) s).

/** Runs fn, recording the setTimeout/clearTimeout calls made synchronously inside it. */
function recordTimers(fn) {
  const set = [];
  const cleared = [];
  const { setTimeout: realSet, clearTimeout: realClear } = globalThis;
  globalThis.setTimeout = (cb, ms, ...rest) => {
    const t = realSet(cb, ms, ...rest);
    set.push({ ms, timer: t });
    return t;
  };
  globalThis.clearTimeout = (t) => { cleared.push(t); return realClear(t); };
  try {
    fn();
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
  return { set, cleared };
}

/** Bounds a wait on the module with a clear failure instead of a hung run. */
function within(promise, what, ms = 20000) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not happen`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

describe('automatic refresh', () => {
  it('startAutoRefresh() schedules one unref\'d timer a minute before expiry; stopAutoRefresh() cancels it', async () => {
    const u = await addUser(plain);
    const user = assertDone(await signIn(plain, u));
    const before = Date.now();
    const { set } = recordTimers(() => user.startAutoRefresh());
    const after = Date.now();
    assert.equal(set.length, 1);
    const [{ ms, timer }] = set;
    assert.ok(ms >= user.expiresAt - after - 60_000 && ms <= user.expiresAt - before - 60_000,
      `delay ${ms} ms is not expiresAt - now - 60 s`);
    assert.equal(timer.hasRef(), false, 'the timer must not keep Node alive');

    // Starting again replaces the timer rather than adding one.
    const again = recordTimers(() => user.startAutoRefresh());
    assert.equal(again.set.length, 1);
    assert.ok(again.cleared.includes(timer));

    const stopped = recordTimers(() => user.stopAutoRefresh());
    assert.ok(stopped.cleared.includes(again.set[0].timer));
  });

  it('a session whose tokens expire now refreshes by itself and stores the new tokens', async () => {
    const u = await addUser(plain);
    const storage = mapStorage();
    const signedIn = assertDone(await signIn(plain, u, { storage }));
    const k = keysFor(plain.clientId, u.username);
    // As if this machine's clock ran an hour behind Cognito's: expired now.
    storage.setItem(k.clockDrift, String(-(signedIn.tokens.expiresIn)));
    const mark = proxy.mark();

    let user;
    const { set } = recordTimers(() => { user = cognito.currentUser(clientOptions(plain, { storage, autoRefresh: true })); });
    assert.ok(user.expiresAt <= Date.now(), 'the stored drift makes the tokens expired');
    assert.equal(user.isValid(), false);
    assert.equal(set.length, 1);
    assert.equal(set[0].ms, 0, 'overdue tokens are refreshed at once');

    const idToken = await within(storage.changed(k.idToken, signedIn.tokens.idToken), 'the automatic refresh');
    assert.equal(proxy.count(mark, 'InitiateAuth', { authFlow: 'REFRESH_TOKEN_AUTH' }), 1);
    assert.equal(idToken, user.tokens.idToken);
    assert.ok(Math.abs(user.clockDrift) <= 1, 'the drift is measured again on the new tokens');
    assert.equal(user.isValid(), true);
    assert.equal(storage.getItem(k.clockDrift), String(user.clockDrift));
    assert.equal(storage.getItem(k.refreshToken), signedIn.tokens.refreshToken);
    // Were the new tokens due at once too (tokens that live under the
    // margin), the next automatic refresh still waits: no tight loop.
    user.clockDrift = -user.tokens.expiresIn;
    const again = recordTimers(() => user.startAutoRefresh());
    assert.deepEqual(again.set.map((t) => t.ms), [10_000]);
    user.stopAutoRefresh();
  });

  it('signIn({ autoRefresh: true }) schedules the timer; signOut() cancels it', async () => {
    const u = await addUser(plain);
    const step = await signIn(plain, u, { autoRefresh: true });
    const user = assertDone(step);
    // The timer was set inside signIn; startAutoRefresh replaces it, so
    // clearTimeout receiving the earlier one proves there was one.
    const replaced = recordTimers(() => user.startAutoRefresh());
    assert.equal(replaced.cleared.length, 1);
    assert.ok(replaced.cleared[0], 'signIn with autoRefresh left no timer');
    let signingOut;
    const out = recordTimers(() => { signingOut = user.signOut(); });
    await signingOut;
    assert.ok(out.cleared.includes(replaced.set[0].timer), 'signOut must stop the automatic refresh');
  });
});

// ---- remembered devices ----------------------------------------------------------------------------

describe('remembered devices', () => {
  it('a new device is confirmed, remembered and stored; the next sign-in answers DEVICE_SRP_AUTH by itself', async () => {
    const u = await addUser(devices);
    const storage = mapStorage();
    const step = await signIn(devices, u, { storage, rememberDevice: true, deviceName: 'test-laptop' });
    const user = assertDone(step);
    assert.equal(step.deviceError, undefined, step.deviceError && `${step.deviceError.name}: ${step.deviceError.message}`);
    assert.ok(step.tokens.newDevice, 'the pool tracks devices, so the first sign-in is a new device');

    const k = keysFor(devices.clientId, u.username);
    assert.equal(storage.getItem(k.deviceKey), step.tokens.newDevice.deviceKey);
    assert.equal(storage.getItem(k.deviceGroupKey), step.tokens.newDevice.deviceGroupKey);
    assert.ok((storage.getItem(k.randomPasswordKey) ?? '').length >= 20);
    assert.deepEqual(user.device, {
      deviceKey: storage.getItem(k.deviceKey), deviceGroupKey: storage.getItem(k.deviceGroupKey), devicePassword: storage.getItem(k.randomPasswordKey),
    });
    assert.equal(JSON.stringify(user).includes(user.device.devicePassword), false);

    const listed = await user.listDevices();
    const mine = listed.find((d) => d.deviceKey === user.device.deviceKey);
    assert.ok(mine, 'listDevices does not list the new device');
    assert.equal(mine.attributes.device_name, 'test-laptop');
    assert.equal(mine.attributes['dev:device_remembered_status'], 'remembered');

    const mark = proxy.mark();
    const again = await signIn(devices, u, { storage });
    const second = assertDone(again);
    assert.equal(again.tokens.newDevice, undefined, 'a remembered device is not new');
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'DEVICE_SRP_AUTH' }), 1);
    assert.equal(proxy.count(mark, 'RespondToAuthChallenge', { challengeName: 'DEVICE_PASSWORD_VERIFIER' }), 1);
    assert.equal(second.accessClaims.device_key, user.device.deviceKey);

    // Refresh of a device session must name the device.
    const rmark = proxy.mark();
    await second.refresh();
    const [call] = proxy.calls.slice(rmark).filter((c) => c.authFlow === 'REFRESH_TOKEN_AUTH');
    assert.equal(call.body.AuthParameters.DEVICE_KEY, user.device.deviceKey);
  });

  it('forgetDevice() forgets it at Cognito and in storage; the next sign-in is a new device', async () => {
    const u = await addUser(devices);
    const storage = mapStorage();
    const user = assertDone(await signIn(devices, u, { storage, rememberDevice: true }));
    const { deviceKey } = user.device;
    await user.forgetDevice();
    assert.equal(user.device, null);
    const k = keysFor(devices.clientId, u.username);
    for (const key of [k.deviceKey, k.deviceGroupKey, k.randomPasswordKey]) assert.equal(storage.getItem(key), null);
    assert.equal((await user.listDevices()).some((d) => d.deviceKey === deviceKey), false);

    const step = await signIn(devices, u, { storage });
    assertDone(step);
    assert.ok(step.tokens.newDevice);
    assert.notEqual(step.tokens.newDevice.deviceKey, deviceKey);
  });
});

// ---- TOTP MFA ----------------------------------------------------------------------------------------

describe('TOTP MFA', () => {
  it('setupTotp → verifyTotp → setMfaPreference; the next sign-in asks SOFTWARE_TOKEN_MFA', async () => {
    const u = await addUser(mfa);
    const user = assertDone(await signIn(mfa, u));
    const { secret, uri } = await user.setupTotp();
    assert.match(secret, /^[A-Z2-7]{32,}$/);
    assert.ok(uri.startsWith('otpauth://totp/'), uri);
    assert.ok(uri.includes(`secret=${secret}`), uri);
    await user.verifyTotp(totpCode(secret), 'phone');
    await user.setMfaPreference({ totp: { enabled: true, preferred: true } });
    const profile = await user.getUser();
    assert.equal(profile.preferredMfa, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(profile.mfaMethods, ['SOFTWARE_TOKEN_MFA']);

    const step = await signIn(mfa, u);
    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual(step.answers, ['SOFTWARE_TOKEN_MFA_CODE']);
    const code = totpCode(secret);
    const wrong = String((Number(code) + 500000) % 1e6).padStart(6, '0');
    await rejectsNamed(step.respond({ SOFTWARE_TOKEN_MFA_CODE: wrong }), 'CodeMismatchException');
    const done = assertDone(await step.respond({ SOFTWARE_TOKEN_MFA_CODE: code }));
    assert.equal(done.username, u.username);
  });
});
