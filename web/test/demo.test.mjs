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

async function openPage() {
  const page = await browser.newPage();
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
