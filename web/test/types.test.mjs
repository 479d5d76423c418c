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
//
// web/src: the loader's own sources, JavaScript with JSDoc types, checked
// with strict on against index.d.ts (web/src/tsconfig.json), so the code
// and the declarations cannot drift apart.
//
// Then each method's @throws in index.d.ts against AWS's model of Cognito.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, basename } from 'node:path';
import { existsSync, mkdtempSync, mkdirSync, cpSync, copyFileSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot, webRoot } from './helpers.mjs';

const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
const bundlerProject = join(webRoot, 'test', 'types');
const srcProject = join(webRoot, 'src');
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

test('tsc -p web/src (the loader\'s sources, strict, against index.d.ts) passes with no output', () => {
  assertClean(srcProject);
});

test('web/src is checked as one program: every source, index.d.ts and the internal declarations', () => {
  const expected = ['core.js', 'options.js', 'page.js', 'session.js', 'worker.js', 'internal.d.ts', 'wrapper.d.ts']
    .map((f) => join(srcProject, f)).concat(d('index.d.ts')).sort();
  assert.deepEqual(listedFiles(srcProject), expected);
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

// Each method's TSDoc in index.d.ts lists the error names it can reject
// with: the client's ("Any {@link ClientErrorName}" for calls that reach
// Go, else the few it names), and every error AWS's model of Cognito
// (internal/awsmodel/testdata) declares for the operations the method
// calls. The operations are stated here, from auth/*.go.
const OPERATIONS = {
  signIn: ['InitiateAuth', 'RespondToAuthChallenge', 'AssociateSoftwareToken', 'AdminInitiateAuth', 'AdminRespondToAuthChallenge'],
  signUp: ['SignUp'],
  confirmSignUp: ['ConfirmSignUp'],
  resendConfirmationCode: ['ResendConfirmationCode'],
  forgotPassword: ['ForgotPassword'],
  confirmForgotPassword: ['ConfirmForgotPassword'],
  refresh: ['InitiateAuth', 'AdminInitiateAuth'],
  signOut: ['RevokeToken', 'GlobalSignOut'],
  getUser: ['GetUser'],
  deleteUser: ['DeleteUser'],
  changePassword: ['ChangePassword'],
  updateAttributes: ['UpdateUserAttributes'],
  sendAttributeCode: ['GetUserAttributeVerificationCode'],
  verifyAttribute: ['VerifyUserAttribute'],
  setupTotp: ['AssociateSoftwareToken'],
  verifyTotp: ['VerifySoftwareToken'],
  setMfaPreference: ['SetUserMFAPreference'],
  listDevices: ['ListDevices'],
  rememberDevice: ['UpdateDeviceStatus'],
  forgetDevice: ['ForgetDevice'],
  respond: ['RespondToAuthChallenge', 'VerifySoftwareToken', 'AssociateSoftwareToken', 'AdminRespondToAuthChallenge'],
};
const CLIENT_ERRORS = ['InvalidParameterException', 'NetworkError', 'InvalidResponseError', 'InternalError', 'LoadError'];
// Methods that send nothing: only these client-side names.
const LOCAL_ERRORS = {
  resume: ['InvalidParameterException'],
  currentUser: ['InvalidParameterException'],
  decodeJWT: ['InvalidResponseError'],
  load: ['InvalidParameterException', 'LoadError'],
};
// Methods that never reject or throw.
const NO_ERRORS = ['isValid', 'startAutoRefresh', 'stopAutoRefresh', 'toJSON'];

// documentedThrows maps each method (or function) declared in index.d.ts
// to the text of its @throws tags, '' when it has none.
function documentedThrows(dts) {
  const out = new Map();
  const decl = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?^\s*(?:export function )?([A-Za-z]+)(?:<[^>]*>)?\(/gm;
  for (const [, doc = '', name] of dts.matchAll(decl)) {
    const tags = doc.split(/^\s*\*\s*(?=@)/m).filter((t) => t.startsWith('@throws'));
    const text = tags.join(' ').replace(/^\s*\*\s?/gm, ' ');
    out.set(name, (out.get(name) ?? '') + text);
  }
  return out;
}

function namesIn(throwsText) {
  const names = new Set([...throwsText.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]));
  if (throwsText.includes('Any {@link ClientErrorName}')) for (const n of CLIENT_ERRORS) names.add(n);
  return [...names].sort();
}

test('each method documents the errors it can reject with, as AWS\'s model declares them', () => {
  const model = JSON.parse(readFileSync(join(repoRoot, 'internal', 'awsmodel', 'testdata', 'cognito-idp', '2016-04-18', 'service-2.json'), 'utf8'));
  const throwsOf = documentedThrows(readFileSync(d('index.d.ts'), 'utf8'));
  const methods = [...throwsOf.keys()];
  for (const name of [...Object.keys(OPERATIONS), ...Object.keys(LOCAL_ERRORS), ...NO_ERRORS]) {
    assert.ok(throwsOf.has(name), `index.d.ts declares no ${name}`);
  }
  for (const name of methods) {
    const text = throwsOf.get(name);
    if (NO_ERRORS.includes(name)) {
      assert.equal(text, '', `${name} never rejects, yet documents @throws`);
      continue;
    }
    let expected;
    if (LOCAL_ERRORS[name]) {
      expected = [...LOCAL_ERRORS[name]].sort();
    } else {
      assert.ok(OPERATIONS[name], `${name}: which Cognito operations does it call? (add it to OPERATIONS)`);
      const set = new Set(CLIENT_ERRORS);
      for (const op of OPERATIONS[name]) {
        assert.ok(model.operations[op], `no operation ${op} in the model`);
        assert.ok(text.includes(op), `${name}'s @throws does not name ${op}`);
        for (const e of model.operations[op].errors) set.add(e.shape);
      }
      expected = [...set].sort();
    }
    assert.deepEqual(namesIn(text), expected, `${name}'s @throws`);
  }
});

test('the @throws check notices a missing or extra name', () => {
  const dts = readFileSync(d('index.d.ts'), 'utf8');
  const at = dts.indexOf('  signUp(options');
  const doc = dts.lastIndexOf('/**', at);
  const doctored = dts.slice(0, doc) + dts.slice(doc, at).replace('`CodeDeliveryFailureException`, ', '') + dts.slice(at);
  assert.notEqual(doctored, dts);
  assert.ok(namesIn(documentedThrows(dts).get('signUp')).includes('CodeDeliveryFailureException'));
  assert.ok(!namesIn(documentedThrows(doctored).get('signUp')).includes('CodeDeliveryFailureException'));
  assert.deepEqual(namesIn(documentedThrows(dts).get('decodeJWT')), ['InvalidResponseError']);
  assert.deepEqual(namesIn(documentedThrows(dts.replace('(not a JWT', '`LoadError` (not a JWT')).get('decodeJWT')),
    ['InvalidResponseError', 'LoadError']);
});

// web/src/internal.d.ts's GoMethods is the loader's view of wasm/methods.go:
// the same methods, and {} (Empty) for exactly those whose Go side returns
// done(…), the empty ok.
test('GoMethods in web/src/internal.d.ts names the methods of wasm/methods.go', () => {
  const goSrc = readFileSync(join(repoRoot, 'wasm', 'methods.go'), 'utf8');
  const go = new Map([...goSrc.matchAll(/^\t"(\w+)": with\(func[^\n]*\n\s*return (done\()?/gm)].map((m) => [m[1], !!m[2]]));
  assert.ok(go.size >= 20, `found only ${go.size} methods in wasm/methods.go`);
  const dts = readFileSync(join(srcProject, 'internal.d.ts'), 'utf8');
  const block = dts.slice(dts.indexOf('export interface GoMethods {'));
  const body = block.slice(0, block.search(/^\}/m));
  const ts = new Map([...body.matchAll(/^ {2}(\w+): \{[\s\S]*?result: ([^;}]+?)\s*[;}]/gm)].map((m) => [m[1], m[2].trim()]));
  assert.deepEqual([...ts.keys()].sort(), [...go.keys()].sort());
  for (const [name, empty] of go) {
    assert.equal(ts.get(name) === 'Empty', empty, `${name}: Go ${empty ? 'returns done(…), {}' : 'returns a value'}, GoMethods says ${ts.get(name)}`);
  }
});

// scripts/build-web.mjs links web/src's modules into the dist files and
// leaves their JSDoc types out: the loaders carry neither.
test('the built loaders carry no JSDoc types and no import or export of web/src', () => {
  for (const f of ['cognito-srp.js', 'cognito-srp.mjs', 'cognito-srp.worker.js']) {
    const text = readFileSync(d(join('dist', f)), 'utf8');
    for (const tag of ['@param', '@type', '@import', '@returns', '@typedef']) {
      assert.ok(!text.includes(tag), `${f} carries ${tag}`);
    }
    assert.doesNotMatch(text, /^\s*import\b[^(]/m, `${f} imports`);
    const exports = [...text.matchAll(/^export\b.*$/gm)].map((m) => m[0]);
    assert.deepEqual(exports, f === 'cognito-srp.mjs' ? ['export { load, VERSION as version };', 'export default Object.freeze({ load, version: VERSION });'] : [], f);
  }
});
