// web/examples/vite built by Vite (the root devDependency) against the
// packed tarball, installed offline into a copy of the example: the wasm
// must come out as an asset (the worker travels inside the loader), and
// the built page must sign in against localcognito in headless Chromium,
// with Go in a Web Worker.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, readdirSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCognito, provision, launchChromium, repoRoot, webRoot, serveWeb } from './helpers.mjs';

const run = promisify(execFile);
const example = join(webRoot, 'examples', 'vite');
const vite = join(repoRoot, 'node_modules', '.bin', 'vite');

let tmp; let app; let out; let lc; let fx; let site; let browser;

before(async () => {
  assert.ok(existsSync(join(webRoot, 'dist', 'cognito-srp.wasm')), 'run make build first');
  assert.ok(existsSync(vite), `${vite} is missing: run npm ci at the repository root`);
  tmp = mkdtempSync(join(tmpdir(), 'cognito-srp-vite-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: webRoot, maxBuffer: 16 << 20 });
  const tarball = join(tmp, JSON.parse(stdout)[0].filename);

  // A copy of the example, as a user would start from it; vite itself is
  // the repository's, so the copy's package.json keeps only the package.
  app = join(tmp, 'app');
  mkdirSync(app);
  for (const f of ['index.html', 'main.js', 'vite.config.js']) copyFileSync(join(example, f), join(app, f));
  const { devDependencies, ...pkg } = JSON.parse(readFileSync(join(example, 'package.json'), 'utf8'));
  assert.ok(devDependencies.vite, 'the example names vite as a devDependency');
  writeFileSync(join(app, 'package.json'), JSON.stringify(pkg, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--no-package-lock', tarball], { cwd: app, maxBuffer: 16 << 20 });

  out = join(app, 'dist');
  await run(vite, ['build', app, '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: app, maxBuffer: 16 << 20 });

  lc = await startLocalCognito();
  fx = await provision(lc.url);
  site = await serveWeb({}, { root: out });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await lc?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const assets = () => readdirSync(join(out, 'assets'));

test('vite build emits the wasm as an asset, byte for byte, and no worker file', () => {
  const wasm = assets().filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one .wasm asset, got ${assets()}`);
  assert.ok(readFileSync(join(out, 'assets', wasm[0])).equals(readFileSync(join(webRoot, 'dist', 'cognito-srp.wasm'))));
  // The worker's code travels inside the loader, so nothing else is emitted.
  assert.deepEqual(assets().filter((f) => /worker/.test(f)), [], `no worker asset, got ${assets()}`);
  // The page's bundle names the wasm by its hashed asset path.
  const code = assets().filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, 'assets', f), 'utf8')).join('\n');
  assert.ok(code.includes(wasm[0]), 'the bundle refers to the emitted wasm');
  assert.equal(code.includes('node_modules'), false);
});

test('the built page signs in against localcognito in Chromium, Go in a Web Worker', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  let workers = 0;
  page.on('worker', () => { workers++; });
  const q = new URLSearchParams({ userPoolId: fx.poolId, clientId: fx.clientId, endpoint: `${lc.url}/` });
  await page.goto(`${site.url}/?${q}`);
  const result = await page.evaluate(async ({ username, password }) => {
    const ok = await window.signIn(username, password);
    const wrong = await window.signIn(username, `${password}x`).then(() => 'signed in', (e) => e.name);
    return { ok, wrong };
  }, { username: fx.username, password: fx.password });
  assert.equal(result.ok.username, fx.username);
  assert.equal(result.ok.claims['cognito:username'], fx.username);
  assert.equal(result.ok.claims.aud, fx.clientId);
  assert.equal(result.wrong, 'NotAuthorizedException');
  assert.ok(workers >= 1, 'load() started a Web Worker');
  assert.deepEqual(errors, []);
  const wasm = assets().find((f) => f.endsWith('.wasm'));
  assert.ok(site.requested.includes(`/assets/${wasm}`), 'the page fetched the emitted wasm');
  assert.deepEqual(site.requested.filter((u) => /worker/.test(u)), [], 'the worker needed no file');

  // The form works too.
  await page.fill('input[name=username]', fx.username);
  await page.fill('input[name=password]', fx.password);
  await page.click('button');
  await page.waitForFunction(() => document.getElementById('out').textContent.includes('"claims"'));
  assert.equal(JSON.parse(await page.textContent('#out')).username, fx.username);
  await page.close();
});
