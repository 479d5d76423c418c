// A minimal page signing in with cognito-srp-wasm, bundled by Vite.
// The pool, app client and endpoint come from the query string, e.g.
// ?userPoolId=us-east-1_AbCdEf123&clientId=…&endpoint=http://127.0.0.1:9229/
import { load } from 'cognito-srp-wasm';

const params = new URLSearchParams(location.search);
const pool = {
  userPoolId: params.get('userPoolId') || 'us-east-1_DemoPool1',
  clientId: params.get('clientId') || 'demoweb0000000000000000001',
  endpoint: params.get('endpoint') || undefined,
};
const out = document.getElementById('out');
const show = (what) => { out.textContent = typeof what === 'string' ? what : JSON.stringify(what, null, 2); };

// Go runs in a Web Worker, started from code the loader carries.
const ready = load();

async function signIn(username, password) {
  const cognito = await ready;
  const step = await cognito.signIn({ ...pool, username, password });
  if (!step.done) return { challenge: step.challengeName, answers: step.answers };
  return { username: step.user.username, claims: step.user.idClaims };
}

document.getElementById('signin').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  show('signing in…');
  signIn(form.get('username'), form.get('password')).then(show, (e) => show(`${e.name}: ${e.message}`));
});

// For tests and the console.
window.signIn = signIn;
