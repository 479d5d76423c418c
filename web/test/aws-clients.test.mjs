// AWS's own clients against localcognito: the SDK for admin calls (SigV4),
// amazon-cognito-identity-js for SRP sign-in, and aws-jwt-verify for the
// tokens, whether localcognito issued them to AWS's client or to ours.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeUserPoolCommand,
  DescribeUserPoolClientCommand,
  AdminGetUserCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import identity from 'amazon-cognito-identity-js';
import { JwtRsaVerifier, CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import {
  JwtInvalidSignatureError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  CognitoJwtInvalidTokenUseError,
  CognitoJwtInvalidClientIdError,
  ParameterValidationError,
  KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { load } from 'cognito-srp-wasm';
import {
  startLocalCognito, provision, adminClient, createUserWithTemporaryPassword, decodeJwt, newPassword,
} from './helpers.mjs';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;
const COGNITO_ISSUER_BASE = 'https://cognito-idp.us-east-1.amazonaws.com';

let local; // localcognito issuing http://127.0.0.1:PORT/<pool> tokens
let awsLike; // localcognito started with -issuer https://cognito-idp.us-east-1.amazonaws.com
let pool; // provisioned on local
let poolB; // provisioned on awsLike
let cognito; // our wasm module

before(async () => {
  [local, awsLike] = await Promise.all([
    startLocalCognito(),
    startLocalCognito({ args: ['-issuer', COGNITO_ISSUER_BASE] }),
  ]);
  [pool, poolB, cognito] = await Promise.all([provision(local.url), provision(awsLike.url), load()]);
});

after(async () => {
  await Promise.all([local?.stop(), awsLike?.stop()]);
});

/** amazon-cognito-identity-js's authenticateUser (USER_SRP_AUTH) as a promise. */
function identityJsSignIn(url, fixture, password = fixture.password, username = fixture.username) {
  const userPool = new CognitoUserPool({ UserPoolId: fixture.poolId, ClientId: fixture.clientId, endpoint: `${url}/` });
  const user = new CognitoUser({ Username: username, Pool: userPool });
  const details = new AuthenticationDetails({ Username: username, Password: password });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: (session) => resolve({ kind: 'session', session, user }),
      onFailure: reject,
      newPasswordRequired: (userAttributes, requiredAttributes) =>
        resolve({ kind: 'newPasswordRequired', user, userAttributes, requiredAttributes }),
    });
  });
}

function wasmSignIn(url, fixture) {
  return cognito.signIn({
    userPoolId: fixture.poolId, clientId: fixture.clientId, endpoint: `${url}/`,
    username: fixture.username, password: fixture.password,
  });
}

// aws-jwt-verify's default fetcher speaks only https; this one fetches the
// JWKS from localcognito's jwksUri over http with Node's fetch.
function httpJwksCache() {
  const fetched = [];
  const cache = new SimpleJwksCache({
    fetcher: {
      async fetch(uri) {
        fetched.push(uri);
        const res = await fetch(uri);
        if (!res.ok) throw new Error(`GET ${uri}: HTTP ${res.status}`);
        return res.arrayBuffer();
      },
    },
  });
  return { cache, fetched };
}

/** Changes one payload claim, keeping the original header and signature. */
function tamperClaim(token, claim, value) {
  const [h, p, sig] = token.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  payload[claim] = value;
  return [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), sig].join('.');
}

describe('AWS SDK for JavaScript v3 (SigV4 admin calls)', () => {
  it('provisioned the pool, client and user that it can describe back', async () => {
    const { UserPool } = await pool.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.poolId }));
    assert.equal(UserPool.Id, pool.poolId);
    const { UserPoolClient } = await pool.admin.send(new DescribeUserPoolClientCommand({
      UserPoolId: pool.poolId, ClientId: pool.clientId,
    }));
    assert.deepEqual([...UserPoolClient.ExplicitAuthFlows].sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    assert.equal(UserPoolClient.ClientSecret, undefined);
    const user = await pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: pool.username }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.Enabled, true);

    const withSecret = await provision(local.url, { secret: true });
    const described = await withSecret.admin.send(new DescribeUserPoolClientCommand({
      UserPoolId: withSecret.poolId, ClientId: withSecret.clientId,
    }));
    assert.equal(described.UserPoolClient.ClientSecret, withSecret.clientSecret);
  });

  it('is refused when the signature is wrong or missing', async () => {
    const wrongSecret = adminClient(local.url, { secretAccessKey: 'not-test' });
    await assert.rejects(wrongSecret.send(new CreateUserPoolCommand({ PoolName: 'nope' })),
      { name: 'InvalidSignatureException' });
    const wrongKey = adminClient(local.url, { accessKeyId: 'AKIDEXAMPLE' });
    await assert.rejects(wrongKey.send(new CreateUserPoolCommand({ PoolName: 'nope' })),
      { name: 'UnrecognizedClientException' });
    const res = await fetch(`${local.url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.CreateUserPool',
      },
      body: JSON.stringify({ PoolName: 'unsigned' }),
    });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).__type, 'MissingAuthenticationTokenException');
  });
});

describe('amazon-cognito-identity-js (AWS\'s SRP client)', () => {
  it('signs in with USER_SRP_AUTH', async () => {
    const { kind, session } = await identityJsSignIn(local.url, pool);
    assert.equal(kind, 'session');
    assert.equal(session.isValid(), true);
    const id = session.getIdToken().decodePayload();
    assert.equal(id['cognito:username'], pool.username);
    assert.equal(id.aud, pool.clientId);
    assert.equal(id.token_use, 'id');
    assert.equal(session.getAccessToken().decodePayload().client_id, pool.clientId);
    assert.ok(session.getRefreshToken().getToken().length > 0);
  });

  it('fails with NotAuthorizedException on a wrong password', async () => {
    await assert.rejects(identityJsSignIn(local.url, pool, `${pool.password}x`), (e) => {
      assert.equal(e.code, 'NotAuthorizedException');
      assert.equal(e.name, 'NotAuthorizedException');
      assert.equal(e.message, 'Incorrect username or password.');
      return true;
    });
  });

  it('fails with UserNotFoundException for an unknown user', async () => {
    await assert.rejects(identityJsSignIn(local.url, pool, 'Whatever-1!', 'nobody-here'),
      { code: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('completes NEW_PASSWORD_REQUIRED', async () => {
    const { username, temporaryPassword } = await createUserWithTemporaryPassword(pool.admin, pool.poolId);
    const first = await identityJsSignIn(local.url, pool, temporaryPassword, username);
    assert.equal(first.kind, 'newPasswordRequired');
    const newPw = newPassword();
    const session = await new Promise((resolve, reject) => {
      first.user.completeNewPasswordChallenge(newPw, {}, { onSuccess: resolve, onFailure: reject });
    });
    assert.equal(session.getIdToken().decodePayload()['cognito:username'], username);
    // The password AWS's client set is the one our module now signs in with.
    const step = await wasmSignIn(local.url, { ...pool, username, password: newPw });
    assert.equal(step.done, true);
  });
});

describe('aws-jwt-verify: generic verifier against localcognito\'s JWKS', () => {
  let issuer;
  let jwksUri;
  let idVerifier;
  let accessVerifier;
  let fetched;
  let identityJsTokens;
  let wasmTokens;

  before(async () => {
    issuer = `${local.url}/${pool.poolId}`;
    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.equal(discovery.issuer, issuer);
    jwksUri = discovery.jwks_uri;
    assert.equal(jwksUri, `${issuer}/.well-known/jwks.json`);

    const jwks = httpJwksCache();
    fetched = jwks.fetched;
    idVerifier = JwtRsaVerifier.create({
      issuer,
      audience: pool.clientId,
      jwksUri,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'id', clientId: pool.clientId }),
    }, { jwksCache: jwks.cache });
    accessVerifier = JwtRsaVerifier.create({
      issuer,
      audience: null, // access tokens carry client_id, not aud
      jwksUri,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: pool.clientId }),
    }, { jwksCache: jwks.cache });

    const { session } = await identityJsSignIn(local.url, pool);
    identityJsTokens = { idToken: session.getIdToken().getJwtToken(), accessToken: session.getAccessToken().getJwtToken() };
    ({ tokens: wasmTokens } = await wasmSignIn(local.url, pool));
  });

  for (const source of ['amazon-cognito-identity-js', 'cognito-srp-wasm']) {
    it(`accepts the ID and access tokens issued to ${source}`, async () => {
      const tokens = source === 'cognito-srp-wasm' ? wasmTokens : identityJsTokens;
      const id = await idVerifier.verify(tokens.idToken);
      assert.equal(id.iss, issuer);
      assert.equal(id.aud, pool.clientId);
      assert.equal(id['cognito:username'], pool.username);
      const access = await accessVerifier.verify(tokens.accessToken);
      assert.equal(access.client_id, pool.clientId);
      assert.equal(access.username, pool.username);
      assert.equal(access.sub, id.sub);
      assert.ok(fetched.includes(jwksUri), 'the JWKS must have come from localcognito\'s jwksUri');
    });
  }

  it('rejects tokens used for the wrong purpose or client', async () => {
    await assert.rejects(accessVerifier.verify(wasmTokens.idToken), CognitoJwtInvalidTokenUseError);
    await assert.rejects(idVerifier.verify(wasmTokens.accessToken), JwtInvalidAudienceError);
    const otherClient = JwtRsaVerifier.create({ issuer, audience: 'someotherclient', jwksUri },
      { jwksCache: httpJwksCache().cache });
    await assert.rejects(otherClient.verify(wasmTokens.idToken), JwtInvalidAudienceError);
  });

  it('rejects tampered tokens', async () => {
    await assert.rejects(idVerifier.verify(tamperClaim(wasmTokens.idToken, 'cognito:username', 'admin')),
      JwtInvalidSignatureError);
    await assert.rejects(accessVerifier.verify(tamperClaim(identityJsTokens.accessToken, 'exp', 4102444800)),
      JwtInvalidSignatureError);
    const [h, p, sig] = wasmTokens.idToken.split('.');
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    await assert.rejects(idVerifier.verify([h, p, flipped].join('.')), JwtInvalidSignatureError);
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: decodeJwt(wasmTokens.idToken).header.kid })).toString('base64url');
    await assert.rejects(idVerifier.verify(`${none}.${p}.`));
  });

  it('rejects tokens signed by another server, and tokens for another issuer', async () => {
    const { tokens } = await wasmSignIn(awsLike.url, poolB);
    assert.notEqual(decodeJwt(tokens.idToken).header.kid, decodeJwt(wasmTokens.idToken).header.kid);
    await assert.rejects(idVerifier.verify(tokens.idToken), KidNotFoundInJwksError);
    // Signed by the right key, but the verifier expects another pool's issuer.
    const otherPool = JwtRsaVerifier.create({ issuer: `${local.url}/us-east-1_Other123`, audience: pool.clientId, jwksUri },
      { jwksCache: httpJwksCache().cache });
    await assert.rejects(otherPool.verify(wasmTokens.idToken), JwtInvalidIssuerError);
  });
});

describe('aws-jwt-verify: CognitoJwtVerifier with localcognito -issuer https://cognito-idp.us-east-1.amazonaws.com', () => {
  let jwks;
  let idVerifier;
  let accessVerifier;
  let wasmTokens;
  let identityJsTokens;

  before(async () => {
    const res = await fetch(`${awsLike.url}/${poolB.poolId}/.well-known/jwks.json`);
    assert.equal(res.status, 200);
    jwks = await res.json();
    idVerifier = CognitoJwtVerifier.create({ userPoolId: poolB.poolId, tokenUse: 'id', clientId: poolB.clientId });
    accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolB.poolId, tokenUse: 'access', clientId: poolB.clientId });
    // Pre-loaded, so verifySync never reaches for the real Cognito's JWKS.
    idVerifier.cacheJwks(jwks);
    accessVerifier.cacheJwks(jwks);

    ({ tokens: wasmTokens } = await wasmSignIn(awsLike.url, poolB));
    const { session } = await identityJsSignIn(awsLike.url, poolB);
    identityJsTokens = { idToken: session.getIdToken().getJwtToken(), accessToken: session.getAccessToken().getJwtToken() };
  });

  it('serves discovery with the configured issuer', async () => {
    const doc = await (await fetch(`${awsLike.url}/${poolB.poolId}/.well-known/openid-configuration`)).json();
    assert.equal(doc.issuer, `${COGNITO_ISSUER_BASE}/${poolB.poolId}`);
  });

  for (const source of ['cognito-srp-wasm', 'amazon-cognito-identity-js']) {
    it(`passes Cognito's own checks for tokens issued to ${source}`, () => {
      const tokens = source === 'cognito-srp-wasm' ? wasmTokens : identityJsTokens;
      const id = idVerifier.verifySync(tokens.idToken);
      assert.equal(id.iss, `${COGNITO_ISSUER_BASE}/${poolB.poolId}`);
      assert.equal(id.token_use, 'id');
      assert.equal(id.aud, poolB.clientId);
      assert.equal(id['cognito:username'], poolB.username);
      assert.ok(id.exp > id.iat);
      assert.equal(decodeJwt(tokens.idToken).header.kid, jwks.keys[0].kid);
      const access = accessVerifier.verifySync(tokens.accessToken);
      assert.equal(access.token_use, 'access');
      assert.equal(access.client_id, poolB.clientId);
      assert.equal(access.sub, id.sub);
    });
  }

  it('rejects the wrong token use, client, issuer, and tampering', () => {
    assert.throws(() => idVerifier.verifySync(wasmTokens.accessToken), CognitoJwtInvalidTokenUseError);
    assert.throws(() => accessVerifier.verifySync(wasmTokens.idToken), CognitoJwtInvalidTokenUseError);
    const otherClient = CognitoJwtVerifier.create({ userPoolId: poolB.poolId, tokenUse: 'id', clientId: 'someotherclient' });
    otherClient.cacheJwks(jwks);
    assert.throws(() => otherClient.verifySync(wasmTokens.idToken), CognitoJwtInvalidClientIdError);
    assert.throws(() => idVerifier.verifySync(tamperClaim(wasmTokens.idToken, 'cognito:username', 'admin')),
      JwtInvalidSignatureError);
    assert.throws(() => accessVerifier.verifySync(tamperClaim(identityJsTokens.accessToken, 'client_id', 'x')),
      JwtInvalidSignatureError);
    // Same pool id, but not a Cognito issuer: the default-issuer server's token.
    const forged = tamperClaim(wasmTokens.idToken, 'iss', `${awsLike.url}/${poolB.poolId}`);
    assert.throws(() => idVerifier.verifySync(forged), ParameterValidationError);
  });
});
