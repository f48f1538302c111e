package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// groupCommit batches SQLite write transactions. SQLite has one writer and
// every commit writes the pages it touched to the WAL again: index leaves,
// table pages, a new FTS5 segment. InTx calls that arrive while the writer
// is busy queue; the next leader runs each of them inside one outer
// transaction, each unit between SAVEPOINT and RELEASE, commits once and
// only then tells every unit it is done. A unit arriving at an idle writer
// runs and commits alone at once: nothing waits for company.
//
// A unit's InTx returns nil only after the COMMIT that holds its writes
// succeeded. A unit that fails is rolled back to its savepoint and the
// others go on; it gets its error after the COMMIT too, since the failure may
// come from the writes of the units before it (a unique key one of them
// took). When the outer transaction is lost (a failed COMMIT, or SQLite
// rolling it all back, as it does when a write inside an explicit
// transaction is interrupted by a cancelled context), every other unit of
// the batch runs again alone in its own transaction, as InTx already reruns
// units on busy errors; the unit that lost it gets its error (one that
// reported none runs again alone too).
//
// Each unit's fn runs in its caller's goroutine (the leader hands it the
// transaction and waits), so panics, runtime.Goexit and stacks stay where
// they were; statements run under the unit's context, the outer
// transaction under none.
type groupCommit struct {
	d     *DB
	mu    sync.Mutex
	busy  bool    // a lone unit or a leader holds the writer
	queue []*unit // waiting units, oldest first

	commits atomic.Int64 // commits attempted, lone and batched (for tests)
}

// A batch takes at most maxBatch units and stops taking more once it has
// run for maxBatchTime, so that a unit waits for the commit no longer than
// a few milliseconds of other units' work.
const maxBatch = 64

var maxBatchTime = 5 * time.Millisecond

// beforeGroupCommit, when set by a test, runs before a batch's COMMIT; an
// error stands for a failed COMMIT (the batch is rolled back instead).
var beforeGroupCommit func() error

// errGroupAborted is what the statements of a unit get once SQLite rolled
// the batch's transaction back: more writes would run outside it.
var errGroupAborted = errors.New("db: the transaction was rolled back by SQLite")

type unitState uint8

const (
	unitFailed   unitState = iota // rolled back to its savepoint: nothing to commit
	unitReleased                  // its writes wait for the commit
	unitAborted                   // the outer transaction is gone
)

// Every unit but the one that lost the transaction waits for the batch's
// end: result is true once the writes of the batch are committed (or there
// were none), false when they are lost and the unit must run again alone.

type unit struct {
	taken  bool         // popped by a leader (guarded by groupCommit.mu)
	turn   chan *sql.Tx // the batch's transaction, or nil: run alone
	ran    chan unitState
	result chan bool
}

// batchState marks the Tx of a unit run in a batch: its statements stop
// once it lost the batch's transaction.
type batchState struct {
	aborted atomic.Bool
}

// writeOnce is one attempt of InTx on SQLite.
func (d *DB) writeOnce(ctx context.Context, fn func(ctx context.Context) error) error {
	g := d.group
	if opts, _ := ctx.Value(txOptsKey{}).(*sql.TxOptions); g == nil || (opts != nil && opts.ReadOnly) {
		// A read-only transaction begins DEFERRED: a batch cannot give it
		// that. (SQLite ignores the isolation level: its writer is serial.)
		return d.inTxOnce(ctx, fn)
	}
	g.mu.Lock()
	if !g.busy {
		g.busy = true
		g.mu.Unlock()
		defer g.release()
		return d.inTxOnce(ctx, fn)
	}
	u := &unit{turn: make(chan *sql.Tx, 1), ran: make(chan unitState, 1), result: make(chan bool, 1)}
	g.queue = append(g.queue, u)
	g.mu.Unlock()
	var outer *sql.Tx
	select {
	case outer = <-u.turn:
	case <-ctx.Done():
		if g.leave(u) {
			return fmt.Errorf("db: wait for the writer: %w", ctx.Err())
		}
		outer = <-u.turn // a leader took it and hands it the turn now
	}
	if outer == nil {
		return d.inTxOnce(ctx, fn)
	}
	return d.runUnit(ctx, u, outer, fn)
}

// runUnit runs fn between a savepoint and its release in the batch's
// transaction outer, and waits for the batch's commit.
func (d *DB) runUnit(ctx context.Context, u *unit, outer *sql.Tx, fn func(ctx context.Context) error) error {
	if _, err := outer.ExecContext(ctx, "SAVEPOINT group_unit"); err != nil {
		u.ran <- unitFailed // a done context: nothing ran
		return fmt.Errorf("db: savepoint: %w", err)
	}
	tx := &Tx{tx: outer, d: d.Dialect, cache: d.writeStmts, watch: &d.watch, batch: &batchState{}}
	defer func() {
		if len(tx.missed) > 0 {
			tx.cache.warmLater(tx.missed)
		}
	}()
	returned := false
	defer func() {
		if !returned { // fn panicked or called runtime.Goexit: that goes on once the batch can
			u.ran <- rollbackUnit(tx)
		}
	}()
	err := fn(context.WithValue(ctx, txKey{}, tx))
	returned = true
	if err != nil {
		st := rollbackUnit(tx)
		u.ran <- st
		// The failure may come from the uncommitted writes of the units
		// before it (a unique key they took): it stands once they commit.
		if st == unitFailed && !<-u.result {
			return d.inTxOnce(ctx, fn)
		}
		return err
	}
	if tx.batch.aborted.Load() {
		u.ran <- unitAborted
		return d.inTxOnce(ctx, fn)
	}
	if _, err := outer.ExecContext(context.WithoutCancel(ctx), "RELEASE group_unit"); err != nil {
		u.ran <- unitAborted // no such savepoint: fn's statements lost the transaction
		return d.inTxOnce(ctx, fn)
	}
	u.ran <- unitReleased
	if !<-u.result {
		return d.inTxOnce(ctx, fn)
	}
	run(tx.after)
	return nil
}

// rollbackUnit undoes a unit's writes and reports whether the batch's
// transaction survived.
func rollbackUnit(tx *Tx) unitState {
	if tx.batch.aborted.Load() {
		return unitAborted
	}
	bg := context.Background()
	if _, err := tx.tx.ExecContext(bg, "ROLLBACK TO group_unit"); err != nil {
		return unitAborted
	}
	if _, err := tx.tx.ExecContext(bg, "RELEASE group_unit"); err != nil {
		return unitAborted
	}
	return unitFailed
}

// checkAlive runs after a statement of a batched unit failed: SQLite rolls
// the whole transaction back on some failures (an interrupted write, a full
// disk, an I/O error), and later statements would then commit one by one.
// A BEGIN fails inside a transaction; when it succeeds the batch was lost.
func (t *Tx) checkAlive(err error) {
	if t.batch == nil || err == nil || t.batch.aborted.Load() {
		return
	}
	bg := context.Background()
	if _, e := t.tx.ExecContext(bg, "BEGIN"); e == nil {
		_, _ = t.tx.ExecContext(bg, "ROLLBACK")
		t.batch.aborted.Store(true)
	}
}

// lost reports whether the batch of t lost its transaction.
func (t *Tx) lost() bool { return t.batch != nil && t.batch.aborted.Load() }

// release ends a lone unit's hold on the writer: units queued meanwhile get
// a leader.
func (g *groupCommit) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.busy = false
		return
	}
	go g.lead()
}

// leave takes u out of the queue unless a leader took it already.
func (g *groupCommit) leave(u *unit) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if u.taken {
		return false
	}
	for i, v := range g.queue {
		if v == u {
			g.queue = append(g.queue[:i], g.queue[i+1:]...)
			break
		}
	}
	return true
}

func (g *groupCommit) pop() *unit {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		return nil
	}
	u := g.queue[0]
	g.queue[0] = nil
	g.queue = g.queue[1:]
	u.taken = true
	return u
}

// lead runs batches until the queue is empty.
func (g *groupCommit) lead() {
	for {
		g.mu.Lock()
		if len(g.queue) == 0 {
			g.busy = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		// Not under a unit's context: database/sql rolls a transaction back
		// when the context it began with ends.
		outer, err := g.d.Write.BeginTx(context.Background(), nil)
		if err != nil { // every waiting unit tries alone and meets the failure itself
			for u := g.pop(); u != nil; u = g.pop() {
				u.turn <- nil
			}
			continue
		}
		g.batch(outer)
	}
}

func (g *groupCommit) batch(outer *sql.Tx) {
	start := time.Now()
	var members []*unit
	aborted, writes := false, false
	for n := 0; n < maxBatch && !aborted && (n == 0 || time.Since(start) < maxBatchTime); n++ {
		u := g.pop()
		if u == nil {
			break
		}
		u.turn <- outer
		switch <-u.ran {
		case unitReleased:
			members = append(members, u)
			writes = true
		case unitFailed:
			members = append(members, u)
		case unitAborted:
			aborted = true
		}
	}
	kept := false // what the members saw of the units before them holds
	switch {
	case aborted:
		_ = outer.Rollback()
	case !writes:
		kept = outer.Rollback() == nil
	case beforeGroupCommit != nil && beforeGroupCommit() != nil:
		_ = outer.Rollback()
	case !g.beforeCommit(outer):
		_ = outer.Rollback()
	default:
		g.commits.Add(1)
		kept = outer.Commit() == nil
		g.d.ckpt.wrote()
	}
	for _, u := range members {
		u.result <- kept
	}
}

// beforeCommit runs the store's BeforeCommit once for the whole batch, after
// its last unit released its savepoint; false loses the batch (each member
// then runs again alone, meeting the failure itself).
func (g *groupCommit) beforeCommit(outer *sql.Tx) bool {
	if g.d.BeforeCommit == nil {
		return true
	}
	tx := &Tx{tx: outer, d: g.d.Dialect, cache: g.d.writeStmts, watch: &g.d.watch}
	err := g.d.BeforeCommit(context.Background(), tx)
	if len(tx.missed) > 0 {
		tx.cache.warmLater(tx.missed)
	}
	return err == nil
}
