#!/usr/bin/env node
// Where the time goes in the SRP critical path in WebAssembly: runs
// srp's BenchmarkClientCriticalPath (compiled to js/wasm) in headless
// Chromium under the V8 CPU profiler and prints the functions with the most
// self time. Not part of `make bench`; for deciding what to optimize.
//
//   node scripts/bench/profile.mjs [iterations] [--save out.cpuprofile]
//
// The native counterpart:
//
//   go test -run='^$' -bench='^BenchmarkClientCriticalPath$' -cpuprofile=/tmp/srp.pprof ./srp/
//   go tool pprof -top /tmp/srp.pprof

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import http from 'node:http';
import { chromium } from 'playwright-core';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const iterations = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) || 60);
const saveArg = process.argv.indexOf('--save');

const tmp = mkdtempSync(join(tmpdir(), 'cognito-srp-profile-'));
try {
  const { stdout: goroot } = await run('go', ['env', 'GOROOT'], { cwd: ROOT });
  copyFileSync(join(goroot.trim(), 'lib', 'wasm', 'wasm_exec.js'), join(tmp, 'wasm_exec.js'));
  // Not stripped, so the profile has Go's function names.
  await run('go', ['test', '-c', '-o', join(tmp, 'srp.test.wasm'), './srp/'],
    { cwd: ROOT, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' } });

  // The inputs srp/bench_test.go's benchVector picks (64 hex digits of a).
  const all = JSON.parse(readFileSync(join(ROOT, 'srp', 'testdata', 'vectors.json'), 'utf8')).srp;
  const vector = all.find((x) => x.flow === 'USER_SRP_AUTH' && /^[0-9A-Za-z]+$/.test(x.realm) && x.B.length === 768 && x.a.length === 64);

  const page = `<!doctype html><script src="/wasm_exec.js"></script><script>
window.bench = async (argv, env) => {
  const go = new Go(); go.argv = argv; go.env = env;
  const { instance } = await WebAssembly.instantiateStreaming(fetch('/srp.test.wasm'), go.importObject);
  await go.run(instance);
};</script>`;
  const srv = http.createServer((req, res) => {
    if (req.url === '/') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page); return; }
    const f = { '/wasm_exec.js': 'wasm_exec.js', '/srp.test.wasm': 'srp.test.wasm' }[req.url];
    if (!f) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
    res.end(readFileSync(join(tmp, f)));
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const p = await browser.newPage();
    await p.goto(`http://127.0.0.1:${srv.address().port}/`);
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await p.evaluate(([argv, env]) => window.bench(argv, env), [
      ['srp.test', '-test.run=^$', '-test.bench=^BenchmarkClientCriticalPath$', `-test.benchtime=${iterations}x`],
      { SRP_BENCH_VECTORS: JSON.stringify([vector]) },
    ]);
    const { profile } = await cdp.send('Profiler.stop');
    if (saveArg > 0) writeFileSync(process.argv[saveArg + 1], JSON.stringify(profile));

    // Self time per function: samples × their time deltas.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] || 0;
      const name = byId.get(id).callFrame.functionName || '(anonymous)';
      self.set(name, (self.get(name) || 0) + dt);
      total += dt;
    });
    const busy = [...self].sort((a, b) => b[1] - a[1]).slice(0, 20);
    console.log(`self time while running ${iterations} iterations of BenchmarkClientCriticalPath (wasm, Chromium; start-up included), total ${(total / 1000).toFixed(0)} ms:`);
    for (const [name, us] of busy) console.log(`${(100 * us / total).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  } finally {
    await browser.close();
    srv.close();
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
