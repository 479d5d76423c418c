// The demo page: load the module, sign in (answering whatever challenge
// Cognito asks), show the ID token's claims.
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
  CodeMismatchException: 'That code is not right; try again.',
  ExpiredCodeException: 'That code has expired; sign in again.',
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
  for (const s of ['signin', 'challenge', 'signed-in']) $(s).hidden = s !== id;
}

// What each challenge asks, in plain words; the fields come from
// step.answers, which names the keys Cognito expects.
const challengeTexts = {
  NEW_PASSWORD_REQUIRED: ['Choose a new password', 'You must choose a new password before you can continue.'],
  SMS_MFA: ['Enter the code we sent', 'We sent a code by SMS to {CODE_DELIVERY_DESTINATION}.'],
  EMAIL_OTP: ['Enter the code we sent', 'We sent a code by email to {CODE_DELIVERY_DESTINATION}.'],
  SOFTWARE_TOKEN_MFA: ['Enter your authenticator code', 'Open your authenticator app and enter the 6-digit code.'],
  SELECT_MFA_TYPE: ['Choose how to verify', 'Pick one of the ways you set up.'],
  MFA_SETUP: ['Set up an authenticator app', 'Add this secret to your authenticator app, then enter the code it shows.'],
  CUSTOM_CHALLENGE: ['Answer the challenge', 'Your pool asks a custom question.'],
  SELECT_CHALLENGE: ['Choose how to sign in', 'Pick a sign-in method.'],
};

const fieldLabels = {
  NEW_PASSWORD: 'New password',
  SMS_MFA_CODE: 'Code',
  EMAIL_OTP_CODE: 'Code',
  SMS_OTP_CODE: 'Code',
  SOFTWARE_TOKEN_MFA_CODE: 'Authenticator code',
  ANSWER: 'Answer',
};

const optionLabels = { SMS_MFA: 'Text message (SMS)', SOFTWARE_TOKEN_MFA: 'Authenticator app', EMAIL_OTP: 'Email' };

function renderChallenge(step, outbox) {
  const [title, text] = challengeTexts[step.challengeName] || [step.challengeName, 'Cognito asks for more.'];
  $('challenge-title').textContent = title;
  $('challenge-text').textContent = text.replace(/\{(\w+)\}/g, (_, k) => (step.challengeParameters || {})[k] || 'you');
  const fields = $('challenge-fields');
  fields.replaceChildren();
  if (step.totp) {
    const secret = document.createElement('p');
    secret.innerHTML = 'Secret: <code id="totp-secret"></code>';
    secret.querySelector('code').textContent = step.totp.secret;
    fields.append(secret);
  }
  if (/SMS|EMAIL/.test(step.challengeName) && outbox) {
    const hint = document.createElement('p');
    hint.innerHTML = 'In this demo codes are not sent: read them in <a target="_blank" rel="noopener">localcognito\'s outbox</a>.';
    hint.querySelector('a').href = outbox;
    fields.append(hint);
  }
  for (const key of step.answers || []) {
    if (key === 'ANSWER' && step.options && step.options.length) {
      const group = document.createElement('fieldset');
      group.innerHTML = '<legend>Choose one</legend>';
      step.options.forEach((opt, i) => {
        const label = document.createElement('label');
        const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'ANSWER', value: opt, required: true, checked: i === 0 });
        label.append(input, ' ', optionLabels[opt] || opt);
        group.append(label);
      });
      fields.append(group);
      continue;
    }
    const id = `answer-${key}`;
    const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: fieldLabels[key] || key.replace(/^userAttributes\./, '') });
    const input = Object.assign(document.createElement('input'), { id, name: key, required: true });
    if (key === 'NEW_PASSWORD') Object.assign(input, { type: 'password', autocomplete: 'new-password' });
    if (/CODE$/.test(key)) Object.assign(input, { inputMode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}' });
    fields.append(label, input);
  }
  show('challenge');
  const first = fields.querySelector('input');
  if (first) first.focus();
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

  let pending; // the step waiting for an answer
  const busy = async (form, work) => {
    const button = form.querySelector('button');
    button.disabled = true;
    clearError();
    try { await work(); } catch (e) { showError(e); } finally { button.disabled = false; }
  };
  const advance = (step) => {
    if (step.done) return showClaims(step.tokens);
    pending = step;
    renderChallenge(step, config.outbox);
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
  $('challenge').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const answers = Object.fromEntries(new FormData(ev.target));
    busy(ev.target, async () => advance(await pending.respond(answers)));
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
