package localcognito

import (
	"fmt"
	"net/http"
)

// apiError is an error as Cognito's JSON protocol sends it: an HTTP status,
// the exception name in __type and x-amzn-ErrorType, and a message.
type apiError struct {
	Status  int
	Type    string
	Message string
	// capitalMessage renders the message as "Message", the way Cognito's
	// protocol layer does for SerializationException.
	capitalMessage bool
	// reason is logged but never sent: it says why a deliberately vague
	// error (e.g. "Incorrect username or password.") was returned.
	reason string
}

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

func newError(status int, typ, format string, args ...any) *apiError {
	return &apiError{Status: status, Type: typ, Message: fmt.Sprintf(format, args...)}
}

// withReason records a log-only explanation.
func (e *apiError) withReason(reason string) *apiError {
	e.reason = reason
	return e
}

func errInvalidParameter(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "InvalidParameterException", format, args...)
}

func errNotAuthorized(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "NotAuthorizedException", format, args...)
}

func errResourceNotFound(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "ResourceNotFoundException", format, args...)
}

func errSerialization(msg string) *apiError {
	e := newError(http.StatusBadRequest, "SerializationException", "%s", msg)
	e.capitalMessage = true
	return e
}

func errInternal() *apiError {
	return newError(http.StatusInternalServerError, "InternalErrorException", "Internal server error.")
}

// Messages Cognito uses verbatim; clients match on some of them.
const (
	msgIncorrectPassword = "Incorrect username or password."
	msgUserNotFound      = "User does not exist."
	msgUserDisabled      = "User is disabled."
	msgInvalidSession    = "Invalid session for the user."
	msgExpiredSession    = "Invalid session for the user, session is expired."
	msgUserExists        = "User account already exists"
)

func errIncorrectPassword(reason string) *apiError {
	return errNotAuthorized(msgIncorrectPassword).withReason(reason)
}

func errUserNotFound() *apiError {
	return newError(http.StatusBadRequest, "UserNotFoundException", msgUserNotFound)
}

func errPoolNotFound(poolID string) *apiError {
	return errResourceNotFound("User pool %s does not exist.", poolID)
}

func errClientNotFound(clientID string) *apiError {
	return errResourceNotFound("User pool client %s does not exist.", clientID)
}

func errSecretHash(clientID string) *apiError {
	return errNotAuthorized("Unable to verify secret hash for client %s", clientID)
}

func errMissingParameter(name string) *apiError {
	return errInvalidParameter("Missing required parameter %s", name)
}

// errValidation renders Coral's model-validation wording, which Cognito
// returns as InvalidParameterException.
func errValidation(value, field, constraint string) *apiError {
	return errInvalidParameter("1 validation error detected: Value %s at '%s' failed to satisfy constraint: %s", value, field, constraint)
}

func errRequired(field string) *apiError {
	return errValidation("null", field, "Member must not be null")
}
