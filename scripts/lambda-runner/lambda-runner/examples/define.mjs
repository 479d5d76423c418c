// DefineAuthChallenge: the developer guide's sequence. A sign-in started
// with CHALLENGE_NAME=SRP_A proves the password first (PASSWORD_VERIFIER);
// then one CUSTOM_CHALLENGE, with three tries, decides.
const MAX_TRIES = 3;

export const handler = async (event) => {
  const session = event.request.session;
  const last = session.at(-1);
  const misses = session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE' && !s.challengeResult).length;

  if (last?.challengeName === 'SRP_A') {
    event.response = { challengeName: 'PASSWORD_VERIFIER', issueTokens: false, failAuthentication: false };
  } else if (last?.challengeName === 'PASSWORD_VERIFIER' && !last.challengeResult) {
    event.response = { issueTokens: false, failAuthentication: true };
  } else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
    event.response = { issueTokens: true, failAuthentication: false };
  } else if (misses >= MAX_TRIES) {
    event.response = { issueTokens: false, failAuthentication: true };
  } else {
    event.response = { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
  }
  return event;
};
