// UserMigration, as CommonJS: one hard-coded user of a "legacy directory".
// At sign-in (USER_PASSWORD_AUTH) the password must match; in the
// forgot-password flow the user is only looked up. Cognito then creates
// the user, keeping the password only as an SRP verifier.
const LEGACY = {
  username: 'legacy-user',
  password: 'Legacy-Passw0rd!',
  email: 'legacy-user@example.com',
};

exports.handler = async (event) => {
  if (event.userName !== LEGACY.username) {
    throw new Error('User does not exist in the legacy directory');
  }
  if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== LEGACY.password) {
    throw new Error('Bad password');
  }
  event.response.userAttributes = { email: LEGACY.email, email_verified: 'true' };
  event.response.messageAction = 'SUPPRESS';
  if (event.triggerSource === 'UserMigration_Authentication') {
    event.response.finalUserStatus = 'CONFIRMED';
  }
  return event;
};
