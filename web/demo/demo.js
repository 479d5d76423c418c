// The demo page: load the module, sign in with any flow the browser client
// supports (answering whatever challenge Cognito asks), show the tokens;
// create an account, reset a password.
// Uses the script-tag build, window.CognitoSRP, and the qrcode package's
// browser bundle, window.QRCode (served by cmd/demo at /vendor/qrcode.js).
'use strict';

const $ = (id) => document.getElementById(id);

// Plain words for the errors a person can meet here.
const plainErrors = {
  NotAuthorizedException: 'That username and password do not match.',
  UserNotFoundException: 'There is no user with that name.',
  UsernameExistsException: 'That username is taken; choose another.',
  InvalidPasswordException: 'That password does not meet the pool\'s rules: use at least 8 characters with upper- and lower-case letters, a digit and a symbol.',
  InvalidParameterException: 'Something in the form is not valid; check each field.',
  PasswordResetRequiredException: 'This password must be reset first: use "Forgot password?".',
  UserNotConfirmedException: 'This account is not confirmed yet: enter the code we sent.',
  CodeMismatchException: 'That code is not right; try again.',
  ExpiredCodeException: 'That code has expired; ask for a new one.',
  EnableSoftwareTokenMFAException: 'That code is not right; check the time on your device and try the app\'s current code.',
  LimitExceededException: 'Too many attempts; wait a while and try again.',
  TooManyRequestsException: 'Too many attempts; wait a moment and try again.',
  TooManyFailedAttemptsException: 'Too many wrong codes; start again.',
  UnexpectedLambdaException: 'The pool\'s Lambda triggers could not be run, so this sign-in cannot go on. Is the lambda runner running?',
  UserLambdaValidationException: 'The pool\'s Lambda trigger refused this sign-in.',
  InvalidLambdaResponseException: 'The pool\'s Lambda trigger gave an answer Cognito does not understand.',
  NetworkError: 'Cannot reach the sign-in service. Is localcognito running?',
  LoadError: 'The sign-in module could not be loaded.',
};

function showError(err, plainText) {
  const el = $('error');
  const plain = plainText || plainErrors[err && err.name];
  el.textContent = plain ? `${plain} (${err.name})` : `Something went wrong: ${err && err.message} (${err && err.name})`;
  el.hidden = false;
}
function clearError() { $('error').hidden = true; }
function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

const views = ['signin', 'challenge', 'signed-in', 'signup', 'signup-confirm', 'forgot', 'forgot-confirm'];
function show(id) {
  for (const s of views) $(s).hidden = s !== id;
  const first = $(id).querySelector('input:not([type=checkbox]):not([type=radio]), input[type=radio]:checked');
  if (first && id !== 'signed-in') first.focus();
}

// What each challenge asks, in plain words; the fields come from
// step.answers, which names the keys Cognito expects.
const challengeTexts = {
  NEW_PASSWORD_REQUIRED: ['Choose a new password', 'You must choose a new password before you can continue.'],
  SMS_MFA: ['Enter the code we sent', 'We sent a code by SMS to {CODE_DELIVERY_DESTINATION}.'],
  EMAIL_OTP: ['Enter the code we sent', 'We sent a code by email to {CODE_DELIVERY_DESTINATION}.'],
  SMS_OTP: ['Enter the code we sent', 'We sent a code by SMS to {CODE_DELIVERY_DESTINATION}.'],
  SOFTWARE_TOKEN_MFA: ['Enter your authenticator code', 'Open your authenticator app and enter the 6-digit code.'],
  SELECT_MFA_TYPE: ['Choose how to verify', 'Pick one of the ways you set up.'],
  MFA_SETUP: ['Set up an authenticator app', 'This pool requires a second factor. Scan the QR code with an authenticator app (or type the secret into it), then enter the 6-digit code it shows.'],
  CUSTOM_CHALLENGE: ['Answer the pool\'s challenge', 'The pool\'s Lambda trigger (CreateAuthChallenge) sent these challenge parameters; your answer goes to its VerifyAuthChallengeResponse trigger.'],
  SELECT_CHALLENGE: ['Choose how to sign in', 'The pool offers these ways to sign in as {USERNAME}.'],
};

const fieldLabels = {
  NEW_PASSWORD: 'New password',
  SMS_MFA_CODE: 'Code',
  EMAIL_OTP_CODE: 'Code',
  SMS_OTP_CODE: 'Code',
  SOFTWARE_TOKEN_MFA_CODE: 'Authenticator code',
  ANSWER: 'Answer',
};

const optionLabels = {
  SELECT_MFA_TYPE: { SMS_MFA: 'Text message (SMS)', SOFTWARE_TOKEN_MFA: 'Authenticator app', EMAIL_OTP: 'Email' },
  SELECT_CHALLENGE: {
    PASSWORD: 'Password, sent to the pool (PASSWORD)',
    PASSWORD_SRP: 'Password, proved with SRP (PASSWORD_SRP)',
    EMAIL_OTP: 'A code by email (EMAIL_OTP)',
    SMS_OTP: 'A code by text message (SMS_OTP)',
  },
};

// The sign-in flows of the form's selector: what each one does, and
// whether it needs the password (USER_AUTH: by its first challenge).
const flowHints = {
  USER_SRP_AUTH: 'The default: SRP-6a proves your password, which never leaves this page.',
  USER_PASSWORD_AUTH: 'Sends the password itself to the pool (over TLS with real Cognito), as moving users in from another directory needs. Prefer SRP otherwise.',
  USER_AUTH: 'Choice-based: the pool starts with the first challenge you prefer, or lists the ones you can use.',
  CUSTOM_AUTH: 'No password: the pool\'s Lambda triggers ask their own question.',
  CUSTOM_WITH_SRP: 'SRP proves your password first; then the pool\'s Lambda triggers ask their own question.',
};
const customFlows = ['CUSTOM_AUTH', 'CUSTOM_WITH_SRP'];

function passwordNeed(flow, preferred) {
  if (flow === 'CUSTOM_AUTH') return [false, 'Not needed for this flow.'];
  if (flow !== 'USER_AUTH') return [true, ''];
  switch (preferred) {
    case 'PASSWORD': return [true, 'Needed: it is sent to the pool.'];
    case 'PASSWORD_SRP': return [true, 'Needed: SRP proves it.'];
    case 'EMAIL_OTP': case 'SMS_OTP': return [false, 'Not needed: the pool sends a code (you may still choose a password method if the code is not available).'];
    default: return [false, 'Optional: needed only if you then choose a password method; you can also type it there.'];
  }
}

// The challenge parameters a trigger sent, as a two-column table
// (USERNAME is Cognito's own).
function renderParameters(params, fields) {
  const rows = Object.entries(params || {}).filter(([k]) => k !== 'USERNAME');
  const box = document.createElement('div');
  box.className = 'scroll';
  const table = document.createElement('table');
  table.id = 'challenge-parameters';
  table.createCaption().textContent = 'Challenge parameters';
  const body = table.createTBody();
  if (!rows.length) body.insertRow().insertCell().textContent = '(none)';
  for (const [k, v] of rows) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = k;
    row.append(th);
    row.insertCell().textContent = v;
  }
  box.append(table);
  fields.append(box);
}

function outboxHint(outbox) {
  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.innerHTML = 'In this demo codes are not sent: read them in <a target="_blank" rel="noopener">localcognito\'s outbox</a>.';
  hint.querySelector('a').href = outbox;
  return hint;
}

function renderTotpSetup(totp, fields) {
  const box = document.createElement('div');
  box.className = 'totp-setup';
  const qr = document.createElement('canvas');
  qr.id = 'totp-qr';
  qr.setAttribute('role', 'img');
  qr.setAttribute('aria-label', 'QR code of the authenticator-app secret');
  box.append(qr);
  if (window.QRCode) {
    window.QRCode.toCanvas(qr, totp.uri, { width: 200, margin: 2 }, (err) => { if (err) qr.replaceWith(Object.assign(document.createElement('p'), { textContent: `The QR code could not be drawn (${err.message}); type the secret instead.` })); });
  } else {
    qr.replaceWith(Object.assign(document.createElement('p'), { textContent: 'The QR code library did not load; type the secret instead.' }));
  }
  const secret = document.createElement('p');
  secret.innerHTML = 'Or type this secret: <code id="totp-secret"></code>';
  secret.querySelector('code').textContent = totp.secret;
  box.append(secret);
  fields.append(box);
}

// renderChallenge shows step's question. hasPassword: the sign-in form
// had a password, which the module keeps for SELECT_CHALLENGE's password
// choices; without one, the step asks for it.
function renderChallenge(step, outbox, hasPassword) {
  const [title, text] = challengeTexts[step.challengeName] || [step.challengeName, 'Cognito asks for more.'];
  $('challenge-title').textContent = title;
  const params = { USERNAME: step.username, ...step.challengeParameters };
  $('challenge-text').textContent = text.replace(/\{(\w+)\}/g, (_, k) => params[k] || 'you');
  const fields = $('challenge-fields');
  fields.replaceChildren();
  if (step.totp) renderTotpSetup(step.totp, fields);
  if (/SMS|EMAIL/.test(step.challengeName) && outbox) fields.append(outboxHint(outbox));
  const custom = step.challengeName === 'CUSTOM_CHALLENGE';
  if (custom) renderParameters(step.challengeParameters, fields);
  for (const key of step.answers || []) {
    if (key === 'ANSWER' && step.options && step.options.length) {
      const group = document.createElement('fieldset');
      group.innerHTML = `<legend>${step.challengeName === 'SELECT_CHALLENGE' ? 'Sign in with' : 'Choose one'}</legend>`;
      const labels = optionLabels[step.challengeName] || {};
      step.options.forEach((opt, i) => {
        const label = document.createElement('label');
        const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'ANSWER', value: opt, required: true, checked: i === 0 });
        label.append(input, ' ', labels[opt] || opt);
        group.append(label);
      });
      fields.append(group);
      if (step.challengeName === 'SELECT_CHALLENGE' && !hasPassword && step.options.some((o) => o.startsWith('PASSWORD'))) {
        selectPassword(group, fields);
      }
      continue;
    }
    const id = `answer-${key}`;
    // A custom challenge's question (the example trigger's "question"
    // parameter) labels its answer.
    const text = custom && key === 'ANSWER' && step.challengeParameters && step.challengeParameters.question;
    const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: text || fieldLabels[key] || key.replace(/^userAttributes\./, '') });
    const input = Object.assign(document.createElement('input'), { id, name: key, required: true });
    if (key === 'NEW_PASSWORD') Object.assign(input, { type: 'password', autocomplete: 'new-password' });
    if (/CODE$/.test(key)) Object.assign(input, { inputMode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}' });
    if (custom) Object.assign(input, { autocomplete: 'off', autocapitalize: 'none', spellcheck: false });
    fields.append(label, input);
  }
  show('challenge');
}

// selectPassword adds SELECT_CHALLENGE's password field, needed only
// while a password choice is picked (the sign-in form had none).
function selectPassword(group, fields) {
  const label = Object.assign(document.createElement('label'), { htmlFor: 'select-password', textContent: 'Password' });
  const input = Object.assign(document.createElement('input'), { id: 'select-password', name: '_password', type: 'password', autocomplete: 'current-password' });
  const hint = Object.assign(document.createElement('p'), { id: 'select-password-hint', className: 'hint', textContent: 'Needed only for the password choices.' });
  input.setAttribute('aria-describedby', hint.id);
  const sync = () => {
    const choice = group.querySelector('input:checked');
    input.required = !!choice && choice.value.startsWith('PASSWORD');
  };
  group.addEventListener('change', sync);
  sync();
  fields.append(label, input, hint);
}

// ---- the tokens view ----------------------------------------------------

let session = null; // the signed-in UserSession
let ticker = null;

function formatLeft(ms) {
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return h ? `${h} h ${pad(m)} min ${pad(s % 60)} s` : `${m} min ${pad(s % 60)} s`;
}

function tick() {
  if (!session) return;
  $('countdown').textContent = formatLeft(session.expiresAt - Date.now());
}

function showClaims(claims) {
  const body = $('claims').tBodies[0];
  body.replaceChildren();
  for (const [k, v] of Object.entries(claims)) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = k;
    row.append(th);
    const shown = (k === 'exp' || k === 'iat' || k === 'auth_time') ? `${v} (${new Date(v * 1000).toISOString()})` : (typeof v === 'object' ? JSON.stringify(v) : String(v));
    row.insertCell().textContent = shown;
  }
}

function showExpiry() {
  $('expires-at').textContent = `at ${new Date(session.expiresAt).toLocaleTimeString()}`;
  tick();
}

async function showDevice(user) {
  const el = $('device-status');
  $('forget-device').hidden = true;
  if (!user.device) { el.textContent = 'This device is not tracked.'; return; }
  el.textContent = 'Checking this device…';
  try {
    const mine = (await user.listDevices()).find((d) => d.deviceKey === user.device.deviceKey);
    const status = mine && mine.attributes['dev:device_remembered_status'];
    el.textContent = status === 'remembered'
      ? 'This device is remembered: your next sign-in here skips the second factor (MFA).'
      : 'This device is known but not remembered: tick "Remember this device" when you sign in to skip MFA next time.';
    $('forget-device').hidden = !mine;
  } catch (e) {
    el.textContent = `The device's status could not be read (${e.name}).`;
  }
}

function signedIn(user) {
  session = user;
  $('who').textContent = `Signed in as ${user.username}.`;
  $('refresh-status').textContent = '';
  showClaims(user.idClaims);
  showExpiry();
  clearInterval(ticker);
  ticker = setInterval(tick, 1000);
  show('signed-in');
  $('signed-in-title').focus();
  showDevice(user);
}

function signedOut(text) {
  clearInterval(ticker);
  session = null;
  $('password').value = '';
  notice(text);
  show('signin');
}

// ---- wiring ---------------------------------------------------------------

async function main() {
  const config = await (await fetch('/config.json')).json();
  const pools = config.pools || [{ key: 'main', name: 'demo', userPoolId: config.userPoolId, clientId: config.clientId }];
  for (const p of pools) $('pool').append(new Option(p.name, p.key));
  const triggers = config.triggers || { available: false, reason: 'this server does not run Lambda triggers' };
  renderUsers(config.users || [], pools, config.outbox, triggers);
  setUpFlows(triggers);
  for (const a of document.querySelectorAll('.outbox-hint a')) a.href = config.outbox;
  const client = () => {
    const p = pools.find((x) => x.key === $('pool').value) || pools[0];
    return { userPoolId: p.userPoolId, clientId: p.clientId, endpoint: config.endpoint };
  };

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

  // Tokens kept from a "remember this device" sign-in survive a reload.
  for (const p of pools) {
    const user = cognito.currentUser({ userPoolId: p.userPoolId, clientId: p.clientId, endpoint: config.endpoint, storage: 'localStorage' });
    if (user && user.isValid()) {
      $('pool').value = p.key;
      signedIn(user);
      break;
    }
  }
  if (!session) show('signin');

  let pending; // the step waiting for an answer
  let started;  // the sign-in's options, for resume() (never the password)
  let hasPassword; // the sign-in form had a password
  const busy = async (el, work) => {
    const buttons = [...el.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    el.setAttribute('aria-busy', 'true');
    clearError();
    try { await work(); } catch (e) { showError(e); } finally {
      for (const b of buttons) b.disabled = false;
      el.removeAttribute('aria-busy');
    }
  };
  const advance = (step) => {
    const again = pending && !step.done && pending.challengeName === 'CUSTOM_CHALLENGE' && step.challengeName === 'CUSTOM_CHALLENGE';
    notice('');
    if (step.done) {
      pending = undefined;
      return signedIn(step.user);
    }
    pending = step;
    renderChallenge(step, config.outbox, hasPassword);
    // Define asked another custom challenge: the answer was wrong.
    if (again) notice('That answer was not accepted; the pool asks again.');
  };

  for (const b of document.querySelectorAll('[data-view]')) {
    b.addEventListener('click', () => { clearError(); notice(''); show(b.dataset.view); });
  }

  $('signin').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const flow = $('flow').value;
    const preferred = flow === 'USER_AUTH' ? $('preferred').value : '';
    const password = $('password').value;
    started = {
      ...client(),
      // Always localStorage, so a device remembered earlier is found again.
      storage: 'localStorage',
      rememberDevice: $('remember').checked,
      deviceName: navigator.userAgent.slice(0, 100),
    };
    const username = $('username').value.trim();
    hasPassword = flow !== 'CUSTOM_AUTH' && password !== '';
    pending = undefined;
    busy(ev.target, async () => advance(await cognito.signIn({
      ...started,
      username,
      password: hasPassword ? password : undefined,
      authFlow: flow,
      preferredChallenge: preferred || undefined,
    })));
  });
  $('challenge').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const answers = Object.fromEntries(new FormData(ev.target));
    const password = answers._password;
    delete answers._password;
    const step = pending;
    busy(ev.target, async () => {
      let next = step;
      if (password && /^PASSWORD/.test(answers.ANSWER)) {
        // The sign-in started without a password: resume the saved step
        // with one, as a page would after a reload.
        next = await cognito.resume(JSON.parse(JSON.stringify(step)), {
          ...started, password, device: storedDevice(started.clientId, $('username').value.trim()),
        });
      }
      try {
        advance(await next.respond(answers));
      } catch (e) {
        // Cognito ends a sign-in whose session is spent: start over.
        if (e.name !== 'NotAuthorizedException') throw e;
        pending = undefined;
        show('signin');
        let plain = 'This sign-in has ended (it took too long, or the answer was refused); sign in again.';
        if (step.challengeName === 'CUSTOM_CHALLENGE') plain = 'The pool did not accept your answers, so this sign-in has ended; sign in again.';
        if (/^PASSWORD/.test(answers.ANSWER || '')) plain = `${plainErrors.NotAuthorizedException} Sign in again.`;
        showError(e, plain);
      }
    });
  });

  // Tokens view.
  $('refresh').addEventListener('click', () => busy($('signed-in'), async () => {
    const before = session.tokens.idToken;
    await session.refresh();
    const changed = session.tokens.idToken !== before;
    showClaims(session.idClaims);
    showExpiry();
    $('refresh-status').textContent = `Tokens refreshed at ${new Date().toLocaleTimeString()}: ${changed ? 'new ID token' : 'the ID token is unchanged'}, now expiring ${$('expires-at').textContent}.`;
  }));
  $('signout').addEventListener('click', () => busy($('signed-in'), async () => {
    await session.signOut();
    signedOut('You are signed out.');
  }));
  $('signout-global').addEventListener('click', () => busy($('signed-in'), async () => {
    await session.signOut({ global: true });
    signedOut('You are signed out everywhere: every refresh token of yours is revoked.');
  }));
  $('forget-device').addEventListener('click', () => busy($('signed-in'), async () => {
    await session.forgetDevice();
    await showDevice(session);
    $('device-status').textContent = 'This device is forgotten: the next sign-in asks for MFA again.';
  }));

  // Sign-up.
  let signupUser = '';
  $('signup').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.target, async () => {
      signupUser = $('signup-username').value.trim();
      const res = await cognito.signUp({
        ...client(),
        username: signupUser,
        password: $('signup-password').value,
        attributes: { email: $('signup-email').value.trim() },
      });
      if (res.userConfirmed) return accountReady(signupUser, 'Your account is ready: sign in.');
      $('signup-destination').textContent = (res.codeDelivery && res.codeDelivery.destination) || $('signup-email').value;
      $('signup-code').value = '';
      show('signup-confirm');
    });
  });
  $('signup-confirm').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.target, async () => {
      await cognito.confirmSignUp({ ...client(), username: signupUser, code: $('signup-code').value.trim() });
      accountReady(signupUser, 'Your email is confirmed and your account is ready: sign in.');
    });
  });
  $('resend').addEventListener('click', () => busy($('signup-confirm'), async () => {
    const d = await cognito.resendConfirmationCode({ ...client(), username: signupUser });
    notice(`A new code was sent to ${d.destination}.`);
  }));

  // Forgotten password.
  let forgotUser = '';
  $('forgot').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.target, async () => {
      forgotUser = $('forgot-username').value.trim();
      const d = await cognito.forgotPassword({ ...client(), username: forgotUser });
      $('forgot-destination').textContent = d.destination || 'you';
      $('forgot-code').value = '';
      $('forgot-password').value = '';
      show('forgot-confirm');
    });
  });
  $('forgot-confirm').addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(ev.target, async () => {
      await cognito.confirmForgotPassword({ ...client(), username: forgotUser, code: $('forgot-code').value.trim(), newPassword: $('forgot-password').value });
      accountReady(forgotUser, 'Your password is changed: sign in with the new one.');
    });
  });

  function accountReady(username, text) {
    $('username').value = username;
    $('password').value = '';
    notice(text);
    show('signin');
    $('password').focus();
  }
}

// The device remembered for username, from the storage keys AWS's
// clients use (docs/API.md), for resume().
function storedDevice(clientId, username) {
  const get = (k) => localStorage.getItem(`CognitoIdentityServiceProvider.${clientId}.${username}.${k}`);
  const [deviceKey, deviceGroupKey, devicePassword] = ['deviceKey', 'deviceGroupKey', 'randomPasswordKey'].map(get);
  return deviceKey && deviceGroupKey && devicePassword ? { deviceKey, deviceGroupKey, devicePassword } : undefined;
}

// setUpFlows wires the flow selector: USER_AUTH's first challenge, the
// password's need and hint, and custom auth when the triggers are off.
function setUpFlows(triggers) {
  if (!triggers.available) {
    for (const o of $('flow').options) {
      if (customFlows.includes(o.value)) {
        o.disabled = true;
        o.textContent += ': unavailable';
      }
    }
    const el = $('custom-unavailable');
    el.textContent = `Custom auth is unavailable: ${triggers.reason || 'the demo runs no Lambda triggers'}. The two CUSTOM_AUTH flows need the pool's Lambda triggers, which the demo runs with Node.js (scripts/lambda-runner).`;
    el.hidden = false;
  }
  const update = () => {
    const flow = $('flow').value;
    $('flow-hint').textContent = flowHints[flow] || '';
    $('preferred-box').hidden = flow !== 'USER_AUTH';
    const [needed, hint] = passwordNeed(flow, $('preferred').value);
    $('password').required = needed;
    $('password-hint').textContent = hint;
    $('password-hint').hidden = !hint;
  };
  $('flow').addEventListener('change', update);
  $('preferred').addEventListener('change', update);
  update();
}

const flowNames = { CUSTOM_WITH_SRP: 'CUSTOM_AUTH with SRP' };

function renderUsers(users, pools, outbox, triggers) {
  if (!users.length) return;
  const ul = $('users').querySelector('ul');
  const code = (text) => Object.assign(document.createElement('code'), { textContent: text });
  $('first-pool').textContent = pools[0].name;
  for (const u of users) {
    const li = document.createElement('li');
    li.append(code(u.username), ' / ', u.password ? code(u.password) : 'no password');
    const p = pools.find((x) => x.key === u.pool);
    if (p && p !== pools[0]) li.append(` in pool “${p.name}”`);
    li.append(', flow ', code(flowNames[u.flow] || u.flow || 'USER_SRP_AUTH'));
    if (u.preferredChallenge) li.append(' with first challenge ', code(u.preferredChallenge));
    let what = u.shows;
    if (customFlows.includes(u.flow) && !triggers.available) what += ' (unavailable now: the Lambda triggers are not running)';
    li.append(`: ${what}`);
    ul.append(li);
  }
  $('outbox-link').href = outbox;
  $('users').hidden = false;
}

main().catch(showError);
