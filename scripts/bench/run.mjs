#!/usr/bin/env node
// `make bench`: measures this module against AWS's JavaScript client, native
// Go and a minimal Go wasm program, all in one run on this machine; prints
// one table and writes docs/PERFORMANCE.md. It only measures: targets are
// printed as met / not met and never fail the run (only a broken
// measurement does, e.g. a wrong signature or a failed sign-in).
//
//   node scripts/bench/run.mjs [--out docs/PERFORMANCE.md]
//
// Needs `make build` (web/dist, bin/localcognito), the root node_modules
// (playwright-core, amazon-cognito-identity-js) and Chromium at
// /usr/bin/chromium (or CHROMIUM_PATH). Everything listens on 127.0.0.1.
//
// What it measures, section by section (the numbers in the table's first column):
//  1. SRP work on the critical path (PASSWORD_VERIFIER received → signature
//     ready) in headless Chromium: package srp's benchmarks compiled to
//     js/wasm with the toolchain that builds the module, vs AWS's
//     CognitoUser (dist build) answering a stubbed challenge; both on the
//     same known-answer vector and both must produce its signature. Native
//     Go runs the same benchmarks.
//  2. Cold start: fetch + compile + instantiate + ready, fresh browser
//     context per load, our loader vs a minimal Go wasm program.
//  3. Full sign-in against localcognito on loopback: ours (worker, inline)
//     vs amazon-cognito-identity-js, in the same page.
//  4. Main-thread long tasks (PerformanceObserver 'longtask') during those
//     sign-ins.
//  5. Bundle bytes (scripts/size).
//  6. Native Go benchmarks (srp; localcognito's BenchmarkSRPSignIn if present).
//  7. localcognito under load (scripts/bench/loadgen).

import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, copyFileSync, mkdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir, availableParallelism, loadavg } from 'node:os';
import { join, dirname, extname, normalize, sep, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { gzipSync, brotliCompressSync, constants as zc } from 'node:zlib';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'web', 'dist');
const ACIJ_DIST = join(ROOT, 'node_modules', 'amazon-cognito-identity-js', 'dist', 'amazon-cognito-identity.min.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const outArg = process.argv.indexOf('--out');
const OUT = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(ROOT, 'docs', 'PERFORMANCE.md');

// How much of everything. Sized to keep the whole run within ~5 minutes on
// 2 cores; medians throughout.
const N = {
  // Section 1 runs in rounds: wasm (srpGoBenchtime iterations per
  // benchmark), AWS's client (srpJsPerRound single runs per vector), native.
  srpRounds: 16, srpGoBenchtime: '8x', srpGoWarmupRounds: 4, srpJsPerRound: 2, srpJsWarmup: 6, srpNativeBenchtime: '40x',
  nativeCount: 6, nativeBenchtime: '0.3s',
  coldRuns: 40, repeatVisits: 7, repeatRTTms: 50,
  signInRuns: 15, signInWarmup: 2, firstSignIns: 7,
  load: { concurrency: 2 * availableParallelism(), max: 6000, duration: '10s', warmup: 100 },
};
if (process.env.BENCH_QUICK) { // a smoke run of the harness itself; numbers are noise
  Object.assign(N, { srpRounds: 2, srpGoBenchtime: '2x', srpGoWarmupRounds: 1, srpJsPerRound: 1, srpJsWarmup: 1, srpNativeBenchtime: '2x', nativeCount: 1,
    nativeBenchtime: '10x', coldRuns: 2, repeatVisits: 1, signInRuns: 2, signInWarmup: 1, firstSignIns: 1 });
  N.load = { concurrency: 4, max: 200, duration: '2s', warmup: 10 };
}

// The targets from the project's performance issue.
const TARGET = {
  srpVsAcij: 1 / 20, srpVsNative: 3, bundleBrotli: 750_000, coldVsMinimal: 1.3,
  longTaskMs: 50, signInsPerSecond: 300, p99ms: 100,
};

const POOL_ID = 'us-east-1_BenchPool1';
const CLIENT_ID = 'benchweb000000000000000001';
const PASSWORD = 'Passw0rd!';
const LOAD_USERS = 32;

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync'];

const log = (...a) => console.error('bench:', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// ratioInterval is a 95% bootstrap interval for median(xs) / median(ys):
// how far the noise of this machine could move the ratio between runs.
// Its random numbers are seeded, so the same samples give the same interval.
function ratioInterval(xs, ys, rounds = 2000) {
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed / 2 ** 32;
  };
  const resample = (v) => v.map(() => v[Math.floor(random() * v.length)]);
  const ratios = [];
  for (let i = 0; i < rounds; i++) ratios.push(median(resample(xs)) / median(resample(ys)));
  ratios.sort((a, b) => a - b);
  return [ratios[Math.floor(rounds * 0.025)], ratios[Math.ceil(rounds * 0.975) - 1]];
}

const started = Date.now();
const loadAtStart = loadavg();

// ---------------------------------------------------------------------------
// Inputs for section 1: the same rule as srp/bench_test.go's benchVector.

function benchVectors() {
  const all = JSON.parse(readFileSync(join(ROOT, 'srp', 'testdata', 'vectors.json'), 'utf8')).srp;
  const pick = (aHexDigits) => {
    const v = all.find((x) => x.flow === 'USER_SRP_AUTH' && /^[0-9A-Za-z]+$/.test(x.realm) &&
      x.B.length === 768 && x.a.length === aHexDigits);
    if (!v) throw new Error(`no vector with a of ${aHexDigits} hex digits`);
    return v;
  };
  return { a256: pick(64), a1024: pick(256) };
}

// ---------------------------------------------------------------------------
// Processes.

async function goEnv() {
  const [{ stdout: goVersion }, { stdout: goroot }] = await Promise.all([
    run('go', ['version'], { cwd: ROOT }), run('go', ['env', 'GOROOT'], { cwd: ROOT }),
  ]);
  return { goVersion: goVersion.trim(), goroot: goroot.trim() };
}

async function buildArtifacts(tmp, goroot) {
  const wasmEnv = { ...process.env, GOOS: 'js', GOARCH: 'wasm' };
  copyFileSync(join(goroot, 'lib', 'wasm', 'wasm_exec.js'), join(tmp, 'wasm_exec.js'));
  await Promise.all([
    // The same flags as the Makefile's $(WASM).
    run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', join(tmp, 'minimal.wasm'), './scripts/bench/minimal'], { cwd: ROOT, env: wasmEnv }),
    run('go', ['test', '-c', '-trimpath', '-o', join(tmp, 'srp.test.wasm'), './srp/'], { cwd: ROOT, env: wasmEnv }),
    run('go', ['test', '-c', '-o', join(tmp, 'srp.test'), './srp/'], { cwd: ROOT }),
    run('go', ['build', '-o', join(tmp, 'loadgen'), './scripts/bench/loadgen'], { cwd: ROOT }),
  ]);
}

// parseBench reads `go test -bench` output into name → [ns/op …].
function parseBench(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op/.exec(line.trim());
    if (m) (out[m[1]] ||= []).push(Number(m[2]));
  }
  return out;
}

async function nativeBenchmarks() {
  const { stdout } = await run('go', ['test', '-run', '^$', '-bench', '.', '-count', String(N.nativeCount),
    '-benchtime', N.nativeBenchtime, './srp/'], { cwd: ROOT, maxBuffer: 16 << 20 });
  const srp = parseBench(stdout);
  // localcognito's end-to-end sign-in benchmark, when it exists.
  let lc = { present: false, note: '' };
  try {
    const { stdout: list } = await run('go', ['test', '-list', '^BenchmarkSRPSignIn$', './localcognito/'], { cwd: ROOT, maxBuffer: 16 << 20 });
    if (/^BenchmarkSRPSignIn$/m.test(list)) {
      const { stdout: out } = await run('go', ['test', '-run', '^$', '-bench', '^Benchmark(SRPSignIn|SignToken)$', '-count', '3',
        '-benchtime', '0.5s', './localcognito/'], { cwd: ROOT, maxBuffer: 16 << 20 });
      const r = parseBench(out);
      lc = Object.keys(r).length
        ? { present: true, results: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)])) }
        : { present: false, note: 'BenchmarkSRPSignIn printed no result' };
    } else {
      lc.note = 'localcognito has no BenchmarkSRPSignIn yet: row skipped';
    }
  } catch (e) {
    lc.note = `localcognito's tests do not build now: row skipped (${firstLine(e.stderr || e.message)})`;
  }
  return { srp, lc };
}

const firstLine = (s) => String(s).split('\n').find((l) => l.trim() && !l.startsWith('#')) || String(s);

function writeSeed(tmp) {
  const users = ['bench', ...Array.from({ length: LOAD_USERS }, (_, i) => `load-${String(i).padStart(2, '0')}`)];
  const yaml = [
    'pools:',
    `  - id: ${POOL_ID}`,
    '    name: bench',
    '    clients:',
    `      - id: ${CLIENT_ID}`,
    '        name: bench-web',
    '        explicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]',
    '    users:',
    ...users.flatMap((u) => [`      - username: ${u}`, `        password: "${PASSWORD}"`, '        permanent: true']),
  ].join('\n') + '\n';
  const file = join(tmp, 'seed.yaml');
  writeFileSync(file, yaml);
  return file;
}

// startLocalCognito runs bin/localcognito as `make build` left it.
async function startLocalCognito(seed) {
  const bin = join(ROOT, 'bin', 'localcognito');
  const child = spawn(bin, ['-addr', '127.0.0.1:0', '-seed', seed], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  // It logs every request at info level: keep only the tail, so the pipe never fills.
  child.stderr.on('data', (c) => { stderr = (stderr + c).slice(-8192); });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`localcognito did not start:\n${stderr}`)), 20000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`localcognito exited (${code}):\n${stderr}`)); });
    lines.on('line', (l) => {
      const m = /^localcognito listening on (http:\/\/\S+)$/.exec(l);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  return {
    url, pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await once(child, 'exit');
      clearTimeout(force);
    },
  };
}

// ---------------------------------------------------------------------------
// The static server and its pages.

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };

function serve(tmp, pages) {
  const roots = { '/dist/': DIST, '/bench/': tmp };
  const srv = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const headers = { 'cache-control': 'no-store', 'cross-origin-resource-policy': 'same-origin' };
    if (Object.hasOwn(pages, path)) {
      const { html, isolated } = pages[path];
      if (isolated) {
        // Cross-origin isolation gives performance.now() 5 µs resolution
        // (100 µs otherwise); Go's clock in js/wasm reads it too.
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
      res.end(html);
      return;
    }
    let file = null;
    if (path === '/acij/amazon-cognito-identity.min.js') file = ACIJ_DIST;
    for (const [prefix, dir] of Object.entries(roots)) {
      if (path.startsWith(prefix)) {
        const f = normalize(join(dir, path.slice(prefix.length)));
        if (f.startsWith(dir + sep)) file = f;
      }
    }
    try {
      if (!file) throw new Error('not found');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  srv.listen(0, '127.0.0.1');
  return once(srv, 'listening').then(() => ({
    url: `http://127.0.0.1:${srv.address().port}`,
    stop() { srv.closeAllConnections(); srv.close(); },
  }));
}

// Section 1's page: package srp's benchmarks (js/wasm) and AWS's client.
const SRP_PAGE = `<!doctype html><meta charset="utf-8"><title>SRP critical path</title>
<script src="/bench/wasm_exec.js"></script>
<script src="/acij/amazon-cognito-identity.min.js"></script>
<script>
// Runs the srp test binary with these flags; wasm_exec.js prints its
// output with console.log, which is captured here line by line.
// compileGo compiles the srp test binary afresh; runGoBench runs an
// instance of it with these flags. wasm_exec.js prints the output with
// console.log, which is captured here line by line.
window.compileGo = async () => {
  window.goModule = await WebAssembly.compileStreaming(fetch('/bench/srp.test.wasm'));
  return true;
};
window.runGoBench = async (argv, env) => {
  const lines = [];
  const log = console.log;
  console.log = (...a) => { lines.push(a.join(' ')); };
  try {
    const go = new Go();
    go.argv = argv;
    go.env = env;
    let code = 0;
    go.exit = (c) => { code = c; };
    const instance = await WebAssembly.instantiate(window.goModule, go.importObject);
    await go.run(instance);
    return { code, lines };
  } finally {
    console.log = log;
  }
};

// AWS's CognitoUser answering PASSWORD_VERIFIER for vector v: the client's
// request() is stubbed, the private exponent a and the clock are pinned to
// the vector's, and the time runs from handing CognitoUser the challenge to
// its RespondToAuthChallenge call, whose signature must be the vector's.
window.runAcij = (v, warmup, runs) => {
  const ACI = window.AmazonCognitoIdentity;
  const BigInteger = new ACI.AuthenticationHelper('x').N.constructor;
  const proto = ACI.AuthenticationHelper.prototype;
  const random = proto.generateRandomSmallA;
  proto.generateRandomSmallA = function () { return new BigInteger(v.a, 16); };
  const RealDate = window.Date;
  class PinnedDate extends RealDate {
    constructor(...a) { if (a.length) super(...a); else super(v.unix * 1000); }
    static now() { return v.unix * 1000; }
  }
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, x) => store.set(k, String(x)), removeItem: (k) => store.delete(k), clear: () => store.clear() };
  const pool = new ACI.CognitoUserPool({ UserPoolId: 'us-east-1_' + v.realm, ClientId: 'benchclient', Storage: storage });
  const times = [];
  try {
    for (let i = 0; i < warmup + runs; i++) {
      let t0, t1, answer;
      pool.client.request = (op, params, cb) => {
        if (op === 'InitiateAuth') {
          const challenge = { ChallengeName: 'PASSWORD_VERIFIER', Session: 'bench', ChallengeParameters: {
            USER_ID_FOR_SRP: v.userId, USERNAME: v.userId, SRP_B: v.B, SALT: v.salt, SECRET_BLOCK: v.secretBlock } };
          window.Date = PinnedDate;
          try {
            t0 = performance.now();
            cb(null, challenge);
          } finally {
            window.Date = RealDate;
          }
        } else if (op === 'RespondToAuthChallenge') {
          t1 = performance.now();
          answer = params.ChallengeResponses;
        } else {
          throw new Error('unexpected ' + op);
        }
      };
      const user = new ACI.CognitoUser({ Username: v.userId, Pool: pool, Storage: storage });
      user.authenticateUser(new ACI.AuthenticationDetails({ Username: v.userId, Password: v.password }), {
        onSuccess() {}, onFailure(e) { throw e; },
      });
      if (!answer) throw new Error('CognitoUser did not answer the challenge synchronously');
      if (answer.PASSWORD_CLAIM_SIGNATURE !== v.signature || answer.TIMESTAMP !== v.timestamp) {
        throw new Error('amazon-cognito-identity-js signed ' + answer.PASSWORD_CLAIM_SIGNATURE + ' at ' + answer.TIMESTAMP + ', the vector says ' + v.signature);
      }
      if (i >= warmup) times.push(t1 - t0);
    }
  } finally {
    proto.generateRandomSmallA = random;
  }
  return times;
};
</script>`;

// Section 2's pages. Each records performance.now() (milliseconds since
// navigation) before starting and when the module is ready.
const COLD_OURS = (worker) => `<!doctype html><meta charset="utf-8"><title>cold start</title>
<script>
const longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push(e.duration);
}).observe({ type: 'longtask', buffered: true });
</script>
<script src="/dist/cognito-srp.js"></script>
<script>
window.result = (async () => {
  const t0 = performance.now();
  const api = await CognitoSRP.load({ worker: ${worker} });
  const t1 = performance.now();
  // Long tasks are reported after they end: give the last one a moment.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { t0, t1, version: api.version, longTasks: longTasks.slice() };
})();
</script>`;

const COLD_MINIMAL = `<!doctype html><meta charset="utf-8"><title>cold start</title>
<script src="/bench/wasm_exec.js"></script>
<script>
window.result = new Promise((resolve, reject) => {
  const t0 = performance.now();
  const go = new Go();
  go.argv = ['minimal', '__minimalReady'];
  window.__minimalReady = () => resolve({ t0, t1: performance.now(), version: window.minimalGo });
  WebAssembly.instantiateStreaming(fetch('/bench/minimal.wasm'), go.importObject)
    .then(({ instance }) => { go.run(instance); }, reject);
});
</script>`;

// Section 2's diagnostic pages: where a cold start's time goes, for either
// wasm file started with plain wasm_exec.js (both mains call argv[1] back).
// "fetch" only downloads the file; "phases" compiles while streaming, then
// instantiates, then runs Go up to the call-back.
const COLD_FETCH = (wasm) => `<!doctype html><meta charset="utf-8"><title>cold start: fetch</title>
<script>
window.result = (async () => {
  const t0 = performance.now();
  const bytes = await (await fetch('${wasm}')).arrayBuffer();
  return { fetch: performance.now() - t0, bytes: bytes.byteLength, version: 'fetch' };
})();
</script>`;

const COLD_PHASES = (wasm) => `<!doctype html><meta charset="utf-8"><title>cold start: phases</title>
<script src="/bench/wasm_exec.js"></script>
<script>
window.result = (async () => {
  const t0 = performance.now();
  const go = new Go();
  go.argv = ['phases', '__phasesReady'];
  const ready = new Promise((resolve) => { window.__phasesReady = () => resolve(performance.now()); });
  const module = await WebAssembly.compileStreaming(fetch('${wasm}'));
  const t1 = performance.now();
  const instance = await WebAssembly.instantiate(module, go.importObject);
  const t2 = performance.now();
  go.run(instance);
  const t3 = await ready;
  return { compile: t1 - t0, instantiate: t2 - t1, start: t3 - t2, version: 'phases' };
})();
</script>`;

// Sections 3 and 4: one page with both clients and a long-task observer.
const SIGNIN_PAGE = `<!doctype html><meta charset="utf-8"><title>sign-in</title>
<script src="/dist/cognito-srp.js"></script>
<script src="/acij/amazon-cognito-identity.min.js"></script>
<script>
const longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });
let cfg, viaWorker, inline;
window.setup = async (c) => {
  cfg = c;
  [viaWorker, inline] = await Promise.all([CognitoSRP.load(), CognitoSRP.load({ worker: false })]);
  return true;
};
// setupOne loads only what mode needs, for a first sign-in on a fresh page.
window.setupOne = async (c, mode) => {
  cfg = c;
  if (mode === 'worker') viaWorker = await CognitoSRP.load();
  if (mode === 'inline') inline = await CognitoSRP.load({ worker: false });
  return true;
};
function acijSignIn() {
  const ACI = window.AmazonCognitoIdentity;
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, x) => store.set(k, String(x)), removeItem: (k) => store.delete(k), clear: () => store.clear() };
  const pool = new ACI.CognitoUserPool({ UserPoolId: cfg.poolId, ClientId: cfg.clientId, endpoint: cfg.endpoint, Storage: storage });
  const user = new ACI.CognitoUser({ Username: cfg.username, Pool: pool, Storage: storage });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new ACI.AuthenticationDetails({ Username: cfg.username, Password: cfg.password }), {
      onSuccess: (s) => resolve(s.getIdToken().getJwtToken()),
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
    });
  });
}
window.signInOnce = async (mode) => {
  const t0 = performance.now();
  let token;
  if (mode === 'acij') {
    token = await acijSignIn();
  } else {
    const api = mode === 'worker' ? viaWorker : inline;
    const step = await api.signIn({ userPoolId: cfg.poolId, clientId: cfg.clientId, endpoint: cfg.endpoint,
      username: cfg.username, password: cfg.password });
    if (!step.done) throw new Error('sign-in stopped at ' + step.challengeName);
    token = step.tokens.idToken;
  }
  const t1 = performance.now();
  if (!token) throw new Error('no ID token');
  return { t0, t1 };
};
window.longTasks = () => longTasks.slice();
</script>`;

// ---------------------------------------------------------------------------
// Browser sections.

// srpCriticalPath runs section 1 in rounds, each round timing the wasm
// benchmarks, AWS's client and the native benchmarks one after the other,
// so a busy machine weighs on all three alike.
async function srpCriticalPath(browser, site, vectors, tmp) {
  const page = await browser.newPage();
  try {
    await page.goto(`${site.url}/srp.html`);
    if (!(await page.evaluate(() => self.crossOriginIsolated))) log('warning: the SRP page is not cross-origin isolated (100 µs timers)');
    const env = { SRP_BENCH_VECTORS: JSON.stringify([vectors.a256, vectors.a1024]) };
    const goWasm = async (bench, benchtime) => {
      const argv = ['srp.test', '-test.run=^$', `-test.bench=^Benchmark(${bench})$`, '-test.count=1', `-test.benchtime=${benchtime}`];
      const r = await page.evaluate(([a, e]) => window.runGoBench(a, e), [argv, env]);
      if (r.code !== 0) throw new Error(`srp benchmarks failed in Chromium:\n${r.lines.join('\n')}`);
      return parseBench(r.lines.join('\n'));
    };
    const goNative = async (bench, benchtime) => {
      const { stdout } = await run(join(tmp, 'srp.test'), ['-test.run=^$', `-test.bench=^Benchmark(${bench})$`,
        '-test.count=1', `-test.benchtime=${benchtime}`], { cwd: join(ROOT, 'srp') });
      return parseBench(stdout);
    };
    const acij = (v, warmup, runs) => page.evaluate(([x, w, n]) => window.runAcij(x, w, n), [v, warmup, runs]);
    const add = (into, from) => { for (const [k, v] of Object.entries(from)) (into[k] ||= []).push(...v); };

    // The very first call in a fresh module, before V8 has optimized any
    // of it: what a page's first sign-in may meet.
    await page.evaluate(() => window.compileGo());
    const first = await goWasm('ClientCriticalPath', '1x');

    const wasm = {};
    const native = {};
    const js = { a256: [], a1024: [] };
    await acij(vectors.a256, N.srpJsWarmup, 0);
    await acij(vectors.a1024, N.srpJsWarmup, 0);
    // Warm-up: V8 optimizes the Go module's functions as they run, across
    // instances of it, so the first rounds of a fresh page are slower
    // (the fresh-instance row shows by how much).
    const benches = 'ClientCriticalPath|ClientCriticalPathA1024|ClientKey|NewClient|Squarings500';
    for (let i = 0; i < N.srpGoWarmupRounds; i++) await goWasm(benches, N.srpGoBenchtime);
    for (let i = 0; i < N.srpRounds; i++) {
      add(wasm, await goWasm(benches, N.srpGoBenchtime));
      js.a256.push(...await acij(vectors.a256, 0, N.srpJsPerRound));
      js.a1024.push(...await acij(vectors.a1024, 0, N.srpJsPerRound));
      add(native, await goNative('ClientCriticalPath|ClientCriticalPathA1024|ClientKey|NewClient', N.srpNativeBenchtime));
    }
    return { wasm, acij: js, native, first: first.BenchmarkClientCriticalPath[0] };
  } finally {
    await page.close();
  }
}

async function coldStarts(browser, site) {
  const kinds = {
    inline: '/cold-inline.html', worker: '/cold-worker.html', minimal: '/cold-minimal.html',
    fetchOurs: '/cold-fetch-ours.html', fetchMinimal: '/cold-fetch-minimal.html',
    phasesOurs: '/cold-phases-ours.html', phasesMinimal: '/cold-phases-minimal.html',
  };
  const res = Object.fromEntries(Object.keys(kinds).map((k) => [k, { load: [], nav: [], phases: [] }]));
  for (let i = 0; i < N.coldRuns + 1; i++) {
    // Rotate the order so none always goes first.
    const order = Object.keys(kinds);
    for (let j = 0; j < i % order.length; j++) order.push(order.shift());
    for (const kind of order) {
      const ctx = await browser.newContext();
      try {
        const page = await ctx.newPage();
        await page.goto(site.url + kinds[kind]);
        const r = await page.evaluate(() => window.result);
        if (!r.version) throw new Error(`${kind}: not ready`);
        if (i > 0) { // the first round warms the server and the browser process
          if (r.t1 !== undefined) {
            res[kind].load.push(r.t1 - r.t0);
            res[kind].nav.push(r.t1);
            if (r.longTasks) (res[kind].longTasks ||= []).push(...r.longTasks);
          } else {
            res[kind].phases.push(r);
          }
        }
      } finally {
        await ctx.close();
      }
    }
  }
  return res;
}

// repeatVisits times a visitor's second visit to a page, in the same
// browser context, over emulated round trips of N.repeatRTTms: navigation →
// load() resolved (Web Worker), with the loader and wasm served as the demo
// served them before (no-cache: each is revalidated, a 304) and as it
// serves them now (under a hashed name, immutable: taken from the cache
// without a request). A server of its own counts the requests of each visit.
async function repeatVisits(browser) {
  // Read and hash once, so serving costs both policies the same.
  const files = Object.fromEntries(['cognito-srp.js', 'cognito-srp.wasm'].map((f) => {
    const body = readFileSync(join(DIST, f));
    return [f, { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` }];
  }));
  const version = createHash('sha256').update(files['cognito-srp.js'].etag + files['cognito-srp.wasm'].etag).digest('hex').slice(0, 16);
  const policies = {
    revalidate: { prefix: '/revalidate/', cacheControl: 'no-cache' },
    immutable: { prefix: `/immutable/${version}/`, cacheControl: 'public, max-age=31536000, immutable' },
  };
  const page = (prefix) => `<!doctype html><meta charset="utf-8"><title>repeat visit</title>
<script src="${prefix}cognito-srp.js"></script>
<script>CognitoSRP.load().then(() => { window.ready = performance.now(); }, (e) => { window.failed = String(e); });</script>`;
  const requests = { full: 0, notModified: 0 };
  const srv = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const pageOf = Object.entries(policies).find(([name]) => path === `/${name}.html`);
    if (pageOf) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
      res.end(page(pageOf[1].prefix));
      return;
    }
    const policy = Object.values(policies).find((p) => path.startsWith(p.prefix));
    const name = policy && path.slice(policy.prefix.length);
    if (!Object.hasOwn(files, name || '')) {
      res.writeHead(404);
      res.end();
      return;
    }
    const { body, etag } = files[name];
    const headers = { 'cache-control': policy.cacheControl, etag };
    if (req.headers['if-none-match'] === etag) {
      requests.notModified++;
      res.writeHead(304, headers);
      res.end();
      return;
    }
    requests.full++;
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(name)] });
    res.end(body);
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const base = `http://127.0.0.1:${srv.address().port}`;
  const visit = async (ctx, url, rtt) => {
    const p = await ctx.newPage();
    if (rtt) {
      const cdp = await ctx.newCDPSession(p);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: rtt, downloadThroughput: -1, uploadThroughput: -1 });
    }
    await p.goto(url);
    await p.waitForFunction(() => window.ready !== undefined || window.failed !== undefined, null, { timeout: 60_000 });
    const { ready, failed } = await p.evaluate(() => ({ ready: window.ready, failed: window.failed }));
    if (failed) throw new Error(`repeat visit ${url}: ${failed}`);
    await p.close();
    return ready;
  };
  const out = Object.fromEntries(Object.keys(policies).map((k) => [k, { ms: [], full: 0, notModified: 0 }]));
  try {
    for (let i = 0; i < N.repeatVisits; i++) {
      for (const name of i % 2 ? ['immutable', 'revalidate'] : ['revalidate', 'immutable']) {
        const ctx = await browser.newContext();
        try {
          await visit(ctx, `${base}/${name}.html`, 0); // the first visit fills the cache
          Object.assign(requests, { full: 0, notModified: 0 });
          out[name].ms.push(await visit(ctx, `${base}/${name}.html`, N.repeatRTTms));
          out[name].full += requests.full;
          out[name].notModified += requests.notModified;
        } finally {
          await ctx.close();
        }
      }
    }
  } finally {
    srv.closeAllConnections();
    srv.close();
  }
  return out;
}

// signInConfig is what the sign-in page needs to reach the bench user.
function signInConfig(lc) {
  return { poolId: POOL_ID, clientId: CLIENT_ID, endpoint: `${lc.url}/`, username: 'bench', password: PASSWORD };
}

async function signIns(browser, site, lc) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  try {
    await page.goto(`${site.url}/signin.html`);
    await page.evaluate((c) => window.setup(c), signInConfig(lc));
    const modes = ['worker', 'inline', 'acij'];
    const runs = Object.fromEntries(modes.map((m) => [m, []]));
    for (let i = 0; i < N.signInWarmup + N.signInRuns; i++) {
      const order = [...modes];
      for (let j = 0; j < i % modes.length; j++) order.push(order.shift());
      for (const mode of order) {
        const r = await page.evaluate((m) => window.signInOnce(m), mode);
        if (i >= N.signInWarmup) runs[mode].push(r);
        await page.waitForTimeout(30);
      }
    }
    await page.waitForTimeout(300); // let the observer deliver the last entries
    const tasks = await page.evaluate(() => window.longTasks());
    if (errors.length) throw errors[0];
    const out = {};
    for (const mode of modes) {
      let count = 0;
      let longest = 0;
      for (const { t0, t1 } of runs[mode]) {
        for (const t of tasks) {
          if (t.start < t1 && t.start + t.duration > t0) {
            count++;
            longest = Math.max(longest, t.duration);
          }
        }
      }
      out[mode] = { ms: runs[mode].map((r) => r.t1 - r.t0), longTasks: count, longest, n: runs[mode].length };
    }
    return out;
  } finally {
    await ctx.close();
  }
}

// firstSignIns times the sign-in a visitor actually waits for: the first one
// on a freshly loaded page, FIRST_IDLE_MS after load() resolved (a person
// types for longer than that), in a new browser context each time.
const FIRST_IDLE_MS = 500;
async function firstSignIns(browser, site, lc) {
  const modes = ['worker', 'inline', 'acij'];
  const out = Object.fromEntries(modes.map((m) => [m, []]));
  for (let i = 0; i < N.firstSignIns; i++) {
    for (const mode of modes) {
      const ctx = await browser.newContext();
      try {
        const page = await ctx.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e));
        await page.goto(`${site.url}/signin.html`);
        await page.evaluate(([c, m]) => window.setupOne(c, m), [signInConfig(lc), mode]);
        await page.waitForTimeout(FIRST_IDLE_MS);
        const r = await page.evaluate((m) => window.signInOnce(m), mode);
        if (errors.length) throw errors[0];
        out[mode].push(r.t1 - r.t0);
      } finally {
        await ctx.close();
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Sections 5 and 7.

async function sizes(tmp) {
  const { stdout } = await run('node', [join(ROOT, 'scripts', 'size')], { cwd: ROOT });
  const rows = {};
  for (const line of stdout.split('\n')) {
    const m = /^(.+?)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(line.trim());
    if (m) rows[m[1]] = { raw: +m[2], gzip: +m[3], brotli: +m[4] };
  }
  const data = readFileSync(join(tmp, 'minimal.wasm'));
  rows['minimal.wasm (baseline)'] = {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: data.length } }).length,
  };
  return rows;
}

async function load(tmp, lc) {
  const { stdout: tck } = await run('getconf', ['CLK_TCK']);
  const { stdout } = await run(join(tmp, 'loadgen'), [
    '-endpoint', `${lc.url}/`, '-pool', POOL_ID, '-client', CLIENT_ID, '-password', PASSWORD,
    '-user-prefix', 'load-', '-users', String(LOAD_USERS), '-c', String(N.load.concurrency),
    '-n', String(N.load.max), '-duration', N.load.duration, '-warmup', String(N.load.warmup),
    '-server-pid', String(lc.pid), '-clk-tck', tck.trim(),
  ], { cwd: ROOT, timeout: 120000 });
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------
// The table.

const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3)) + ' ms';
const fmtUs = (ms) => `${(ms * 1000).toFixed(2)} µs`;
const fmtInt = (x) => Math.round(x).toLocaleString('en-US');
const fmtRatio = (x) => (x >= 10 ? x.toFixed(1) : x.toFixed(2)) + '×';
const fmtFrac = (x) => `${fmtRatio(x)} (1/${(1 / x).toFixed(1)})`;
const met = (ok) => (ok ? 'met' : 'NOT MET');

function buildRows(r) {
  const rows = [];
  const row = (sec, what, result, reference = '', ratio = '', target = '', status = '') =>
    rows.push([String(sec), what, result, reference, ratio, target, status]);

  // 1. SRP critical path.
  const w = (name) => median(r.srp.wasm[name]) / 1e6;
  const nat = (name) => median(r.srp.native[name]) / 1e6; // interleaved with the wasm runs
  const nat6 = (name) => median(r.native.srp[name]) / 1e6; // section 6's own run
  const j256 = median(r.srp.acij.a256);
  const j1024 = median(r.srp.acij.a1024);
  const w256 = w('BenchmarkClientCriticalPath');
  const w1024 = w('BenchmarkClientCriticalPathA1024');
  const n256 = nat('BenchmarkClientCriticalPath');
  const n1024 = nat('BenchmarkClientCriticalPathA1024');
  row(1, 'SRP critical path, Chromium, same inputs (a: 256 bits, as this module draws)', `wasm ${fmtMs(w256)}`,
    `amazon-cognito-identity-js ${fmtMs(j256)}`, fmtFrac(w256 / j256), '≤ 1/20 of AWS\'s client', met(w256 / j256 <= TARGET.srpVsAcij));
  row(1, 'SRP critical path, Chromium, same inputs (a: 1024 bits, as AWS\'s client draws)', `wasm ${fmtMs(w1024)}`,
    `amazon-cognito-identity-js ${fmtMs(j1024)}`, fmtFrac(w1024 / j1024));
  row(1, 'SRP critical path as shipped (ours a: 256 bits, AWS\'s a: 1024 bits)', `wasm ${fmtMs(w256)}`,
    `amazon-cognito-identity-js ${fmtMs(j1024)}`, fmtFrac(w256 / j1024));
  row(1, 'SRP critical path, wasm in Chromium vs native Go (a: 256 bits)', `wasm ${fmtMs(w256)}`,
    `native ${fmtMs(n256)}`, fmtRatio(w256 / n256), '≤ 3× native Go', met(w256 / n256 <= TARGET.srpVsNative));
  row(1, 'SRP critical path, wasm vs native Go (a: 1024 bits)', `wasm ${fmtMs(w1024)}`, `native ${fmtMs(n1024)}`, fmtRatio(w1024 / n1024));
  if (r.srp.wasm['BenchmarkSquarings500/kernel']) {
    const sq = (name) => w(`BenchmarkSquarings500/${name}`) / 500;
    row(1, 'one 3072-bit squaring mod N (five in six of an exponentiation\'s steps), Chromium: srp\'s SIMD kernel vs its Go fallback',
      `kernel ${fmtUs(sq('kernel'))}`, `Go ${fmtUs(sq('go'))}`, fmtRatio(sq('kernel') / sq('go')));
  }
  row(1, 'SRP critical path, wasm, first call in a fresh instance (before V8 optimizes it)', `wasm ${fmtMs(r.srp.first / 1e6)}`,
    `warm wasm ${fmtMs(w256)}`, fmtRatio(r.srp.first / 1e6 / w256));
  row(1, 'Client.Key alone, wasm vs native', `wasm ${fmtMs(w('BenchmarkClientKey'))}`,
    `native ${fmtMs(nat('BenchmarkClientKey'))}`, fmtRatio(w('BenchmarkClientKey') / nat('BenchmarkClientKey')));
  row(1, 'NewClient (A = g^a, before InitiateAuth, off the critical path)', `wasm ${fmtMs(w('BenchmarkNewClient'))}`,
    `native ${fmtMs(nat('BenchmarkNewClient'))}`, fmtRatio(w('BenchmarkNewClient') / nat('BenchmarkNewClient')));

  // 2. Cold start.
  const cm = median(r.cold.minimal.load);
  const ci = median(r.cold.inline.load);
  const cw = median(r.cold.worker.load);
  const [lo, hi] = ratioInterval(r.cold.inline.load, r.cold.minimal.load);
  row(2, 'cold start, load({worker:false}) → ready (fetch+compile+instantiate+Go init)', fmtMs(ci),
    `minimal Go wasm ${fmtMs(cm)}`, `${fmtRatio(ci / cm)} (95% interval ${fmtRatio(lo)}–${fmtRatio(hi)})`,
    '≤ 1.3× minimal', met(ci / cm <= TARGET.coldVsMinimal));
  row(2, 'cold start, load() in a Web Worker → ready', fmtMs(cw), `minimal Go wasm ${fmtMs(cm)}`, fmtRatio(cw / cm));
  row(2, 'cold start, navigation → ready (page and loader script included), inline', fmtMs(median(r.cold.inline.nav)),
    `minimal ${fmtMs(median(r.cold.minimal.nav))}`, fmtRatio(median(r.cold.inline.nav) / median(r.cold.minimal.nav)));
  // Where the time goes (plain wasm_exec.js, no loader).
  const phase = (kind, name) => median(r.cold[kind].phases.map((p) => p[name]));
  for (const [name, what] of [
    ['fetch', 'cold start, phase: fetch alone (download, no compile)'],
    ['compile', 'cold start, phase: fetch + compile (streaming)'],
    ['instantiate', 'cold start, phase: instantiate'],
    ['start', 'cold start, phase: Go start-up (runtime, package inits, main → call-back)'],
  ]) {
    const k = name === 'fetch' ? ['fetchOurs', 'fetchMinimal'] : ['phasesOurs', 'phasesMinimal'];
    const [o, m] = k.map((kind) => phase(kind, name));
    row(2, what, fmtMs(o), `minimal ${fmtMs(m)}`, fmtRatio(o / m));
  }
  const rv = r.repeat;
  const [ri, rr] = [median(rv.immutable.ms), median(rv.revalidate.ms)];
  row(2, `repeat visit, navigation → ready, Web Worker, ${N.repeatRTTms} ms round trips: loader and wasm under hashed names, immutable (how the demo serves them)`,
    `${fmtMs(ri)} (requests in ${rv.immutable.ms.length} visits: ${rv.immutable.full} full, ${rv.immutable.notModified} 304)`,
    `no-cache, revalidated ${fmtMs(rr)} (requests in ${rv.revalidate.ms.length} visits: ${rv.revalidate.full} full, ${rv.revalidate.notModified} 304)`, fmtRatio(ri / rr));

  // 3. Full sign-in.
  const sa = median(r.signIn.acij.ms);
  for (const mode of ['worker', 'inline']) {
    const s = median(r.signIn[mode].ms);
    row(3, `full sign-in against localcognito (loopback), ${mode === 'worker' ? 'Web Worker (default)' : 'inline'}`, fmtMs(s),
      `amazon-cognito-identity-js ${fmtMs(sa)}`, fmtFrac(s / sa));
  }
  const fa = median(r.firstSignIn.acij);
  for (const mode of ['worker', 'inline']) {
    const s = median(r.firstSignIn[mode]);
    row(3, `first sign-in on a fresh page, ${FIRST_IDLE_MS} ms after load, ${mode === 'worker' ? 'Web Worker (default)' : 'inline'}`, fmtMs(s),
      `amazon-cognito-identity-js ${fmtMs(fa)}`, fmtFrac(s / fa));
  }

  // 4. Long tasks.
  for (const mode of ['worker', 'inline']) {
    // The page's own tasks while the module starts: the script's
    // evaluation, then load() (in a worker, the download and compile are
    // the worker's).
    const lt = r.cold[mode].longTasks || [];
    const text = `${lt.length} in ${r.cold[mode].load.length} loads, longest ${lt.length ? fmtMs(Math.max(...lt)) : 'none ≥ 50 ms'}`;
    row(4, `main-thread long tasks during a cold load(), ${mode === 'worker' ? 'Web Worker' : 'inline'}`, text);
  }
  for (const mode of ['worker', 'inline', 'acij']) {
    const lt = r.signIn[mode];
    const name = mode === 'acij' ? 'amazon-cognito-identity-js' : mode === 'worker' ? 'this module, Web Worker' : 'this module, inline';
    const text = `${lt.longTasks} in ${lt.n} sign-ins, longest ${lt.longest ? fmtMs(lt.longest) : 'none ≥ 50 ms'}`;
    if (mode === 'worker') {
      row(4, `main-thread long tasks during sign-in, ${name}`, text, '', '', 'no task > 50 ms', met(lt.longTasks === 0 || lt.longest <= TARGET.longTaskMs));
    } else {
      row(4, `main-thread long tasks during sign-in, ${name}`, text);
    }
  }

  // 5. Bytes.
  const b = (name) => r.sizes[name];
  for (const name of Object.keys(r.sizes)) {
    if (name.startsWith('bundle')) continue;
    const s = b(name);
    row(5, `bytes: ${name}`, `${fmtInt(s.raw)} raw, ${fmtInt(s.gzip)} gzip, ${fmtInt(s.brotli)} br`);
  }
  const bundleKey = Object.keys(r.sizes).find((k) => k.startsWith('bundle'));
  const bundle = b(bundleKey);
  const minimal = b('minimal.wasm (baseline)');
  row(5, `bytes: ${bundleKey} (what a page downloads)`, `${fmtInt(bundle.raw)} raw, ${fmtInt(bundle.gzip)} gzip, ${fmtInt(bundle.brotli)} br`,
    `minimal Go wasm ${fmtInt(minimal.brotli)} br`, fmtRatio(bundle.brotli / minimal.brotli),
    `≤ ${fmtInt(TARGET.bundleBrotli)} br`, met(bundle.brotli <= TARGET.bundleBrotli));

  // 6. Native Go.
  const nativeRows = [
    ['BenchmarkClientCriticalPath', 'srp: critical path (Key + Signature), a 256 bits'],
    ['BenchmarkClientCriticalPathA1024', 'srp: critical path, a 1024 bits'],
    ['BenchmarkClientKey', 'srp: Client.Key'],
    ['BenchmarkSignature', 'srp: Signature (HMAC)'],
    ['BenchmarkNewClient', 'srp: NewClient (A = g^a)'],
    ['BenchmarkModExp3072', 'srp: one 3072-bit modexp, 512-bit exponent (math/big)'],
    ['BenchmarkServerSignIn/plain', 'srp: server side of one sign-in (NewServer + Key + Verify)'],
    ['BenchmarkServerSignIn/prepared', 'srp: the same with a prepared verifier (what localcognito does for repeat users)'],
    ['BenchmarkPrepareVerifier', 'srp: PrepareVerifier (once per verifier)'],
  ];
  for (const [name, what] of nativeRows) {
    if (r.native.srp[name]) row(6, `native Go ${what}`, fmtMs(nat6(name)));
  }
  if (r.native.lc.present) {
    for (const [name, ns] of Object.entries(r.native.lc.results)) {
      if (name === 'BenchmarkSignToken') {
        row(6, 'native Go localcognito BenchmarkSignToken (one RS256 token, 2048-bit key; a sign-in signs two)', fmtMs(ns / 1e6));
        continue;
      }
      row(6, `native Go localcognito ${name} (in-process, one full SRP sign-in per op)`, fmtMs(ns / 1e6),
        `≈ ${fmtInt(1e9 / ns)} sign-ins/s`);
    }
  }
  else row(6, 'native Go localcognito BenchmarkSRPSignIn', 'skipped', r.native.lc.note);

  // 7. Load.
  const L = r.load;
  row(7, `localcognito under load: SRP sign-ins/s (${L.concurrency} concurrent, load generator on the same machine)`,
    `${L.perSecond.toFixed(0)}/s (${fmtInt(L.signIns)} in ${L.elapsedSeconds.toFixed(1)} s)`, '', '',
    `≥ ${TARGET.signInsPerSecond}/s`, met(L.perSecond >= TARGET.signInsPerSecond));
  row(7, 'localcognito under load: latency of a whole sign-in (2 requests)', `p50 ${fmtMs(L.p50ms)}, p99 ${fmtMs(L.p99ms)}`,
    `p90 ${fmtMs(L.p90ms)}, max ${fmtMs(L.maxMs)}`, '', `p99 < ${TARGET.p99ms} ms`, met(L.p99ms < TARGET.p99ms));
  row(7, 'localcognito under load: errors', `${L.errors}${L.errors ? ' — ' + L.errorSamples.join(' | ') : ''}`,
    `warm-up: ${L.warmupSignIns} sign-ins, ${L.warmupErrors} errors`, '', '0', met(L.errors === 0 && L.warmupErrors === 0));
  row(7, 'localcognito CPU time per sign-in (server process, /proc/<pid>/stat)', fmtMs(L.serverCPUPerSignInMs),
    `load generator ${fmtMs(L.clientCPUPerSignInMs)} (same CPUs)`);
  const ceiling = (Number(r.nproc) * 1000) / L.serverCPUPerSignInMs;
  row(7, `localcognito ceiling from that CPU time, all ${r.nproc} CPUs to the server alone`, `≈ ${fmtInt(ceiling)}/s`,
    '', '', `≥ ${TARGET.signInsPerSecond}/s`, ceiling >= TARGET.signInsPerSecond ? 'would be met' : 'would not be met');
  // The arithmetic a sign-in cannot do without, from section 6's own
  // benchmarks: what the rate could be with no HTTP, JSON, logging or GC.
  const sign = r.native.lc.present && r.native.lc.results.BenchmarkSignToken;
  if (sign && r.native.srp['BenchmarkServerSignIn/prepared'] && r.native.srp.BenchmarkNewClient && r.native.srp.BenchmarkClientCriticalPath) {
    const server = 2 * sign / 1e6 + nat6('BenchmarkServerSignIn/prepared');
    const client = nat6('BenchmarkNewClient') + nat6('BenchmarkClientCriticalPath');
    const cpus = Number(r.nproc);
    row(7, 'compute a sign-in needs, server: 2 RS256 signatures + SRP with a prepared verifier (section 6)',
      `${fmtMs(server)} (${fmtMs(2 * sign / 1e6)} + ${fmtMs(nat6('BenchmarkServerSignIn/prepared'))})`,
      `≈ ${fmtInt(cpus * 1000 / server)}/s on ${cpus} CPUs, server alone, nothing else`);
    row(7, 'compute a sign-in needs, server and load generator (its NewClient + Key + Signature)',
      `${fmtMs(server + client)} (client ${fmtMs(client)})`, `≈ ${fmtInt(cpus * 1000 / (server + client))}/s on ${cpus} CPUs, nothing else`,
      '', `≥ ${TARGET.signInsPerSecond}/s`, cpus * 1000 / (server + client) >= TARGET.signInsPerSecond ? 'reachable' : 'out of reach on this machine');
  }
  return rows;
}

const HEAD = ['§', 'measurement', 'result', 'compared with', 'ratio', 'target', 'status'];

function textTable(rows) {
  const all = [HEAD, ...rows];
  const width = HEAD.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r) => r.map((c, i) => c + ' '.repeat(width[i] - [...c].length)).join('  ').trimEnd();
  return [line(HEAD), width.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(rows) {
  const esc = (c) => c.replace(/\|/g, '\\|');
  return [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

// NOTES_MARK starts the hand-written notes at the end of PERFORMANCE.md
// (earlier runs, the targets, what was tried and dropped): measurements
// live on that page only, and a run must not erase them.
const NOTES_MARK = '<!-- notes: make bench keeps everything from this line on -->';

function keptNotes(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const i = text.indexOf(NOTES_MARK);
  return i < 0 ? '' : `\n${text.slice(i)}`;
}

function markdown(env, rows, r) {
  const list = (xs, f = fmtMs) => xs.map((x) => f(x).replace(' ms', '')).join(', ');
  return `# Performance

Generated by \`${env.command}\` (scripts/bench/run.mjs) on ${env.date}, in ${env.seconds} s.
Every number below was measured in that one run, on this machine; medians
throughout. Targets come from the project's performance issue and are only
reported: \`make test\` never asserts on timings.

## Machine

| | |
| --- | --- |
| CPUs (\`nproc\`) | ${env.nproc} |
| CPU model | ${env.cpu} |
| Go | ${env.go} |
| Node | ${env.node} |
| Chromium | ${env.chromium} (headless, ${CHROMIUM_ARGS.join(' ')}) |
| commit | ${env.commit} |
| load average (1, 5, 15 min) | at start ${env.loadStart}; at end ${env.loadEnd} (other work on the machine shows here: medians and interleaved runs damp it, they do not remove it) |

## Results

${markdownTable(rows)}

## How each row is measured

1. **SRP critical path** — from receiving \`PASSWORD_VERIFIER\` to having
   \`PASSWORD_CLAIM_SIGNATURE\`, on the same known-answer vector from
   \`srp/testdata/vectors.json\` (the first \`USER_SRP_AUTH\` one with an
   alphanumeric pool name, a full-size \`SRP_B\` and an \`a\` of 256 or 1024 bits;
   both implementations must produce its signature, or the run fails).
   *This module:* \`srp/bench_test.go\`'s \`BenchmarkClientCriticalPath*\`
   (\`srp.Client.Key\` + \`srp.Signature\`, the code \`auth\` runs) compiled to
   js/wasm by the toolchain that builds the module and run in headless
   Chromium on a cross-origin-isolated page (5 µs timers).
   *amazon-cognito-identity-js* (${env.acijVersion}, its browser dist build):
   a real \`CognitoUser.authenticateUser\` whose \`client.request\` is stubbed
   to hand it the challenge; the time runs from handing over the challenge to
   its \`RespondToAuthChallenge\` call, i.e. \`getPasswordAuthenticationKey\` plus
   the HMAC exactly as CognitoUser does them; its private \`a\` and clock are
   pinned to the vector's.
   *Native:* the same benchmarks as a native test binary.
   The three run in ${N.srpRounds} rounds, one after the other in each round,
   so a busy machine weighs on all alike: per round ${N.srpGoBenchtime.replace('x', '')} iterations
   of each wasm benchmark (their mean is that round's sample), ${N.srpJsPerRound} single runs of
   AWS's client per vector, ${N.srpNativeBenchtime.replace('x', '')} native iterations; warm-ups first
   (${N.srpJsWarmup} runs of AWS's client per vector; ${N.srpGoWarmupRounds} rounds of the wasm benchmarks, since V8 optimizes the
   Go module's functions over its first hundred or so calls, across instances).
   The "first call" row is one iteration in a freshly compiled module.
   The squaring row is \`BenchmarkSquarings500\` (\`srp/kernel_js_test.go\`) in the
   same rounds: 500 squarings in a row on the SIMD kernel
   (\`srp/montkernel.wasm\`, which sign-in runs where the browser has
   WebAssembly SIMD) and on \`srp/mont.go\`'s Go (the fallback), per squaring.
   The kernel multiplies two pairs of 28-bit limbs per
   \`i64x2.extmul_*_i32x4_u\`, which V8 compiles on x86 to two lane shuffles
   and one \`pmuludq\`; a squaring takes about 18,000 such products.
   The target is judged on the 256-bit row: the same inputs for both, and
   the size this module draws (AWS's client draws a 1024-bit \`a\`, which
   makes its own sign-ins slower still, see the "as shipped" row).
2. **Cold start** — a fresh browser context per load (no HTTP or code
   cache; files served with \`cache-control: no-store\` and
   \`application/wasm\`, so both compile while streaming), ${N.coldRuns} loads
   each after one warm-up round, orders rotated. Ours: \`CognitoSRP.load()\`
   called → resolved. Minimal: \`scripts/bench/minimal\` (sets a global, calls
   the page back, blocks), built with the same flags, started with the same
   \`wasm_exec.js\`: \`instantiateStreaming\` called → called back.
   The ratio's 95% interval is a bootstrap (2,000 resamples of both
   sample sets, seeded): how much the ratio of the medians moves with the
   sampling noise of this run alone (slower drifts of the machine's load
   between runs come on top).
   The phase rows load each wasm file with plain \`wasm_exec.js\` (no
   loader) in the same rotation: the download alone, then
   \`compileStreaming\` (download and compile overlap; Chromium compiles
   function bodies lazily, on first call, so this is mostly download and
   validation), \`instantiate\`, and Go's start-up up to the call-back
   (which includes compiling each function the start-up calls).
   *Repeat visit:* a page that loads the loader and calls \`load()\`,
   visited twice in one browser context (${N.repeatVisits} contexts per
   policy, alternating); the second visit runs over emulated round trips of
   ${N.repeatRTTms} ms (Chrome DevTools Protocol) and is timed from
   navigation to \`load()\` resolved. Revalidated: the files at plain names
   with \`no-cache\` and an ETag, so each comes back as a 304 after a round
   trip; immutable: under a content-hashed folder with a year's
   \`immutable\`, so neither is requested. The page itself is
   revalidated in both, as the demo's is.
3. **Full sign-in** — \`USER_SRP_AUTH\` against \`bin/localcognito\` on
   127.0.0.1 (a different port from the page, so CORS applies to both
   clients alike), one page holding both clients, ${N.signInRuns} sign-ins per
   client after ${N.signInWarmup} warm-ups, orders rotated; call → tokens.
   *First sign-in on a fresh page:* what a visitor waits for — a new browser
   context and page per run (${N.firstSignIns} per client), load() (or AWS's
   script) and ${FIRST_IDLE_MS} ms idle, then one sign-in: the wasm code is
   not yet warm, though the module prepares the first SRP_A while idle.
4. **Long tasks** — a \`PerformanceObserver\` for \`longtask\` (tasks ≥ 50 ms)
   on that page; a task counts for a sign-in when it overlaps it.
5. **Bytes** — \`node scripts/size\` (max-quality gzip and brotli).
6. **Native Go** — \`go test -bench\` as above; localcognito's
   \`BenchmarkSRPSignIn\` when it exists.
7. **Load** — \`scripts/bench/loadgen\`: ${N.load.concurrency} workers doing
   InitiateAuth + RespondToAuthChallenge with \`srp.NewClient\` over
   keep-alive HTTP against the same \`bin/localcognito\` (default flags, so
   it logs each request), round-robin over ${LOAD_USERS} users, after
   ${N.load.warmup} warm-up sign-ins, for ${N.load.duration} or ${fmtInt(N.load.max)} sign-ins. The load
   generator shares the ${env.nproc} CPUs with the server, so the server's own
   CPU time per sign-in is printed too, and the rate it would allow with
   every CPU to itself (an upper bound: no load generator, perfect scaling).
   The two "compute a sign-in needs" rows add up section 6's benchmarks of
   the arithmetic a sign-in cannot skip (two RS256 signatures, as
   Cognito's ID and access tokens need; the SRP of server and client),
   as this code does it (Go's crypto/rsa and math/big), and divide the
   CPUs by it: a rate no HTTP handling, JSON or logging around that code
   could beat.

## Samples

- SRP, wasm, a 256 bits (ms per run): ${list(r.srp.wasm.BenchmarkClientCriticalPath.map((x) => x / 1e6))}
- SRP, amazon-cognito-identity-js, a 256 bits (ms): ${list(r.srp.acij.a256)}
- SRP, amazon-cognito-identity-js, a 1024 bits (ms): ${list(r.srp.acij.a1024)}
- cold start, inline (ms): ${list(r.cold.inline.load)}
- cold start, worker (ms): ${list(r.cold.worker.load)}
- repeat visit, ${N.repeatRTTms} ms round trips, immutable / revalidated (ms): ${list(r.repeat.immutable.ms)} / ${list(r.repeat.revalidate.ms)}
- cold start, minimal (ms): ${list(r.cold.minimal.load)}
- cold start phases, ours, fetch + compile / instantiate / Go start-up (ms): ${['compile', 'instantiate', 'start'].map((f) => list(r.cold.phasesOurs.phases.map((p) => p[f]))).join(' / ')}
- cold start phases, minimal (ms): ${['compile', 'instantiate', 'start'].map((f) => list(r.cold.phasesMinimal.phases.map((p) => p[f]))).join(' / ')}
- sign-in, worker (ms): ${list(r.signIn.worker.ms)}
- sign-in, inline (ms): ${list(r.signIn.inline.ms)}
- sign-in, amazon-cognito-identity-js (ms): ${list(r.signIn.acij.ms)}
- first sign-in on a fresh page, worker / inline / amazon-cognito-identity-js (ms): ${list(r.firstSignIn.worker)} / ${list(r.firstSignIn.inline)} / ${list(r.firstSignIn.acij)}
`;
}

// ---------------------------------------------------------------------------

async function main() {
  for (const f of ['cognito-srp.js', 'cognito-srp.worker.js', 'cognito-srp.wasm']) {
    statSync(join(DIST, f)); // throws when missing: run `make build`
  }
  statSync(join(ROOT, 'bin', 'localcognito'));
  const tmp = mkdtempSync(join(tmpdir(), 'cognito-srp-bench-'));
  let lc, site, browser;
  try {
    const { goVersion, goroot } = await goEnv();
    log('building the minimal wasm program, the srp benchmarks for js/wasm and the load generator');
    await buildArtifacts(tmp, goroot);

    log(`native Go benchmarks (-count ${N.nativeCount} -benchtime ${N.nativeBenchtime})`);
    const native = await nativeBenchmarks();

    const vectors = benchVectors();
    lc = await startLocalCognito(writeSeed(tmp));
    site = await serve(tmp, {
      '/srp.html': { html: SRP_PAGE, isolated: true },
      '/cold-inline.html': { html: COLD_OURS(false) },
      '/cold-worker.html': { html: COLD_OURS(true) },
      '/cold-minimal.html': { html: COLD_MINIMAL },
      '/cold-fetch-ours.html': { html: COLD_FETCH('/dist/cognito-srp.wasm') },
      '/cold-fetch-minimal.html': { html: COLD_FETCH('/bench/minimal.wasm') },
      '/cold-phases-ours.html': { html: COLD_PHASES('/dist/cognito-srp.wasm') },
      '/cold-phases-minimal.html': { html: COLD_PHASES('/bench/minimal.wasm') },
      '/signin.html': { html: SIGNIN_PAGE },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

    log('SRP critical path in Chromium: wasm and amazon-cognito-identity-js');
    const srp = await srpCriticalPath(browser, site, vectors, tmp);
    log(`cold starts (${N.coldRuns} fresh loads each)`);
    const cold = await coldStarts(browser, site);
    log(`repeat visits over ${N.repeatRTTms} ms round trips (${N.repeatVisits} per caching policy)`);
    const repeat = await repeatVisits(browser);
    log(`full sign-ins against localcognito (${N.signInRuns} per client)`);
    const signIn = await signIns(browser, site, lc);
    log(`first sign-ins on fresh pages (${N.firstSignIns} per client)`);
    const firstSignIn = await firstSignIns(browser, site, lc);
    const chromiumVersion = browser.version();
    await browser.close();
    browser = null;

    log(`localcognito under load (${N.load.concurrency} concurrent, ${N.load.duration})`);
    const loadResult = await load(tmp, lc);
    log('bundle bytes');
    const size = await sizes(tmp);

    const r = { srp, native, cold, repeat, signIn, firstSignIn, load: loadResult, sizes: size, nproc: (await run('nproc')).stdout.trim() };
    const rows = buildRows(r);
    const [{ stdout: commit }, { stdout: status }] = await Promise.all([
      run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }),
      run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }),
    ]);
    const env = {
      command: process.env.BENCH_COMMAND || 'make bench',
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      seconds: Math.round((Date.now() - started) / 1000),
      nproc: (await run('nproc')).stdout.trim(),
      cpu: (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) || [, 'unknown'])[1].trim(),
      go: goVersion,
      node: process.version,
      chromium: chromiumVersion,
      commit: commit.trim() + (status.trim() ? ' (working tree with uncommitted changes)' : ''),
      loadStart: loadAtStart.map((x) => x.toFixed(2)).join(', '),
      loadEnd: loadavg().map((x) => x.toFixed(2)).join(', '),
      acijVersion: JSON.parse(readFileSync(join(ROOT, 'node_modules', 'amazon-cognito-identity-js', 'package.json'), 'utf8')).version,
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, markdown(env, rows, r) + keptNotes(OUT));

    console.log(`${env.nproc} × ${env.cpu} | ${env.go} | Node ${env.node} | Chromium ${env.chromium} | ${env.date} | load average ${env.loadStart} → ${env.loadEnd}`);
    console.log(textTable(rows));
    console.log(`\nwrote ${relative(ROOT, OUT)} (${env.seconds} s)`);
  } finally {
    await browser?.close().catch(() => {});
    site?.stop();
    await lc?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error('bench failed:', e && e.stack || e);
  process.exit(1);
});
