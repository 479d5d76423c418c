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
// verification runs outside the lock. A failure for a name no user has
// (a simulated challenge) counts against that name.
func (s *Server) recordFailure(rc *reqCtx, poolID, username string) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	s.lockoutLocked(rc, poolID, username).fail(rc.now)
}

// Names no user has meet the same lockout as users when a client hides
// whether users exist (PreventUserExistenceErrors): otherwise "Password
// attempts exceeded" would come only for real users and name them.
// Their counters live in memory only, at most maxPhantoms of them.
const maxPhantoms = 10000

// lockoutLocked is the lockout of a name in a pool: its user's, or the
// phantom one of a name no user has. s.store.mu is held.
func (s *Server) lockoutLocked(rc *reqCtx, poolID, name string) *lockout {
	if p := s.store.pools[poolID]; p != nil {
		if u := s.store.lookupLocked(p, name); u != nil {
			return &u.lock
		}
		name = p.fold(name)
	}
	key := poolID + "\x00" + name
	l := s.store.phantoms[key]
	if l == nil {
		s.prunePhantomsLocked(rc.now)
		l = &lockout{}
		s.store.phantoms[key] = l
	}
	return l
}

// prunePhantomsLocked makes room for one more phantom lockout: first by
// forgetting those that no longer count, then any.
func (s *Server) prunePhantomsLocked(now time.Time) {
	if len(s.store.phantoms) < maxPhantoms {
		return
	}
	for k, l := range s.store.phantoms {
		if !l.locked(now) && l.failures == 0 {
			delete(s.store.phantoms, k)
		}
	}
	for k := range s.store.phantoms {
		if len(s.store.phantoms) < maxPhantoms {
			return
		}
		delete(s.store.phantoms, k)
	}
}

// hiddenFailure answers a password attempt that a client hiding user
// existence must not tell from a wrong password: the name's lockout,
// or a counted failure.
func (s *Server) hiddenFailure(rc *reqCtx, poolID, name, reason string) *apiError {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	l := s.lockoutLocked(rc, poolID, name)
	if l.locked(rc.now) {
		return errLockedOut()
	}
	l.fail(rc.now)
	return errIncorrectPassword(reason)
}

// hiddenLocked tells whether a name a client hides is locked out now.
func (s *Server) hiddenLocked(rc *reqCtx, poolID, name string) bool {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	return s.lockoutLocked(rc, poolID, name).locked(rc.now)
}

func (s *Server) recordSuccess(poolID, username string) {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if u := s.store.userLocked(poolID, username); u != nil {
		u.lock = lockout{}
	}
}
