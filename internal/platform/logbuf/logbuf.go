// Package logbuf batches log lines into fewer writes.
//
// Under load the access log wrote one line per request with its own system
// call; a Writer collects the lines and writes them together at most Delay
// after the first one was queued, or at once when Max bytes are waiting.
package logbuf

import (
	"io"
	"sync"
	"time"
)

// Max is how many bytes wait before a Writer writes them without waiting for
// its delay.
const Max = 64 << 10

// Writer is an io.Writer that queues what it is given and writes it to the
// underlying writer in order. With a delay of 0 (the start) every Write goes
// straight through. Safe for concurrent use.
type Writer struct {
	mu     sync.Mutex
	w      io.Writer
	buf    []byte
	delay  time.Duration
	timer  *time.Timer
	armed  bool
	closed bool
	err    error // the last failed write of queued bytes, reported by Flush
}

// New returns a Writer to w that writes through until SetDelay.
func New(w io.Writer) *Writer { return &Writer{w: w} }

// SetDelay sets how long a queued line may wait before it is written; 0
// flushes what is queued and writes every later line at once.
func (b *Writer) SetDelay(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if d < 0 {
		d = 0
	}
	b.delay = d
	if d == 0 {
		b.flushLocked()
	}
}

// Write queues p (or writes it at once when there is no delay). It never
// keeps p.
func (b *Writer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.delay == 0 || b.closed {
		if len(b.buf) > 0 {
			b.flushLocked()
		}
		return b.w.Write(p)
	}
	b.buf = append(b.buf, p...)
	if len(b.buf) >= Max {
		b.flushLocked()
		return len(p), nil
	}
	if !b.armed {
		b.armed = true
		if b.timer == nil {
			b.timer = time.AfterFunc(b.delay, b.timed)
		} else {
			b.timer.Reset(b.delay)
		}
	}
	return len(p), nil
}

func (b *Writer) timed() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.armed = false
	b.flushLocked()
}

// flushLocked writes the queued bytes; a failed write drops them (a log line
// must never block or fail the request that wrote it) and is kept for Flush.
func (b *Writer) flushLocked() {
	if len(b.buf) == 0 {
		return
	}
	if _, err := b.w.Write(b.buf); err != nil {
		b.err = err
	}
	if cap(b.buf) > 4*Max {
		b.buf = nil // do not keep a burst's buffer
	} else {
		b.buf = b.buf[:0]
	}
}

// Flush writes what is queued and returns the error of the last failed
// write since the previous Flush.
func (b *Writer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushLocked()
	err := b.err
	b.err = nil
	return err
}

// Close flushes and makes every later Write go straight through (lines
// logged while the process exits are not lost).
func (b *Writer) Close() error {
	b.mu.Lock()
	b.closed = true
	if b.timer != nil {
		b.timer.Stop()
	}
	b.armed = false
	b.mu.Unlock()
	return b.Flush()
}
