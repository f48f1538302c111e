package throttle

import (
	"context"
	"errors"
	"runtime"
	"time"
)

// ErrBusy reports that no slot freed up in time.
var ErrBusy = errors.New("throttle: too many password checks in progress")

// Gate bounds how many expensive operations (bcrypt) run at once, so that a
// flood of logins cannot take every CPU from other requests.
type Gate struct {
	slots   chan struct{}
	maxWait time.Duration
}

// DefaultSlots is max(1, NumCPU-1): one CPU is always left for other work.
func DefaultSlots() int {
	return max(1, runtime.NumCPU()-1)
}

// NewGate returns a gate of n slots (DefaultSlots when n <= 0) whose callers
// wait at most maxWait for one (10 s when 0), and never beyond their context.
func NewGate(n int, maxWait time.Duration) *Gate {
	if n <= 0 {
		n = DefaultSlots()
	}
	if maxWait <= 0 {
		maxWait = 10 * time.Second
	}
	return &Gate{slots: make(chan struct{}, n), maxWait: maxWait}
}

// Slots is the number of operations that may run at once.
func (g *Gate) Slots() int { return cap(g.slots) }

// Do runs fn once a slot is free. It returns ErrBusy, without running fn,
// when none frees up within the gate's wait or before ctx ends.
func (g *Gate) Do(ctx context.Context, fn func()) error {
	select {
	case g.slots <- struct{}{}:
	default:
		t := time.NewTimer(g.maxWait)
		defer t.Stop()
		select {
		case g.slots <- struct{}{}:
		case <-t.C:
			return ErrBusy
		case <-ctx.Done():
			return ErrBusy
		}
	}
	defer func() { <-g.slots }()
	fn()
	return nil
}
