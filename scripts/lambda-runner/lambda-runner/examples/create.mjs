// CreateAuthChallenge: a question for the client (publicChallengeParameters)
// and its answer for the verify trigger only (privateChallengeParameters).
export const handler = async (event) => {
  if (event.request.challengeName === 'CUSTOM_CHALLENGE') {
    event.response.publicChallengeParameters = { question: 'What is 2+2?' };
    event.response.privateChallengeParameters = { answer: '4' };
    event.response.challengeMetadata = 'ARITHMETIC';
  }
  return event;
};
