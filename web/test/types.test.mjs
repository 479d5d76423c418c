// The TypeScript declarations (web/index.d.ts) against typed examples in
// web/test/types: api.ts uses the whole declared API, misuse.ts holds
// @ts-expect-error lines the declarations must reject. tsc is the root
// devDependency (typescript 7); cognito-srp-wasm resolves by package
// self-reference through web/package.json's exports "types" condition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { repoRoot, webRoot } from './helpers.mjs';

const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
const project = join(webRoot, 'test', 'types');

function runTsc(...args) {
  const r = spawnSync(tsc, ['-p', project, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  return r;
}

test('tsc -p web/test/types passes with no output', () => {
  assert.ok(existsSync(tsc), `${tsc} is missing: run npm ci at the repository root`);
  const r = runTsc();
  assert.equal(`${r.stdout}${r.stderr}`, '', 'tsc reported errors');
  assert.equal(r.status, 0);
});

test('the examples are checked against web/index.d.ts, resolved by the package name', () => {
  const files = runTsc('--listFilesOnly').stdout.split('\n').filter((f) => f && !f.includes('/node_modules/'));
  assert.deepEqual(files.sort(), [
    join(webRoot, 'index.d.ts'),
    join(project, 'api.ts'),
    join(project, 'misuse.ts'),
  ].sort());
});
