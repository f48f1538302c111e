package org

import (
	"fmt"
	"testing"
	"time"
)

// A full counter forgets the caller idle longest, never wholesale: a prober
// cannot reset its own count by flooding the table with other keys.
func TestProbeCounterKeepsBusyKeysWhenFull(t *testing.T) {
	p := &probeCounter{max: 3, window: time.Hour, keys: 100}
	for i := 0; i < 3; i++ {
		p.add("busy")
	}
	for i := 0; i < 99; i++ {
		p.add(fmt.Sprint("early-", i))
	}
	p.add("busy") // the table is full; busy is active again
	for i := 0; i < 50; i++ {
		p.add(fmt.Sprint("late-", i))
	}
	if n := len(p.hits); n > 100 {
		t.Fatalf("counter holds %d keys, want at most 100", n)
	}
	if p.wait("busy") <= 0 {
		t.Fatal("the busy key lost its count when the table filled up")
	}
	if _, ok := p.hits["early-0"]; ok {
		t.Fatal("the key idle longest was kept")
	}
}
