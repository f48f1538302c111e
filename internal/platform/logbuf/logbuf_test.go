package logbuf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// sink records each write it gets.
type sink struct {
	mu     sync.Mutex
	writes []string
	fail   error
}

func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return 0, s.fail
	}
	s.writes = append(s.writes, string(p))
	return len(p), nil
}

func (s *sink) all() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.writes, ""), len(s.writes)
}

func TestWritesThroughWithoutDelay(t *testing.T) {
	s := &sink{}
	w := New(s)
	fmt.Fprintln(w, "one")
	fmt.Fprintln(w, "two")
	if got, n := s.all(); got != "one\ntwo\n" || n != 2 {
		t.Fatalf("got %q in %d writes, want both lines written at once", got, n)
	}
}

func TestQueuedLinesWaitThenGoOutTogether(t *testing.T) {
	s := &sink{}
	w := New(s)
	w.SetDelay(300 * time.Millisecond) // long enough that the 100 writes finish before it, even under -race
	for i := range 100 {
		fmt.Fprintf(w, "line %d\n", i)
	}
	if got, _ := s.all(); got != "" {
		t.Fatalf("written before the delay: %q", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, n := s.all()
		if got != "" {
			var want bytes.Buffer
			for i := range 100 {
				fmt.Fprintf(&want, "line %d\n", i)
			}
			if got != want.String() || n != 1 {
				t.Fatalf("got %d writes %q, want the 100 lines in order in one write", n, got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("queued lines never written")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A later line is queued again and written after its own delay.
	fmt.Fprintln(w, "later")
	for {
		if got, _ := s.all(); strings.HasSuffix(got, "later\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a line queued after a flush was never written")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestFullBufferIsWrittenAtOnce(t *testing.T) {
	s := &sink{}
	w := New(s)
	w.SetDelay(time.Hour)
	line := strings.Repeat("x", 1023) + "\n"
	for range Max / len(line) {
		w.Write([]byte(line))
	}
	got, n := s.all()
	if n != 1 || len(got) != Max {
		t.Fatalf("after %d bytes: %d writes of %d bytes, want one write of all of them", Max, n, len(got))
	}
}

func TestCloseFlushesAndLaterLinesGoStraightOut(t *testing.T) {
	s := &sink{}
	w := New(s)
	w.SetDelay(time.Hour)
	fmt.Fprintln(w, "queued")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(w, "after close")
	if got, n := s.all(); got != "queued\nafter close\n" || n != 2 {
		t.Fatalf("got %q in %d writes", got, n)
	}
}

func TestSetDelayZeroFlushes(t *testing.T) {
	s := &sink{}
	w := New(s)
	w.SetDelay(time.Hour)
	fmt.Fprintln(w, "queued")
	w.SetDelay(0)
	if got, _ := s.all(); got != "queued\n" {
		t.Fatalf("got %q, want the queued line written when the delay is turned off", got)
	}
}

func TestFailedWriteIsReportedByFlush(t *testing.T) {
	s := &sink{fail: errors.New("disk full")}
	w := New(s)
	w.SetDelay(time.Hour)
	if _, err := fmt.Fprintln(w, "lost"); err != nil {
		t.Fatalf("a queued line must not fail its writer: %v", err)
	}
	if err := w.Flush(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Flush = %v, want the failed write's error", err)
	}
	s.fail = nil
	if err := w.Flush(); err != nil {
		t.Fatalf("second Flush = %v, want nil (the error was reported)", err)
	}
}

func TestConcurrentLinesArriveWhole(t *testing.T) {
	s := &sink{}
	w := New(s)
	w.SetDelay(time.Millisecond)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				fmt.Fprintf(w, "g%d-%d\n", g, i)
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := s.all()
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 8*500 {
		t.Fatalf("%d lines, want %d", len(lines), 8*500)
	}
	next := map[string]int{}
	for _, l := range lines {
		var g, i int
		if _, err := fmt.Sscanf(l, "g%d-%d", &g, &i); err != nil {
			t.Fatalf("torn line %q", l)
		}
		key := fmt.Sprint(g)
		if i != next[key] {
			t.Fatalf("goroutine %d: line %d after %d", g, i, next[key]-1)
		}
		next[key]++
	}
}
