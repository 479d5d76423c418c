// The npm package as published: `npm pack` of web/ (after make build) gives
// exactly the files a consumer needs, under a size bound; the tarball
// installs offline into an empty project and signs in against localcognito
// from there, through require and through import.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, statSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCognito, provision, decodeJwt, webRoot } from './helpers.mjs';

const run = promisify(execFile);
const pkgJSON = JSON.parse(readFileSync(join(webRoot, 'package.json'), 'utf8'));

// Exactly what ships: the three loaders, the wasm, the types (the API in
// index.d.ts; index.d.cts for require, index.d.mts for import),
// package.json, the npm page (README.md), the license, and the notice for
// the Go code inside (wasm_exec.js in each loader, Go's runtime in the wasm).
const EXPECTED_FILES = [
  'LICENSE',
  'README.md',
  'THIRD_PARTY_NOTICES.md',
  'dist/cognito-srp.js',
  'dist/cognito-srp.mjs',
  'dist/cognito-srp.wasm',
  'dist/cognito-srp.worker.js',
  'index.d.cts',
  'index.d.mts',
  'index.d.ts',
  'package.json',
];

// The tarball is gzip. `make size` holds the page's bundle (wasm + js +
// worker) to 750,000 brotli bytes; the wasm gzips about 1.35× larger than
// it brotlis, so a bundle at that budget is ~1,010,000 gzip bytes, and the
// .mjs, the declarations, package.json and tar headers add ~20 KB. A
// tarball over 1,050,000 bytes means the package outgrew the budget or ships
// something it should not (as of writing it is ~990,000).
const TARBALL_MAX = 1_050_000;

let tmp; // temp dir holding the tarball and the consumer project
let tarball; // absolute path of the packed .tgz
let packed; // npm pack --json's entry
let project; // the consumer project the tarball is installed into
let lc;
let fx;

before(async () => {
  for (const f of EXPECTED_FILES) {
    assert.ok(existsSync(join(webRoot, f)), `web/${f} is missing: run make build first`);
  }
  tmp = mkdtempSync(join(tmpdir(), 'cognito-srp-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], {
    cwd: webRoot, maxBuffer: 16 << 20,
  });
  [packed] = JSON.parse(stdout);
  tarball = join(tmp, packed.filename);

  project = join(tmp, 'consumer');
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--no-package-lock', tarball], {
    cwd: project, maxBuffer: 16 << 20,
  });

  lc = await startLocalCognito();
  fx = await provision(lc.url);
});

after(async () => {
  await lc?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('packs exactly the files a consumer needs', () => {
    assert.equal(packed.name, pkgJSON.name);
    assert.equal(packed.version, pkgJSON.version);
    assert.equal(packed.filename, `${pkgJSON.name}-${pkgJSON.version}.tgz`);
    assert.deepEqual(packed.files.map((f) => f.path).sort(), EXPECTED_FILES);
    assert.equal(packed.entryCount, EXPECTED_FILES.length);
    assert.deepEqual(packed.bundled, []);
    for (const f of packed.files) {
      assert.equal(f.size, statSync(join(webRoot, f.path)).size, `${f.path} in the tarball differs from web/${f.path}`);
    }
  });

  it('ships the Apache-2.0 license and the Go Authors\' notice for the Go code inside', async () => {
    const license = readFileSync(join(webRoot, 'LICENSE'), 'utf8');
    assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
    assert.equal(license, readFileSync(join(webRoot, '..', 'LICENSE'), 'utf8'), 'web/LICENSE differs from the repository\'s');
    assert.equal(pkgJSON.license, 'Apache-2.0');
    const notice = readFileSync(join(webRoot, 'THIRD_PARTY_NOTICES.md'), 'utf8');
    assert.match(notice, /wasm_exec\.js/);
    // The notice quotes the license of the Go that builds the package.
    const { stdout: goroot } = await run('go', ['env', 'GOROOT']);
    const goLicense = readFileSync(join(goroot.trim(), 'LICENSE'), 'utf8');
    assert.ok(notice.includes(goLicense.trim()), 'THIRD_PARTY_NOTICES.md does not quote $GOROOT/LICENSE');
    assert.match(readFileSync(join(webRoot, 'dist', 'cognito-srp.js'), 'utf8'), /BSD-3-Clause/);
  });

  it(`packs to under ${TARBALL_MAX} bytes`, () => {
    const size = statSync(tarball).size;
    assert.equal(size, packed.size);
    assert.ok(size < TARBALL_MAX, `the tarball is ${size} bytes, over the bound of ${TARBALL_MAX}`);
  });

  it('installs offline with every packed file and nothing else', () => {
    const installed = join(project, 'node_modules', pkgJSON.name);
    for (const f of EXPECTED_FILES) {
      assert.ok(existsSync(join(installed, f)), `the install lacks ${f}`);
    }
    assert.equal(existsSync(join(installed, 'src')), false);
    assert.equal(existsSync(join(installed, 'test')), false);
    assert.equal(existsSync(join(installed, 'demo')), false);
    assert.deepEqual(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).exports, pkgJSON.exports);
  });
});

// A script in the consumer project signs in and prints which file the
// package resolved to, what it exported and the outcome of a good and a
// wrong password.
const consumerBody = (resolveExpr) => `
  const opts = JSON.parse(process.env.SIGNIN);
  const cognito = await mod.load();
  const step = await cognito.signIn(opts);
  const wrong = await cognito.signIn({ ...opts, password: opts.password + 'x' }).then(() => 'signed in', (e) => e.name);
  process.stdout.write(JSON.stringify({
    resolved: ${resolveExpr},
    exportsLoad: typeof mod.load,
    version: mod.version,
    done: step.done,
    username: step.user && step.user.username,
    idToken: step.tokens && step.tokens.idToken,
    wrong,
  }));`;

const consumers = {
  'require (CommonJS)': {
    file: 'consumer.cjs',
    source: `const mod = require('cognito-srp-wasm');
(async () => {${consumerBody("require.resolve('cognito-srp-wasm')")}
})().catch((e) => { console.error(e); process.exit(1); });`,
    resolvesTo: 'dist/cognito-srp.js',
  },
  'import (ES module)': {
    file: 'consumer.mjs',
    source: `import * as ns from 'cognito-srp-wasm';
import { fileURLToPath } from 'node:url';
const mod = ns.default;
if (mod.load !== ns.load) throw new Error('default export and named load differ');
${consumerBody("fileURLToPath(import.meta.resolve('cognito-srp-wasm'))")}`,
    resolvesTo: 'dist/cognito-srp.mjs',
  },
};

describe('the installed tarball signs in', () => {
  for (const [label, { file, source, resolvesTo }] of Object.entries(consumers)) {
    it(`through ${label}`, async () => {
      writeFileSync(join(project, file), source);
      const signIn = {
        userPoolId: fx.poolId, clientId: fx.clientId, endpoint: `${lc.url}/`,
        username: fx.username, password: fx.password,
      };
      const { stdout } = await run(process.execPath, [file], {
        cwd: project, env: { ...process.env, SIGNIN: JSON.stringify(signIn) }, maxBuffer: 16 << 20,
      });
      const r = JSON.parse(stdout);
      // From the install, never from web/ (no self-reference, no symlink).
      assert.equal(realpathSync(r.resolved), realpathSync(join(project, 'node_modules', pkgJSON.name, resolvesTo)));
      assert.equal(r.exportsLoad, 'function');
      assert.equal(r.version, pkgJSON.version);
      assert.equal(r.done, true);
      assert.equal(r.username, fx.username);
      assert.equal(r.wrong, 'NotAuthorizedException');
      const id = decodeJwt(r.idToken).payload;
      assert.equal(id.aud, fx.clientId);
      assert.equal(id['cognito:username'], fx.username);
      assert.equal(id.iss, `${lc.url}/${fx.poolId}`);
    });
  }
});
