// The TypeScript declarations against typed examples in web/test/types. tsc
// is the root devDependency (typescript 7); cognito-srp-wasm resolves by
// package self-reference through web/package.json's exports, whose types
// differ per condition as the builds do:
//   require → web/index.d.cts: module.exports is { load, version }, no .default
//   import, browser, default → web/index.d.mts: named exports and a default
// Both re-export the API declared in web/index.d.ts.
//
// web/test/types (moduleResolution bundler, as Vite or webpack users have
// it; also with the browser condition): api.ts uses the whole declared API,
// misuse.ts holds @ts-expect-error lines the declarations must reject.
// web/test/types/node (module nodenext, and node16): a CommonJS consumer in
// TypeScript (commonjs.cts) and in JavaScript (require.cjs), whose
// `.default` must not type-check, and an ES module one (esm.mts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, basename } from 'node:path';
import { existsSync, mkdtempSync, mkdirSync, cpSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot, webRoot } from './helpers.mjs';

const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
const bundlerProject = join(webRoot, 'test', 'types');
const nodeProject = join(bundlerProject, 'node');

function runTsc(project, ...args) {
  const r = spawnSync(tsc, ['-p', project, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  return r;
}

function assertClean(project, ...args) {
  assert.ok(existsSync(tsc), `${tsc} is missing: run npm ci at the repository root`);
  const r = runTsc(project, ...args);
  assert.equal(`${r.stdout}${r.stderr}`, '', `tsc -p ${project} ${args.join(' ')} reported errors`);
  assert.equal(r.status, 0);
}

function listedFiles(project, ...args) {
  return runTsc(project, ...args, '--listFilesOnly').stdout.split('\n')
    .filter((f) => f && !f.includes('/node_modules/')).sort();
}

const d = (name) => join(webRoot, name);

test('tsc -p web/test/types (moduleResolution bundler) passes with no output', () => {
  assertClean(bundlerProject);
});

test('tsc -p web/test/types with the browser condition passes with no output', () => {
  assertClean(bundlerProject, '--customConditions', 'browser');
});

test('tsc -p web/test/types/node (module nodenext) passes with no output', () => {
  assertClean(nodeProject);
});

test('tsc -p web/test/types/node with module node16 passes with no output', () => {
  assertClean(nodeProject, '--module', 'node16', '--moduleResolution', 'node16');
});

test('bundler examples get the import condition\'s declarations', () => {
  const expected = [d('index.d.ts'), d('index.d.mts'), join(bundlerProject, 'api.ts'), join(bundlerProject, 'misuse.ts')].sort();
  assert.deepEqual(listedFiles(bundlerProject), expected);
  assert.deepEqual(listedFiles(bundlerProject, '--customConditions', 'browser'), expected);
});

test('Node examples get index.d.cts for require and index.d.mts for import', () => {
  const expected = [
    d('index.d.ts'), d('index.d.cts'), d('index.d.mts'),
    join(nodeProject, 'commonjs.cts'), join(nodeProject, 'require.cjs'), join(nodeProject, 'esm.mts'),
  ].sort();
  assert.deepEqual(listedFiles(nodeProject), expected);
  assert.deepEqual(listedFiles(nodeProject, '--module', 'node16', '--moduleResolution', 'node16'), expected);
  const r = runTsc(nodeProject, '--traceResolution');
  const resolved = (from) => [...r.stdout.matchAll(new RegExp(
    `Resolving module 'cognito-srp-wasm' from '${join(nodeProject, from)}'\\. =+\\n(?:.*\\n)*?=+ Module name 'cognito-srp-wasm' was successfully resolved to '([^']+)'`, 'g'))]
    .map((m) => m[1]);
  for (const [from, to] of [['commonjs.cts', 'index.d.cts'], ['require.cjs', 'index.d.cts'], ['esm.mts', 'index.d.mts']]) {
    const targets = resolved(from);
    assert.ok(targets.length > 0, `no resolution of cognito-srp-wasm from ${from} in the trace`);
    assert.deepEqual([...new Set(targets)], [d(to)], `${from} resolves to ${targets}`);
  }
});

// The bug the separate declarations fix: one ESM-style file for both
// conditions declared a default export that require() does not have. With
// index.d.cts doctored back to that, the CommonJS examples' @ts-expect-error
// lines on .default must fail the check.
test('the CommonJS examples catch a default export that require() lacks', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cognito-srp-types-'));
  try {
    const pkg = join(tmp, 'node_modules', 'cognito-srp-wasm');
    mkdirSync(pkg, { recursive: true });
    for (const f of ['package.json', 'index.d.ts', 'index.d.mts']) copyFileSync(d(f), join(pkg, f));
    writeFileSync(join(pkg, 'index.d.cts'), "export * from './index.js';\n" +
      "import { load } from './index.js';\ndeclare const _default: { load: typeof load; version: string };\nexport default _default;\n");
    const project = join(tmp, 'consumer');
    cpSync(nodeProject, project, { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}');
    const r = runTsc(project);
    assert.notEqual(r.status, 0, `${r.stdout}${r.stderr}`);
    const unused = r.stdout.split('\n').filter((l) => l.includes("error TS2578: Unused '@ts-expect-error' directive."));
    // (esModuleInterop's default import in commonjs.cts is then that
    // declared default, which has no .default either.)
    assert.deepEqual(unused.map((l) => basename(l.replace(/\(\d+,\d+\).*/, ''))).sort(),
      ['commonjs.cts', 'require.cjs'], r.stdout);
    assert.equal(r.stdout.split('\n').filter((l) => l.includes('error TS')).length, unused.length, r.stdout);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
