// gen-srp-vectors.mjs — writes srp/testdata/vectors.json, the known-answer
// vectors for package srp, computed by AWS's own JavaScript SRP client
// (amazon-cognito-identity-js, pinned in the root package.json).
//
// Why: the Go code must agree bit for bit with what Cognito expects, and the
// easiest independent oracle is AWS's client. This script only *calls* that
// library: it drives the real CognitoUser sign-in flows (USER_SRP_AUTH and
// DEVICE_SRP_AUTH) against a fake service that hands out fixed challenges,
// with the private exponent a, the clock and the library's random source all
// pinned, so every run produces a byte-identical file.
//
// Run from the repository root:
//
//     npm ci   # once, if node_modules is missing
//     node scripts/gen-srp-vectors.mjs
//
// Then `go test ./srp/` checks the Go implementation against the file.

import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const PKG = 'amazon-cognito-identity-js';
const AuthenticationHelper = require(`${PKG}/lib/AuthenticationHelper`).default;
const BigInteger = require(`${PKG}/lib/BigInteger`).default;
const DateHelper = require(`${PKG}/lib/DateHelper`).default;
const WordArray = require(`${PKG}/lib/utils/WordArray`).default;
const CognitoUser = require(`${PKG}/lib/CognitoUser`).default;
const CognitoUserPool = require(`${PKG}/lib/CognitoUserPool`).default;
const AuthenticationDetails = require(`${PKG}/lib/AuthenticationDetails`).default;
const { version: libVersion } = require(`${PKG}/package.json`);

const OUT = 'srp/testdata/vectors.json';

// ---------------------------------------------------------------------------
// Deterministic randomness.

// sfc32, seeded from a fixed string: small, fast and good enough for test data.
function makeRng(seedText) {
	let h = 1779033703 ^ seedText.length;
	for (let i = 0; i < seedText.length; i++) {
		h = Math.imul(h ^ seedText.charCodeAt(i), 3432918353);
		h = (h << 13) | (h >>> 19);
	}
	const next = () => {
		h = Math.imul(h ^ (h >>> 16), 2246822507);
		h = Math.imul(h ^ (h >>> 13), 3266489909);
		return (h ^= h >>> 16) >>> 0;
	};
	let a = next(), b = next(), c = next(), d = next();
	const u32 = () => {
		a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
		let t = (a + b) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		d = (d + 1) | 0;
		t = (t + d) | 0;
		c = (c + t) | 0;
		return t >>> 0;
	};
	for (let i = 0; i < 32; i++) u32();
	const int = n => Math.floor((u32() / 4294967296) * n); // [0, n)
	const bytes = n => {
		const out = Buffer.alloc(n);
		for (let i = 0; i < n; i++) out[i] = u32() & 0xff;
		return out;
	};
	const pick = arr => arr[int(arr.length)];
	return { u32, int, bytes, pick };
}

const rng = makeRng('cognito-srp-wasm known-answer vectors v1');

// The library draws randomness through WordArray.prototype.random (random
// small a, device password and device salt). Route it through the seeded
// generator so nothing in the output depends on crypto.getRandomValues.
WordArray.prototype.random = function (nBytes) {
	const words = [];
	for (let i = 0; i < nBytes; i += 4) words.push(rng.u32() | 0);
	return new WordArray(words, nBytes);
};

// Pin the private exponent a: every AuthenticationHelper built while
// nextSmallA is set uses it instead of a random 1024-bit value.
let nextSmallA = null;
AuthenticationHelper.prototype.generateRandomSmallA = function () {
	if (nextSmallA === null) throw new Error('generator bug: small a not pinned');
	return new BigInteger(nextSmallA, 16);
};

// Pin the clock used by DateHelper.getNowString (it calls `new Date()`).
const RealDate = Date;
let fixedMs = null;
globalThis.Date = class extends RealDate {
	constructor(...args) {
		if (args.length === 0) {
			if (fixedMs === null) throw new Error('generator bug: clock not pinned');
			super(fixedMs);
		} else {
			super(...args);
		}
	}
	static now() {
		if (fixedMs === null) throw new Error('generator bug: clock not pinned');
		return fixedMs;
	}
};

// ---------------------------------------------------------------------------
// Helpers.

// The group modulus, read from the library itself.
const N = (() => {
	nextSmallA = '2';
	const h = new AuthenticationHelper('N');
	nextSmallA = null;
	return BigInt('0x' + h.N.toString(16));
})();

const hexOf = n => (n < 0n ? '-' + (-n).toString(16) : n.toString(16));
const bytesToBig = b => (b.length === 0 ? 0n : BigInt('0x' + b.toString('hex')));

// Java's new BigInteger(bytes).toString(16): two's complement, big-endian.
function javaSignedHex(b) {
	let v = bytesToBig(b);
	if (b.length > 0 && b[0] & 0x80) v -= 1n << BigInt(8 * b.length);
	return hexOf(v);
}

// A random non-zero exponent of exactly `bits` bits or fewer (leading zero
// nibbles happen naturally and are kept out of the hex).
function randomExponentHex(bytes) {
	let v;
	do v = bytesToBig(rng.bytes(bytes));
	while (v < 2n);
	return v.toString(16);
}

// The SALT as Cognito sends it. Most are the Java rendering of 16 random
// bytes (negative about half the time); the rest are other spellings that are
// still valid hex for the client.
function makeSalt(i) {
	const fixed = [
		['-16e462a84f2df159eee0c14642974ee7', null],
		['0', null], ['1', null], ['-1', null], ['7f', null], ['80', null],
		['-80', null], ['-81', null], ['ff', null], ['-ff', null], ['100', null],
		['-8000000000000000000000000000000', null],
		['80000000000000000000000000000000', null],
	];
	if (i < fixed.length) return { salt: fixed[i][0] };
	const kind = i % 10;
	if (kind <= 5) {
		const b = rng.bytes(16);
		// Leading zero / 0xff bytes shorten the Java rendering (odd lengths too).
		if (kind === 1) b[0] = 0x00;
		if (kind === 2) { b[0] = 0xff; b[1] |= 0x80; }
		if (kind === 3) { b[0] = 0x00; b[1] = rng.int(16); }
		if (kind === 4) b[0] |= 0x80; // certainly negative
		return { salt: javaSignedHex(b), saltBytes: b.toString('hex') };
	}
	if (kind === 6) {
		// Positive hex with the high bit set (not Java's form, still valid).
		const b = rng.bytes(16);
		b[0] |= 0x80;
		return { salt: b.toString('hex') };
	}
	if (kind === 7) {
		// Odd-length positive or negative hex of varied size.
		const n = 1 + 2 * rng.int(20);
		let s = '';
		for (let j = 0; j < n; j++) s += (j === 0 ? 1 + rng.int(15) : rng.int(16)).toString(16);
		return { salt: (rng.int(2) ? '-' : '') + s };
	}
	if (kind === 8) {
		// Upper case (the client parses case-insensitively).
		const b = rng.bytes(16);
		return { salt: javaSignedHex(b).toUpperCase(), saltBytes: b.toString('hex') };
	}
	// Long salt.
	const b = rng.bytes(16 + rng.int(48));
	return { salt: javaSignedHex(b), saltBytes: b.toString('hex') };
}

// SRP_B: 1 < B < N.
function makeB(i) {
	const fixed = [2n, 3n, 0xffn, 0x100n, 0x80n, N - 1n, N - 2n, (N - 1n) / 2n, 1n << 3071n];
	let v;
	if (i < fixed.length) v = fixed[i];
	else {
		const kind = i % 8;
		if (kind === 0) v = bytesToBig(rng.bytes(1 + rng.int(64))); // short
		else if (kind === 1) {
			const b = rng.bytes(384);
			b[0] |= 0x80; // high bit set; N's top 64 bits are all ones
			v = bytesToBig(b);
		} else if (kind === 2) v = bytesToBig(rng.bytes(383)); // shorter, odd hex length sometimes
		else v = bytesToBig(rng.bytes(384));
		if (v >= N) v %= N;
		if (v < 2n) v = 2n + v;
	}
	if (!(v > 1n && v < N)) throw new Error('bad B');
	const s = v.toString(16);
	return i % 37 === 5 ? s.toUpperCase() : s;
}

const poolNames = ['AbCdEf123', 'UdSNs3hqx', 'x', 'pool', '0123456789', 'ZZZZZZZZZ', 'q1W2e3R4t'];
const userIds = [
	'alice',
	'Bob@example.com',
	'd5b5a1a0-1234-4cde-8f00-aabbccddeeff',
	'user:with:colons',
	'ünïcödé',
	'日本語ユーザー',
	'emoji😀user',
	'  spaced name ',
	'+15555550123',
	'a',
];
const passwords = [
	'Passw0rd!',
	'correct horse battery staple',
	'pa:ss:word',
	':',
	'::leading',
	'trailing::',
	'pässwörd€',
	'密码パスワード',
	'🔐🗝️secret',
	'e\u0301 combining',
	'"quotes" \\ backslash',
	'x'.repeat(256),
];

function randomSecretBlock(i) {
	const len = i % 50 === 7 ? 1024 + rng.int(700) : 1 + rng.int(i % 3 === 0 ? 64 : 256);
	return rng.bytes(len).toString('base64');
}

// Fixed instants with good coverage of the timestamp format: every month,
// hour, weekday and day of month (single- and double-digit), single-digit
// minutes and seconds, a leap day, and years across 1970–2099.
function makeInstant(i) {
	if (i === 0) return RealDate.UTC(2019, 0, 1, 6, 6, 9) / 1000; // the format's doc example
	if (i === 1) return RealDate.UTC(2024, 1, 29, 23, 59, 59) / 1000; // leap day
	if (i === 2) return 0; // epoch
	const year = 1970 + rng.int(130);
	const month = i % 12;
	const monthLen = new RealDate(RealDate.UTC(year, month + 1, 0)).getUTCDate();
	let day = (i % 31) + 1;
	if (day > monthLen) day = 1 + rng.int(monthLen);
	const hour = i % 24;
	const minute = i % 5 === 0 ? rng.int(10) : rng.int(60);
	const second = i % 7 === 0 ? rng.int(10) : rng.int(60);
	return RealDate.UTC(year, month, day, hour, minute, second) / 1000;
}

// Fake Cognito service: answers InitiateAuth / the first RespondToAuthChallenge
// with the given challenge and records what the client sends.
function fakeClient(challenge, log) {
	return {
		request(op, params, cb) {
			log.push({ op, params });
			if (op === 'InitiateAuth' || params.ChallengeName === 'DEVICE_SRP_AUTH') {
				return cb(null, { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: challenge, Session: 's' });
			}
			const e = new Error('stop: vector captured');
			e.code = 'StopHere';
			return cb(e, null);
		},
	};
}

function keyViaHelper(realm, userId, password, saltHex, bHex, aHex) {
	nextSmallA = aHex;
	const h = new AuthenticationHelper(realm);
	nextSmallA = null;
	let key;
	h.getPasswordAuthenticationKey(userId, password, new BigInteger(bHex, 16), new BigInteger(saltHex, 16), (err, k) => {
		if (err) throw err;
		key = Buffer.from(k);
	});
	if (!key) throw new Error('key callback was not synchronous');
	return { key, A: h.largeAValue.toString(16) };
}

function signatureLikeCognitoUser(key, realm, userId, secretBlock, timestamp) {
	return createHmac('sha256', key)
		.update(Buffer.concat([
			Buffer.from(realm, 'utf8'),
			Buffer.from(userId, 'utf8'),
			Buffer.from(secretBlock, 'base64'),
			Buffer.from(timestamp, 'utf8'),
		]))
		.digest('base64');
}

// ---------------------------------------------------------------------------
// Sign-in cases, produced by the real CognitoUser code paths.

function userSrpCase(i) {
	const realm = poolNames[i % poolNames.length];
	const userId = userIds[(i * 3) % userIds.length];
	const password = passwords[(i * 7 + 1) % passwords.length];
	const a = randomExponentHex(i % 2 === 0 ? 32 : 128);
	const { salt, saltBytes } = makeSalt(i);
	const B = makeB(i);
	const secretBlock = randomSecretBlock(i);
	const unix = makeInstant(i);

	const pool = new CognitoUserPool({ UserPoolId: `us-east-1_${realm}`, ClientId: 'client' });
	const log = [];
	pool.client = fakeClient({ USER_ID_FOR_SRP: userId, SRP_B: B, SALT: salt, SECRET_BLOCK: secretBlock }, log);
	const user = new CognitoUser({ Username: 'login-name', Pool: pool });
	let failure = null;
	nextSmallA = a;
	fixedMs = unix * 1000;
	user.authenticateUser(new AuthenticationDetails({ Username: 'login-name', Password: password }), {
		onFailure: e => (failure = e),
		onSuccess: () => (failure = new Error('unexpected success')),
	});
	nextSmallA = null;
	const timestampFromHelper = new DateHelper().getNowString();
	fixedMs = null;
	if (!failure || failure.code !== 'StopHere') throw failure || new Error('flow did not finish');

	const A = log[0].params.AuthParameters.SRP_A;
	const resp = log[1].params.ChallengeResponses;
	return finish({ flow: 'USER_SRP_AUTH', realm, userId, password, a, A, salt, saltBytes, B, secretBlock, unix,
		timestamp: resp.TIMESTAMP, signature: resp.PASSWORD_CLAIM_SIGNATURE, timestampFromHelper, echoedBlock: resp.PASSWORD_CLAIM_SECRET_BLOCK });
}

function deviceSrpCase(i, j) {
	const realm = deviceGroupKey();
	const userId = deviceKey();
	const password = rng.bytes(40).toString('base64'); // like generateHashDevice's random password
	const a = randomExponentHex(j % 2 === 0 ? 128 : 32);
	const { salt, saltBytes } = makeSalt(i);
	const B = makeB(i);
	const secretBlock = randomSecretBlock(i);
	const unix = makeInstant(i);

	const pool = new CognitoUserPool({ UserPoolId: 'eu-west-1_Dev1ce', ClientId: 'client' });
	const log = [];
	pool.client = fakeClient({ SRP_B: B, SALT: salt, SECRET_BLOCK: secretBlock }, log);
	const user = new CognitoUser({ Username: 'login-name', Pool: pool });
	user.deviceGroupKey = realm;
	user.deviceKey = userId;
	user.randomPassword = password;
	let failure = null;
	nextSmallA = a;
	fixedMs = unix * 1000;
	user.getDeviceResponse({
		onFailure: e => (failure = e),
		onSuccess: () => (failure = new Error('unexpected success')),
	});
	nextSmallA = null;
	const timestampFromHelper = new DateHelper().getNowString();
	fixedMs = null;
	if (!failure || failure.code !== 'StopHere') throw failure || new Error('flow did not finish');

	const A = log[0].params.ChallengeResponses.SRP_A;
	const resp = log[1].params.ChallengeResponses;
	return finish({ flow: 'DEVICE_SRP_AUTH', realm, userId, password, a, A, salt, saltBytes, B, secretBlock, unix,
		timestamp: resp.TIMESTAMP, signature: resp.PASSWORD_CLAIM_SIGNATURE, timestampFromHelper, echoedBlock: resp.PASSWORD_CLAIM_SECRET_BLOCK });
}

// Cross-checks what the flow captured against a direct AuthenticationHelper
// computation, then shapes the JSON record.
function finish(c) {
	const { key, A } = keyViaHelper(c.realm, c.userId, c.password, c.salt, c.B, c.a);
	if (A !== c.A) throw new Error(`A mismatch in ${c.flow}`);
	if (c.timestamp !== c.timestampFromHelper) throw new Error('timestamp mismatch');
	if (c.echoedBlock !== c.secretBlock) throw new Error('secret block not echoed');
	if (key.length !== 16) throw new Error('key length');
	const sig = signatureLikeCognitoUser(key, c.realm, c.userId, c.secretBlock, c.timestamp);
	if (sig !== c.signature) throw new Error(`signature mismatch in ${c.flow}`);
	const out = {
		flow: c.flow,
		realm: c.realm,
		userId: c.userId,
		password: c.password,
		a: c.a,
		A: c.A,
		salt: c.salt,
	};
	if (c.saltBytes) out.saltBytes = c.saltBytes;
	Object.assign(out, {
		B: c.B,
		secretBlock: c.secretBlock,
		unix: c.unix,
		timestamp: c.timestamp,
		key: key.toString('hex'),
		signature: c.signature,
	});
	return out;
}

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function deviceGroupKey() {
	let s = '-';
	for (let i = 0; i < 9; i++) s += rng.pick(alnum);
	return s;
}
function deviceKey() {
	const h = rng.bytes(16).toString('hex');
	const region = rng.pick(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
	return `${region}_${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

// ---------------------------------------------------------------------------
// padHex cases.

function padHexCases() {
	const values = [];
	// The examples from padHex's doc comment, plus the classic edge cases.
	for (const n of [-236, 20, -200, 56, -20, 236, -56, 200, 0, -128, 128, -1, 1, 127, -127, 255, -255, 256, -256, -129, 32767, 32768, -32768, -32769]) {
		values.push(BigInt(n));
	}
	for (const k of [7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 1023, 1024, 3071, 3072]) {
		const p = 1n << BigInt(k);
		values.push(p, -p, p - 1n, -(p - 1n), p + 1n, -(p + 1n));
	}
	values.push(N, -N, N - 1n);
	for (let i = 0; i < 40; i++) {
		const v = bytesToBig(rng.bytes(1 + rng.int(i < 30 ? 48 : 384)));
		values.push(i % 2 ? -v : v);
	}
	const cases = values.map(v => ({ value: hexOf(v) }));
	// Other spellings of the same numbers: upper case and leading zeros.
	cases.push({ value: 'FF' }, { value: '-80' }, { value: '00ff' }, { value: '-0080' }, { value: '0000' }, { value: '-0' }, { value: 'DEADBEEF' }, { value: '-DeadBeef' });

	const h = (() => {
		nextSmallA = '2';
		const x = new AuthenticationHelper('pad');
		nextSmallA = null;
		return x;
	})();
	const seen = new Set();
	const out = [];
	for (const c of cases) {
		if (seen.has(c.value)) continue;
		seen.add(c.value);
		out.push({ value: c.value, padded: h.padHex(new BigInteger(c.value, 16)) });
	}
	return out;
}

// ---------------------------------------------------------------------------
// Device verifier cases (generateHashDevice, as used before ConfirmDevice).

function deviceVerifierCase() {
	const dgk = deviceGroupKey();
	const dk = deviceKey();
	nextSmallA = '2';
	const h = new AuthenticationHelper(dgk);
	nextSmallA = null;
	let done = false;
	h.generateHashDevice(dgk, dk, err => {
		if (err) throw err;
		done = true;
	});
	if (!done) throw new Error('generateHashDevice callback was not synchronous');
	const salt = h.getSaltDevices();
	const verifier = h.getVerifierDevices();
	return {
		deviceGroupKey: dgk,
		deviceKey: dk,
		password: h.getRandomPassword(),
		salt,
		verifier,
		// What CognitoUser sends as DeviceSecretVerifierConfig.
		saltBase64: Buffer.from(salt, 'hex').toString('base64'),
		verifierBase64: Buffer.from(verifier, 'hex').toString('base64'),
	};
}

// ---------------------------------------------------------------------------

const USER_CASES = 240;
const DEVICE_CASES = 40;
const DEVICE_VERIFIER_CASES = 32;

const srp = [];
for (let i = 0; i < USER_CASES; i++) srp.push(userSrpCase(i));
for (let j = 0; j < DEVICE_CASES; j++) srp.push(deviceSrpCase(USER_CASES + j, j));
const padHex = padHexCases();
const deviceVerifiers = [];
for (let i = 0; i < DEVICE_VERIFIER_CASES; i++) deviceVerifiers.push(deviceVerifierCase());

// Coverage checks on the timestamp format.
{
	const cov = { hour: new Set(), day: new Set(), month: new Set(), weekday: new Set() };
	for (const c of srp) {
		const d = new RealDate(c.unix * 1000);
		cov.hour.add(d.getUTCHours());
		cov.day.add(d.getUTCDate());
		cov.month.add(d.getUTCMonth());
		cov.weekday.add(d.getUTCDay());
	}
	const want = { hour: 24, day: 31, month: 12, weekday: 7 };
	for (const k of Object.keys(want)) {
		if (cov[k].size !== want[k]) throw new Error(`timestamp coverage: only ${cov[k].size} distinct ${k}s`);
	}
	if (!srp.some(c => c.salt.startsWith('-'))) throw new Error('no negative salts');
	const negatives = srp.filter(c => c.salt.startsWith('-')).length;
	if (negatives < 60) throw new Error(`only ${negatives} negative salts`);
}

// One case per line keeps the file compact and its diffs readable.
const line = x => JSON.stringify(x);
const text =
	'{\n' +
	`"generator": ${line(`scripts/gen-srp-vectors.mjs with ${PKG}@${libVersion}`)},\n` +
	'"srp": [\n' + srp.map(line).join(',\n') + '\n],\n' +
	'"padHex": [\n' + padHex.map(line).join(',\n') + '\n],\n' +
	'"deviceVerifiers": [\n' + deviceVerifiers.map(line).join(',\n') + '\n]\n' +
	'}\n';
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, text);
console.log(`wrote ${OUT}: ${srp.length} sign-in cases (${USER_CASES} USER_SRP_AUTH, ${DEVICE_CASES} DEVICE_SRP_AUTH), ` +
	`${padHex.length} padHex cases, ${deviceVerifiers.length} device verifiers, ${text.length} bytes`);
