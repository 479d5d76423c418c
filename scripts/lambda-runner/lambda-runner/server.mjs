#!/usr/bin/env node
// lambda-runner: serves Node.js Lambda handlers on the Lambda Invoke API,
// so that localcognito (-lambda-endpoint) can run a pool's triggers
// without AWS or Docker. No dependencies beyond Node 18+.
//
//   node scripts/lambda-runner/server.mjs --dir DIR [--port 3001] [--host 127.0.0.1] [--timeout 30]
//
// Every DIR/<name>.mjs, .js or .cjs that exports handler(event, context[,
// callback]) is the function <name>, whatever the ARN's account and
// region: POST /2015-03-31/functions/<name or ARN>/invocations runs it with
// the JSON body as the event. The answer is what Lambda's is: the result
// as JSON; a thrown error (or callback(err)) is HTTP 200 with
// X-Amz-Function-Error: Unhandled and {"errorMessage","errorType","trace"};
// an unknown function is 404 ResourceNotFoundException. Requests are not
// authenticated (SigV4 headers are accepted and ignored). The first line
// on stdout is "lambda-runner listening on http://HOST:PORT".
//
// Events are never printed: they carry passwords and codes. Handlers'
// own console output goes to this process's stdout and stderr.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const opts = { dir: '', port: 3001, host: '127.0.0.1', timeout: 30 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--dir': opts.dir = value(); break;
      case '--port': opts.port = Number(value()); break;
      case '--host': opts.host = value(); break;
      case '--timeout': opts.timeout = Number(value()); break;
      case '-h': case '--help':
        console.log('usage: node server.mjs --dir DIR [--port 3001] [--host 127.0.0.1] [--timeout SECONDS]');
        process.exit(0);
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!opts.dir) throw new Error('--dir DIR is required');
  if (!Number.isInteger(opts.port) || opts.port < 0) throw new Error('--port must be a port number (0 picks one)');
  if (!(opts.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
  opts.dir = path.resolve(opts.dir);
  if (!fs.statSync(opts.dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--dir ${opts.dir} is not a directory`);
  return opts;
}

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

// functionName accepts a name, a partial ARN or a full ARN, with or
// without a qualifier, as Lambda does.
function functionName(raw) {
  let name = decodeURIComponent(raw);
  const arn = /^(?:arn:[^:]+:lambda:[^:]*:\d*:function:)?([^:]+)(?::[^:]+)?$/.exec(name);
  if (arn) name = arn[1];
  return /^[A-Za-z0-9_-]{1,140}$/.test(name) ? name : null;
}

const loaded = new Map();

async function loadHandler(dir, name) {
  for (const ext of ['.mjs', '.js', '.cjs']) {
    const file = path.join(dir, name + ext);
    if (!fs.existsSync(file)) continue;
    if (!loaded.has(file)) loaded.set(file, import(pathToFileURL(file).href));
    const mod = await loaded.get(file);
    const handler = mod.handler ?? mod.default?.handler;
    if (typeof handler !== 'function') throw new Error(`${file} does not export a handler function`);
    return handler;
  }
  return null;
}

// run calls a handler as the Lambda Node.js runtime does: an async
// handler's promise, or the callback (also context.done/succeed/fail),
// whichever settles first.
function run(handler, event, context, timeoutMs) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err, result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err !== undefined && err !== null) reject(err);
      else resolve(result);
    };
    const timer = setTimeout(() => finish(Object.assign(new Error(
      `${new Date().toISOString()} ${context.awsRequestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`),
    { name: 'Sandbox.Timedout' })), timeoutMs);
    context.done = finish;
    context.succeed = (result) => finish(null, result);
    context.fail = (err) => finish(err ?? new Error('fail'));
    try {
      const out = handler(event, context, finish);
      if (out && typeof out.then === 'function') out.then((r) => finish(null, r), (e) => finish(e ?? new Error('rejected')));
    } catch (err) {
      finish(err);
    }
  });
}

function errorBody(err) {
  if (err instanceof Error) {
    return { errorMessage: err.message, errorType: err.name || 'Error', trace: String(err.stack || '').split('\n') };
  }
  return { errorMessage: typeof err === 'string' ? err : JSON.stringify(err), errorType: 'string' };
}

function send(res, status, body, headers = {}) {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

function serve(opts) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const m = INVOKE.exec(url.pathname);
    if (req.method !== 'POST' || !m) {
      send(res, 404, { Type: 'User', message: `No route for ${req.method} ${url.pathname}` }, { 'X-Amzn-ErrorType': 'ResourceNotFoundException' });
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const started = Date.now();
      const name = functionName(m[1]);
      const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
      let handler = null;
      try {
        handler = name && await loadHandler(opts.dir, name);
      } catch (err) {
        console.error(`lambda-runner: loading ${name}: ${err.stack || err}`);
        send(res, 200, errorBody(err), { 'X-Amz-Function-Error': 'Unhandled' });
        return;
      }
      if (!handler) {
        send(res, 404, { Type: 'User', message: `Function not found: ${arn}` }, { 'X-Amzn-ErrorType': 'ResourceNotFoundException' });
        return;
      }
      let event;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        event = text === '' ? {} : JSON.parse(text);
      } catch {
        send(res, 400, { Type: 'User', message: 'Could not parse request body into json' }, { 'X-Amzn-ErrorType': 'InvalidRequestContentException' });
        return;
      }
      const requestId = randomUUID();
      const deadline = started + opts.timeout * 1000;
      const context = {
        functionName: name, functionVersion: '$LATEST', invokedFunctionArn: arn, memoryLimitInMB: '128',
        awsRequestId: requestId, logGroupName: `/aws/lambda/${name}`, logStreamName: 'lambda-runner',
        callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      };
      const headers = { 'X-Amz-Executed-Version': '$LATEST', 'X-Amzn-RequestId': requestId };
      try {
        const result = await run(handler, event, context, opts.timeout * 1000);
        send(res, 200, result === undefined ? null : result, headers);
        console.error(`lambda-runner: ${name} ok ${Date.now() - started}ms`);
      } catch (err) {
        const body = errorBody(err);
        send(res, 200, body, { ...headers, 'X-Amz-Function-Error': 'Unhandled' });
        console.error(`lambda-runner: ${name} failed (${body.errorType}) ${Date.now() - started}ms`);
      }
    });
  });
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`lambda-runner: ${err.message}`);
  process.exit(2);
}
const server = serve(opts);
server.listen(opts.port, opts.host, () => {
  const { address, port } = server.address();
  const host = address.includes(':') ? `[${address}]` : address;
  console.log(`lambda-runner listening on http://${host}:${port}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
