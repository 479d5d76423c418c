// A CommonJS consumer in JavaScript, checked by checkJs: plain require()
// gets the CommonJS build's types. Never run: web/test/types.test.mjs
// type-checks it.
'use strict';

const cognitoSRP = require('cognito-srp-wasm');
const { load, version } = require('cognito-srp-wasm');

/** @type {import('cognito-srp-wasm').SignInOptions} */
const options = { userPoolId: 'us-east-1_AbCdEf123', clientId: '1example23456789', username: 'alice', password: 'Passw0rd!' };

/** @returns {Promise<string | null>} the access token, or null for a wrong password */
async function accessToken() {
  const cognito = await load({ worker: false });
  /** @type {string} */
  const v = cognitoSRP.version;
  console.log(v, version, cognito.version, cognitoSRP.load === load);
  try {
    const step = await cognito.signIn(options);
    return step.done ? step.tokens.accessToken : null;
  } catch (e) {
    const err = /** @type {import('cognito-srp-wasm').CognitoSRPError} */ (e);
    if (err.name === 'NotAuthorizedException') return null;
    throw err;
  }
}

// @ts-expect-error the CommonJS build has no default export: this is undefined
cognitoSRP.default.load();
// @ts-expect-error wrong type: userPoolId is a string
load().then((c) => c.signIn({ ...options, userPoolId: 123 }));

exports.accessToken = accessToken;
