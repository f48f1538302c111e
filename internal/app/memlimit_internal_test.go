package app

import (
	"runtime/debug"
	"testing"
)

// TestMemoryLimit: without GOMEMLIMIT the server runs with DefaultMemoryLimit;
// with it, the limit the runtime took from it is left alone.
func TestMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)

	t.Setenv("GOMEMLIMIT", "")
	debug.SetMemoryLimit(1 << 40)
	if got := applyMemoryLimit(); got != DefaultMemoryLimit {
		t.Fatalf("limit without GOMEMLIMIT: %d, want %d", got, DefaultMemoryLimit)
	}

	t.Setenv("GOMEMLIMIT", "64MiB")
	debug.SetMemoryLimit(64 << 20) // what the runtime set at start from the variable
	if got := applyMemoryLimit(); got != 64<<20 {
		t.Fatalf("limit with GOMEMLIMIT=64MiB: %d, want it kept", got)
	}
}
