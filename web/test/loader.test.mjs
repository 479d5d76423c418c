// The loader in Chromium: by default the Go runtime runs in a Web Worker,
// with { worker: false } on the page; the script tag works from a nested
// path on another origin and finds its wasm and worker beside itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import { startLocalCognito, provision, serveWeb, launchChromium } from './helpers.mjs';


let lc, fx, pageSite, assetSite, browser;

// The page lives on one origin, deep in a path; the loader on another.
const page = (loaderURL) => `<!doctype html><html><head><meta charset="utf-8">
<script>
  // Count Worker construction, to see which mode load() chose.
  window.workersStarted = 0;
  const RealWorker = window.Worker;
  window.Worker = class extends RealWorker { constructor(...a) { super(...a); window.workersStarted++; } };
</script>
<script src="${loaderURL}"></script></head><body></body></html>`;

before(async () => {
  lc = await startLocalCognito();
  fx = await provision(lc.url);
  assetSite = await serveWeb();
  pageSite = await serveWeb({ '/deep/nested/path/index.html': page(`${assetSite.url}/dist/cognito-srp.js`) });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await pageSite?.stop();
  await assetSite?.stop();
  await lc?.stop();
});

async function signInOnPage(loadOptions) {
  const p = await browser.newPage();
  await p.goto(`${pageSite.url}/deep/nested/path/index.html`);
  const result = await p.evaluate(async ({ loadOptions, opts }) => {
    const cognito = await CognitoSRP.load(loadOptions);
    let frames = 0;
    let ticking = true;
    const tick = () => { frames++; if (ticking) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const step = await cognito.signIn(opts);
    ticking = false;
    const wrong = await cognito.signIn({ ...opts, password: 'wrong' }).catch((e) => e.name);
    return { done: step.done, user: step.user.username, wrong, frames, workers: window.workersStarted };
  }, {
    loadOptions,
    opts: { userPoolId: fx.poolId, clientId: fx.clientId, endpoint: `${lc.url}/`, username: fx.username, password: fx.password },
  });
  await p.close();
  return result;
}

test('load() runs Go in a Web Worker by default', async () => {
  const r = await signInOnPage(undefined);
  assert.equal(r.done, true);
  assert.equal(r.user, fx.username);
  assert.equal(r.wrong, 'NotAuthorizedException');
  assert.equal(r.workers, 1, 'one worker started');
  assert.ok(r.frames > 0, 'the page kept drawing frames during sign-in');
  assert.ok(!assetSite.requested.includes('/dist/cognito-srp.worker.js'), 'the worker started from the code the loader carries');
  assert.ok(assetSite.requested.includes('/dist/cognito-srp.wasm'), 'the wasm came from beside the loader');
});

test('load({ worker: false }) runs Go on the page', async () => {
  const r = await signInOnPage({ worker: false });
  assert.equal(r.done, true);
  assert.equal(r.wrong, 'NotAuthorizedException');
  assert.equal(r.workers, 0, 'no worker started');
});

test('a bad wasmURL rejects with LoadError in worker mode too', async () => {
  const p = await browser.newPage();
  await p.goto(`${pageSite.url}/deep/nested/path/index.html`);
  const name = await p.evaluate(() => CognitoSRP.load({ wasmURL: '/nowhere.wasm' }).then(() => 'loaded', (e) => e.name));
  assert.equal(name, 'LoadError');
  await p.close();
});

// A server that never answers must not leave load() pending for ever: its
// signal ends it, in either mode.
for (const worker of [true, false]) {
  test(`load({ signal }) rejects with LoadError when the signal fires first (worker: ${worker})`, { timeout: 30_000 }, async () => {
    const stall = http.createServer(() => {}); // accepts, never answers
    stall.listen(0, '127.0.0.1');
    await once(stall, 'listening');
    const p = await browser.newPage();
    try {
      await p.goto(`${pageSite.url}/deep/nested/path/index.html`);
      const got = await p.evaluate(async ({ wasmURL, worker }) => {
        const settle = (promise) => promise.then(() => 'loaded', (e) => `${e.name}: ${e.message}`);
        const controller = new AbortController();
        const pending = settle(CognitoSRP.load({ wasmURL, worker, signal: controller.signal }));
        setTimeout(() => controller.abort(), 300);
        return {
          aborted: await pending,
          before: await settle(CognitoSRP.load({ wasmURL, worker, signal: AbortSignal.abort() })),
          notASignal: await settle(CognitoSRP.load({ worker, signal: 'soon' })),
        };
      }, { wasmURL: `http://127.0.0.1:${stall.address().port}/cognito-srp.wasm`, worker });
      assert.deepEqual(got, {
        aborted: 'LoadError: load() was aborted',
        before: 'LoadError: load() was aborted',
        notASignal: 'InvalidParameterException: signal must be an AbortSignal',
      });
    } finally {
      await p.close();
      stall.closeAllConnections();
      stall.close();
    }
  });
}

// onProgress sees the download grow to the file's size, in either mode.
for (const worker of [true, false]) {
  test(`onProgress reports the download (worker: ${worker})`, async () => {
    const p = await browser.newPage();
    await p.goto(`${pageSite.url}/deep/nested/path/index.html`);
    const r = await p.evaluate(async (worker) => {
      const seen = [];
      const api = await CognitoSRP.load({ worker, onProgress: (x) => seen.push(x) });
      const size = (await (await fetch(new URL('cognito-srp.wasm', document.scripts[1].src))).arrayBuffer()).byteLength;
      return { version: api.version, seen, size };
    }, worker);
    await p.close();
    assert.ok(r.version, 'loaded');
    assert.ok(r.seen.length >= 1, 'progress was reported');
    const last = r.seen[r.seen.length - 1];
    assert.equal(last.loaded, r.size, 'the last report has every byte');
    assert.equal(last.total, r.size, 'total is the Content-Length');
    for (let i = 1; i < r.seen.length; i++) assert.ok(r.seen[i].loaded >= r.seen[i - 1].loaded, 'loaded never shrinks');
  });
}

test('in worker mode the wasm is fetched once', async () => {
  const before = assetSite.requested.filter((u) => u === '/dist/cognito-srp.wasm').length;
  const r = await signInOnPage(undefined);
  assert.equal(r.done, true);
  const after = assetSite.requested.filter((u) => u === '/dist/cognito-srp.wasm').length;
  assert.equal(after - before, 1, 'the wasm was fetched once');
});

test('a bad workerURL rejects with LoadError', async () => {
  const p = await browser.newPage();
  await p.goto(`${pageSite.url}/deep/nested/path/index.html`);
  const r = await p.evaluate(() => CognitoSRP.load({ workerURL: '/nowhere.js' }).then(() => 'loaded', (e) => [e.name, e.message]));
  await p.close();
  assert.equal(r[0], 'LoadError', String(r));
});

test('load({ workerURL }) runs that script as the worker', async () => {
  const before = assetSite.requested.filter((u) => u === '/dist/cognito-srp.worker.js').length;
  const r = await signInOnPage({ workerURL: `${assetSite.url}/dist/cognito-srp.worker.js` });
  assert.equal(r.done, true);
  assert.equal(r.workers, 1);
  const after = assetSite.requested.filter((u) => u === '/dist/cognito-srp.worker.js').length;
  assert.equal(after - before, 1, 'the worker imported the script from the other origin');
});
