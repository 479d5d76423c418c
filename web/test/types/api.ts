// Typed examples of the whole declared API of cognito-srp-wasm. Never run:
// web/test/types.test.mjs type-checks them (tsc -p web/test/types) against
// the declarations the import condition of web/package.json's exports gives
// (web/index.d.mts, re-exporting web/index.d.ts).

import cognitoDefault, { load, version } from 'cognito-srp-wasm';
import type {
  AuthFlow, ChallengeAnswers, ChallengeName, ChallengeStep, ChallengeStepBase, ClientErrorName, ClientOptions,
  CodeDelivery, CognitoSRP, CognitoSRPError, CustomChallengeStep, DeviceCredentials, DeviceInfo, DoneStep,
  EmailOtpStep, LoadOptions, MFASetting, MfaSetupStep, NewPasswordRequiredStep, OtherChallengeStep, RespondOptions,
  SelectChallengeStep, SelectMfaTypeStep, SessionOptions, SignInOptions, SmsMfaStep, SmsOtpStep,
  SoftwareTokenMfaStep, Step, StorageChoice, TOTPSetup, Tokens, UserProfile, UserSession,
} from 'cognito-srp-wasm';

declare function ask(question: string): Promise<string>;
declare function showQR(uri: string): void;

/** true when A and B are the same type. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

const v: string = version;
const sameLoad: typeof load = cognitoDefault.load;
const sameVersion: string = cognitoDefault.version;

// Every load option; each may also be left undefined.
const loadOptions: LoadOptions = {
  wasmURL: new URL('https://cdn.example.com/cognito-srp.wasm'),
  workerURL: '/assets/cognito-srp.worker.js',
  worker: false,
  onProgress: ({ loaded, total }) => { console.log(total ? loaded / total : loaded); },
};
const fromEnv: string | undefined = undefined;
const sparse: LoadOptions = { wasmURL: fromEnv, workerURL: fromEnv, worker: undefined, onProgress: undefined };

const client: ClientOptions = {
  userPoolId: 'us-east-1_AbCdEf123',
  clientId: '1example23456789',
  clientSecret: fromEnv, // optional options take undefined: the loader skips them
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9229/',
  totpIssuer: 'Example',
};
const adminClient: ClientOptions = {
  ...client,
  admin: true,
  credentials: { accessKeyId: 'AKIA…', secretAccessKey: '…', sessionToken: '…' },
};

const customStorage: StorageChoice = {
  getItem: (key) => sessionStorage.getItem(key),
  setItem: (key, value) => sessionStorage.setItem(key, value),
  removeItem: (key) => sessionStorage.removeItem(key),
};
const session: SessionOptions = { storage: 'localStorage', rememberDevice: true, deviceName: 'Laptop', autoRefresh: true };
const storages: StorageChoice[] = ['memory', 'localStorage', 'sessionStorage', customStorage];

const device: DeviceCredentials = { deviceKey: 'us-east-1_…', deviceGroupKey: '-…', devicePassword: '…' };
const flows: AuthFlow[] = [
  'USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'CUSTOM_WITH_SRP', 'USER_AUTH',
  'ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH',
];

// Every signIn option.
const signInOptions: SignInOptions = {
  ...client,
  ...session,
  username: 'alice',
  password: 'Passw0rd!',
  authFlow: 'USER_AUTH',
  preferredChallenge: 'EMAIL_OTP',
  clientMetadata: { source: 'web' },
  device,
};
const minimal: SignInOptions = { userPoolId: 'us-east-1_x', clientId: 'c', username: 'u', password: 'p' };

/** Answers challenges until the sign-in finishes, reading every ChallengeStep field. */
async function untilDone(first: Step): Promise<DoneStep> {
  let step = first;
  while (!step.done) {
    const s: ChallengeStep = step;
    const name: ChallengeName = s.challengeName;
    const params: Record<string, string> = s.challengeParameters;
    const cognitoSession: string | undefined = s.session;
    const username: string = s.username;
    const keys: string[] = s.answers ?? [];
    const forgotten: boolean | undefined = s.deviceForgotten;
    if (forgotten) console.log('the remembered device was dropped');
    const respondOptions: RespondOptions = { clientMetadata: { step: name } };
    console.log(params, cognitoSession, username);
    switch (name) {
      case 'SELECT_MFA_TYPE':
      case 'SELECT_CHALLENGE': {
        const choice = s.options?.[0] ?? 'SOFTWARE_TOKEN_MFA';
        step = await s.respond({ ANSWER: choice }, respondOptions);
        break;
      }
      case 'MFA_SETUP':
        if (s.totp) showQR(s.totp.uri + s.totp.secret);
        step = await s.respond({ SOFTWARE_TOKEN_MFA_CODE: await ask('code') });
        break;
      case 'A_FUTURE_CHALLENGE': // (string & {}) keeps names Cognito may add
        step = await s.respond();
        break;
      default: {
        const answers: Record<string, string> = {};
        for (const k of keys) answers[k] = await ask(k);
        step = await s.respond(answers);
      }
    }
  }
  return step;
}

/**
 * Narrows on challengeName: each case sees its own member of the union
 * (or OtherChallengeStep, whose challengeName is any string), with the
 * answer keys, options and totp that member has.
 */
async function answerByName(step: ChallengeStep): Promise<Step> {
  const common: ChallengeStepBase = step;
  console.log(common.challengeParameters, common.session, common.username, common.deviceForgotten);
  switch (step.challengeName) {
    case 'NEW_PASSWORD_REQUIRED': {
      const narrowed: Equals<typeof step, NewPasswordRequiredStep | OtherChallengeStep> = true;
      const keys: Array<'NEW_PASSWORD' | `userAttributes.${string}`> | undefined = step.answers;
      const answers: ChallengeAnswers<'NEW_PASSWORD' | `userAttributes.${string}`> = { NEW_PASSWORD: await ask('new password') };
      for (const k of keys ?? []) if (k.startsWith('userAttributes.')) answers[k] = await ask(k.slice('userAttributes.'.length));
      console.log(narrowed);
      return step.respond({ ...answers, 'userAttributes.given_name': 'Alice' });
    }
    case 'SMS_MFA': {
      const narrowed: Equals<typeof step, SmsMfaStep | OtherChallengeStep> = true;
      const keys: Array<'SMS_MFA_CODE'> | undefined = step.answers;
      console.log(narrowed, keys, step.challengeParameters['CODE_DELIVERY_DESTINATION']);
      return step.respond({ SMS_MFA_CODE: await ask('SMS code') });
    }
    case 'EMAIL_OTP': {
      const s: EmailOtpStep | OtherChallengeStep = step;
      return s.respond({ EMAIL_OTP_CODE: await ask('email code') });
    }
    case 'SMS_OTP': {
      const s: SmsOtpStep | OtherChallengeStep = step;
      return s.respond({ SMS_OTP_CODE: await ask('SMS code') });
    }
    case 'SOFTWARE_TOKEN_MFA': {
      const s: SoftwareTokenMfaStep | OtherChallengeStep = step;
      const noTotp: undefined = s.totp;
      console.log(noTotp);
      return s.respond({ SOFTWARE_TOKEN_MFA_CODE: await ask('app code') });
    }
    case 'SELECT_MFA_TYPE': {
      const s: SelectMfaTypeStep | OtherChallengeStep = step;
      const choices: Array<'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | (string & {})> = s.options ?? [];
      return s.respond({ ANSWER: choices.includes('SOFTWARE_TOKEN_MFA') ? 'SOFTWARE_TOKEN_MFA' : choices[0] ?? 'SMS_MFA' });
    }
    case 'MFA_SETUP': {
      const narrowed: Equals<typeof step, MfaSetupStep | OtherChallengeStep> = true;
      console.log(narrowed);
      if (step.totp) {
        const totp: TOTPSetup = step.totp;
        showQR(totp.uri);
        return step.respond({ SOFTWARE_TOKEN_MFA_CODE: await ask('first code'), FRIENDLY_DEVICE_NAME: 'phone' });
      }
      return step.respond({ EMAIL: await ask('email address') });
    }
    case 'CUSTOM_CHALLENGE': {
      const s: CustomChallengeStep | OtherChallengeStep = step;
      return s.respond({ ANSWER: await ask(s.challengeParameters['question'] ?? 'answer') }, { clientMetadata: { attempt: '1' } });
    }
    case 'SELECT_CHALLENGE': {
      const s: SelectChallengeStep | OtherChallengeStep = step;
      const first: 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | (string & {}) | undefined = s.options?.[0];
      return s.respond({ ANSWER: first ?? 'PASSWORD_SRP' });
    }
    default: {
      // A challenge this version does not name: the default of a switch
      // does not narrow (OtherChallengeStep's challengeName is any string,
      // so it could be any member); a comparison with another name does.
      if (step.challengeName === 'A_FUTURE_CHALLENGE') {
        const narrowed: Equals<typeof step, OtherChallengeStep> = true;
        const none: undefined = step.answers;
        console.log(narrowed, none);
      }
      const answers: Record<string, string> = {};
      for (const k of step.answers ?? ['WHATEVER_COGNITO_DOCUMENTS']) answers[k] = await ask(k);
      return step.respond(answers);
    }
  }
}

async function useSession(user: UserSession): Promise<void> {
  const name: string = user.username;
  const tokens: Readonly<Tokens> = user.tokens;
  const idClaims: Record<string, unknown> = user.idClaims;
  const accessClaims: Record<string, unknown> = user.accessClaims;
  const drift: number = user.clockDrift;
  const expiresAt: number = user.expiresAt;
  const dev: DeviceCredentials | null = user.device;
  const valid: boolean = user.isValid() && user.isValid(Date.now() + 60_000);
  console.log(name, tokens, idClaims, accessClaims, drift, expiresAt, dev, valid);

  const renewed: Readonly<Tokens> = await user.refresh();
  console.log(renewed.accessToken);
  user.startAutoRefresh();
  user.stopAutoRefresh();

  const profile: UserProfile = await user.getUser();
  const email: string | undefined = profile.attributes['email'];
  const preferred: string | undefined = profile.preferredMfa;
  const methods: string[] | undefined = profile.mfaMethods;
  console.log(profile.username, email, preferred, methods);

  const changed: Record<string, never> = await user.changePassword('old', 'new');
  const stillUnknown: unknown = await user.changePassword('old', 'new'); // what the types said before
  console.log(changed, stillUnknown);
  const deliveries: CodeDelivery[] = await user.updateAttributes({ email: 'new@example.com' });
  const delivery: CodeDelivery = await user.sendAttributeCode('email');
  console.log(deliveries.length, delivery.destination, delivery.deliveryMedium, delivery.attributeName);
  const verified: Record<string, never> = await user.verifyAttribute('email', '123456');
  console.log(verified);

  const { secret, uri }: TOTPSetup = await user.setupTotp();
  console.log(secret, uri);
  const totpVerified: Record<string, never> = await user.verifyTotp('123456');
  console.log(totpVerified);
  await user.verifyTotp('123456', 'phone');
  const on: MFASetting = { enabled: true, preferred: true };
  const set: Record<string, never> = await user.setMfaPreference({ totp: on, sms: { enabled: false, preferred: false }, email: on });
  console.log(set);

  const devices: DeviceInfo[] = await user.listDevices();
  for (const d of devices) {
    const created: number | undefined = d.created;
    const lastUsed: number | undefined = d.lastUsed;
    console.log(d.deviceKey, d.attributes['device_name'], created, lastUsed);
  }
  const remembered: Record<string, never> = await user.rememberDevice();
  console.log(remembered);
  await user.rememberDevice(false);
  await user.forgetDevice(devices[0]?.deviceKey);
  await user.forgetDevice();

  const json: { username: string; tokens: Tokens } = user.toJSON();
  console.log(JSON.stringify(json));
  await user.signOut();
  await user.signOut({ global: true });
  await user.deleteUser();
}

/** Narrows a rejection on error.name. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const err = e as CognitoSRPError;
  const status: number | undefined = err.statusCode;
  switch (err.name) {
    case 'NotAuthorizedException':
      return `wrong password (${status})`;
    case 'UserNotFoundException':
      return 'no such user';
    case 'NetworkError':
    case 'InvalidResponseError':
    case 'LoadError':
    case 'InternalError':
    case 'InvalidParameterException': {
      // (string & {}) in the union keeps other names open, so a case does
      // not narrow err.name; the names themselves are checked here.
      const clientErrors: ClientErrorName[] = ['NetworkError', 'InvalidResponseError', 'LoadError', 'InternalError', 'InvalidParameterException'];
      return `${clientErrors.length}: ${err.message}`;
    }
    case 'CodeMismatchException': // any of Cognito's other names
      return 'wrong code';
    default:
      return err.message;
  }
}

export async function main(): Promise<void> {
  const cognito: CognitoSRP = await load(loadOptions);
  await load(sparse);
  await load();
  const moduleVersion: string = cognito.version;
  console.log(v, sameLoad, sameVersion, moduleVersion, adminClient, storages, flows, minimal);

  try {
    const done = await untilDone(await cognito.signIn(signInOptions));
    const t: Tokens = done.tokens;
    const idToken: string = t.idToken;
    const accessToken: string = t.accessToken;
    const refreshToken: string | undefined = t.refreshToken;
    const expiresIn: number = t.expiresIn;
    const tokenType: string = t.tokenType;
    const newDevice: { deviceKey: string; deviceGroupKey: string } | undefined = t.newDevice;
    const forgotten: boolean | undefined = done.deviceForgotten;
    const deviceError: CognitoSRPError | undefined = done.deviceError;
    const claims: Record<string, unknown> = cognito.decodeJWT(idToken);
    console.log(accessToken, refreshToken, expiresIn, tokenType, newDevice, forgotten, deviceError?.name, claims);
    await useSession(done.user);
  } catch (e) {
    console.error(describe(e));
  }

  // A step saved as JSON and resumed later.
  const step = await cognito.signIn({ ...client, username: 'bob', password: 'Passw0rd!' });
  if (!step.done) {
    const saved: unknown = JSON.parse(JSON.stringify(step));
    const resumed: Step = await cognito.resume(saved as object, { ...client, ...session, password: 'Passw0rd!', device });
    await untilDone(resumed);
    await untilDone(await answerByName(step));
  }

  const current: UserSession | null = cognito.currentUser({ ...client, storage: 'localStorage', autoRefresh: true });
  if (current) await useSession(current);

  // Account calls that need no sign-in.
  const { userConfirmed, userSub, codeDelivery } = await cognito.signUp({
    ...client, username: 'carol', password: 'Passw0rd!', attributes: { email: 'carol@example.com' },
    clientMetadata: { source: 'web' },
  });
  const cd: CodeDelivery | undefined = codeDelivery;
  console.log(userConfirmed satisfies boolean, userSub satisfies string, cd);
  const confirmed: Record<string, never> = await cognito.confirmSignUp({ ...client, username: 'carol', code: '123456', clientMetadata: { a: 'b' } });
  console.log(confirmed);
  const resent: CodeDelivery = await cognito.resendConfirmationCode({ ...client, username: 'carol' });
  const sent: CodeDelivery = await cognito.forgotPassword({ ...client, username: 'carol' });
  console.log(resent, sent);
  const reset: Record<string, never> = await cognito.confirmForgotPassword({ ...client, username: 'carol', code: '123456', newPassword: 'N3w-Passw0rd!' });
  console.log(reset);
}
