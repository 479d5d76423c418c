// The npm package against a hostile network, in Node and in Chromium:
// redirects are refused before anything reaches where they point, an
// oversized answer is cut at 1 MiB (and the process does not keep what it
// never read), error text is clipped, only http: and https: endpoints are
// taken, and strings that are not well-formed Unicode are refused.
// Cognito's stand-ins here are small node:http servers written for each
// case; localcognito is the real thing the next sign-in goes to.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { load } from 'cognito-srp-wasm';
import { startLocalCognito, provision, serveWeb, launchChromium } from './helpers.mjs';

const REDIRECTS = [301, 302, 303, 307, 308];

// A collection before each reading, so the memory test measures what is
// kept, not garbage that happens not to be collected yet.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

/**
 * What the process keeps in memory it manages: the JavaScript heap, and
 * external memory, where the wasm module's memory (which never shrinks)
 * and every ArrayBuffer live. Not RSS: the allocator keeps pages it freed,
 * and RSS swung by 25 MB between rounds that kept nothing.
 */
function kept() {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'POST',
};

/** Starts a node:http server with handler; resolves to { url, stop }. */
async function serve(handler) {
  const srv = http.createServer(handler);
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    async stop() {
      srv.closeAllConnections();
      srv.close();
      await once(srv, 'close');
    },
  };
}

/** Somewhere a redirect points: it counts every request it gets. */
async function serveElsewhere() {
  const hits = [];
  const srv = await serve((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', ...CORS });
    res.end('{"AuthenticationResult":{"AccessToken":"a.b.c","IdToken":"a.b.c","ExpiresIn":3600}}');
  });
  return { ...srv, hits };
}

/** Serves as Cognito's stand-in: preflights answered, POSTs to answer(req, res). */
function serveCognitoLike(answer) {
  return serve((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(200, CORS);
      res.end();
      return;
    }
    req.resume();
    answer(req, res);
  });
}

/** Answers POST /<status> with that redirect to target. */
function redirector(target) {
  return serveCognitoLike((req, res) => {
    res.writeHead(Number(req.url.slice(1)), { location: `${target}/steal`, ...CORS });
    res.end();
  });
}

/** Answers every POST with status and bytes of a JSON string, streamed. */
function hugeAnswer(status, bytes) {
  return serveCognitoLike((req, res) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...CORS });
    res.write('{"__type":"NotAuthorizedException","message":"');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const more = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', more);
          return;
        }
      }
      res.end('"}');
    };
    res.on('error', () => {});
    more();
  });
}

let local;
let fixture;
let cognito;
let elsewhere;
let redirects;

before(async () => {
  local = await startLocalCognito();
  fixture = await provision(local.url, {
    authFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  cognito = await load();
  elsewhere = await serveElsewhere();
  redirects = await redirector(elsewhere.url);
});

after(async () => {
  await redirects?.stop();
  await elsewhere?.stop();
  await local?.stop();
});

function options(extra) {
  return {
    userPoolId: fixture.poolId, clientId: fixture.clientId, endpoint: `${local.url}/`,
    username: fixture.username, password: fixture.password, ...extra,
  };
}

async function rejectsWith(promise, name, pattern) {
  await assert.rejects(promise, (e) => {
    assert.equal(e.name, name, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

describe('in Node', () => {
  it('refuses every redirect, and nothing reaches where it points', async () => {
    for (const status of REDIRECTS) {
      // USER_PASSWORD_AUTH: the body holds the password.
      await rejectsWith(cognito.signIn(options({ endpoint: `${redirects.url}/${status}`, authFlow: 'USER_PASSWORD_AUTH' })),
        'NetworkError', /refused a redirect \(HTTP \d+\)/);
    }
    assert.deepEqual(elsewhere.hits, []);
  });

  it('stops reading a 50 MB answer at 1 MiB; the process keeps under 20 MB more; the next sign-in works', async () => {
    const huge = await hugeAnswer(200, 50 * 1024 * 1024);
    try {
      await cognito.signIn(options()); // what a sign-in needs is allocated before measuring
      const before = kept();
      await rejectsWith(cognito.signIn(options({ endpoint: `${huge.url}/` })), 'InvalidResponseError', /larger than 1 MiB/);
      const grown = kept() - before;
      assert.ok(grown < 20 * 1024 * 1024, `the process keeps ${grown} bytes more`);
    } finally {
      await huge.stop();
    }
    const step = await cognito.signIn(options());
    assert.equal(step.done, true);
  });

  it('clips the text of an error to about 1 kB', async () => {
    const big = await hugeAnswer(400, 900 * 1024);
    try {
      await rejectsWith(cognito.signIn(options({ endpoint: `${big.url}/` })), 'NotAuthorizedException');
      const e = await cognito.signIn(options({ endpoint: `${big.url}/` })).catch((err) => err);
      assert.ok(e.message.length < 1100, `${e.message.length} characters`);
      assert.match(e.message, /^x{1000}/);
    } finally {
      await big.stop();
    }
  });

  it('takes only http: and https: endpoints', async () => {
    for (const endpoint of [
      'data:application/json,{"AuthenticationResult":{"AccessToken":"a.b.c","IdToken":"a.b.c"}}',
      'file:///etc/passwd', 'blob:http://127.0.0.1/x', 'javascript:1', 'ftp://127.0.0.1/',
    ]) {
      await rejectsWith(cognito.signIn(options({ endpoint })), 'InvalidParameterException', /not an https: or http: URL/);
    }
  });

  it('refuses a username or password with a lone surrogate; U+FFFD itself is a character like any', async () => {
    // The password holds U+FFFD; before, any lone surrogate in its place
    // signed in too, since each became U+FFFD on its way into Go.
    const password = `Rep\uFFFDlacement-9a`;
    await fixture.admin.send(new AdminSetUserPasswordCommand({
      UserPoolId: fixture.poolId, Username: fixture.username, Password: password, Permanent: true,
    }));
    try {
      assert.equal((await cognito.signIn(options({ password }))).done, true);
      for (const lone of ['\uD800', '\uDBFF', '\uDC00']) {
        await rejectsWith(cognito.signIn(options({ password: password.replace('\uFFFD', lone) })),
          'InvalidParameterException', /password is not well-formed Unicode/);
        await rejectsWith(cognito.signIn(options({ username: `${fixture.username}${lone}`, password })),
          'InvalidParameterException', /username is not well-formed Unicode/);
      }
      // A surrogate pair is one character, not a lone surrogate.
      await rejectsWith(cognito.signIn(options({ password: password.replace('\uFFFD', '\uD83D\uDE00') })),
        'NotAuthorizedException');
    } finally {
      await fixture.admin.send(new AdminSetUserPasswordCommand({
        UserPoolId: fixture.poolId, Username: fixture.username, Password: fixture.password, Permanent: true,
      }));
    }
  });
});

describe('in Chromium (Go in a Web Worker)', () => {
  let site;
  let browser;
  let page;

  before(async () => {
    site = await serveWeb({ '/hostile.html': '<!doctype html><script src="/dist/cognito-srp.js"></script>' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${site.url}/hostile.html`);
  });

  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  /** Signs in from the page; resolves to { done } or { name, message }. */
  function signInInPage(opts) {
    return page.evaluate(async (o) => {
      const cognitoInPage = await window.CognitoSRP.load();
      try {
        return { done: (await cognitoInPage.signIn(o)).done };
      } catch (e) {
        return { name: e.name, message: e.message };
      }
    }, opts);
  }

  it('refuses every redirect, and nothing reaches where it points', async () => {
    const hitsBefore = elsewhere.hits.length;
    for (const status of REDIRECTS) {
      const r = await signInInPage(options({ endpoint: `${redirects.url}/${status}`, authFlow: 'USER_PASSWORD_AUTH' }));
      assert.equal(r.name, 'NetworkError', JSON.stringify(r));
      assert.match(r.message, /refused a redirect/);
    }
    assert.equal(elsewhere.hits.length, hitsBefore, elsewhere.hits.join(', '));
  });

  it('stops reading a 50 MB answer at 1 MiB, and the next sign-in works', async () => {
    const huge = await hugeAnswer(200, 50 * 1024 * 1024);
    try {
      const r = await signInInPage(options({ endpoint: `${huge.url}/` }));
      assert.equal(r.name, 'InvalidResponseError', JSON.stringify(r));
      assert.match(r.message, /larger than 1 MiB/);
    } finally {
      await huge.stop();
    }
    assert.deepEqual(await signInInPage(options()), { done: true });
  });

  it('refuses a data: endpoint and a lone surrogate', async () => {
    const data = await signInInPage(options({ endpoint: 'data:application/json,{}' }));
    assert.equal(data.name, 'InvalidParameterException', JSON.stringify(data));
    const lone = await signInInPage(options({ password: 'Correct-Horse\uD800' }));
    assert.equal(lone.name, 'InvalidParameterException', JSON.stringify(lone));
    assert.match(lone.message, /password is not well-formed Unicode/);
  });
});
