package app

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// rssFileKB reads the resident file-backed memory of this process.
func rssFileKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestPageOutStartup: the executable's resident pages are given back before
// serving, so the idle server's resident memory is what serving uses.
func TestPageOutStartup(t *testing.T) {
	before := rssFileKB(t)
	if pageOutStartup() == 0 {
		t.Skip("the kernel does not take MADV_PAGEOUT")
	}
	after := rssFileKB(t)
	t.Logf("RssFile %d kB -> %d kB", before, after)
	if after > before/2 {
		t.Fatalf("RssFile went from %d kB to %d kB; want it at least halved", before, after)
	}
}
