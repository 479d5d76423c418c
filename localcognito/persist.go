package localcognito

import (
	"cmp"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Durable state (Options.DataDir).
//
// Requests read and change the in-memory store as they always do. With a
// data directory the server also writes, to DIR/localcognito.db (bbolt),
// everything a client could later rely on, and answers a request only
// once what it changed is committed (bbolt fsyncs on commit):
//
//   - pools with their settings, app clients with their secrets, users
//     (SRP salt and verifier, attributes, status, pending code hashes,
//     MFA settings and TOTP secrets, remembered devices, lockout
//     counters), sign-in sessions (refresh-token hashes, rotation,
//     revocation), the outbox, the RSA signing key (tokens issued before a
//     restart verify against the JWKS after it) and the key behind
//     PreventUserExistenceErrors' simulated answers (they stay the same);
//   - but not pending challenges (SECRET_BLOCK and Session handles) nor
//     the key that seals them. They live for Options.SessionTTL (3
//     minutes) and only carry a sign-in between its steps: a restart ends
//     sign-ins in progress, which then start over, and InitiateAuth, the
//     first step, writes nothing to disk.
//
// How a change gets there: code that changes a record touches it
// (store.touchUser and friends, under store.mu). When a request ends,
// Server.commit encodes every touched record, drops those whose encoding
// is what was last written, and queues the rest as a batch of puts and
// deletes, all under store.mu so that batches queue in the order their
// states were reached. One writer goroutine commits the queue in order,
// taking every batch queued so far into one transaction (group commit),
// and the request waits until every batch queued up to its own is
// committed, then answers. A request that changed nothing waits for the
// batches queued before it ends, so no answer reflects state that is not
// yet on disk; with nothing queued that costs a lock and no more.
// Touching more than changed is harmless: an unchanged record costs an
// encoding, not a write. If a commit fails the server fails stop: memory
// and disk have parted, so that request and every later one answers
// InternalErrorException.
//
// Layout: buckets meta (format, signingKey, existenceKey), pools and
// clients and sessions (JSON by id), users (a bucket per pool id, JSON by
// internal user name) and outbox (JSON by big-endian sequence number).

const (
	dataFile   = "localcognito.db"
	dataFormat = "1"
)

var (
	bucketMeta     = []byte("meta")
	bucketPools    = []byte("pools")
	bucketClients  = []byte("clients")
	bucketUsers    = []byte("users")
	bucketSessions = []byte("sessions")
	bucketOutbox   = []byte("outbox")
	allBuckets     = [][]byte{bucketMeta, bucketPools, bucketClients, bucketUsers, bucketSessions, bucketOutbox}
)

// recKind orders a batch: pools before the users they hold.
type recKind uint8

const (
	recPool recKind = iota + 1
	recClient
	recUser
	recSession
)

// recKey names a record: a pool, client or session id in a; a user's
// pool id in a and internal user name in b.
type recKey struct {
	kind recKind
	a, b string
}

// journal is what the store knows about the disk: records touched since
// the last commit, and the digest of each record's last written encoding.
type journal struct {
	dirty map[recKey]struct{}
	sums  map[recKey][sha256.Size]byte
}

func newJournal() *journal {
	return &journal{dirty: map[recKey]struct{}{}, sums: map[recKey][sha256.Size]byte{}}
}

func (s *store) touch(k recKey) {
	if s.journal != nil {
		s.journal.dirty[k] = struct{}{}
	}
}

// touchPool, touchClient, touchUser and touchSession mark a record as
// possibly changed or deleted; s.mu is held.
func (s *store) touchPool(id string)     { s.touch(recKey{kind: recPool, a: id}) }
func (s *store) touchClient(id string)   { s.touch(recKey{kind: recClient, a: id}) }
func (s *store) touchSession(jti string) { s.touch(recKey{kind: recSession, a: jti}) }
func (s *store) touchUser(poolID, username string) {
	s.touch(recKey{kind: recUser, a: poolID, b: username})
}

// dbOp is one change in a batch: a put (val set), a key deletion (val
// nil), or, with key nil, the deletion of sub (a pool's users) or, with
// sub nil too, the emptying of the whole bucket (the outbox).
type dbOp struct {
	bucket, sub, key, val []byte
}

func (o *dbOp) apply(tx *bolt.Tx) error {
	b := tx.Bucket(o.bucket)
	switch {
	case o.key == nil && o.sub != nil:
		if b.Bucket(o.sub) == nil {
			return nil
		}
		return b.DeleteBucket(o.sub)
	case o.key == nil:
		if err := tx.DeleteBucket(o.bucket); err != nil {
			return err
		}
		_, err := tx.CreateBucket(o.bucket)
		return err
	case o.sub != nil && o.val == nil:
		if b = b.Bucket(o.sub); b == nil {
			return nil
		}
	case o.sub != nil:
		var err error
		if b, err = b.CreateBucketIfNotExists(o.sub); err != nil {
			return err
		}
	}
	if o.val == nil {
		return b.Delete(o.key)
	}
	return b.Put(o.key, o.val)
}

// collectLocked turns the touched records and the outbox's changes into a
// batch; s.mu is held.
func (s *store) collectLocked(o *outbox) ([]dbOp, error) {
	j := s.journal
	keys := make([]recKey, 0, len(j.dirty))
	for k := range j.dirty {
		keys = append(keys, k)
	}
	clear(j.dirty)
	slices.SortFunc(keys, func(x, y recKey) int { return cmp.Compare(x.kind, y.kind) })
	var ops []dbOp
	for _, k := range keys {
		op, rec := s.recordLocked(k)
		if rec == nil { // gone: delete it if it was ever written
			if _, written := j.sums[k]; !written {
				continue
			}
			delete(j.sums, k)
			ops = append(ops, op)
			if k.kind == recPool {
				ops = append(ops, dbOp{bucket: bucketUsers, sub: []byte(k.a)})
				for sk := range j.sums {
					if sk.kind == recUser && sk.a == k.a {
						delete(j.sums, sk)
					}
				}
			}
			continue
		}
		val, err := json.Marshal(rec)
		if err != nil {
			return nil, fmt.Errorf("localcognito: encoding %v: %w", k, err)
		}
		sum := sha256.Sum256(val)
		if old, ok := j.sums[k]; ok && old == sum {
			continue
		}
		j.sums[k] = sum
		op.val = val
		ops = append(ops, op)
	}
	return append(ops, o.collect()...), nil
}

// recordLocked locates a record: its op (without a value) and its
// encodable form, nil when it no longer exists. s.mu is held.
func (s *store) recordLocked(k recKey) (dbOp, any) {
	switch k.kind {
	case recPool:
		op := dbOp{bucket: bucketPools, key: []byte(k.a)}
		if p := s.pools[k.a]; p != nil {
			return op, poolRecordOf(p)
		}
		return op, nil
	case recClient:
		op := dbOp{bucket: bucketClients, key: []byte(k.a)}
		if c := s.clients[k.a]; c != nil {
			return op, clientRecordOf(c)
		}
		return op, nil
	case recUser:
		op := dbOp{bucket: bucketUsers, sub: []byte(k.a), key: []byte(k.b)}
		if p := s.pools[k.a]; p != nil && p.users[k.b] != nil {
			return op, userRecordOf(p.users[k.b])
		}
		return op, nil
	default:
		op := dbOp{bucket: bucketSessions, key: []byte(k.a)}
		if sess := s.sessions[k.a]; sess != nil {
			return op, sessionRecordOf(sess)
		}
		return op, nil
	}
}

// durable owns the database and its writer goroutine.
type durable struct {
	db   *bolt.DB
	mu   sync.Mutex
	cond *sync.Cond
	// queue holds batches not yet committed; queued counts batches ever
	// queued and committed those committed (or failed).
	queue             []dbOp
	queued, committed uint64
	err               error // sticky: the first failed commit
	closed            bool
	done              chan struct{}
}

var errClosed = errors.New("localcognito: the server is closed")

func (d *durable) start() {
	d.cond = sync.NewCond(&d.mu)
	d.done = make(chan struct{})
	go d.run()
}

// enqueue queues a batch and returns the number to wait for: that of the
// last batch queued, this one or, when ops is empty, an earlier one that
// may hold what the caller read.
func (d *durable) enqueue(ops []dbOp) uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(ops) > 0 && !d.closed {
		d.queue = append(d.queue, ops...)
		d.queued++
		d.cond.Broadcast()
	}
	return d.queued
}

// wait blocks until batch n is committed.
func (d *durable) wait(n uint64) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.committed < n && d.err == nil && !d.closed {
		d.cond.Wait()
	}
	switch {
	case d.err != nil:
		return d.err
	case d.committed < n:
		return errClosed
	}
	return nil
}

// run commits queued batches in order until close.
func (d *durable) run() {
	defer close(d.done)
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		for len(d.queue) == 0 && !d.closed {
			d.cond.Wait()
		}
		if len(d.queue) == 0 {
			return
		}
		batch, upTo, failed := d.queue, d.queued, d.err != nil
		d.queue = nil
		d.mu.Unlock()
		var err error
		if !failed {
			err = d.db.Update(func(tx *bolt.Tx) error {
				for i := range batch {
					if err := batch[i].apply(tx); err != nil {
						return err
					}
				}
				return nil
			})
		}
		d.mu.Lock()
		if err != nil && d.err == nil {
			d.err = fmt.Errorf("localcognito: writing %s: %w", d.db.Path(), err)
		}
		d.committed = upTo
		d.cond.Broadcast()
	}
}

// close commits what is queued, stops the writer and closes the database.
func (d *durable) close() error {
	d.mu.Lock()
	d.closed = true
	d.cond.Broadcast()
	d.mu.Unlock()
	<-d.done
	return d.db.Close()
}

// commit writes every change made so far and waits until it is on disk;
// a no-op without Options.DataDir. Handlers' changes are committed by
// serveOperation before it answers.
func (s *Server) commit() error {
	d := s.durable
	if d == nil {
		return nil
	}
	s.store.mu.Lock()
	ops, err := s.store.collectLocked(&s.outbox)
	n := d.enqueue(ops)
	s.store.mu.Unlock()
	if err != nil {
		return err
	}
	return d.wait(n)
}

// Close commits outstanding changes and closes the data directory's
// database; the Server must not serve requests afterwards. It does
// nothing without Options.DataDir.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.durable == nil {
			return
		}
		err = errors.Join(s.commit(), s.durable.close())
	})
	return err
}

// openData opens (creating if need be) the database in dir, loads its
// state into the store, and returns its signing key, nil when it has none
// yet; storeKey then records the one New makes.
func (s *Server) openData(dir string) (*rsa.PrivateKey, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("localcognito: data directory: %w", err)
	}
	path := filepath.Join(dir, dataFile)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("localcognito: %s is locked by another process", path)
	}
	if err != nil {
		return nil, fmt.Errorf("localcognito: opening %s: %w", path, err)
	}
	var key *rsa.PrivateKey
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		switch f := meta.Get([]byte("format")); {
		case f == nil:
			if err := meta.Put([]byte("format"), []byte(dataFormat)); err != nil {
				return err
			}
		case string(f) != dataFormat:
			return fmt.Errorf("format %q, this build reads %q", f, dataFormat)
		}
		if der := meta.Get([]byte("signingKey")); der != nil {
			k, err := x509.ParsePKCS8PrivateKey(der)
			if rk, ok := k.(*rsa.PrivateKey); ok && err == nil {
				key = rk
			} else {
				return fmt.Errorf("signing key: %v", err)
			}
		}
		if ek := meta.Get([]byte("existenceKey")); ek != nil {
			s.existenceKey = slices.Clone(ek)
		} else if err := meta.Put([]byte("existenceKey"), s.existenceKey); err != nil {
			return err
		}
		return s.load(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("localcognito: %s: %w", path, err)
	}
	s.durable = &durable{db: db}
	s.durable.start()
	s.outbox.persist = true
	return key, nil
}

// storeKey records a freshly made signing key.
func (s *Server) storeKey(key *rsa.PrivateKey) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return s.durable.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("signingKey"), der)
	})
}

// load reads every record into the empty store and notes what it read as
// written.
func (s *Server) load(tx *bolt.Tx) error {
	st := s.store
	st.journal = newJournal()
	note := func(k recKey, rec any) {
		if val, err := json.Marshal(rec); err == nil {
			st.journal.sums[k] = sha256.Sum256(val)
		}
	}
	err := tx.Bucket(bucketPools).ForEach(func(k, v []byte) error {
		var r poolRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("pool %s: %w", k, err)
		}
		p := r.pool()
		st.pools[p.id] = p
		note(recKey{kind: recPool, a: p.id}, poolRecordOf(p))
		users := tx.Bucket(bucketUsers).Bucket(k)
		if users == nil {
			return nil
		}
		return users.ForEach(func(name, v []byte) error {
			var r userRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("user %s in %s: %w", name, k, err)
			}
			u := r.user()
			p.users[u.username] = u
			note(recKey{kind: recUser, a: p.id, b: u.username}, userRecordOf(u))
			return nil
		})
	})
	if err != nil {
		return err
	}
	err = tx.Bucket(bucketClients).ForEach(func(k, v []byte) error {
		var r clientRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("client %s: %w", k, err)
		}
		c := r.client()
		st.clients[c.id] = c
		note(recKey{kind: recClient, a: c.id}, clientRecordOf(c))
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
		var r sessionRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("session %s: %w", k, err)
		}
		jti, sess := string(k), r.session()
		st.sessions[jti] = sess
		st.refresh[sess.refreshHash] = jti
		if sess.prevHash != "" {
			st.refresh[sess.prevHash] = jti
		}
		note(recKey{kind: recSession, a: jti}, sessionRecordOf(sess))
		return nil
	})
	if err != nil {
		return err
	}
	return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
		var m Message
		if err := json.Unmarshal(v, &m); err != nil || len(k) != 8 {
			return fmt.Errorf("outbox message %x: %v", k, err)
		}
		m.seq = binary.BigEndian.Uint64(k)
		s.outbox.msgs = append(s.outbox.msgs, m)
		s.outbox.next = m.seq + 1
		return nil
	})
}

func seqKey(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// Records: the stored forms of the store's types. Every field of
// userPool (but users), appClient, user, device, authSession and their
// parts is here; TestRecordsCoverEveryField fails when one is added
// without being stored.

type poolRecord struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Policy          passwordPolicy `json:"policy"`
	AutoVerify      []string       `json:"autoVerify,omitempty"`
	MFAMode         string         `json:"mfaMode"`
	MFASMS          bool           `json:"mfaSms,omitempty"`
	MFATOTP         bool           `json:"mfaTotp,omitempty"`
	MFAEmail        bool           `json:"mfaEmail,omitempty"`
	Devices         *deviceConfig  `json:"devices,omitempty"`
	UsernameAttrs   []string       `json:"usernameAttrs,omitempty"`
	AliasAttrs      []string       `json:"aliasAttrs,omitempty"`
	CaseInsensitive bool           `json:"caseInsensitive,omitempty"`
	Lambda          *lambdaConfig  `json:"lambda,omitempty"`
	FirstFactors    []string       `json:"firstFactors,omitempty"`
	Required        []string       `json:"required,omitempty"`
	Created         time.Time      `json:"created"`
	Modified        time.Time      `json:"modified"`
}

func poolRecordOf(p *userPool) *poolRecord {
	return &poolRecord{ID: p.id, Name: p.name, Policy: p.policy, AutoVerify: p.autoVerify,
		MFAMode: p.mfa.mode, MFASMS: p.mfa.sms, MFATOTP: p.mfa.totp, MFAEmail: p.mfa.email,
		Devices: p.devices, UsernameAttrs: p.usernameAttrs, AliasAttrs: p.aliasAttrs,
		CaseInsensitive: p.caseInsensitive, Lambda: p.lambda, FirstFactors: p.firstFactors,
		Required: p.required, Created: p.created, Modified: p.modified}
}

func (r *poolRecord) pool() *userPool {
	return &userPool{id: r.ID, name: r.Name, policy: r.Policy, autoVerify: r.AutoVerify,
		mfa:     poolMFA{mode: r.MFAMode, sms: r.MFASMS, totp: r.MFATOTP, email: r.MFAEmail},
		devices: r.Devices, usernameAttrs: r.UsernameAttrs, aliasAttrs: r.AliasAttrs,
		caseInsensitive: r.CaseInsensitive, lambda: r.Lambda, firstFactors: r.FirstFactors,
		required: r.Required, created: r.Created, modified: r.Modified, users: map[string]*user{}}
}

type clientRecord struct {
	ID               string    `json:"id"`
	PoolID           string    `json:"poolId"`
	Name             string    `json:"name"`
	Secret           string    `json:"secret,omitempty"`
	AuthFlows        []string  `json:"authFlows"`
	RotationGrace    *int      `json:"rotationGraceSeconds,omitempty"` // nil: no rotation
	PreventExistence bool      `json:"preventExistence,omitempty"`
	Created          time.Time `json:"created"`
	Modified         time.Time `json:"modified"`
}

func clientRecordOf(c *appClient) *clientRecord {
	r := &clientRecord{ID: c.id, PoolID: c.poolID, Name: c.name, Secret: c.secret, AuthFlows: c.authFlows,
		PreventExistence: c.preventExistence, Created: c.created, Modified: c.modified}
	if c.rotation != nil {
		r.RotationGrace = &c.rotation.graceSeconds
	}
	return r
}

func (r *clientRecord) client() *appClient {
	c := &appClient{id: r.ID, poolID: r.PoolID, name: r.Name, secret: r.Secret, authFlows: r.AuthFlows,
		preventExistence: r.PreventExistence, created: r.Created, modified: r.Modified}
	if r.RotationGrace != nil {
		c.rotation = &rotationConfig{graceSeconds: *r.RotationGrace}
	}
	return c
}

type userRecord struct {
	Username    string                  `json:"username"`
	Sub         string                  `json:"sub"`
	Attrs       []attribute             `json:"attrs,omitempty"`
	Status      string                  `json:"status"`
	Enabled     bool                    `json:"enabled"`
	Created     time.Time               `json:"created"`
	Modified    time.Time               `json:"modified"`
	Salt        string                  `json:"salt"`
	Verifier    []byte                  `json:"verifier"`
	Codes       map[string]codeRecord   `json:"codes,omitempty"`
	SMS         bool                    `json:"mfaSms,omitempty"`
	TOTP        bool                    `json:"mfaTotp,omitempty"`
	Email       bool                    `json:"mfaEmail,omitempty"`
	Preferred   string                  `json:"mfaPreferred,omitempty"`
	TOTPSecret  string                  `json:"totpSecret,omitempty"`
	PendingTOTP string                  `json:"pendingTotp,omitempty"`
	Failures    int                     `json:"lockFailures,omitempty"`
	LockedUntil time.Time               `json:"lockedUntil"`
	LastFailure time.Time               `json:"lastFailure"`
	Devices     map[string]deviceRecord `json:"devices,omitempty"`
}

type codeRecord struct {
	Hash    []byte    `json:"hash"`
	Expires time.Time `json:"expires"`
	Misses  int       `json:"misses,omitempty"`
	Attr    string    `json:"attr,omitempty"`
}

type deviceRecord struct {
	GroupKey  string    `json:"groupKey"`
	Name      string    `json:"name,omitempty"`
	Salt      []byte    `json:"salt,omitempty"`
	Verifier  []byte    `json:"verifier,omitempty"`
	Confirmed bool      `json:"confirmed,omitempty"`
	Status    string    `json:"status"`
	Created   time.Time `json:"created"`
	Modified  time.Time `json:"modified"`
	LastAuth  time.Time `json:"lastAuth"`
}

func userRecordOf(u *user) *userRecord {
	r := &userRecord{Username: u.username, Sub: u.sub, Attrs: u.attrs, Status: u.status, Enabled: u.enabled,
		Created: u.created, Modified: u.modified, Salt: u.salt, Verifier: u.verifier,
		SMS: u.mfa.sms, TOTP: u.mfa.totp, Email: u.mfa.email, Preferred: u.mfa.preferred,
		TOTPSecret: u.mfa.totpSecret, PendingTOTP: u.mfa.pendingTOTP,
		Failures: u.lock.failures, LockedUntil: u.lock.until, LastFailure: u.lock.last}
	if len(u.codes) > 0 {
		r.Codes = make(map[string]codeRecord, len(u.codes))
		for k, c := range u.codes {
			r.Codes[k] = codeRecord{Hash: c.hash, Expires: c.expires, Misses: c.misses, Attr: c.attr}
		}
	}
	if len(u.devices) > 0 {
		r.Devices = make(map[string]deviceRecord, len(u.devices))
		for k, d := range u.devices {
			r.Devices[k] = deviceRecord{GroupKey: d.groupKey, Name: d.name, Salt: d.salt, Verifier: d.verifier,
				Confirmed: d.confirmed, Status: d.status, Created: d.created, Modified: d.modified, LastAuth: d.lastAuth}
		}
	}
	return r
}

func (r *userRecord) user() *user {
	u := &user{username: r.Username, sub: r.Sub, attrs: r.Attrs, status: r.Status, enabled: r.Enabled,
		created: r.Created, modified: r.Modified, salt: r.Salt, verifier: r.Verifier,
		mfa: userMFA{sms: r.SMS, totp: r.TOTP, email: r.Email, preferred: r.Preferred,
			totpSecret: r.TOTPSecret, pendingTOTP: r.PendingTOTP},
		lock: lockout{failures: r.Failures, until: r.LockedUntil, last: r.LastFailure}}
	if len(r.Codes) > 0 {
		u.codes = make(map[string]*pendingCode, len(r.Codes))
		for k, c := range r.Codes {
			u.codes[k] = &pendingCode{hash: c.Hash, expires: c.Expires, misses: c.Misses, attr: c.Attr}
		}
	}
	if len(r.Devices) > 0 {
		u.devices = make(map[string]*device, len(r.Devices))
		for k, d := range r.Devices {
			u.devices[k] = &device{key: k, groupKey: d.GroupKey, name: d.Name, salt: d.Salt, verifier: d.Verifier,
				confirmed: d.Confirmed, status: d.Status, created: d.Created, modified: d.Modified, lastAuth: d.LastAuth}
		}
	}
	return u
}

type sessionRecord struct {
	PoolID      string    `json:"poolId"`
	ClientID    string    `json:"clientId"`
	Username    string    `json:"username"`
	DeviceKey   string    `json:"deviceKey,omitempty"`
	AuthTime    time.Time `json:"authTime"`
	RefreshHash string    `json:"refreshHash"`
	PrevHash    string    `json:"prevHash,omitempty"`
	PrevUntil   time.Time `json:"prevUntil"`
	Revoked     bool      `json:"revoked,omitempty"`
	Expires     time.Time `json:"expires"`
}

func sessionRecordOf(s *authSession) *sessionRecord {
	return &sessionRecord{PoolID: s.poolID, ClientID: s.clientID, Username: s.username, DeviceKey: s.deviceKey,
		AuthTime: s.authTime, RefreshHash: s.refreshHash, PrevHash: s.prevHash, PrevUntil: s.prevUntil,
		Revoked: s.revoked, Expires: s.expires}
}

func (r *sessionRecord) session() *authSession {
	return &authSession{poolID: r.PoolID, clientID: r.ClientID, username: r.Username, deviceKey: r.DeviceKey,
		authTime: r.AuthTime, refreshHash: r.RefreshHash, prevHash: r.PrevHash, prevUntil: r.PrevUntil,
		revoked: r.Revoked, expires: r.Expires}
}
