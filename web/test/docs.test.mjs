// docs/API.md must name everything web/index.d.ts declares: exported
// functions and constants, type and interface names, every member of an
// object type (interface members, method names of UserSession and
// CognitoSRP, keys of inline option objects such as credentials or
// signOut's { global }), and every string literal (ChallengeName, AuthFlow,
// ClientErrorName, storage choices, preferredChallenge, …). A name counts as
// documented only where it appears as code: in a `code span` or a fenced
// block. Plain text parsing of the .d.ts is enough for its simple style.
//
// The checker is also run on doctored copies, so a test proves that a
// missing name really fails it.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DTS = readFileSync(join(root, 'web', 'index.d.ts'), 'utf8');
const API = readFileSync(join(root, 'docs', 'API.md'), 'utf8');

// stripComments removes // and /* */ comments, keeping string literals.
function stripComments(src) {
  let out = '';
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (c === '\'' || c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// declaredNames lists what a .d.ts declares, by kind.
function declaredNames(dts) {
  const src = stripComments(dts);
  const names = { exports: new Set(), types: new Set(), members: new Set(), literals: new Set() };
  for (const m of src.matchAll(/export\s+(?:declare\s+)?(?:function|const|let)\s+([A-Za-z_$][\w$]*)/g)) names.exports.add(m[1]);
  for (const m of src.matchAll(/export\s+(?:interface|type)\s+([A-Za-z_$][\w$]*)/g)) names.types.add(m[1]);
  for (const m of src.matchAll(/'([^'\n]+)'/g)) names.literals.add(m[1]);

  // Members: an identifier followed by ?: / : / ( whose innermost open
  // bracket is {, at the start of a member (after {, ; , or a newline).
  // Names inside ( ) are parameters and are skipped.
  const stack = [];
  const innermost = new Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\'') { // skip literals so their contents do not count
      const j = src.indexOf('\'', i + 1);
      for (let k = i; k <= j; k++) innermost[k] = stack.at(-1);
      i = j;
      continue;
    }
    innermost[i] = stack.at(-1);
    if (c === '{' || c === '(' || c === '[') stack.push(c);
    else if (c === '}' || c === ')' || c === ']') stack.pop();
  }
  const member = /(^|[{;,\n])\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[:(]/g;
  for (let m; (m = member.exec(src));) {
    const at = m.index + m[0].lastIndexOf(m[2]);
    if (innermost[at] === '{') names.members.add(m[2]);
    member.lastIndex = at + m[2].length;
  }
  return names;
}

// codeText is every code span and fenced block of a Markdown text.
function codeText(md) {
  const parts = [];
  const fence = /^(```|~~~)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;
  const rest = md.replace(fence, (_, __, body) => { parts.push(body); return '\n'; });
  for (const m of rest.matchAll(/(`+)([\s\S]*?[^`])\1(?!`)/g)) parts.push(m[2]);
  return parts.join('\n');
}

// undocumented lists the declared names that the Markdown never shows as code.
function undocumented(dts, md) {
  const code = codeText(md);
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const missing = [];
  for (const [kind, set] of Object.entries(declaredNames(dts))) {
    for (const name of set) {
      const re = new RegExp(`(^|[^\\w$])${escape(name)}(?![\\w$])`, 'm');
      if (!re.test(code)) missing.push(`${kind}: ${name}`);
    }
  }
  return missing.sort();
}

describe('docs/API.md covers web/index.d.ts', () => {
  it('the parser finds what index.d.ts declares', () => {
    const n = declaredNames(DTS);
    for (const name of ['load', 'version']) assert.ok(n.exports.has(name), `export ${name}`);
    for (const name of ['LoadOptions', 'ChallengeStep', 'UserSession', 'CognitoSRP', 'ClientErrorName']) {
      assert.ok(n.types.has(name), `type ${name}`);
    }
    for (const name of [
      'wasmURL', 'workerURL', 'worker', 'onProgress', 'loaded', 'total', // LoadOptions and its callback
      'accessKeyId', 'secretAccessKey', 'sessionToken', // nested credentials object
      'respond', 'answers', 'options', 'totp', // ChallengeStep
      'refresh', 'signOut', 'global', 'forgetDevice', 'toJSON', // UserSession
      'signIn', 'resume', 'currentUser', 'confirmForgotPassword', 'newPassword', 'decodeJWT', // CognitoSRP
      'getItem', 'setItem', 'removeItem', // custom storage
    ]) assert.ok(n.members.has(name), `member ${name}`);
    for (const name of ['NEW_PASSWORD_REQUIRED', 'SELECT_CHALLENGE', 'USER_SRP_AUTH', 'ADMIN_NO_SRP_AUTH',
      'NetworkError', 'LoadError', 'sessionStorage', 'PASSWORD_SRP']) {
      assert.ok(n.literals.has(name), `literal ${name}`);
    }
    // Parameters are not members: signIn(options: …), decodeJWT(token: …).
    assert.ok(!n.members.has('token'));
    assert.ok(!n.members.has('previousPassword'));
  });

  it('every declared name appears as code in docs/API.md', () => {
    assert.deepEqual(undocumented(DTS, API), []);
  });

  it('a name dropped from the docs is reported', () => {
    const doctored = API.replace(/SELECT_CHALLENGE/g, 'SELECT_SOMETHING').replace(/stopAutoRefresh/g, 'stopRefreshing');
    assert.deepEqual(undocumented(DTS, doctored), ['literals: SELECT_CHALLENGE', 'members: stopAutoRefresh']);
  });

  it('a name only in prose, not in code, is reported', () => {
    const prose = API.replace(/`[^`\n]*\bLoadError\b[^`\n]*`/g, 'LoadError').replace(/^(```|~~~)[\s\S]*?^\1$/gm, '');
    assert.ok(undocumented(DTS, prose).includes('literals: LoadError'));
  });

  it('a name added to index.d.ts but not to the docs is reported', () => {
    // Insertion points that survive edits to the declarations around them.
    const doctored = DTS
      .replace(/^export function load\(/m, 'export function unloadEverything(): void;\n$&')
      .replace(/export interface UserSession \{/, '$&\n  frobnicate(): void;')
      .replace(/'LoadError'/, "'LoadError' | 'QuantumError'")
      .replace(/export interface LoadOptions \{/, '$&\n  /** doc */\n  readonly zzzOption?: { innerKey: string } | undefined;');
    for (const added of ['unloadEverything', 'frobnicate', 'QuantumError', 'zzzOption']) assert.ok(doctored.includes(added), added);
    assert.deepEqual(undocumented(doctored, API), [
      'exports: unloadEverything', 'literals: QuantumError', 'members: frobnicate', 'members: innerKey', 'members: zzzOption',
    ]);
  });
});
