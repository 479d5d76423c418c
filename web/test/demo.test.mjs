// Playwright drives the demo page in Debian's headless Chromium: a correct
// password shows the ID token's claims, a wrong one a plain-words error,
// and a new user is asked for a new password. Screenshots are kept under
// test-artifacts/ for people to look at.
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

function startDemo() {
  const bin = join(root, 'bin', 'demo');
  assert.ok(existsSync(bin), 'bin/demo is missing: run `make build` first');
  const child = spawn(bin, ['-api-addr', '127.0.0.1:0', '-web-addr', '127.0.0.1:0', '-web-dir', join(root, 'web')], {
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

async function openPage(options = {}) {
  const page = await browser.newPage(options);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(pageURL);
  await page.locator('#signin').waitFor({ state: 'visible', timeout: 60_000 });
  return { page, errors };
}

async function signIn(page, username, password, { pool, remember } = {}) {
  const form = page.locator('#signin');
  if (pool) await form.getByLabel('User pool').selectOption({ label: pool });
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
