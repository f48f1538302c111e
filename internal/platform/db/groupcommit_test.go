package db_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// groupStore opens a SQLite database with a table t of ids.
func groupStore(t *testing.T) *db.DB {
	t.Helper()
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.Write.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)`); err != nil {
		t.Fatal(err)
	}
	return store
}

// queued runs units concurrently, each once the one before it is queued
// behind a first unit that holds the writer until all are queued, so that
// they meet the writer in the order given and batch. It returns their errors.
func queued(t *testing.T, store *db.DB, units []func(ctx context.Context) error) []error {
	t.Helper()
	return queuedCall(t, store, nil, units, func(_ int, ctx context.Context, fn func(context.Context) error) error {
		return store.InTx(ctx, fn)
	})
}

// queuedCall is queued with contexts ctxs (nil: Background) and call in
// place of InTx.
func queuedCall(t *testing.T, store *db.DB, ctxs []context.Context, units []func(ctx context.Context) error,
	call func(int, context.Context, func(context.Context) error) error) []error {
	t.Helper()
	hold := make(chan struct{})
	held := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := store.InTx(context.Background(), func(ctx context.Context) error {
			close(held)
			<-hold
			return nil
		}); err != nil {
			t.Error(err)
		}
	}()
	<-held
	errs := make([]error, len(units))
	for i, fn := range units {
		ctx := context.Background()
		if ctxs != nil && ctxs[i] != nil {
			ctx = ctxs[i]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = call(i, ctx, fn)
		}()
		waitFor(t, func() bool { return db.QueuedUnits(store) == i+1 })
	}
	close(hold)
	wg.Wait()
	return errs
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(100 * time.Microsecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10s")
		}
	}
}

func insert(store *db.DB, id int) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO t (id) VALUES (?)`, id)
		return err
	}
}

// ids returns the committed ids of t.
func ids(t *testing.T, store *db.DB) map[int]bool {
	t.Helper()
	rows, err := store.Read.Query(`SELECT id FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out[id] = true
	}
	return out
}

// TestGroupCommitBatches: units that queue while the writer is busy all
// commit, in fewer commits than units.
func TestGroupCommitBatches(t *testing.T) {
	store := groupStore(t)
	const n = 32
	var units []func(context.Context) error
	for i := range n {
		units = append(units, insert(store, i))
	}
	defer db.BatchTime(time.Minute)() // a slow machine (-race) would cut the batch
	before := db.GroupCommits(store)
	for i, err := range queued(t, store, units) {
		if err != nil {
			t.Fatalf("unit %d: %v", i, err)
		}
	}
	commits := db.GroupCommits(store) - before
	if got := ids(t, store); len(got) != n {
		t.Fatalf("%d of %d rows committed", len(got), n)
	}
	// One for the unit holding the writer, one for the queued units.
	if commits != 2 {
		t.Fatalf("%d commits for %d units, want 2", commits, n+1)
	}
	t.Logf("%d units, %d commits", n+1, commits)

	// Free for all: still every unit committed.
	var wg sync.WaitGroup
	errs := make([]error, 200)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = store.InTx(context.Background(), insert(store, 1000+i))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("unit %d: %v", i, err)
		}
	}
	if got := ids(t, store); len(got) != n+len(errs) {
		t.Fatalf("%d of %d rows committed", len(got), n+len(errs))
	}
}

// TestGroupCommitFailingUnit: a unit that fails, by its own error or by a
// failed statement, loses exactly its own writes; the units batched with it
// commit. After-commit callbacks run for committed units only, after the
// commit and before InTx returns.
func TestGroupCommitFailingUnit(t *testing.T) {
	store := groupStore(t)
	const n = 12
	var called [n]atomic.Bool
	for i := range n {
		i := i
		store.OnWrite([]string{fmt.Sprintf("/* unit %d */", i)}, func() {
			var id int
			if err := store.Read.QueryRow(`SELECT id FROM t WHERE id = ?`, i).Scan(&id); err != nil {
				t.Errorf("unit %d: callback before its row is committed: %v", i, err)
			}
			called[i].Store(true)
		})
	}
	errOwn := errors.New("own failure")
	var units []func(context.Context) error
	for i := range n {
		units = append(units, func(ctx context.Context) error {
			q := store.Q(ctx)
			if _, err := q.ExecContext(ctx, fmt.Sprintf(`INSERT INTO t (id) VALUES (?) /* unit %d */`, i), i); err != nil {
				return err
			}
			switch i % 3 {
			case 1:
				return errOwn
			case 2: // a failed statement (the key unit 0 took); the unit carries on and fails
				if _, err := q.ExecContext(ctx, `INSERT INTO t (id) VALUES (?)`, 0); err == nil {
					t.Errorf("unit %d: duplicate id accepted", i)
				}
				if _, err := q.ExecContext(ctx, `INSERT INTO t (id) VALUES (?)`, 100+i); err != nil {
					return err
				}
				return errOwn
			}
			return nil
		})
	}
	// A unit that failed on the key unit 0 took in the same batch learns it
	// once that key is committed, as a unit after that batch would.
	errs := queuedCall(t, store, nil, units, func(i int, ctx context.Context, fn func(context.Context) error) error {
		err := store.InTx(ctx, fn)
		if i%3 == 2 && !ids(t, store)[0] {
			t.Errorf("unit %d: failed on a key not committed yet", i)
		}
		return err
	})
	got := ids(t, store)
	for i, err := range errs {
		ok := i%3 == 0
		if ok && err != nil || !ok && !errors.Is(err, errOwn) {
			t.Errorf("unit %d: %v", i, err)
		}
		if got[i] != ok || got[100+i] {
			t.Errorf("unit %d: committed %v, want %v", i, got[i], ok)
		}
		if called[i].Load() != ok {
			t.Errorf("unit %d: after-commit callback ran %v, want %v", i, called[i].Load(), ok)
		}
	}
}

// TestGroupCommitPanic: a unit that panics panics in its caller, its writes
// rolled back; the units batched with it commit.
func TestGroupCommitPanic(t *testing.T) {
	store := groupStore(t)
	var units []func(context.Context) error
	for i := range 6 {
		units = append(units, func(ctx context.Context) error {
			if err := insert(store, i)(ctx); err != nil {
				return err
			}
			if i == 2 {
				panic("unit 2")
			}
			return nil
		})
	}
	var recovered atomic.Value
	// The panic is caught around InTx, in the caller's goroutine.
	errs := queuedCall(t, store, nil, units, func(_ int, ctx context.Context, fn func(context.Context) error) (err error) {
		defer func() {
			if p := recover(); p != nil {
				recovered.Store(p)
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return store.InTx(ctx, fn)
	})
	if recovered.Load() != "unit 2" {
		t.Fatalf("recovered %v, want the unit's panic", recovered.Load())
	}
	got := ids(t, store)
	for i, err := range errs {
		if (i == 2) != (err != nil) || got[i] == (i == 2) {
			t.Errorf("unit %d: err %v, committed %v", i, err, got[i])
		}
	}
}

// TestGroupCommitCancelledWhileQueued: a unit whose context ends while it
// waits for the writer returns at once and never runs.
func TestGroupCommitCancelledWhileQueued(t *testing.T) {
	store := groupStore(t)
	hold := make(chan struct{})
	held := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- store.InTx(context.Background(), func(ctx context.Context) error {
			close(held)
			<-hold
			return insert(store, 1)(ctx)
		})
	}()
	<-held
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var ran atomic.Bool
	err := store.InTx(ctx, func(ctx context.Context) error {
		ran.Store(true)
		return insert(store, 2)(ctx)
	})
	if !errors.Is(err, context.DeadlineExceeded) || !db.IsUnavailable(err) {
		t.Fatalf("queued unit past its deadline: %v", err)
	}
	close(hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := ids(t, store); ran.Load() || got[2] || !got[1] || db.QueuedUnits(store) != 0 {
		t.Fatalf("ran %v, rows %v", ran.Load(), got)
	}
}

// TestGroupCommitLostBatch: when the batch's transaction is lost (a failed
// COMMIT, a unit rolling it back, SQLite rolling it back for an interrupted
// write), no unit reports success for writes that are not committed: the
// units that had succeeded run again alone.
func TestGroupCommitLostBatch(t *testing.T) {
	check := func(t *testing.T, store *db.DB, errs []error, wantFailed ...int) {
		t.Helper()
		got := ids(t, store)
		failed := map[int]bool{}
		for _, i := range wantFailed {
			failed[i] = true
		}
		for i, err := range errs {
			if (err == nil) != got[i] {
				t.Errorf("unit %d: err %v but committed %v", i, err, got[i])
			}
			if failed[i] == (err == nil) {
				t.Errorf("unit %d: err %v", i, err)
			}
		}
	}
	t.Run("commit fails", func(t *testing.T) {
		store := groupStore(t)
		var fails atomic.Int64
		defer db.BeforeGroupCommit(func() error {
			if fails.Add(1) == 1 {
				return errors.New("disk I/O error")
			}
			return nil
		})()
		var units []func(context.Context) error
		for i := range 8 {
			units = append(units, insert(store, i))
		}
		errs := queued(t, store, units)
		if fails.Load() == 0 {
			t.Fatal("no batch committed")
		}
		check(t, store, errs)
	})
	t.Run("a unit rolls back", func(t *testing.T) {
		store := groupStore(t)
		var units []func(context.Context) error
		for i := range 8 {
			units = append(units, func(ctx context.Context) error {
				if err := insert(store, i)(ctx); err != nil {
					return err
				}
				if i == 4 {
					_, err := store.Q(ctx).ExecContext(ctx, "ROLLBACK")
					return err
				}
				return nil
			})
		}
		check(t, store, queued(t, store, units), 4)
	})
	t.Run("interrupted write", func(t *testing.T) {
		store := groupStore(t)
		if _, err := store.Write.Exec(`CREATE TABLE big (n INTEGER)`); err != nil {
			t.Fatal(err)
		}
		const slow = 3
		ctxs := make([]context.Context, 8)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ctxs[slow] = ctx
		var units []func(context.Context) error
		for i := range 8 {
			units = append(units, func(ctx context.Context) error {
				if err := insert(store, i)(ctx); err != nil {
					return err
				}
				if i != slow {
					return nil
				}
				time.AfterFunc(30*time.Millisecond, cancel)
				_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO big WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c) SELECT n FROM c`)
				if err == nil {
					t.Error("an endless insert ended")
				}
				// Carry on as if nothing happened: these writes must not commit either.
				_, _ = store.Q(ctx).ExecContext(context.Background(), `INSERT INTO t (id) VALUES (?)`, 100)
				return nil
			})
		}
		errs := queuedCall(t, store, ctxs, units, func(_ int, ctx context.Context, fn func(context.Context) error) error {
			return store.InTx(ctx, fn)
		})
		check(t, store, errs, slow)
		if got := ids(t, store); got[100] {
			t.Error("a write after the lost transaction was committed")
		}
		var n int
		if err := store.Read.QueryRow(`SELECT COUNT(*) FROM big`).Scan(&n); err != nil || n != 0 {
			t.Errorf("interrupted insert left %d rows (%v)", n, err)
		}
	})
}

// TestBeforeCommit: the store's BeforeCommit runs once per COMMIT, for a
// batch after its last unit and outside every unit's savepoint (what it
// writes commits with the batch, and sees every member's writes but not a
// failed member's); its failure commits nothing of the batch, each member
// then trying again alone. A lone transaction runs it too.
func TestBeforeCommit(t *testing.T) {
	store := groupStore(t)
	if _, err := store.Write.Exec(`CREATE TABLE seen (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	var fail atomic.Bool
	store.BeforeCommit = func(ctx context.Context, tx *db.Tx) error {
		calls.Add(1)
		var doomed int // rows 100-199 (written only while fail is set)
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM t WHERE id BETWEEN 100 AND 199`).Scan(&doomed); err != nil {
			return err
		}
		if fail.Load() && doomed > 0 {
			return errors.New("hook says no")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO seen (n) SELECT COUNT(*) FROM t`)
		return err
	}
	seen := func() []int {
		rows, err := store.Read.Query(`SELECT n FROM seen ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int
		for rows.Next() {
			var n int
			rows.Scan(&n)
			out = append(out, n)
		}
		return out
	}
	defer db.BatchTime(time.Minute)()

	// A batch of 8 inserts, one of which fails after writing.
	var units []func(context.Context) error
	for i := range 8 {
		if i == 5 {
			units = append(units, func(ctx context.Context) error {
				insert(store, i)(ctx)
				return errors.New("unit fails")
			})
			continue
		}
		units = append(units, insert(store, i))
	}
	before := db.GroupCommits(store)
	errs := queued(t, store, units)
	for i, err := range errs {
		if (err != nil) != (i == 5) {
			t.Fatalf("unit %d: %v", i, err)
		}
	}
	commits := db.GroupCommits(store) - before
	if commits != 2 || calls.Load() != 2 {
		t.Fatalf("%d commits, %d BeforeCommit calls: want one each for the holding unit and the batch", commits, calls.Load())
	}
	// The holding unit saw no row; the batch's hook saw the 7 committed ones.
	if got := seen(); len(got) != 2 || got[0] != 0 || got[1] != 7 {
		t.Fatalf("rows seen by BeforeCommit: %v, want [0 7]", got)
	}

	// A hook failing on the batch's rows: nothing of the batch commits, and
	// every member, tried again alone, gets the hook's error.
	fail.Store(true)
	units = nil
	for i := range 4 {
		units = append(units, insert(store, 100+i))
	}
	for i, err := range queued(t, store, units) {
		if err == nil || !strings.Contains(err.Error(), "hook says no") {
			t.Fatalf("unit %d with a failing BeforeCommit: %v", i, err)
		}
	}
	if got := ids(t, store); len(got) != 7 {
		t.Fatalf("%d rows after the failed commits, want the 7 of before", len(got))
	}
	fail.Store(false)
	if err := store.InTx(context.Background(), insert(store, 200)); err != nil {
		t.Fatal(err)
	}
	if got := seen(); got[len(got)-1] != 8 {
		t.Fatalf("a lone transaction's BeforeCommit saw %d rows, want 8", got[len(got)-1])
	}
}
