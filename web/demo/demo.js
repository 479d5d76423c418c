// The demo page: load the module, sign in, show the ID token's claims.
// Uses the script-tag build, window.CognitoSRP.
'use strict';

const $ = (id) => document.getElementById(id);

// Plain words for the errors a person can meet here.
const plainErrors = {
  NotAuthorizedException: 'That username and password do not match.',
  UserNotFoundException: 'There is no user with that name.',
  InvalidPasswordException: 'That password does not meet the pool\'s rules.',
  PasswordResetRequiredException: 'This password must be reset first.',
  UserNotConfirmedException: 'This account is not confirmed yet.',
  TooManyRequestsException: 'Too many attempts; wait a moment and try again.',
  NetworkError: 'Cannot reach the sign-in service. Is localcognito running?',
  LoadError: 'The sign-in module could not be loaded.',
};

function showError(err) {
  const el = $('error');
  const plain = plainErrors[err && err.name];
  el.textContent = plain ? `${plain} (${err.name})` : `Sign-in failed: ${err && err.message} (${err && err.name})`;
  el.hidden = false;
}

function clearError() { $('error').hidden = true; }

function show(id) {
  for (const s of ['signin', 'new-password', 'signed-in']) $(s).hidden = s !== id;
}

function decodeClaims(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
  return JSON.parse(json);
}

function showClaims(tokens) {
  const body = $('claims').tBodies[0];
  body.replaceChildren();
  for (const [k, v] of Object.entries(decodeClaims(tokens.idToken))) {
    const row = body.insertRow();
    row.insertCell().textContent = k;
    const shown = (k === 'exp' || k === 'iat' || k === 'auth_time') ? `${v} (${new Date(v * 1000).toISOString()})` : String(v);
    row.insertCell().textContent = shown;
  }
  show('signed-in');
  $('signout').focus();
}

async function main() {
  const config = await (await fetch('/config.json')).json();
  renderUsers(config.users || []);
  let cognito;
  try {
    cognito = await CognitoSRP.load({
      onProgress: ({ loaded, total }) => {
        if (total) $('progress').value = loaded / total;
        $('progress-text').textContent = `${Math.round(loaded / 1024)} KiB${total ? ` of ${Math.round(total / 1024)} KiB` : ''}`;
      },
    });
  } catch (e) {
    $('loading').hidden = true;
    showError(e);
    return;
  }
  $('loading').hidden = true;
  show('signin');
  $('username').focus();

  let pending; // the step waiting for a new password
  const busy = async (form, work) => {
    const button = form.querySelector('button');
    button.disabled = true;
    clearError();
    try { await work(); } catch (e) { showError(e); } finally { button.disabled = false; }
  };
  const advance = (step) => {
    if (step.done) return showClaims(step.tokens);
    if (step.challengeName === 'NEW_PASSWORD_REQUIRED') {
      pending = step;
      show('new-password');
      $('new-password-input').focus();
      return;
    }
    throw Object.assign(new Error(`this demo cannot answer ${step.challengeName} yet`), { name: 'UnsupportedChallenge' });
  };

  $('signin').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.target, async () => advance(await cognito.signIn({
      userPoolId: config.userPoolId,
      clientId: config.clientId,
      endpoint: config.endpoint,
      username: $('username').value,
      password: $('password').value,
    })));
  });
  $('new-password').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.target, async () => advance(await pending.respond({ NEW_PASSWORD: $('new-password-input').value })));
  });
  $('signout').addEventListener('click', () => {
    $('password').value = '';
    show('signin');
    $('username').focus();
  });
}

function renderUsers(users) {
  if (!users.length) return;
  const ul = $('users').querySelector('ul');
  for (const u of users) {
    const li = document.createElement('li');
    li.innerHTML = '<code></code> / <code></code>: <span></span>';
    const [name, pw, what] = li.children;
    name.textContent = u.username;
    pw.textContent = u.password;
    what.textContent = u.shows;
    ul.append(li);
  }
  $('users').hidden = false;
}

main().catch(showError);
