// Misuse the declarations must reject: each @ts-expect-error fails the
// type check (TS2578) if its line ever compiles.

import { load } from 'cognito-srp-wasm';
import type { Step, SignInOptions, Tokens } from 'cognito-srp-wasm';

declare function showQR(uri: string): void;

const base = { userPoolId: 'us-east-1_AbCdEf123', clientId: 'c', username: 'alice', password: 'p' };

export async function misuse(step: Step): Promise<void> {
  const cognito = await load();

  // @ts-expect-error unknown option (the runtime refuses it too: InvalidParameterException)
  await cognito.signIn({ ...base, userPool: 'us-east-1_AbCdEf123' });
  // @ts-expect-error wrong type: userPoolId is a string
  await cognito.signIn({ ...base, userPoolId: 123 });
  // @ts-expect-error username is required
  const noUser: SignInOptions = { userPoolId: 'us-east-1_x', clientId: 'c' };
  // @ts-expect-error not an AuthFlow
  await cognito.signIn({ ...base, authFlow: 'SRP' });
  // @ts-expect-error clientMetadata values are strings
  await cognito.signIn({ ...base, clientMetadata: { attempt: 1 } });
  // @ts-expect-error not a storage choice
  await cognito.signIn({ ...base, storage: 'indexedDB' });
  // @ts-expect-error worker is a boolean
  await load({ worker: 'yes' });
  // @ts-expect-error unknown load option
  await load({ wasmUrl: '/cognito-srp.wasm' });

  // @ts-expect-error tokens exist only once step.done is true
  console.log(step.tokens.idToken);
  // @ts-expect-error respond exists only while a challenge waits
  step.respond({});
  if (step.done) {
    // @ts-expect-error a DoneStep has nothing to respond to
    await step.respond({ NEW_PASSWORD: 'x' });
    // @ts-expect-error unknown signOut option
    await step.user.signOut({ everywhere: true });
    // @ts-expect-error the tokens of a session are read-only
    step.user.tokens.idToken = 'forged';
  } else {
    // @ts-expect-error answers are strings
    await step.respond({ SOFTWARE_TOKEN_MFA_CODE: 123456 });
    // @ts-expect-error a ChallengeStep has no user yet
    console.log(step.user.username);
  }

  // Narrowed on challengeName, a step has only what its challenge has.
  if (!step.done && step.challengeName === 'SOFTWARE_TOKEN_MFA' && step.totp) {
    // @ts-expect-error totp exists only on MFA_SETUP steps
    showQR(step.totp.uri);
  }
  if (!step.done && step.challengeName === 'NEW_PASSWORD_REQUIRED') {
    // @ts-expect-error NEW_PASSWORD_REQUIRED's answers are NEW_PASSWORD and userAttributes.*
    const keys: Array<'SMS_MFA_CODE'> | undefined = step.answers;
    // @ts-expect-error the new password is a string
    await step.respond({ NEW_PASSWORD: 12345678 });
    console.log(keys);
  }
  if (!step.done && step.challengeName === 'A_FUTURE_CHALLENGE') {
    // @ts-expect-error a challenge this version does not name comes with no answers list
    const keys: string[] = step.answers;
    console.log(keys);
  }
  if (step.done) {
    // @ts-expect-error changePassword resolves to {}, not to tokens
    const tokens: Tokens = await step.user.changePassword('old', 'new');
    console.log(tokens);
  }

  try {
    await cognito.forgotPassword({ userPoolId: 'us-east-1_x', clientId: 'c', username: 'alice' });
  } catch (e) {
    // @ts-expect-error a rejection is unknown until narrowed (strict)
    console.log(e.name);
  }
  // @ts-expect-error confirmForgotPassword needs newPassword
  await cognito.confirmForgotPassword({ userPoolId: 'us-east-1_x', clientId: 'c', username: 'alice', code: '1' });
  console.log(noUser);
}
