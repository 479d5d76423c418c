// AWS's own JavaScript SDK drives localcognito's admin flows with SigV4:
// AdminInitiateAuth / AdminRespondToAuthChallenge (password, new-password
// challenge, refresh) and the admin user operations a back office uses.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, AdminGetUserCommand,
  AdminUpdateUserAttributesCommand, AdminDisableUserCommand, AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand, ListUsersCommand, GetUserCommand, CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  startLocalCognito, provision, createUserWithTemporaryPassword, newPassword, decodeJwt,
} from './helpers.mjs';

let lc;
let fx;

before(async () => {
  lc = await startLocalCognito();
  fx = await provision(lc.url, {
    secret: true,
    authFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
});

after(async () => {
  await lc?.stop();
});

// SECRET_HASH as AWS documents it, computed here independently.
const secretHash = (username) =>
  createHmac('sha256', fx.clientSecret).update(username + fx.clientId).digest('base64');

function adminAuth(username, password) {
  return fx.admin.send(new AdminInitiateAuthCommand({
    UserPoolId: fx.poolId,
    ClientId: fx.clientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: secretHash(username) },
  }));
}

describe('admin sign-in through the AWS SDK', () => {
  it('ADMIN_USER_PASSWORD_AUTH returns tokens; a wrong password is refused', async () => {
    const res = await adminAuth(fx.username, fx.password);
    assert.equal(decodeJwt(res.AuthenticationResult.IdToken).payload['cognito:username'], fx.username);
    await assert.rejects(adminAuth(fx.username, 'Wrong-Passw0rd!'), { name: 'NotAuthorizedException' });
  });

  it('AdminRespondToAuthChallenge answers NEW_PASSWORD_REQUIRED', async () => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(fx.admin, fx.poolId);
    const challenge = await adminAuth(username, temporaryPassword);
    assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const done = await fx.admin.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: fx.poolId,
      ClientId: fx.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword(), SECRET_HASH: secretHash(username) },
    }));
    assert.ok(done.AuthenticationResult.AccessToken);
    const user = await fx.admin.send(new AdminGetUserCommand({ UserPoolId: fx.poolId, Username: username }));
    assert.equal(user.UserStatus, 'CONFIRMED');
  });

  it('REFRESH_TOKEN_AUTH through AdminInitiateAuth', async () => {
    const { AuthenticationResult: first } = await adminAuth(fx.username, fx.password);
    const res = await fx.admin.send(new AdminInitiateAuthCommand({
      UserPoolId: fx.poolId,
      ClientId: fx.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: first.RefreshToken, SECRET_HASH: secretHash(fx.username) },
    }));
    assert.notEqual(res.AuthenticationResult.AccessToken, first.AccessToken);
  });

  it('unsigned or wrongly signed admin calls are refused', async () => {
    const unsigned = new CognitoIdentityProviderClient({
      endpoint: lc.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'not-the-secret' },
    });
    await assert.rejects(unsigned.send(new ListUsersCommand({ UserPoolId: fx.poolId })), { name: 'InvalidSignatureException' });
  });
});

describe('admin user operations through the AWS SDK', () => {
  it('update attributes, disable, enable, list and sign out everywhere', async () => {
    const { AuthenticationResult: tokens } = await adminAuth(fx.username, fx.password);
    await fx.admin.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: fx.poolId, Username: fx.username, UserAttributes: [{ Name: 'name', Value: 'Admin Edited' }],
    }));
    const listed = await fx.admin.send(new ListUsersCommand({ UserPoolId: fx.poolId, Filter: `username = "${fx.username}"` }));
    assert.equal(listed.Users.length, 1);
    assert.equal(listed.Users[0].Attributes.find((a) => a.Name === 'name').Value, 'Admin Edited');

    await fx.admin.send(new AdminDisableUserCommand({ UserPoolId: fx.poolId, Username: fx.username }));
    await assert.rejects(adminAuth(fx.username, fx.password), { name: 'NotAuthorizedException', message: 'User is disabled.' });
    await fx.admin.send(new AdminEnableUserCommand({ UserPoolId: fx.poolId, Username: fx.username }));

    const fresh = (await adminAuth(fx.username, fx.password)).AuthenticationResult;
    await fx.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: fx.poolId, Username: fx.username }));
    const anon = new CognitoIdentityProviderClient({ endpoint: lc.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    for (const t of [tokens, fresh]) {
      await assert.rejects(anon.send(new GetUserCommand({ AccessToken: t.AccessToken })), { name: 'NotAuthorizedException' });
    }
  });
});
