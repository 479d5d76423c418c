package localcognito

import (
	"crypto/hmac"
	"time"

	"github.com/cognito-srp-wasm/cognito-srp-wasm/srp"
)

// Lockout follows Cognito's documented back-off: from the fifth
// consecutive failed password attempt on, the n-th failure locks the user
// out for 2^(n-5) seconds (1 s, 2 s, 4 s, …), at most 15 minutes. Attempts while locked fail with
// "Password attempts exceeded" and do not lengthen the lock; a success
// after the lock, or 15 minutes without attempts, starts over.

const (
	freeFailures  = 5
	maxLockout    = 15 * time.Minute
	lockoutForget = 15 * time.Minute
	msgLockedOut  = "Password attempts exceeded"
)

type lockout struct {
	failures int
	until    time.Time
	last     time.Time // the last attempt while failing
}

// locked reports whether attempts are refused now, forgetting failures
// after a quiet spell.
func (l *lockout) locked(now time.Time) bool {
	if l.failures > 0 && now.Sub(l.last) >= lockoutForget {
		*l = lockout{}
	}
	if now.Before(l.until) {
		l.last = now
		return true
	}
	return false
}

func (l *lockout) fail(now time.Time) {
	l.failures++
	l.last = now
	if n := l.failures - freeFailures; n >= 0 {
		d := maxLockout
		if n < 10 {
			d = min(time.Second<<n, maxLockout)
		}
		l.until = now.Add(d)
	}
}

func errLockedOut() *apiError { return errNotAuthorized(msgLockedOut) }

// checkPasswordLocked verifies a plaintext password by recomputing the
// SRP verifier with the stored salt; nothing else about it is kept.
// s.store.mu is held.
func (s *Server) checkPasswordLocked(rc *reqCtx, p *userPool, u *user, password string) *apiError {
	if u.lock.locked(rc.now) {
		return errLockedOut()
	}
	v, err := srp.Verifier(p.srpRealm(), u.username, password, u.salt)
	if err != nil {
		return errInternal().withReason(err.Error())
	}
	if !hmac.Equal(v, u.verifier) {
		u.lock.fail(rc.now)
		return errIncorrectPassword("password does not match the stored verifier")
	}
	u.lock = lockout{}
	return nil
}

// recordFailure and recordSuccess account for SRP attempts, whose
// verification runs outside the lock.
func (s *Server) recordFailure(rc *reqCtx, poolID, username string) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if u := s.store.userLocked(poolID, username); u != nil {
		u.lock.fail(rc.now)
	}
}

func (s *Server) recordSuccess(poolID, username string) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if u := s.store.userLocked(poolID, username); u != nil {
		u.lock = lockout{}
	}
}
