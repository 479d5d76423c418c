// The session API inside headless Chromium through the script-tag build
// (dist/cognito-srp.js → window.CognitoSRP). The page comes from a small
// node:http static server on one port and localcognito listens on another,
// so every Cognito call is cross-origin and goes through CORS.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  startLocalCognito, provision, createUserWithTemporaryPassword, newPassword, unusedURL, webRoot, repoRoot, serveWeb, launchChromium,
} from './helpers.mjs';

const artifacts = join(repoRoot, 'test-artifacts');
const AWS_KEY_PREFIX = 'CognitoIdentityServiceProvider';

let server; // localcognito
let site; // static server for web/
let browser;
let fx; // pool + client (SRP, USER_PASSWORD_AUTH, admin, refresh) + confirmed user

// A blank page with nothing but the script tag.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>session test</title>
<script src="/dist/cognito-srp.js"></script></head>
<body><pre id="out">loading</pre></body></html>`;

before(async () => {
  for (const f of ['cognito-srp.js', 'cognito-srp.wasm']) {
    assert.ok(existsSync(join(webRoot, 'dist', f)), `web/dist/${f} is missing: run make build first`);
  }
  mkdirSync(artifacts, { recursive: true });
  [server, site] = await Promise.all([startLocalCognito(), serveWeb({ '/session.html': PAGE })]);
  fx = await provision(server.url, {
    authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  assert.notEqual(new URL(site.url).origin, new URL(server.url).origin, 'the page and Cognito must be cross-origin');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
});

function clientOptions(extra = {}) {
  return { userPoolId: fx.poolId, clientId: fx.clientId, endpoint: `${server.url}/`, ...extra };
}

/**
 * A fresh browser context and page on /session.html with the module loaded
 * as window.cognito. Tracks page errors and every request to localcognito
 * with the CORS header of its answer.
 */
async function openPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const cognitoCalls = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('response', (res) => {
    if (res.url().startsWith(server.url)) {
      cognitoCalls.push({
        method: res.request().method(),
        target: res.request().headers()['x-amz-target'],
        allowOrigin: res.headers()['access-control-allow-origin'],
      });
    }
  });
  page.on('requestfailed', (req) => {
    if (req.url().startsWith(server.url)) cognitoCalls.push({ method: req.method(), failed: req.failure()?.errorText });
  });
  await gotoAndLoad(page);
  return { context, page, errors, cognitoCalls };
}

async function gotoAndLoad(page, reload = false) {
  if (reload) await page.reload();
  else await page.goto(`${site.url}/session.html`);
  await page.evaluate(async () => {
    window.cognito = await window.CognitoSRP.load();
    document.getElementById('out').textContent = `loaded ${window.cognito.version}`;
  });
}

/** Runs fn in the page; a rejection there comes back as { error: { name, message, statusCode } }. */
function inPage(page, fn, arg) {
  return page.evaluate(async ([src, a]) => {
    // eslint-disable-next-line no-new-func
    const f = new Function(`return (${src});`)();
    try {
      return { value: await f(a) };
    } catch (e) {
      return { error: { name: e && e.name, message: e && e.message, statusCode: e && e.statusCode } };
    }
  }, [fn.toString(), arg]);
}

function value(result) {
  assert.equal(result.error, undefined, result.error && `${result.error.name}: ${result.error.message}`);
  return result.value;
}

function keysFor(username) {
  const p = `${AWS_KEY_PREFIX}.${fx.clientId}`;
  return [`${p}.LastAuthUser`, `${p}.${username}.idToken`, `${p}.${username}.accessToken`, `${p}.${username}.refreshToken`, `${p}.${username}.clockDrift`];
}

describe('the script-tag build in Chromium', () => {
  it("signs in to localStorage with AWS's keys; currentUser after a reload; refresh; signOut", async () => {
    const { context, page, errors, cognitoCalls } = await openPage();
    const opts = clientOptions();

    const signedIn = value(await inPage(page, async ({ opts: o, username, password }) => {
      const step = await window.cognito.signIn({ ...o, username, password, storage: 'localStorage' });
      const stored = {};
      for (let i = 0; i < localStorage.length; i++) stored[localStorage.key(i)] = localStorage.getItem(localStorage.key(i));
      return {
        done: step.done,
        username: step.user.username,
        tokens: step.user.tokens,
        idClaims: step.user.idClaims,
        valid: step.user.isValid(),
        stepJSON: JSON.stringify(step),
        stored,
      };
    }, { opts, username: fx.username, password: fx.password }));

    assert.equal(signedIn.done, true);
    assert.equal(signedIn.username, fx.username);
    assert.equal(signedIn.valid, true);
    assert.equal(signedIn.idClaims['cognito:username'], fx.username);
    assert.equal(signedIn.stepJSON.includes(fx.password), false);
    assert.deepEqual(Object.keys(signedIn.stored).sort(), keysFor(fx.username).sort());
    const [lastAuthUser, idKey, accessKey, refreshKey] = keysFor(fx.username);
    assert.equal(signedIn.stored[lastAuthUser], fx.username);
    assert.equal(signedIn.stored[idKey], signedIn.tokens.idToken);
    assert.equal(signedIn.stored[accessKey], signedIn.tokens.accessToken);
    assert.equal(signedIn.stored[refreshKey], signedIn.tokens.refreshToken);

    // Cross-origin calls, each answered with CORS's header (else the browser would have refused them).
    const posts = cognitoCalls.filter((c) => c.method === 'POST');
    assert.deepEqual(posts.map((c) => c.target), [
      'AWSCognitoIdentityProviderService.InitiateAuth', 'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
    ]);
    for (const c of posts) assert.equal(c.allowOrigin, '*');
    assert.ok(site.requested.includes('/dist/cognito-srp.wasm'), 'the wasm came from the static server');

    // A reload keeps localStorage; a new module finds the user there.
    await gotoAndLoad(page, true);
    const current = value(await inPage(page, async ({ opts: o }) => {
      const user = window.cognito.currentUser({ ...o, storage: 'localStorage' });
      if (!user) return null;
      window.user = user;
      const profile = await user.getUser();
      return { username: user.username, idToken: user.tokens.idToken, profile };
    }, { opts }));
    assert.ok(current, 'currentUser found nobody after the reload');
    assert.equal(current.username, fx.username);
    assert.equal(current.idToken, signedIn.tokens.idToken);
    assert.equal(current.profile.username, fx.username);
    assert.equal(current.profile.attributes.email, `${fx.username}@example.com`);

    const refreshed = value(await inPage(page, async ({ idKey: k }) => {
      const tokens = await window.user.refresh();
      return { tokens, stored: localStorage.getItem(k) };
    }, { idKey }));
    assert.notEqual(refreshed.tokens.idToken, signedIn.tokens.idToken);
    assert.equal(refreshed.tokens.refreshToken, signedIn.tokens.refreshToken);
    assert.equal(refreshed.stored, refreshed.tokens.idToken);

    // Something to look at: the signed-in user's claims, rendered before sign-out.
    await page.evaluate(() => {
      document.getElementById('out').textContent =
        `signed in as ${window.user.username}\n${JSON.stringify(window.user.idClaims, null, 2)}`;
    });
    await page.screenshot({ path: join(artifacts, 'browser-session.png'), fullPage: true });

    const signedOut = value(await inPage(page, async ({ opts: o }) => {
      const user = window.user;
      await user.signOut();
      const afterGetUser = await user.getUser().then(() => 'resolved', (e) => e.name);
      const afterRefresh = await user.refresh().then(() => 'resolved', (e) => e.name);
      return {
        keys: Object.keys(localStorage),
        current: window.cognito.currentUser({ ...o, storage: 'localStorage' }),
        afterGetUser,
        afterRefresh,
      };
    }, { opts }));
    assert.deepEqual(signedOut.keys, []);
    assert.equal(signedOut.current, null);
    assert.equal(signedOut.afterGetUser, 'NotAuthorizedException');
    assert.equal(signedOut.afterRefresh, 'NotAuthorizedException');
    assert.ok(cognitoCalls.some((c) => c.target === 'AWSCognitoIdentityProviderService.RevokeToken' && c.allowOrigin === '*'));

    assert.deepEqual(errors, []);
    await context.close();
  });

  it('NEW_PASSWORD_REQUIRED: the step saved in sessionStorage survives a reload and is answered after resume', async () => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(fx.admin, fx.poolId);
    const { context, page, errors } = await openPage();
    const opts = clientOptions();

    const first = value(await inPage(page, async ({ opts: o, username: name, password }) => {
      const step = await window.cognito.signIn({ ...o, username: name, password });
      sessionStorage.setItem('saved-step', JSON.stringify(step));
      return { done: step.done, challengeName: step.challengeName, answers: step.answers, saved: sessionStorage.getItem('saved-step') };
    }, { opts, username, password: temporaryPassword }));
    assert.equal(first.done, false);
    assert.equal(first.challengeName, 'NEW_PASSWORD_REQUIRED');
    assert.ok(first.answers.includes('NEW_PASSWORD'));
    assert.equal(first.saved.includes(temporaryPassword), false);

    await gotoAndLoad(page, true);
    const chosen = newPassword();
    const done = value(await inPage(page, async ({ opts: o, chosen: pw }) => {
      const resumed = await window.cognito.resume(JSON.parse(sessionStorage.getItem('saved-step')), o);
      const step = await resumed.respond({ NEW_PASSWORD: pw });
      return { done: step.done, username: step.user.username, profile: await step.user.getUser() };
    }, { opts, chosen }));
    assert.equal(done.done, true);
    assert.equal(done.username, username);
    assert.equal(done.profile.username, username);

    const again = value(await inPage(page, async ({ opts: o, username: name, password }) => {
      const step = await window.cognito.signIn({ ...o, username: name, password });
      return step.done;
    }, { opts, username, password: chosen }));
    assert.equal(again, true);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('refuses admin sign-in in the browser, even with credentials, before sending anything', async () => {
    const { context, page, errors, cognitoCalls } = await openPage();
    const opts = clientOptions();
    const results = value(await inPage(page, async ({ opts: o, username, password }) => {
      const attempt = (extra) => window.cognito.signIn({ ...o, username, password, ...extra })
        .then((s) => ({ done: s.done }), (e) => ({ name: e.name, message: e.message }));
      return {
        withCredentials: await attempt({
          authFlow: 'ADMIN_USER_PASSWORD_AUTH', admin: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        }),
        credentialsOnly: await attempt({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
        withoutCredentials: await attempt({ authFlow: 'ADMIN_USER_PASSWORD_AUTH' }),
      };
    }, { opts, username: fx.username, password: fx.password }));

    for (const [what, r] of Object.entries(results)) {
      assert.equal(r.name, 'InvalidParameterException', `${what}: ${JSON.stringify(r)}`);
    }
    assert.match(results.withCredentials.message, /browser/);
    assert.match(results.credentialsOnly.message, /browser/);
    assert.deepEqual(cognitoCalls, [], 'nothing may reach Cognito, credentials least of all');

    // The module still signs in the ordinary way.
    const ok = value(await inPage(page, async ({ opts: o, username, password }) =>
      (await window.cognito.signIn({ ...o, username, password })).done, { opts, username: fx.username, password: fx.password }));
    assert.equal(ok, true);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('rejects an unreachable endpoint with NetworkError', async () => {
    const { context, page, errors } = await openPage();
    const nowhere = await unusedURL();
    const r = await inPage(page, async ({ opts: o, username, password }) =>
      window.cognito.signIn({ ...o, username, password }), { opts: clientOptions({ endpoint: nowhere }), username: fx.username, password: fx.password });
    assert.equal(r.error?.name, 'NetworkError', JSON.stringify(r));
    assert.equal(r.error.statusCode, undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("keeps the page's main thread responsive: requestAnimationFrame keeps ticking during sign-in", async () => {
    const { context, page, errors } = await openPage();
    const r = value(await inPage(page, async ({ opts: o, username, password }) => {
      let frames = 0;
      let running = true;
      const tick = () => { if (running) { frames++; requestAnimationFrame(tick); } };
      // Let the loop start before the sign-in does, so only frames drawn
      // while the sign-in is pending are counted.
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      requestAnimationFrame(tick);
      // Three sign-ins one after another: SRP's arithmetic in the wasm and
      // six round trips, all on this page's only thread.
      const done = [];
      for (let i = 0; i < 3; i++) done.push((await window.cognito.signIn({ ...o, username, password })).done);
      running = false;
      return { done: done.every(Boolean), frames };
    }, { opts: clientOptions(), username: fx.username, password: fx.password }));
    assert.equal(r.done, true);
    assert.ok(r.frames > 0, `no animation frame ran while the sign-ins were pending (${r.frames})`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
