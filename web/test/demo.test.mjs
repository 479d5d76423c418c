// Playwright drives the demo page in Debian's headless Chromium: a correct
// password shows the ID token's claims, a wrong one a plain-words error,
// and a new user is asked for a new password; every sign-in flow of the
// form's selector (USER_PASSWORD_AUTH, USER_AUTH with SELECT_CHALLENGE and
// EMAIL_OTP, CUSTOM_AUTH with and without SRP, whose Lambda triggers the
// demo runs in scripts/lambda-runner) is walked to the tokens view.
// Screenshots are kept under test-artifacts/ for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { totpCode, launchChromium } from './helpers.mjs';

// totpuser's secret in cmd/demo/seed.yaml.
const DEMO_TOTP_SECRET = 'DEMOTOTPSECRETDEMOTOTPSECRET2345';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'test-artifacts');

let demo, pageURL, browser;

function startDemo(args = []) {
  const bin = join(root, 'bin', 'demo');
  assert.ok(existsSync(bin), 'bin/demo is missing: run `make build` first');
  const child = spawn(bin, ['-api-addr', '127.0.0.1:0', '-web-addr', '127.0.0.1:0', '-web-dir', join(root, 'web'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${stderr}`)), 30_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/demo page: (\S+)/);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1] }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`demo exited ${code}:\n${stderr}`)); });
  });
}

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  ({ child: demo, url: pageURL } = await startDemo());
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  demo?.kill();
});

// openPage opens url in a new context with options, or in context.
async function openPage(options = {}, url = pageURL, context = null) {
  const page = context ? await context.newPage() : await browser.newPage(options);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(url);
  await page.locator('#signin').waitFor({ state: 'visible', timeout: 60_000 });
  return { page, errors };
}

// signIn fills the sign-in form and submits it; flow is a value of the
// flow selector (signIn's authFlow), preferred USER_AUTH's first challenge.
async function signIn(page, username, password, { pool, remember, flow, preferred } = {}) {
  const form = page.locator('#signin');
  if (pool) await form.getByLabel('User pool').selectOption({ label: pool });
  if (flow) await form.getByLabel('Sign-in flow').selectOption(flow);
  if (preferred !== undefined) await form.getByLabel('First challenge').selectOption(preferred);
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password', { exact: true }).fill(password);
  if (remember !== undefined) await form.getByLabel('Remember this device').setChecked(remember);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
}

const challenge = (page) => page.locator('#challenge');

test('correct password shows the ID token claims', async () => {
  const { page, errors } = await openPage();
  await signIn(page, 'demo', 'Passw0rd!');
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  const claims = Object.fromEntries(await page.locator('#claims tr').evaluateAll((rows) =>
    rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])));
  assert.equal(claims['cognito:username'], 'demo');
  assert.equal(claims.token_use, 'id');
  assert.equal(claims.email, 'demo@example.com');
  assert.match(claims.iss, /^http:\/\/127\.0\.0\.1:\d+\/us-east-1_DemoPool1$/);
  await page.screenshot({ path: join(artifacts, 'demo-signed-in.png'), fullPage: true });
  // The script tag adds CognitoSRP and nothing of Go's runtime to the page.
  assert.deepEqual(await page.evaluate(() => [typeof CognitoSRP.load, ['Go', 'fs', 'process', 'path'].filter((k) => k in window)]), ['function', []]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('wrong password shows the error in plain words', async () => {
  const { page, errors } = await openPage();
  await signIn(page, 'demo', 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.textContent(), /do not match.*NotAuthorizedException/);
  assert.equal(await page.locator('#signed-in').isVisible(), false);
  await page.screenshot({ path: join(artifacts, 'demo-wrong-password.png'), fullPage: true });
  // The module keeps working after the failure.
  await signIn(page, 'demo', 'Passw0rd!');
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a new user must choose a new password', async () => {
  const { page } = await openPage();
  await signIn(page, 'newuser', 'Passw0rd!');
  await page.locator('#challenge').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#challenge-title').textContent(), 'Choose a new password');
  await page.screenshot({ path: join(artifacts, 'demo-new-password.png'), fullPage: true });
  await challenge(page).getByLabel('New password').fill('Brand-New-Passw0rd!');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.match(await page.locator('#claims').textContent(), /newuser/);
  await page.close();
});

test('an authenticator-app user enters a TOTP code; a wrong one is refused in plain words', async () => {
  const { page } = await openPage();
  await signIn(page, 'totpuser', 'Passw0rd!');
  await page.locator('#challenge').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#challenge-title').textContent(), 'Enter your authenticator code');
  await challenge(page).getByLabel('Authenticator code').fill(totpCode(DEMO_TOTP_SECRET) === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.textContent(), /code is not right.*CodeMismatchException/);
  await page.screenshot({ path: join(artifacts, 'demo-totp.png'), fullPage: true });
  await challenge(page).getByLabel('Authenticator code').fill(totpCode(DEMO_TOTP_SECRET));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.match(await page.locator('#claims').textContent(), /totpuser/);
  await page.close();
});

test('an SMS user enters the code from the outbox', async () => {
  const { page } = await openPage();
  await signIn(page, 'smsuser', 'Passw0rd!');
  await page.locator('#challenge').waitFor({ state: 'visible' });
  assert.match(await page.locator('#challenge-text').textContent(), /\+\*+0123/);
  const outboxURL = await page.locator('#challenge a').getAttribute('href');
  const box = await (await fetch(`${outboxURL}?username=smsuser&kind=Authentication`)).json();
  const code = box.messages.at(-1).code;
  assert.match(code, /^\d{6}$/);
  await challenge(page).getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.match(await page.locator('#claims').textContent(), /smsuser/);
  await page.close();
});

// The newest code the outbox holds for username and kind (as the page's hint links it).
async function outboxCode(page, username, kind) {
  const { outbox } = await page.evaluate(() => fetch('/config.json').then((r) => r.json()));
  const box = await (await fetch(`${outbox}?username=${encodeURIComponent(username)}&kind=${kind}`)).json();
  const code = box.messages.at(-1)?.code;
  assert.match(code ?? '', /^\d{6}$/, `no ${kind} code for ${username}`);
  return code;
}

test('tokens view: expiry countdown, refresh, sign out and sign out everywhere, by keyboard', async () => {
  const { page, errors } = await openPage();
  await signIn(page, 'demo', 'Passw0rd!');
  const view = page.locator('#signed-in');
  await view.waitFor({ state: 'visible' });
  assert.match(await page.locator('#countdown').textContent(), /^\d+ (h \d+ min|min) \d\d s$/);
  const before = await page.locator('#countdown').textContent();
  await page.waitForFunction((b) => document.getElementById('countdown').textContent !== b, before, { timeout: 5000 });
  // Keyboard: focus the Refresh button, press Enter.
  await view.getByRole('button', { name: 'Refresh tokens' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#refresh-status').filter({ hasText: 'Tokens refreshed' }).waitFor();
  assert.match(await page.locator('#refresh-status').textContent(), /Tokens refreshed at .*: (new ID token|the ID token is unchanged), now expiring at /);
  await page.locator('#device-status').filter({ hasText: /not remembered/ }).waitFor();
  await page.screenshot({ path: join(artifacts, 'demo-tokens.png'), fullPage: true });
  await view.getByRole('button', { name: 'Sign out', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#signin').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#notice').textContent(), 'You are signed out.');
  await page.screenshot({ path: join(artifacts, 'demo-signed-out.png'), fullPage: true });
  await signIn(page, 'demo', 'Passw0rd!');
  await view.waitFor({ state: 'visible' });
  await view.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.locator('#signin').waitFor({ state: 'visible' });
  assert.match(await page.locator('#notice').textContent(), /signed out everywhere/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('create an account with an emailed code, sign in; forgot password, reset it, sign in', async () => {
  const { page, errors } = await openPage();
  const username = `web${Date.now().toString(36)}`;
  await page.locator('#signin').getByRole('button', { name: 'Create account' }).click();
  const signup = page.locator('#signup');
  await signup.waitFor({ state: 'visible' });
  await signup.getByLabel('Username').fill(username);
  await signup.getByLabel('Email').fill(`${username}@example.com`);
  await signup.getByLabel('Choose a password').fill('short');
  await page.screenshot({ path: join(artifacts, 'demo-signup.png'), fullPage: true });
  await signup.getByRole('button', { name: 'Create account' }).click();
  // The browser's own check (minlength) or the pool's rules refuse it.
  await signup.getByLabel('Choose a password').fill('Sign-up-Passw0rd!');
  await signup.getByRole('button', { name: 'Create account' }).click();
  const confirm = page.locator('#signup-confirm');
  await confirm.waitFor({ state: 'visible' });
  assert.match(await page.locator('#signup-destination').textContent(), /\*/);
  assert.match(await confirm.getByRole('link', { name: "localcognito's outbox" }).getAttribute('href'), /\/_localcognito\/outbox$/);
  await confirm.getByLabel('Confirmation code').fill(await outboxCode(page, username, 'SignUp'));
  await page.screenshot({ path: join(artifacts, 'demo-signup-confirm.png'), fullPage: true });
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await page.locator('#signin').waitFor({ state: 'visible' });
  assert.match(await page.locator('#notice').textContent(), /confirmed/);
  assert.equal(await page.locator('#username').inputValue(), username);
  await page.locator('#password').fill('Sign-up-Passw0rd!');
  await page.keyboard.press('Enter');
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.match(await page.locator('#claims').textContent(), new RegExp(`${username}@example.com`));
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  await page.locator('#signin').getByRole('button', { name: 'Forgot password?' }).click();
  const forgot = page.locator('#forgot');
  await forgot.getByLabel('Username').fill(username);
  await page.screenshot({ path: join(artifacts, 'demo-forgot.png'), fullPage: true });
  await forgot.getByRole('button', { name: 'Send code' }).click();
  const reset = page.locator('#forgot-confirm');
  await reset.waitFor({ state: 'visible' });
  await reset.getByLabel('Reset code').fill('000000' === await outboxCode(page, username, 'ForgotPassword') ? '111111' : '000000');
  await reset.getByLabel('New password').fill('Reset-Passw0rd!');
  await reset.getByRole('button', { name: 'Set new password' }).click();
  await page.getByRole('alert').filter({ hasText: 'CodeMismatchException' }).waitFor();
  await reset.getByLabel('Reset code').fill(await outboxCode(page, username, 'ForgotPassword'));
  await page.screenshot({ path: join(artifacts, 'demo-forgot-confirm.png'), fullPage: true });
  await reset.getByRole('button', { name: 'Set new password' }).click();
  await page.locator('#signin').waitFor({ state: 'visible' });
  assert.match(await page.locator('#notice').textContent(), /password is changed/);
  await signIn(page, username, 'Reset-Passw0rd!');
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('remember this device: MFA once, then the next sign-in skips it', async () => {
  const { page, errors } = await openPage();
  await signIn(page, 'totpuser', 'Passw0rd!', { remember: true });
  await challenge(page).waitFor({ state: 'visible' });
  // The next period's code: the other TOTP test may have used this one's.
  await challenge(page).getByLabel('Authenticator code').fill(totpCode(DEMO_TOTP_SECRET, 1));
  await challenge(page).getByRole('button', { name: 'Continue' }).click();
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  await page.locator('#device-status').filter({ hasText: 'remembered:' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'demo-device-remembered.png'), fullPage: true });
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.locator('#signin').waitFor({ state: 'visible' });
  await signIn(page, 'totpuser', 'Passw0rd!');
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.equal(await challenge(page).isVisible(), false);
  // The status is filled in after an asynchronous listDevices().
  await page.locator('#device-status').filter({ hasText: /This device is remembered/ }).waitFor();
  // Forget it: MFA is asked again.
  await page.getByRole('button', { name: 'Forget this device' }).click();
  await page.locator('#device-status').filter({ hasText: 'forgotten' }).waitFor();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signIn(page, 'totpuser', 'Passw0rd!');
  await challenge(page).waitFor({ state: 'visible' });
  assert.equal(await page.locator('#challenge-title').textContent(), 'Enter your authenticator code');
  assert.deepEqual(errors, []);
  await page.close();
});

test('MFA set-up: a QR code and the secret; the code from the secret completes it', async () => {
  const { page, errors } = await openPage();
  await signIn(page, 'setupuser', 'Passw0rd!', { pool: 'demo-mfa-required (MFA on for every user)' });
  await challenge(page).waitFor({ state: 'visible' });
  assert.equal(await page.locator('#challenge-title').textContent(), 'Set up an authenticator app');
  const qr = page.getByRole('img', { name: /QR code/ });
  await qr.waitFor({ state: 'visible' });
  const size = await qr.evaluate((c) => [c.tagName, c.width, c.height]);
  assert.equal(size[0], 'CANVAS');
  assert.ok(size[1] >= 100 && size[1] === size[2], `QR canvas ${size}`);
  // The canvas is drawn: dark and light pixels both present.
  const inked = await qr.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
    return dark / (d.length / 4);
  });
  assert.ok(inked > 0.2 && inked < 0.8, `dark share ${inked}`);
  const secret = await page.locator('#totp-secret').textContent();
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  await page.screenshot({ path: join(artifacts, 'demo-mfa-setup.png'), fullPage: true });
  await challenge(page).getByLabel('Authenticator code').fill(totpCode(secret));
  await challenge(page).getByRole('button', { name: 'Continue' }).click();
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  assert.match(await page.locator('#claims').textContent(), /setupuser/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('phone-sized viewport (390×844): signs in without horizontal scrolling', async () => {
  const { page, errors } = await openPage({ viewport: { width: 390, height: 844 } });
  const noSideScroll = () => page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  let [sw, iw] = await noSideScroll();
  assert.ok(sw <= iw, `sign-in form: scrollWidth ${sw} > innerWidth ${iw}`);
  await page.screenshot({ path: join(artifacts, 'demo-phone-signin.png'), fullPage: true });
  await signIn(page, 'demo', 'Passw0rd!');
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  [sw, iw] = await noSideScroll();
  assert.ok(sw <= iw, `tokens view: scrollWidth ${sw} > innerWidth ${iw}`);
  await page.screenshot({ path: join(artifacts, 'demo-phone-signed-in.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

// ---- every sign-in flow ---------------------------------------------------

// InitiateAuth's AuthFlow and PREFERRED_CHALLENGE / CHALLENGE_NAME, and the
// challenges answered, as the page sends them (the worker's requests are
// the page's).
function recordAuth(page) {
  const calls = [];
  page.on('request', (r) => {
    const target = r.headers()['x-amz-target'] || '';
    if (!/InitiateAuth|RespondToAuthChallenge/.test(target)) return;
    const body = JSON.parse(r.postData() || '{}');
    calls.push({
      op: target.replace(/^AWSCognitoIdentityProviderService\./, ''),
      authFlow: body.AuthFlow,
      preferred: body.AuthParameters?.PREFERRED_CHALLENGE,
      challengeName: body.ChallengeName || body.AuthParameters?.CHALLENGE_NAME,
      hasPassword: 'PASSWORD' in (body.AuthParameters || {}) || 'PASSWORD' in (body.ChallengeResponses || {}),
    });
  });
  return calls;
}

async function noSideScroll(page, what) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= iw, `${what}: scrollWidth ${sw} > innerWidth ${iw}`);
}

async function claimsOf(page) {
  await page.locator('#signed-in').waitFor({ state: 'visible' });
  return Object.fromEntries(await page.locator('#claims tr').evaluateAll((rows) =>
    rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent])));
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.locator('#signin').waitFor({ state: 'visible' });
}

// The challenge form has been answered and shown again (a new step, or
// the same one after an error): not busy, and the answer field emptied.
async function challengeRedrawn(page) {
  await page.waitForFunction(() => {
    const form = document.getElementById('challenge');
    const input = document.getElementById('answer-ANSWER');
    return !form.hasAttribute('aria-busy') && input && input.value === '';
  });
}

test('USER_PASSWORD_AUTH: the form sends the password itself, then the tokens view', async () => {
  const { page, errors } = await openPage();
  const calls = recordAuth(page);
  const form = page.locator('#signin');
  await form.getByLabel('Sign-in flow').selectOption('USER_PASSWORD_AUTH');
  assert.match(await page.locator('#flow-hint').textContent(), /Sends the password itself/);
  assert.equal(await form.getByLabel('First challenge').isVisible(), false);
  await form.getByLabel('Username').fill('demo');
  await form.getByLabel('Password', { exact: true }).fill('Passw0rd!');
  await page.screenshot({ path: join(artifacts, 'demo-flow-user-password.png'), fullPage: true });
  await page.keyboard.press('Enter');
  const claims = await claimsOf(page);
  assert.equal(claims['cognito:username'], 'demo');
  assert.deepEqual(calls, [{ op: 'InitiateAuth', authFlow: 'USER_PASSWORD_AUTH', preferred: undefined, challengeName: undefined, hasPassword: true }]);
  // A wrong password: the same plain words as with SRP.
  await signOut(page);
  await signIn(page, 'demo', 'not-the-password', { flow: 'USER_PASSWORD_AUTH' });
  await page.getByRole('alert').filter({ hasText: /do not match.*NotAuthorizedException/ }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('USER_AUTH without a first challenge: SELECT_CHALLENGE, then EMAIL_OTP with the outbox code, on a phone by keyboard', async () => {
  const { page, errors } = await openPage({ viewport: { width: 390, height: 844 } });
  const calls = recordAuth(page);
  const form = page.locator('#signin');
  await form.getByLabel('Sign-in flow').selectOption('USER_AUTH');
  const preferred = form.getByLabel('First challenge');
  await preferred.waitFor({ state: 'visible' });
  assert.equal(await preferred.inputValue(), '');
  // The password is optional until a password choice is made.
  assert.equal(await page.locator('#password').evaluate((el) => el.required), false);
  assert.match(await page.locator('#password-hint').textContent(), /Optional/);
  await form.getByLabel('Username').fill('choiceuser');
  await noSideScroll(page, 'USER_AUTH form');
  await page.screenshot({ path: join(artifacts, 'demo-user-auth-form.png'), fullPage: true });
  await page.keyboard.press('Enter');

  await page.locator('#challenge-title').filter({ hasText: 'Choose how to sign in' }).waitFor();
  assert.match(await page.locator('#challenge-text').textContent(), /choiceuser/);
  const radios = challenge(page).getByRole('radio');
  assert.deepEqual(await radios.evaluateAll((els) => els.map((e) => [e.value, e.labels[0].textContent.trim()])), [
    ['PASSWORD', 'Password, sent to the pool (PASSWORD)'],
    ['PASSWORD_SRP', 'Password, proved with SRP (PASSWORD_SRP)'],
    ['EMAIL_OTP', 'A code by email (EMAIL_OTP)'],
    ['SMS_OTP', 'A code by text message (SMS_OTP)'],
  ]);
  // Focus starts on the first choice; the arrow keys move it to EMAIL_OTP.
  assert.equal(await page.evaluate(() => document.activeElement.value), 'PASSWORD');
  assert.equal(await challenge(page).getByLabel('Password', { exact: true }).evaluate((el) => el.required), true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await challenge(page).getByRole('radio', { name: /EMAIL_OTP/ }).isChecked(), true);
  assert.equal(await challenge(page).getByLabel('Password', { exact: true }).evaluate((el) => el.required), false);
  await noSideScroll(page, 'SELECT_CHALLENGE');
  await page.screenshot({ path: join(artifacts, 'demo-select-challenge.png'), fullPage: true });
  await challenge(page).getByRole('button', { name: 'Continue' }).focus();
  await page.keyboard.press('Enter');

  await page.locator('#challenge-text').filter({ hasText: /by email to c\*+@/ }).waitFor();
  assert.equal(await page.locator('#challenge-title').textContent(), 'Enter the code we sent');
  assert.match(await challenge(page).getByRole('link', { name: "localcognito's outbox" }).getAttribute('href'), /\/_localcognito\/outbox$/);
  const code = await outboxCode(page, 'choiceuser', 'Authentication');
  await noSideScroll(page, 'EMAIL_OTP');
  await page.screenshot({ path: join(artifacts, 'demo-email-otp.png'), fullPage: true });
  // Focus is in the code field: type and press Enter.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'answer-EMAIL_OTP_CODE');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  const claims = await claimsOf(page);
  assert.equal(claims['cognito:username'], 'choiceuser');
  await noSideScroll(page, 'tokens view after USER_AUTH');
  await page.screenshot({ path: join(artifacts, 'demo-user-auth-signed-in.png'), fullPage: true });
  assert.deepEqual(calls.map((c) => [c.op, c.authFlow, c.preferred, c.challengeName, c.hasPassword]), [
    ['InitiateAuth', 'USER_AUTH', undefined, undefined, false],
    ['RespondToAuthChallenge', undefined, undefined, 'SELECT_CHALLENGE', false],
    ['RespondToAuthChallenge', undefined, undefined, 'EMAIL_OTP', false],
  ]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('USER_AUTH with a first challenge: PASSWORD and PASSWORD_SRP go straight to the tokens, EMAIL_OTP to the code', async () => {
  const { page, errors } = await openPage();
  const calls = recordAuth(page);
  await signIn(page, 'choiceuser', 'Passw0rd!', { flow: 'USER_AUTH', preferred: 'PASSWORD_SRP' });
  assert.equal((await claimsOf(page))['cognito:username'], 'choiceuser');
  await signOut(page);
  await signIn(page, 'choiceuser', 'Passw0rd!', { flow: 'USER_AUTH', preferred: 'PASSWORD' });
  assert.equal((await claimsOf(page))['cognito:username'], 'choiceuser');
  await signOut(page);
  // (The second sign-in also answers DEVICE_SRP_AUTH for the device the
  // first one confirmed.)
  assert.deepEqual(calls.filter((c) => !/^DEVICE_/.test(c.challengeName)).map((c) => [c.op, c.preferred, c.challengeName, c.hasPassword]), [
    ['InitiateAuth', 'PASSWORD_SRP', undefined, false],
    ['RespondToAuthChallenge', undefined, 'PASSWORD_VERIFIER', false],
    ['InitiateAuth', 'PASSWORD', undefined, true],
  ]);

  await signIn(page, 'choiceuser', '', { flow: 'USER_AUTH', preferred: 'EMAIL_OTP' });
  await page.locator('#challenge-text').filter({ hasText: /by email to/ }).waitFor();
  assert.equal(await page.locator('#challenge-title').textContent(), 'Enter the code we sent');
  await challenge(page).getByLabel('Code').fill(await outboxCode(page, 'choiceuser', 'Authentication'));
  await challenge(page).getByRole('button', { name: 'Continue' }).click();
  assert.equal((await claimsOf(page))['cognito:username'], 'choiceuser');
  assert.deepEqual(errors, []);
  await page.close();
});

test('USER_AUTH: a password choice asks for the password on SELECT_CHALLENGE (resume); a wrong one starts over in plain words', async () => {
  const { page, errors } = await openPage();
  const calls = recordAuth(page);
  const choose = async () => {
    await signIn(page, 'choiceuser', '', { flow: 'USER_AUTH', preferred: '' });
    await page.locator('#challenge-title').filter({ hasText: 'Choose how to sign in' }).waitFor();
    await challenge(page).getByRole('radio', { name: /PASSWORD_SRP/ }).check();
  };
  await choose();
  const password = challenge(page).getByLabel('Password', { exact: true });
  assert.equal(await password.evaluate((el) => el.required), true);
  assert.match(await page.locator('#select-password-hint').textContent(), /Needed only for the password choices/);
  await password.fill('not-the-password');
  await challenge(page).getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').filter({ hasText: /do not match.*Sign in again.*NotAuthorizedException/ }).waitFor();
  await page.locator('#signin').waitFor({ state: 'visible' });

  await choose();
  await password.fill('Passw0rd!');
  await page.screenshot({ path: join(artifacts, 'demo-select-challenge-password.png'), fullPage: true });
  await password.press('Enter');
  assert.equal((await claimsOf(page))['cognito:username'], 'choiceuser');
  assert.deepEqual(calls.slice(-3).map((c) => [c.op, c.challengeName]), [
    ['InitiateAuth', undefined],
    ['RespondToAuthChallenge', 'SELECT_CHALLENGE'],
    ['RespondToAuthChallenge', 'PASSWORD_VERIFIER'],
  ]);
  assert.equal(calls.some((c) => c.hasPassword), false, 'PASSWORD_SRP never sends the password');
  assert.deepEqual(errors, []);
  await page.close();
});

test('CUSTOM_AUTH: the trigger\'s challenge parameters and question; a wrong answer is asked again, 4 signs in, three misses end it', async () => {
  const { page, errors } = await openPage({ viewport: { width: 390, height: 844 } });
  const calls = recordAuth(page);
  const form = page.locator('#signin');
  await form.getByLabel('Sign-in flow').selectOption('CUSTOM_AUTH');
  assert.equal(await page.locator('#password').evaluate((el) => el.required), false);
  assert.equal(await page.locator('#password-hint').textContent(), 'Not needed for this flow.');
  assert.equal(await page.locator('#custom-unavailable').isVisible(), false);
  await signIn(page, 'customuser', '');
  await page.locator('#challenge-title').filter({ hasText: "Answer the pool's challenge" }).waitFor();
  // The public challenge parameters create.mjs sent; USERNAME is Cognito's.
  const params = await page.locator('#challenge-parameters tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
  assert.deepEqual(params, [['question', 'What is 2+2?']]);
  const answer = challenge(page).getByLabel('What is 2+2?');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'answer-ANSWER');
  await noSideScroll(page, 'CUSTOM_CHALLENGE');
  await page.screenshot({ path: join(artifacts, 'demo-custom-challenge.png'), fullPage: true });
  await answer.fill('5');
  await answer.press('Enter');
  await page.locator('#notice').filter({ hasText: 'That answer was not accepted; the pool asks again.' }).waitFor();
  await challengeRedrawn(page);
  await page.screenshot({ path: join(artifacts, 'demo-custom-challenge-again.png'), fullPage: true });
  await answer.fill('4');
  await answer.press('Enter');
  const claims = await claimsOf(page);
  assert.equal(claims['cognito:username'], 'customuser');
  assert.equal(calls.some((c) => c.hasPassword), false);
  assert.deepEqual(calls.map((c) => [c.op, c.authFlow, c.challengeName]), [
    ['InitiateAuth', 'CUSTOM_AUTH', undefined],
    ['RespondToAuthChallenge', undefined, 'CUSTOM_CHALLENGE'],
    ['RespondToAuthChallenge', undefined, 'CUSTOM_CHALLENGE'],
  ]);
  await noSideScroll(page, 'tokens view after CUSTOM_AUTH');
  await page.screenshot({ path: join(artifacts, 'demo-custom-signed-in.png'), fullPage: true });

  // define.mjs allows three tries.
  await signOut(page);
  await signIn(page, 'customuser', '', { flow: 'CUSTOM_AUTH' });
  await page.locator('#challenge-title').filter({ hasText: "Answer the pool's challenge" }).waitFor();
  for (const wrong of ['1', '2']) {
    await answer.fill(wrong);
    await answer.press('Enter');
    await page.locator('#notice').filter({ hasText: 'not accepted' }).waitFor();
    await challengeRedrawn(page);
  }
  await answer.fill('3');
  await answer.press('Enter');
  await page.getByRole('alert').filter({ hasText: /did not accept your answers.*sign in again.*NotAuthorizedException/ }).waitFor();
  await page.locator('#signin').waitFor({ state: 'visible' });
  await page.screenshot({ path: join(artifacts, 'demo-custom-failed.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('CUSTOM_AUTH with SRP: a wrong password is refused; the right one, then the trigger\'s question', async () => {
  const { page, errors } = await openPage();
  const calls = recordAuth(page);
  await signIn(page, 'customuser', 'not-the-password', { flow: 'CUSTOM_WITH_SRP' });
  await page.getByRole('alert').filter({ hasText: /do not match.*NotAuthorizedException/ }).waitFor();
  await signIn(page, 'customuser', 'Passw0rd!');
  await page.locator('#challenge-title').filter({ hasText: "Answer the pool's challenge" }).waitFor();
  assert.match(await page.locator('#challenge-parameters').textContent(), /questionWhat is 2\+2\?/);
  await page.screenshot({ path: join(artifacts, 'demo-custom-srp-challenge.png'), fullPage: true });
  await challenge(page).getByLabel('What is 2+2?').fill('4');
  await challenge(page).getByRole('button', { name: 'Continue' }).click();
  assert.equal((await claimsOf(page))['cognito:username'], 'customuser');
  assert.deepEqual(calls.slice(-3).map((c) => [c.op, c.authFlow, c.challengeName, c.hasPassword]), [
    ['InitiateAuth', 'CUSTOM_AUTH', 'SRP_A', false],
    ['RespondToAuthChallenge', undefined, 'PASSWORD_VERIFIER', false],
    ['RespondToAuthChallenge', undefined, 'CUSTOM_CHALLENGE', false],
  ]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('without Node the demo still starts; the page says custom auth is unavailable and SRP still works', async () => {
  const { child, url } = await startDemo(['-node', join(root, 'no-such-dir', 'node')]);
  try {
    const { page, errors } = await openPage({}, url);
    const unavailable = page.locator('#custom-unavailable');
    await unavailable.waitFor({ state: 'visible' });
    assert.match(await unavailable.textContent(), /^Custom auth is unavailable: Node\.js was not found/);
    const flows = await page.getByLabel('Sign-in flow').evaluate((s) => [...s.options].map((o) => [o.value, o.disabled]));
    assert.deepEqual(flows, [['USER_SRP_AUTH', false], ['USER_PASSWORD_AUTH', false], ['USER_AUTH', false], ['CUSTOM_AUTH', true], ['CUSTOM_WITH_SRP', true]]);
    assert.match(await page.locator('#users').textContent(), /unavailable now: the Lambda triggers are not running/);
    await page.screenshot({ path: join(artifacts, 'demo-custom-unavailable.png'), fullPage: true });
    await signIn(page, 'demo', 'Passw0rd!');
    assert.equal((await claimsOf(page))['cognito:username'], 'demo');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    child.kill();
  }
});

test('a repeat visit takes the page\'s scripts, style sheet and wasm from the browser cache, without asking the server', async () => {
  const context = await browser.newContext();
  try {
    await (await openPage({}, pageURL, context)).page.close();
    const { page, errors } = await openPage({}, pageURL, context);
    // Resource Timing's transferSize is 0 for a response taken from the
    // cache as it is, and the size of the headers for a revalidated one (304).
    const files = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.startsWith('/v/'))
      .map((e) => [new URL(e.name).pathname.replace(/^\/v\/[0-9a-f]{16}\//, ''), e.transferSize]));
    assert.deepEqual(files.sort(), [['demo/demo.css', 0], ['demo/demo.js', 0], ['dist/cognito-srp.js', 0], ['vendor/qrcode.js', 0]]);
    // The loader's worker fetched the wasm next to the loader; the page
    // finds it in the same cache.
    const wasm = await page.evaluate(async () => {
      const url = new URL('cognito-srp.wasm', document.querySelector('script[src$="/cognito-srp.js"]').src).href;
      const body = await (await fetch(url)).arrayBuffer();
      // The fetch's timing entry is queued, not there at once.
      while (!performance.getEntriesByName(url).length) await new Promise((r) => setTimeout(r, 10));
      return { bytes: body.byteLength, transferSize: performance.getEntriesByName(url).at(-1).transferSize };
    });
    assert.ok(wasm.bytes > 1_000_000, `the wasm has ${wasm.bytes} bytes`);
    assert.equal(wasm.transferSize, 0, 'the wasm was fetched from the server again');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
