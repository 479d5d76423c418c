// Shared fixtures for the Node tests of the npm package: a localcognito
// child process per test file, and pools, clients and users provisioned
// through AWS's own SDK (which signs every admin call with SigV4).

import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { join, normalize, extname, sep } from 'node:path';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';
import { chromium } from 'playwright-core';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const webRoot = join(repoRoot, 'web');
export const localcognitoBin = join(repoRoot, 'bin', 'localcognito');

const LISTENING = /^localcognito listening on (http:\/\/\S+)$/;
const STDERR_KEEP = 64 * 1024;

/** Builds bin/localcognito when it is missing. */
export function ensureLocalCognito() {
  if (!existsSync(localcognitoBin)) {
    execFileSync('go', ['build', '-o', localcognitoBin, './cmd/localcognito'], {
      cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  return localcognitoBin;
}

/**
 * Starts `bin/localcognito -addr 127.0.0.1:0 ...args` and resolves once it
 * prints its listening line, to { url, stop, stderr() }. url has no
 * trailing slash. stop() ends the process and waits for it to exit.
 */
export async function startLocalCognito({ args = [], timeoutMs = 20000 } = {}) {
  const bin = ensureLocalCognito();
  const child = spawn(bin, ['-addr', '127.0.0.1:0', ...args], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (stderr.length > STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
  });
  // once() rejects on 'error' (a failed spawn); that counts as an exit too.
  const exited = once(child, 'exit').then(
    ([code, signal]) => ({ code, signal }),
    (error) => ({ code: null, signal: null, error }));
  const lines = createInterface({ input: child.stdout });

  let timer;
  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const describe = (what) =>
        new Error(`localcognito ${what} before printing its listening line\n` +
          `command: ${bin} -addr 127.0.0.1:0 ${args.join(' ')}\nstderr:\n${stderr || '(empty)'}`);
      timer = setTimeout(() => reject(describe(`did not start within ${timeoutMs} ms`)), timeoutMs);
      child.once('error', (e) => reject(describe(`could not be spawned (${e.message})`)));
      exited.then(({ code, signal }) => reject(describe(`exited (code ${code}, signal ${signal})`)));
      lines.on('line', (line) => {
        const m = LISTENING.exec(line);
        if (m) resolve(m[1]);
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    throw e;
  } finally {
    clearTimeout(timer);
  }

  let stopping;
  function stop() {
    if (!stopping) {
      stopping = (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          // localcognito shuts down gracefully on SIGTERM; never hang a run
          // on it, though.
          const force = setTimeout(() => child.kill('SIGKILL'), 10000);
          force.unref();
          await exited;
          clearTimeout(force);
        }
        lines.close();
        return exited;
      })();
    }
    return stopping;
  }
  return { url, stop, stderr: () => stderr, pid: child.pid };
}

/** An SDK client for localcognito's admin operations, SigV4-signed with test/test. */
export function adminClient(url, { accessKeyId = 'test', secretAccessKey = 'test' } = {}) {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

/** A password meeting Cognito's default policy, different on every call. */
export function newPassword() {
  return `Pw-${randomBytes(6).toString('hex')}-Aa1!`;
}

export function newUsername(prefix = 'user') {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * Creates, with the AWS SDK, a user pool, an app client allowing
 * USER_SRP_AUTH (with a secret when secret is true) and a confirmed user
 * with a permanent password. Resolves to
 * { poolId, clientId, clientSecret, username, password, admin }.
 * pool adds CreateUserPool parameters (AutoVerifiedAttributes,
 * DeviceConfiguration, …); authFlows replaces the client's
 * ExplicitAuthFlows.
 */
export async function provision(url, {
  secret = false, username = newUsername(), password = newPassword(),
  pool = {}, authFlows = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
} = {}) {
  const admin = adminClient(url);
  const { UserPool } = await admin.send(new CreateUserPoolCommand({
    PoolName: `pool-${randomBytes(3).toString('hex')}`,
    ...pool,
  }));
  const { UserPoolClient } = await admin.send(new CreateUserPoolClientCommand({
    UserPoolId: UserPool.Id,
    ClientName: secret ? 'with-secret' : 'public',
    GenerateSecret: secret,
    ExplicitAuthFlows: authFlows,
  }));
  await admin.send(new AdminCreateUserCommand({
    UserPoolId: UserPool.Id,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
    ],
  }));
  await admin.send(new AdminSetUserPasswordCommand({
    UserPoolId: UserPool.Id, Username: username, Password: password, Permanent: true,
  }));
  return {
    poolId: UserPool.Id,
    clientId: UserPoolClient.ClientId,
    clientSecret: UserPoolClient.ClientSecret,
    username,
    password,
    admin,
  };
}

/**
 * Creates a user who must choose a new password on first sign-in
 * (AdminCreateUser with a TemporaryPassword and nothing else).
 */
export async function createUserWithTemporaryPassword(admin, poolId, {
  username = newUsername('temp'), temporaryPassword = newPassword(),
} = {}) {
  await admin.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, TemporaryPassword: temporaryPassword, MessageAction: 'SUPPRESS',
  }));
  return { username, temporaryPassword };
}

/** Decodes a JWT's header and payload without checking anything. */
export function decodeJwt(token) {
  const [header, payload] = token.split('.').slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

/** A URL on 127.0.0.1 where nothing listens (a port just released). */
export async function unusedURL() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return `http://127.0.0.1:${port}/`;
}

/**
 * The messages localcognito's outbox recorded instead of sending them,
 * oldest first, filtered by username and kind (SignUp, ResendCode,
 * ForgotPassword, UpdateUserAttribute, VerifyUserAttribute,
 * Authentication) and poolId when given.
 */
export async function outbox(url, { username, kind, poolId } = {}) {
  const q = new URLSearchParams();
  if (username) q.set('username', username);
  if (kind) q.set('kind', kind);
  if (poolId) q.set('poolId', poolId);
  const res = await fetch(`${url}/_localcognito/outbox?${q}`);
  if (!res.ok) throw new Error(`GET outbox: HTTP ${res.status}`);
  return (await res.json()).messages;
}

/** The code of the newest outbox message for username and kind; fails if there is none. */
export async function latestCode(url, username, kind) {
  const messages = await outbox(url, { username, kind });
  if (messages.length === 0) throw new Error(`no ${kind} message for ${username} in the outbox`);
  const { code } = messages[messages.length - 1];
  if (!/^\d{6}$/.test(code ?? '')) throw new Error(`the ${kind} message for ${username} has no 6-digit code: ${JSON.stringify(code)}`);
  return code;
}

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.css': 'text/css' };

/**
 * Serves web/ (or root) read-only on its own port, plus the given pages
 * (path → HTML), so a page's calls to localcognito are cross-origin;
 * records every path asked for. A path ending in / serves its index.html.
 */
export async function serveWeb(pages = {}, { root = webRoot } = {}) {
  const requested = [];
  const srv = http.createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requested.push(path);
    if (Object.hasOwn(pages, path)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages[path]);
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403);
      res.end();
      return;
    }
    try {
      const body = await readFile(file);
      // As CDNs do: a page on another origin may fetch the wasm.
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    requested,
    async stop() {
      srv.closeAllConnections();
      srv.close();
      await once(srv, 'close');
    },
  };
}

/** The current TOTP code for a base32 secret, from otplib: computed
 * independently of localcognito's own TOTP check. steps moves the clock by
 * that many 30-second periods: totpCode(secret, 1) is the next period's
 * code, still accepted now (one step of skew) and different from the
 * current one, for a second sign-in that must not replay a code. */
export function totpCode(secret, steps = 0) {
  return steps ? generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * steps }) : generateSync({ secret });
}

/**
 * Starts Debian's headless Chromium through playwright-core (which
 * downloads no browser). Playwright gives every launch a fresh, empty
 * profile directory. CHROMIUM_PATH overrides the binary.
 */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

const RUNNER_LISTENING = /^lambda-runner listening on (http:\/\/\S+)$/;

/**
 * Starts scripts/lambda-runner (Node trigger handlers on the Lambda Invoke
 * API) on a free port with the handlers in dir (default: its examples) and
 * resolves once it prints its listening line, to { url, stop, output() }.
 */
export async function startLambdaRunner({ dir = join(repoRoot, 'scripts', 'lambda-runner', 'examples'), timeoutMs = 20000 } = {}) {
  const script = join(repoRoot, 'scripts', 'lambda-runner', 'server.mjs');
  const child = spawn(process.execPath, [script, '--dir', dir, '--port', '0'], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    output += chunk;
    if (output.length > STDERR_KEEP) output = output.slice(-STDERR_KEEP);
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }), (error) => ({ code: null, signal: null, error }));
  const lines = createInterface({ input: child.stdout });
  let timer;
  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const describe = (what) => new Error(`lambda-runner ${what} before printing its listening line\nstderr:\n${output || '(empty)'}`);
      timer = setTimeout(() => reject(describe(`did not start within ${timeoutMs} ms`)), timeoutMs);
      child.once('error', (e) => reject(describe(`could not be spawned (${e.message})`)));
      exited.then(({ code, signal }) => reject(describe(`exited (code ${code}, signal ${signal})`)));
      lines.on('line', (line) => {
        const m = RUNNER_LISTENING.exec(line);
        if (m) resolve(m[1]);
        else output += `${line}\n`; // handlers' own console output
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    throw e;
  } finally {
    clearTimeout(timer);
  }
  let stopping;
  return {
    url,
    pid: child.pid,
    output: () => output,
    stop() {
      if (!stopping) {
        stopping = (async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
          lines.close();
        })();
      }
      return stopping;
    },
  };
}

/**
 * A node:http proxy in front of target that records every Cognito call
 * ({ op, authFlow, challengeName, body }) and forwards it unchanged, Host
 * included. count(mark, op, { authFlow, challengeName }) counts the calls
 * recorded since mark() that match.
 */
export async function startRecordingProxy(target) {
  const upstream = new URL(target);
  const calls = [];
  const srv = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let json = {};
      try { json = JSON.parse(body.toString('utf8') || '{}'); } catch { /* not JSON: recorded without a body */ }
      calls.push({
        op: String(req.headers['x-amz-target'] || `${req.method} ${req.url}`).replace(/^AWSCognitoIdentityProviderService\./, ''),
        authFlow: json.AuthFlow,
        challengeName: json.ChallengeName,
        body: json,
      });
      const up = http.request({
        host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers,
      }, (ur) => {
        res.writeHead(ur.statusCode, ur.headers);
        ur.pipe(res);
      });
      up.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
      up.end(body);
    });
  });
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    calls,
    mark: () => calls.length,
    since: (mark) => calls.slice(mark),
    count(mark, op, { authFlow, challengeName } = {}) {
      return calls.slice(mark).filter((c) => c.op === op &&
        (authFlow === undefined || c.authFlow === authFlow) &&
        (challengeName === undefined || c.challengeName === challengeName)).length;
    },
    async stop() {
      srv.closeAllConnections();
      srv.close();
      await once(srv, 'close');
    },
  };
}
