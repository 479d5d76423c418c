// VerifyAuthChallengeResponse, in the callback style the runner also
// supports: is ChallengeResponses.ANSWER the expected answer?
export const handler = (event, context, callback) => {
  const expected = event.request.privateChallengeParameters.answer;
  event.response.answerCorrect = String(event.request.challengeAnswer).trim() === expected;
  callback(null, event);
};
