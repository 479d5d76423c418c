// A CommonJS consumer in TypeScript: `import = require` is TypeScript's
// require, and its named imports compile to require too. The value is the
// CommonJS build's module.exports, { load, version }: it has no .default.
// Never run: web/test/types.test.mjs type-checks it.

import cognitoSRP = require('cognito-srp-wasm');
import { load, version } from 'cognito-srp-wasm';
import type { CognitoSRPError, LoadOptions, SignInOptions, Step, UserSession } from 'cognito-srp-wasm';
// esModuleInterop: a default import of a CommonJS module is its
// module.exports, so this is the same object as cognitoSRP.
import sameModule from 'cognito-srp-wasm';

declare function ask(question: string): Promise<string>;

const loadOptions: cognitoSRP.LoadOptions = { wasmURL: '/opt/app/cognito-srp.wasm', worker: false };
const sameOptions: LoadOptions = loadOptions;
const signInOptions: SignInOptions = {
  userPoolId: 'us-east-1_AbCdEf123', clientId: '1example23456789', username: 'alice', password: 'Passw0rd!',
  admin: true, authFlow: 'ADMIN_USER_PASSWORD_AUTH',
  credentials: { accessKeyId: 'AKIA…', secretAccessKey: '…' },
};

async function signIn(): Promise<UserSession | null> {
  const cognito: cognitoSRP.CognitoSRP = await cognitoSRP.load(sameOptions);
  const versions: string[] = [cognitoSRP.version, version, sameModule.version, cognito.version];
  console.log(versions, load === cognitoSRP.load, sameModule.load === load);
  try {
    let step: Step = await cognito.signIn(signInOptions);
    while (!step.done) step = await step.respond({ [step.answers?.[0] ?? 'ANSWER']: await ask(step.challengeName) });
    const user = step.user;
    console.log(step.tokens.accessToken, (await user.getUser()).attributes['email']);
    await user.refresh();
    return user;
  } catch (e) {
    const err = e as CognitoSRPError;
    if (err.name === 'NotAuthorizedException') return null;
    throw err;
  }
}

export = signIn;

// @ts-expect-error the CommonJS build has no default export: require('cognito-srp-wasm').default is undefined
console.log(cognitoSRP.default);
// @ts-expect-error nor does esModuleInterop's default import have one
console.log(sameModule.default.load);
