package throttle_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/throttle"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// clock is a settable time source.
type clock struct{ ms atomic.Int64 }

func (c *clock) now() time.Time      { return time.UnixMilli(c.ms.Load()) }
func (c *clock) add(d time.Duration) { c.ms.Add(d.Milliseconds()) }

func newStore(t *testing.T) (*throttle.Store, *clock) {
	c := &clock{}
	c.ms.Store(time.Now().UnixMilli())
	return &throttle.Store{DB: testkit.DB(t), Now: c.now}, c
}

func key(t *testing.T) string { return throttle.Key("test", t.Name()+testkit.Unique()) }

// TestReserveIsAtomic: concurrent reservations on one key never exceed the limit.
func TestReserveIsAtomic(t *testing.T) {
	s, _ := newStore(t)
	k := key(t)
	pol := throttle.Policy{Limit: 7, Window: time.Minute}
	var ok, locked atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Reserve(context.Background(), k, pol)
			var le *throttle.LockedError
			switch {
			case err == nil:
				ok.Add(1)
			case errors.As(err, &le) && le.RetryAfter > 0 && le.RetryAfter <= time.Minute:
				locked.Add(1)
			default:
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("unexpected error: %v", err)
	}
	if ok.Load() != 7 || locked.Load() != 33 {
		t.Fatalf("%d reserved and %d locked, want 7 and 33", ok.Load(), locked.Load())
	}
}

func TestWindowReleaseAndClear(t *testing.T) {
	s, c := newStore(t)
	ctx := context.Background()
	k := key(t)
	pol := throttle.Policy{Limit: 2, Window: time.Minute}
	reserve := func() error { _, err := s.Reserve(ctx, k, pol); return err }
	first, err := s.Reserve(ctx, k, pol)
	if err != nil {
		t.Fatal(err)
	}
	if err := reserve(); err != nil {
		t.Fatal(err)
	}
	if err := reserve(); err == nil {
		t.Fatal("third attempt reserved over a limit of 2")
	}
	// A released attempt frees its place.
	if err := s.Release(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := reserve(); err != nil {
		t.Fatalf("after a release: %v", err)
	}
	c.add(30 * time.Second)
	var le *throttle.LockedError
	if err := reserve(); !errors.As(err, &le) || le.RetryAfter != 30*time.Second {
		t.Fatalf("half-way through the window: %v", err)
	}
	// A new window starts once the old one has ended, and a release from the
	// old window does not touch it.
	c.add(31 * time.Second)
	if err := reserve(); err != nil {
		t.Fatalf("next window: %v", err)
	}
	if err := s.Release(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := reserve(); err != nil {
		t.Fatal(err)
	}
	if err := reserve(); err == nil {
		t.Fatal("a stale release freed a place in the new window")
	}
	if err := s.Clear(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := reserve(); err != nil {
		t.Fatalf("after clear: %v", err)
	}
}

// TestPruneKeepsLiveCounters: expired rows are deleted, so the table stays
// bounded, but a counter still in its window (a lock in force) survives any
// number of other keys.
func TestPruneKeepsLiveCounters(t *testing.T) {
	s, c := newStore(t)
	ctx := context.Background()
	hot := key(t)
	short := throttle.Policy{Limit: 1, Window: time.Minute}
	long := throttle.Policy{Limit: 1, Window: time.Hour}
	if _, err := s.Reserve(ctx, hot, long); err != nil {
		t.Fatal(err)
	}
	prefix := t.Name() + testkit.Unique()
	var keys []any
	for i := 0; i < 200; i++ {
		k := throttle.Key("test", fmt.Sprint(prefix, i))
		keys = append(keys, k)
		if _, err := s.Reserve(ctx, k, short); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		var n int
		q := `SELECT COUNT(*) FROM login_attempts WHERE throttle_key IN (?` + strings.Repeat(", ?", len(keys)-1) + `)`
		if err := s.DB.Q(ctx).QueryRowContext(ctx, q, keys...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 200 {
		t.Fatalf("%d short-lived rows before pruning", n)
	}
	c.add(2 * time.Minute)
	if err := s.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d expired rows left after pruning", n)
	}
	var le *throttle.LockedError
	if _, err := s.Reserve(ctx, hot, long); !errors.As(err, &le) {
		t.Fatalf("the live lock was forgotten: %v", err)
	}
}

// TestGateBoundsConcurrency: an instrumented operation never runs more than
// the gate's slots at once, and every caller gets its turn.
func TestGateBoundsConcurrency(t *testing.T) {
	g := throttle.NewGate(3, 30*time.Second)
	var running, peak, done atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := g.Do(context.Background(), func() {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				time.Sleep(2 * time.Millisecond)
				running.Add(-1)
				done.Add(1)
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak.Load() > 3 || done.Load() != 40 {
		t.Fatalf("peak %d concurrent (want at most 3), %d done", peak.Load(), done.Load())
	}
	if peak.Load() < 2 {
		t.Logf("only %d ran at once", peak.Load())
	}
	if d := throttle.NewGate(0, 0).Slots(); d != throttle.DefaultSlots() || d < 1 {
		t.Fatalf("default slots %d", d)
	}
}

// TestGateSaturated: when every slot stays busy, a caller gives up after the
// gate's wait, or when its context ends, without running.
func TestGateSaturated(t *testing.T) {
	g := throttle.NewGate(1, 300*time.Millisecond)
	hold := make(chan struct{})
	started := make(chan struct{})
	go func() { _ = g.Do(context.Background(), func() { close(started); <-hold }) }()
	<-started
	ran := false
	if err := g.Do(context.Background(), func() { ran = true }); !errors.Is(err, throttle.ErrBusy) || ran {
		t.Fatalf("err %v, ran %v", err, ran)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	long := throttle.NewGate(1, time.Hour)
	started2 := make(chan struct{})
	go func() { _ = long.Do(context.Background(), func() { close(started2); <-hold }) }()
	<-started2
	if err := long.Do(ctx, func() { ran = true }); !errors.Is(err, throttle.ErrBusy) || ran {
		t.Fatalf("cancelled context: err %v, ran %v", err, ran)
	}
	close(hold)
	if err := g.Do(context.Background(), func() { ran = true }); err != nil || !ran {
		t.Fatalf("after release: err %v, ran %v", err, ran)
	}
}

// TestReserveBesideClearsAndReleases: logins of one account reserve, then
// release or clear the key as they succeed, all at once. A reservation meets
// the key missing, at its limit or just changed, and must still end in a
// ticket or a lock, never an error (a login answered 500).
func TestReserveBesideClearsAndReleases(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	k := key(t)
	pol := throttle.Policy{Limit: 3, Window: time.Minute}
	var wg sync.WaitGroup
	var reserved atomic.Int64
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 60; i++ {
				tick, err := s.Reserve(ctx, k, pol)
				var le *throttle.LockedError
				switch {
				case errors.As(err, &le):
					continue
				case err != nil:
					errs <- err
					return
				}
				reserved.Add(1)
				if i%2 == 0 {
					err = s.Clear(ctx, k)
				} else {
					err = s.Release(ctx, tick)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("reserve beside clears and releases: %v", err)
	}
	if reserved.Load() == 0 {
		t.Fatal("no reservation went through")
	}
}
