// The sign-in flows beyond plain SRP inside headless Chromium, through the
// script-tag build (dist/cognito-srp.js → window.CognitoSRP): CUSTOM_AUTH
// and CUSTOM_WITH_SRP answered by real Node trigger handlers
// (scripts/lambda-runner and its examples), USER_AUTH with an EMAIL_OTP
// code from localcognito's outbox, TOTP, SMS and SELECT_MFA_TYPE MFA,
// MFA set-up, user migration, sign-up and forgotten password, each with
// Go in a Web Worker (the default) and with { worker: false }.
//
// The page comes from a static server on one port; its Cognito calls go,
// cross-origin, to a recording proxy in front of localcognito, so a test
// sees what was sent whichever thread sent it.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSecret } from 'otplib';
import {
  startLocalCognito, startLambdaRunner, startRecordingProxy, serveWeb, launchChromium, webRoot,
  newPassword, outbox, totpCode,
} from './helpers.mjs';

const fn = (name) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const POOL_ID = 'us-east-1_BrowserFlows1';
const CLIENT_ID = 'browserflowsclient0000000001';
const QUESTION = 'What is 2+2?';

const MODES = [
  { label: 'Go in a Web Worker (the default)', key: 'worker', loadOptions: undefined, workers: 1 },
  { label: 'Go on the page ({ worker: false })', key: 'inline', loadOptions: { worker: false }, workers: 0 },
];

const USERS = {};

function seedUser(username, { totp = false, sms = false, preferred } = {}) {
  const u = { username, password: newPassword(), email: `${username}@example.com` };
  if (totp) u.totpSecret = generateSecret();
  USERS[username] = u;
  const attributes = { email: u.email, email_verified: 'true' };
  if (sms) Object.assign(attributes, { phone_number: '+15555550199', phone_number_verified: 'true' });
  const mfa = totp || sms ? { ...(totp ? { totpSecret: u.totpSecret } : {}), ...(sms ? { sms: true } : {}), ...(preferred ? { preferred } : {}) } : undefined;
  return { username, password: u.password, permanent: true, attributes, ...(mfa ? { mfa } : {}) };
}

const MFA_POOL_ID = 'us-east-1_BrowserMfaOn1';
const MFA_CLIENT_ID = 'browsermfaonclient0000000001';

function buildSeed() {
  return {
    pools: [{
      id: POOL_ID,
      name: 'browser-flows',
      mfaConfiguration: 'OPTIONAL',
      mfaTypes: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'],
      autoVerifiedAttributes: ['email'],
      allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
      lambdaConfig: {
        DefineAuthChallenge: fn('define'),
        CreateAuthChallenge: fn('create'),
        VerifyAuthChallengeResponse: fn('verify'),
        UserMigration: fn('migrate'),
      },
      clients: [{
        id: CLIENT_ID, name: 'browser-web',
        explicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }],
      users: MODES.flatMap(({ key }) => [
        seedUser(`custom-${key}`),
        seedUser(`otp-${key}`),
        seedUser(`totp-${key}`, { totp: true, preferred: 'SOFTWARE_TOKEN_MFA' }),
        seedUser(`sms-${key}`, { sms: true, preferred: 'SMS_MFA' }),
        seedUser(`both-${key}`, { totp: true, sms: true }),
        seedUser(`forgot-${key}`),
      ]),
    }, {
      // MFA required: a user without MFA must set it up inside the sign-in.
      id: MFA_POOL_ID,
      name: 'browser-mfa-on',
      mfaConfiguration: 'ON',
      mfaTypes: ['SOFTWARE_TOKEN_MFA'],
      clients: [{ id: MFA_CLIENT_ID, name: 'browser-mfa', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: MODES.map(({ key }) => seedUser(`setup-${key}`)),
    }],
  };
}

// The page counts Worker construction, to tell which mode load() chose.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>flows test</title>
<script>
  window.workersStarted = 0;
  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker { constructor(...a) { super(...a); window.workersStarted++; } };
</script>
<script src="/dist/cognito-srp.js"></script></head>
<body><pre id="out">loading</pre></body></html>`;

let tmp;
let runner;
let local;
let proxy;
let site;
let browser;

before(async () => {
  for (const f of ['cognito-srp.js', 'cognito-srp.worker.js', 'cognito-srp.wasm']) {
    assert.ok(existsSync(join(webRoot, 'dist', f)), `web/dist/${f} is missing: run make build first`);
  }
  tmp = await mkdtemp(join(tmpdir(), 'browser-flows-'));
  const seedPath = join(tmp, 'seed.yaml');
  await writeFile(seedPath, JSON.stringify(buildSeed(), null, 2)); // JSON is YAML
  runner = await startLambdaRunner();
  local = await startLocalCognito({ args: ['-seed', seedPath, '-lambda-endpoint', runner.url] });
  proxy = await startRecordingProxy(local.url);
  site = await serveWeb({ '/flows.html': PAGE });
  assert.notEqual(new URL(site.url).origin, new URL(proxy.url).origin, 'the page and Cognito must be cross-origin');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await proxy?.stop();
  await local?.stop();
  await runner?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Runs fn(arg) in the page; a rejection there comes back as { error: { name, message } }. */
function inPage(page, fn, arg) {
  return page.evaluate(async ([src, a]) => {
    // eslint-disable-next-line no-new-func
    const f = new Function(`return (${src});`)();
    try {
      return { value: await f(a) };
    } catch (e) {
      return { error: { name: e && e.name, message: e && e.message } };
    }
  }, [fn.toString(), arg]);
}

function value(result) {
  assert.equal(result.error, undefined, result.error && `${result.error.name}: ${result.error.message}`);
  return result.value;
}

/** What a step looks like from outside the page. */
const describeStep = `(step) => step.done
  ? { done: true, username: step.user.username, idUsername: step.user.idClaims['cognito:username'] }
  : { done: false, challengeName: step.challengeName, answers: step.answers, options: step.options,
      challengeParameters: step.challengeParameters, username: step.username }`;

const pad = (n) => String(n).padStart(6, '0');

function wrongTotp(secret) {
  const near = new Set([-2, -1, 0, 1, 2].map((s) => totpCode(secret, s)));
  let n = (Number(totpCode(secret)) + 500000) % 1e6;
  while (near.has(pad(n))) n = (n + 1) % 1e6;
  return pad(n);
}

for (const mode of MODES) {
  describe(`the script-tag build in Chromium, ${mode.label}`, () => {
    let context;
    let page;
    const errors = [];
    let opts;

    before(async () => {
      opts = { userPoolId: POOL_ID, clientId: CLIENT_ID, endpoint: `${proxy.url}/` };
      context = await browser.newContext();
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e));
      await page.goto(`${site.url}/flows.html`);
      const loaded = value(await inPage(page, async ({ loadOptions, describeStep: src }) => {
        window.cognito = await window.CognitoSRP.load(loadOptions);
        // eslint-disable-next-line no-new-func
        window.describeStep = new Function(`return (${src});`)();
        return { version: window.cognito.version, workers: window.workersStarted };
      }, { loadOptions: mode.loadOptions, describeStep }));
      assert.ok(loaded.version);
      assert.equal(loaded.workers, mode.workers, `Worker count for ${mode.key}`);
    });

    after(async () => {
      await context?.close();
    });

    it("CUSTOM_AUTH: the trigger's question; a wrong answer asks again; '4' signs in", async () => {
      const u = USERS[`custom-${mode.key}`];
      const mark = proxy.mark();
      const first = value(await inPage(page, async ({ o, username }) => {
        window.step = await window.cognito.signIn({ ...o, username, authFlow: 'CUSTOM_AUTH' });
        return window.describeStep(window.step);
      }, { o: opts, username: u.username }));
      assert.equal(first.done, false);
      assert.equal(first.challengeName, 'CUSTOM_CHALLENGE');
      assert.deepEqual(first.answers, ['ANSWER']);
      assert.equal(first.challengeParameters.question, QUESTION);
      assert.equal(first.challengeParameters.answer, undefined);

      const answer = (a) => inPage(page, async (ans) => {
        window.step = await window.step.respond({ ANSWER: ans });
        return window.describeStep(window.step);
      }, a);
      const again = value(await answer('5'));
      assert.equal(again.done, false);
      assert.equal(again.challengeName, 'CUSTOM_CHALLENGE');
      assert.equal(again.challengeParameters.question, QUESTION);
      const done = value(await answer('4'));
      assert.deepEqual(done, { done: true, username: u.username, idUsername: u.username });

      const posts = proxy.since(mark).filter((c) => c.op !== 'OPTIONS /');
      assert.deepEqual(posts.map((c) => c.challengeName || c.authFlow), ['CUSTOM_AUTH', 'CUSTOM_CHALLENGE', 'CUSTOM_CHALLENGE']);
      assert.deepEqual(Object.keys(posts[0].body.AuthParameters), ['USERNAME']);
      assert.deepEqual(errors, []);
    });

    it('USER_AUTH with preferredChallenge EMAIL_OTP: the outbox code signs in; a wrong one is CodeMismatchException', async () => {
      const u = USERS[`otp-${mode.key}`];
      const before = (await outbox(local.url, { username: u.username, kind: 'Authentication' })).length;
      const step = value(await inPage(page, async ({ o, username }) => {
        window.step = await window.cognito.signIn({ ...o, username, authFlow: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' });
        return window.describeStep(window.step);
      }, { o: opts, username: u.username }));
      assert.equal(step.done, false);
      assert.equal(step.challengeName, 'EMAIL_OTP');
      assert.deepEqual(step.answers, ['EMAIL_OTP_CODE']);
      assert.equal(step.challengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');

      const messages = await outbox(local.url, { username: u.username, kind: 'Authentication' });
      assert.equal(messages.length, before + 1);
      const { code, channel, destination } = messages.at(-1);
      assert.equal(channel, 'EMAIL');
      assert.equal(destination, u.email);

      const respond = (c) => inPage(page, async (codeIn) => window.describeStep(await window.step.respond({ EMAIL_OTP_CODE: codeIn })), c);
      const wrong = await respond(pad((Number(code) + 1) % 1e6));
      assert.equal(wrong.error?.name, 'CodeMismatchException', JSON.stringify(wrong));
      assert.deepEqual(value(await respond(code)), { done: true, username: u.username, idUsername: u.username });
      assert.deepEqual(errors, []);
    });

    it('TOTP MFA: SOFTWARE_TOKEN_MFA after SRP (a wrong code is CodeMismatchException), and after USER_AUTH PASSWORD_SRP', async () => {
      const u = USERS[`totp-${mode.key}`];
      const step = value(await inPage(page, async ({ o, username, password }) => {
        window.step = await window.cognito.signIn({ ...o, username, password });
        return window.describeStep(window.step);
      }, { o: opts, username: u.username, password: u.password }));
      assert.equal(step.done, false);
      assert.equal(step.challengeName, 'SOFTWARE_TOKEN_MFA');
      assert.deepEqual(step.answers, ['SOFTWARE_TOKEN_MFA_CODE']);

      const respond = (answers) => inPage(page, async (a) => {
        window.step = await window.step.respond(a);
        return window.describeStep(window.step);
      }, answers);
      const wrong = await respond({ SOFTWARE_TOKEN_MFA_CODE: wrongTotp(u.totpSecret) });
      assert.equal(wrong.error?.name, 'CodeMismatchException', JSON.stringify(wrong));
      assert.deepEqual(value(await respond({ SOFTWARE_TOKEN_MFA_CODE: totpCode(u.totpSecret) })),
        { done: true, username: u.username, idUsername: u.username });

      // USER_AUTH: SELECT_CHALLENGE → PASSWORD_SRP (the password given to
      // signIn, proven in the page) → the same MFA.
      const mark = proxy.mark();
      const select = value(await inPage(page, async ({ o, username, password }) => {
        window.step = await window.cognito.signIn({ ...o, username, password, authFlow: 'USER_AUTH' });
        return window.describeStep(window.step);
      }, { o: opts, username: u.username, password: u.password }));
      assert.equal(select.challengeName, 'SELECT_CHALLENGE');
      assert.deepEqual([...select.options].sort(), ['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']);
      const mfa = value(await respond({ ANSWER: 'PASSWORD_SRP' }));
      assert.equal(mfa.challengeName, 'SOFTWARE_TOKEN_MFA');
      // The next period's code: no replay of the first sign-in's.
      assert.deepEqual(value(await respond({ SOFTWARE_TOKEN_MFA_CODE: totpCode(u.totpSecret, 1) })),
        { done: true, username: u.username, idUsername: u.username });
      const posts = proxy.since(mark).filter((c) => c.op !== 'OPTIONS /');
      assert.deepEqual(posts.map((c) => c.challengeName || c.authFlow),
        ['USER_AUTH', 'SELECT_CHALLENGE', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']);
      for (const c of posts) assert.equal(JSON.stringify(c.body).includes(u.password), false, `${c.op} carried the password`);
      assert.deepEqual(errors, []);
    });

    const signInStep = (o, args) => inPage(page, async ({ o: oo, a }) => {
      window.step = await window.cognito.signIn({ ...oo, ...a });
      return window.describeStep(window.step);
    }, { o, a: args });
    const respondStep = (answers) => inPage(page, async (a) => {
      window.step = await window.step.respond(a);
      return window.describeStep(window.step);
    }, answers);

    it("CUSTOM_WITH_SRP: the password is proven with SRP, then the trigger's question", async () => {
      const u = USERS[`custom-${mode.key}`];
      const mark = proxy.mark();
      const first = value(await signInStep(opts, { username: u.username, password: u.password, authFlow: 'CUSTOM_WITH_SRP' }));
      assert.equal(first.challengeName, 'CUSTOM_CHALLENGE');
      assert.equal(first.challengeParameters.question, QUESTION);
      assert.deepEqual(value(await respondStep({ ANSWER: '4' })), { done: true, username: u.username, idUsername: u.username });
      const posts = proxy.since(mark).filter((c) => c.op !== 'OPTIONS /');
      assert.deepEqual(posts.map((c) => c.challengeName || c.authFlow), ['CUSTOM_AUTH', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE']);
      assert.equal(posts[0].body.AuthParameters.CHALLENGE_NAME, 'SRP_A');
      for (const c of posts) assert.equal(JSON.stringify(c.body).includes(u.password), false, `${c.op} carried the password`);
    });

    it('SMS_MFA with the outbox code, and SELECT_MFA_TYPE choosing SMS', async () => {
      for (const name of [`sms-${mode.key}`, `both-${mode.key}`]) {
        const u = USERS[name];
        let step = value(await signInStep(opts, { username: u.username, password: u.password }));
        if (name.startsWith('both')) {
          assert.equal(step.challengeName, 'SELECT_MFA_TYPE');
          assert.deepEqual([...step.options].sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
          step = value(await respondStep({ ANSWER: 'SMS_MFA' }));
        }
        assert.equal(step.challengeName, 'SMS_MFA');
        assert.deepEqual(step.answers, ['SMS_MFA_CODE']);
        const { code } = (await outbox(local.url, { username: u.username, kind: 'Authentication' })).at(-1);
        assert.deepEqual(value(await respondStep({ SMS_MFA_CODE: code })), { done: true, username: u.username, idUsername: u.username });
      }
    });

    it('MFA_SETUP inside the sign-in: the secret and otpauth URI, a wrong first code, then the right one', async () => {
      const u = USERS[`setup-${mode.key}`];
      const mfaOpts = { userPoolId: MFA_POOL_ID, clientId: MFA_CLIENT_ID, endpoint: `${proxy.url}/` };
      const step = value(await inPage(page, async ({ o, username, password }) => {
        window.step = await window.cognito.signIn({ ...o, username, password });
        return { ...window.describeStep(window.step), totp: window.step.totp };
      }, { o: mfaOpts, username: u.username, password: u.password }));
      assert.equal(step.challengeName, 'MFA_SETUP');
      assert.match(step.totp.uri, /^otpauth:\/\/totp\/AWSCognito:/);
      assert.ok(step.totp.uri.includes(`secret=${step.totp.secret}`));
      const wrong = await respondStep({ SOFTWARE_TOKEN_MFA_CODE: wrongTotp(step.totp.secret) });
      assert.ok(['EnableSoftwareTokenMFAException', 'CodeMismatchException'].includes(wrong.error?.name), JSON.stringify(wrong));
      assert.deepEqual(value(await respondStep({ SOFTWARE_TOKEN_MFA_CODE: totpCode(step.totp.secret) })),
        { done: true, username: u.username, idUsername: u.username });
    });

    it('user migration through USER_PASSWORD_AUTH, then SRP', async () => {
      const legacy = { username: 'legacy-user', password: 'Legacy-Passw0rd!' };
      const wrong = await signInStep(opts, { ...legacy, password: 'Not-The-Passw0rd!', authFlow: 'USER_PASSWORD_AUTH' });
      assert.ok(['UserLambdaValidationException', 'NotAuthorizedException'].includes(wrong.error?.name), JSON.stringify(wrong));
      assert.equal(value(await signInStep(opts, { ...legacy, authFlow: 'USER_PASSWORD_AUTH' })).done, true);
      assert.equal(value(await signInStep(opts, legacy)).done, true, 'the migrated user signs in with SRP');
    });

    it('sign-up with the emailed code, and a forgotten password reset with the emailed code', async () => {
      const username = `signup-${mode.key}`;
      const password = newPassword();
      const call = (method, args) => inPage(page, async ({ m, o, a }) => window.cognito[m]({ ...o, ...a }), { m: method, o: opts, a: args });
      const res = value(await call('signUp', { username, password, attributes: { email: `${username}@example.com` } }));
      assert.equal(res.userConfirmed, false);
      assert.equal(res.codeDelivery.deliveryMedium, 'EMAIL');
      const signUpCode = (await outbox(local.url, { username, kind: 'SignUp' })).at(-1).code;
      assert.equal((await call('confirmSignUp', { username, code: pad((Number(signUpCode) + 1) % 1e6) })).error?.name, 'CodeMismatchException');
      value(await call('confirmSignUp', { username, code: signUpCode }));
      assert.equal(value(await signInStep(opts, { username, password })).done, true);

      const f = USERS[`forgot-${mode.key}`];
      value(await call('forgotPassword', { username: f.username }));
      const resetCode = (await outbox(local.url, { username: f.username, kind: 'ForgotPassword' })).at(-1).code;
      const newPw = newPassword();
      value(await call('confirmForgotPassword', { username: f.username, code: resetCode, newPassword: newPw }));
      assert.equal((await signInStep(opts, { username: f.username, password: f.password })).error?.name, 'NotAuthorizedException');
      assert.equal(value(await signInStep(opts, { username: f.username, password: newPw })).done, true);
      assert.deepEqual(errors, []);
    });
  });
}
