// The npm package (web/) in Node, loaded the ways consumers load it, signing
// in against a localcognito child process provisioned with AWS's SDK.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join, basename } from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, copyFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  startLocalCognito, provision, createUserWithTemporaryPassword, decodeJwt,
  unusedURL, newPassword, webRoot,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const distJS = join(webRoot, 'dist', 'cognito-srp.js');
const distMJS = join(webRoot, 'dist', 'cognito-srp.mjs');
const distWasm = join(webRoot, 'dist', 'cognito-srp.wasm');
const pkgJSON = JSON.parse(readFileSync(join(webRoot, 'package.json'), 'utf8'));

let server; // { url, stop }
let pub; // public app client + confirmed user
let sec; // app client with a secret + confirmed user
let cognito; // one module shared by the signIn tests

before(async () => {
  for (const f of [distJS, distMJS, distWasm]) {
    assert.ok(existsSync(f), `${f} is missing: run make build first`);
  }
  server = await startLocalCognito();
  [pub, sec] = await Promise.all([provision(server.url), provision(server.url, { secret: true })]);
  assert.equal(pub.clientSecret, undefined, 'the public client must have no secret');
  assert.match(sec.clientSecret ?? '', /^[a-z0-9]{51}$/);
  // Loaded through the package's own name, i.e. its exports map.
  const { load } = await import('cognito-srp-wasm');
  cognito = await load();
});

after(async () => {
  await server?.stop();
});

function endpoint() {
  return `${server.url}/`;
}

function optionsFor(fixture, extra = {}) {
  return {
    userPoolId: fixture.poolId,
    clientId: fixture.clientId,
    ...(fixture.clientSecret ? { clientSecret: fixture.clientSecret } : {}),
    endpoint: endpoint(),
    username: fixture.username,
    password: fixture.password,
    ...extra,
  };
}

/** Checks a finished step: tokens shaped as Cognito issues them, for this user and client. */
function assertSignedIn(step, fixture) {
  assert.equal(step.done, true, `expected tokens, got ${JSON.stringify(step)}`);
  const { tokens } = step;
  assert.equal(tokens.tokenType, 'Bearer');
  assert.equal(tokens.expiresIn, 3600);
  assert.equal(typeof tokens.refreshToken, 'string');
  assert.ok(tokens.refreshToken.length > 0);
  const id = decodeJwt(tokens.idToken);
  const access = decodeJwt(tokens.accessToken);
  assert.equal(id.header.alg, 'RS256');
  assert.equal(id.payload.token_use, 'id');
  assert.equal(id.payload.aud, fixture.clientId);
  assert.equal(id.payload['cognito:username'], fixture.username);
  assert.equal(id.payload.iss, `${server.url}/${fixture.poolId}`);
  assert.equal(access.payload.token_use, 'access');
  assert.equal(access.payload.client_id, fixture.clientId);
  assert.equal(access.payload.username, fixture.username);
  assert.equal(access.payload.sub, id.payload.sub);
  return { id: id.payload, access: access.payload };
}

/** The module that just failed must still complete a sign-in. */
async function assertStillSignsIn(mod = cognito, fixture = pub) {
  assertSignedIn(await mod.signIn(optionsFor(fixture)), fixture);
}

describe('loading the package', () => {
  it('CommonJS: require of the package root and of its name give the exports.require build', async () => {
    const byMain = require('..'); // web/ → package.json "main"
    const byName = require('cognito-srp-wasm'); // self-reference → exports["."].require
    assert.equal(require.resolve('..'), distJS);
    assert.equal(require.resolve('cognito-srp-wasm'), distJS);
    assert.equal(byMain, byName);
    assert.equal(byName, require(distJS));
    assert.equal(typeof byName.load, 'function');
    assert.equal(byName.version, pkgJSON.version);
    assert.ok(Object.isFrozen(byName));
    // What index.d.cts declares (export =): exactly load and version.
    assert.deepEqual(Object.keys(byName).sort(), ['load', 'version']);
    assert.equal(byName.default, undefined);
    assert.equal(byName.__esModule, undefined);

    const mod = await byName.load();
    assert.equal(typeof mod.version, 'string');
    assert.ok(mod.version.length > 0);
    assertSignedIn(await mod.signIn(optionsFor(pub)), pub);
  });

  it('ESM: import of the package name gives the exports.import build', async () => {
    const ns = await import('cognito-srp-wasm');
    const direct = await import(pathToFileURL(distMJS).href);
    assert.equal(ns, direct, 'the package name must resolve to dist/cognito-srp.mjs');
    assert.equal(typeof ns.load, 'function');
    assert.equal(ns.version, pkgJSON.version);
    assert.equal(ns.default.load, ns.load);
    assert.equal(ns.default.version, pkgJSON.version);
    assert.notEqual(ns.load, require('cognito-srp-wasm').load, 'import must not fall back to the CommonJS build');

    const mod = await ns.default.load();
    assertSignedIn(await mod.signIn(optionsFor(sec)), sec);
  });

  it('exports only the documented subpaths', () => {
    assert.equal(require.resolve('cognito-srp-wasm/cognito-srp.wasm'), distWasm);
    assert.equal(require.resolve('cognito-srp-wasm/cognito-srp.worker.js'), join(webRoot, 'dist', 'cognito-srp.worker.js'));
    assert.equal(require('cognito-srp-wasm/package.json').version, pkgJSON.version);
    assert.throws(() => require.resolve('cognito-srp-wasm/dist/cognito-srp.js'),
      { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    for (const f of pkgJSON.files) assert.ok(existsSync(join(webRoot, f)), `package.json files lists missing ${f}`);
  });

  // Conditions are matched in the order written: browser before node
  // (bundlers set browser; Node never does), then the generic
  // import/require/default. Each target carries its own types, first
  // (TypeScript matches types, then default): the ES module's declarations
  // have a default export, the CommonJS build's (export =) have none.
  it('orders the exports conditions as bundlers, Node and TypeScript expect', () => {
    const root = pkgJSON.exports['.'];
    const esm = { types: './index.d.mts', default: './dist/cognito-srp.mjs' };
    const cjs = { types: './index.d.cts', default: './dist/cognito-srp.js' };
    assert.deepEqual(Object.keys(root), ['browser', 'node', 'import', 'require', 'default']);
    assert.deepEqual(root, {
      browser: esm,
      node: { import: esm, require: cjs },
      import: esm,
      require: cjs,
      default: esm,
    });
    for (const target of [root.browser, root.node.import, root.node.require, root.import, root.require, root.default]) {
      assert.deepEqual(Object.keys(target), ['types', 'default']);
    }
    assert.equal(pkgJSON.types, './index.d.ts', 'resolvers that ignore exports get the API, shaped as main (CommonJS)');
    assert.deepEqual(Object.keys(pkgJSON.exports),
      ['.', './cognito-srp.wasm', './cognito-srp.worker.js', './package.json']);
  });

  it('resolves the ESM build under the browser condition, for require too', () => {
    // What a bundler targeting browsers sees: Node run with --conditions=browser.
    const resolveWith = (args, code) => execFileSync(process.execPath, [...args, '-e', code],
      { cwd: webRoot, encoding: 'utf8' }).trim();
    assert.equal(resolveWith(['--conditions=browser', '--input-type=module'],
      "console.log(import.meta.resolve('cognito-srp-wasm'))"), pathToFileURL(distMJS).href);
    assert.equal(resolveWith(['--conditions=browser'],
      "console.log(require.resolve('cognito-srp-wasm'))"), distMJS);
    // Without it, Node's own conditions pick the CommonJS build for require.
    assert.equal(resolveWith([], "console.log(require.resolve('cognito-srp-wasm'))"), distJS);
  });

  // 'file://' + encodeURI(__dirname) alone would leave '#' and '?' in the
  // path, which cut the wasm URL short.
  it('CommonJS build loads from an install path containing # or ?', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cognito-srp-pkg-'));
    try {
      const dir = join(root, 'node_modules#1', 'cognito-srp-wasm');
      mkdirSync(join(dir, 'dist'), { recursive: true });
      copyFileSync(join(webRoot, 'package.json'), join(dir, 'package.json'));
      for (const f of [distJS, distWasm]) copyFileSync(f, join(dir, 'dist', basename(f)));
      const mod = await require(dir).load();
      assertSignedIn(await mod.signIn(optionsFor(pub)), pub);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('signIn', () => {
  it('signs in with a public app client', async () => {
    const step = await cognito.signIn(optionsFor(pub));
    assertSignedIn(step, pub);
    assert.equal(step.respond, undefined, 'a finished step has nothing to respond to');
  });

  it('signs in with an app client that has a secret, sending SECRET_HASH', async () => {
    assertSignedIn(await cognito.signIn(optionsFor(sec)), sec);
    // Without the secret, localcognito refuses the call as Cognito does:
    // proof that the hash above was really sent and checked.
    const { clientSecret, ...withoutSecret } = optionsFor(sec);
    assert.ok(clientSecret);
    await assert.rejects(cognito.signIn(withoutSecret), {
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${sec.clientId}`,
    });
    await assert.rejects(cognito.signIn({ ...withoutSecret, clientSecret: 'x'.repeat(51) }), {
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${sec.clientId}`,
    });
    await assertStillSignsIn(cognito, sec);
  });

  it('rejects a wrong password with NotAuthorizedException and Cognito\'s message', async () => {
    for (const fixture of [pub, sec]) {
      const err = await cognito.signIn(optionsFor(fixture, { password: `${fixture.password}x` })).then(
        () => assert.fail('a wrong password signed in'), (e) => e);
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'NotAuthorizedException');
      assert.equal(err.message, 'Incorrect username or password.');
      assert.equal(err.statusCode, 400);
      await assertStillSignsIn(cognito, fixture);
    }
  });

  it('rejects an unknown user with UserNotFoundException', async () => {
    await assert.rejects(cognito.signIn(optionsFor(pub, { username: 'nobody-here' })), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'UserNotFoundException');
      assert.equal(e.message, 'User does not exist.');
      assert.equal(e.statusCode, 400);
      return true;
    });
    await assertStillSignsIn();
  });

  it('rejects an unknown app client with ResourceNotFoundException', async () => {
    await assert.rejects(cognito.signIn(optionsFor(pub, { clientId: 'nosuchclient' })), {
      name: 'ResourceNotFoundException',
      message: 'User pool client nosuchclient does not exist.',
    });
    await assertStillSignsIn();
  });

  const badInputs = [
    ['missing username', (o) => { delete o.username; }, /\busername\b/],
    ['empty username', (o) => { o.username = ''; }, /\busername\b/],
    ['missing password', (o) => { delete o.password; }, /\bpassword\b/],
    ['number as userPoolId', (o) => { o.userPoolId = 123; }, /\buserPoolId\b.*string/],
    ['malformed userPoolId', (o) => { o.userPoolId = 'not-a-pool-id'; }, /\buserPoolId\b.*not-a-pool-id/],
    ['missing clientId', (o) => { delete o.clientId; }, /\bclientId\b/],
    ['unknown option', (o) => { o.colour = 'red'; }, /\bcolour\b/],
    ['non-string clientMetadata value', (o) => { o.clientMetadata = { n: 1 }; }, /\bclientMetadata\b/],
  ];
  for (const [label, mutate, field] of badInputs) {
    it(`rejects ${label} with InvalidParameterException naming the field`, async () => {
      const options = optionsFor(pub);
      mutate(options);
      await assert.rejects(cognito.signIn(options), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.name, 'InvalidParameterException');
        assert.match(e.message, field);
        assert.equal(e.message.includes(pub.password), false, 'the message must not echo the password');
        return true;
      });
      await assertStillSignsIn();
    });
  }

  it('load() refuses options it does not know, or of the wrong type, with InvalidParameterException', async () => {
    for (const [options, message] of [[[], /must be an object/], [{ foo: 1 }, /unknown load option "foo"/],
      [{ worker: 'yes' }, /worker must be a boolean/], [{ onProgress: 'x' }, /onProgress must be a function/]]) {
      const { load } = await import('cognito-srp-wasm');
      await assert.rejects(load(options), { name: 'InvalidParameterException', message }, JSON.stringify(options));
    }
  });

  it('rejects a call without an options object with InvalidParameterException', async () => {
    for (const arg of [undefined, null, 'options', []]) {
      await assert.rejects(cognito.signIn(arg), { name: 'InvalidParameterException' });
    }
    await assertStillSignsIn();
  });

  it('rejects an unreachable endpoint with NetworkError', async () => {
    const nowhere = await unusedURL();
    await assert.rejects(cognito.signIn({ ...optionsFor(pub), endpoint: nowhere }), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'NetworkError');
      assert.equal(e.statusCode, undefined, 'nothing answered, so there is no status');
      return true;
    });
    await assertStillSignsIn();
  });

  it('NEW_PASSWORD_REQUIRED: a serialisable step, respond, then tokens', async () => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(sec.admin, sec.poolId);
    const user = { ...sec, username, password: temporaryPassword };
    const step = await cognito.signIn(optionsFor(user));

    assert.equal(step.done, false);
    assert.equal(step.challengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(step.username, username);
    assert.equal(typeof step.session, 'string');
    assert.ok(step.session.length > 0);
    assert.equal(typeof step.respond, 'function');

    const json = JSON.stringify(step);
    for (const secret of [temporaryPassword, sec.clientSecret]) {
      assert.equal(json.includes(secret), false, 'the serialised step leaks a secret');
    }
    assert.deepEqual(Object.keys(JSON.parse(json)).sort(), Object.keys(step).sort());
    assert.equal(JSON.parse(json).challengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(JSON.parse(json).session, step.session);
    assert.equal('respond' in JSON.parse(json), false);

    // A password the pool's policy refuses leaves the step usable.
    await assert.rejects(step.respond({ NEW_PASSWORD: 'nouppercase-1!' }), {
      name: 'InvalidPasswordException',
      message: /uppercase/,
    });

    const newPw = newPassword();
    const done = await step.respond({ NEW_PASSWORD: newPw });
    assertSignedIn(done, { ...sec, username });

    // The session is spent; Cognito calls a second answer invalid.
    await assert.rejects(step.respond({ NEW_PASSWORD: newPassword() }), {
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });

    const { UserStatus } = await sec.admin.send(new AdminGetUserCommand({ UserPoolId: sec.poolId, Username: username }));
    assert.equal(UserStatus, 'CONFIRMED');
    assertSignedIn(await cognito.signIn(optionsFor({ ...sec, username, password: newPw })), { ...sec, username });
    await assert.rejects(cognito.signIn(optionsFor(user)), {
      name: 'NotAuthorizedException', message: 'Incorrect username or password.',
    });
  });

  it('runs many concurrent sign-ins on one module', async () => {
    const fixtures = Array.from({ length: 16 }, (_, i) => (i % 2 ? sec : pub));
    const steps = await Promise.all(fixtures.map((f) => cognito.signIn(optionsFor(f))));
    const jtis = new Set();
    steps.forEach((step, i) => {
      const { access } = assertSignedIn(step, fixtures[i]);
      jtis.add(access.jti);
    });
    assert.equal(jtis.size, fixtures.length, 'every sign-in must get its own tokens');
  });

  it('mixes concurrent failures and successes on one module without cross-talk', async () => {
    const attempts = [
      { fixture: pub, wrong: false }, { fixture: sec, wrong: true }, { fixture: sec, wrong: false },
      { fixture: pub, wrong: true }, { fixture: pub, wrong: false }, { fixture: sec, wrong: false },
    ];
    const results = await Promise.allSettled(attempts.map(({ fixture, wrong }) =>
      cognito.signIn(optionsFor(fixture, wrong ? { password: 'Wrong-Passw0rd!' } : {}))));
    results.forEach((r, i) => {
      if (attempts[i].wrong) {
        assert.equal(r.status, 'rejected');
        assert.equal(r.reason.name, 'NotAuthorizedException');
      } else {
        assert.equal(r.status, 'fulfilled', r.reason && `${r.reason.name}: ${r.reason.message}`);
        assertSignedIn(r.value, attempts[i].fixture);
      }
    });
  });

  it('a second load() gives an independent module', async () => {
    const { load } = await import('cognito-srp-wasm');
    const other = await load();
    assert.notEqual(other, cognito);
    assert.equal(other.version, cognito.version);
    const [a, b, bad] = await Promise.allSettled([
      cognito.signIn(optionsFor(pub)),
      other.signIn(optionsFor(sec)),
      other.signIn(optionsFor(pub, { password: 'Wrong-Passw0rd!' })),
    ]);
    assertSignedIn(a.value, pub);
    assertSignedIn(b.value, sec);
    assert.equal(bad.status, 'rejected');
    assert.equal(bad.reason.name, 'NotAuthorizedException');
    await assertStillSignsIn(other, pub);
    await assertStillSignsIn(cognito, sec);
  });
});

// What keeps the event loop alive after the package's promises settle
// decides whether a Node script using it exits. Measured in a child
// process, as the types of the active resources (no clocks involved).
describe('Node process lifetime', () => {
  const probe = `
    const { load } = require(process.env.PKG_DIR);
    (async () => {
      const cognito = await load();
      let outcome = 'loaded';
      if (process.env.SIGNIN) {
        outcome = await cognito.signIn(JSON.parse(process.env.SIGNIN)).then((s) => 'done:' + s.done, (e) => e.name);
      }
      await new Promise((r) => setImmediate(r));
      const resources = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
      process.stdout.write(JSON.stringify({ outcome, resources }));
      process.exit(0);
    })().catch((e) => { console.error(e); process.exit(1); });`;

  async function runProbe(signIn) {
    const env = { ...process.env, PKG_DIR: webRoot };
    if (signIn) env.SIGNIN = JSON.stringify(signIn);
    const child = spawn(process.execPath, ['-e', probe], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const [code] = await new Promise((resolve) => child.on('exit', (...a) => resolve(a)));
    assert.equal(code, 0, `probe failed: ${err}`);
    return JSON.parse(out);
  }

  it('load() and a refused call leave nothing keeping Node alive', async () => {
    assert.deepEqual(await runProbe(), { outcome: 'loaded', resources: [] });
    assert.deepEqual(await runProbe({ userPoolId: 'bad' }), { outcome: 'InvalidParameterException', resources: [] });
  });

  // A Go timer (say a context deadline) would schedule a JS setTimeout
  // that keeps `node script.js` alive after its last signIn.
  it('a finished signIn leaves no timer keeping Node alive', async () => {
    const result = await runProbe(optionsFor(pub));
    assert.equal(result.outcome, 'done:true');
    assert.deepEqual(result.resources, []);
  });
});
