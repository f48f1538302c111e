package files_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/crmhrm/crm/internal/files"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestLargeUploadStreams uploads 100 MiB and checks that the heap never
// grows by more than a few MiB meanwhile: the upload streams from the
// request to the store and is never held in memory.
func TestLargeUploadStreams(t *testing.T) {
	e := testkit.Warm(t)
	s := newServer(t, files.Options{MaxBytes: 200 << 20})
	co := e.NewCompany()
	e.Must(200, "PUT", "/api/v1/subscriptions/"+co.PlanID, e.SuperAdmin(), map[string]any{"storage_limit": 1024})

	const size = 100 << 20
	const ceiling = 24 << 20 // far below the file's size
	// A soft limit makes the collector work to stay near the live heap, so
	// the samples below measure what is really held.
	old := debug.SetMemoryLimit(64 << 20)
	defer debug.SetMemoryLimit(old)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64

	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	sum := sha256.New()
	go func() {
		w, err := mw.CreateFormFile("file", "big.bin")
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 64<<10/16) // 64 KiB
		for written := 0; written < size; written += len(chunk) {
			chunk[0] = byte(written >> 16) // not one repeated block
			sum.Write(chunk)
			if _, err := w.Write(chunk); err != nil {
				pw.CloseWithError(err)
				return
			}
			if written%(8<<20) == 0 {
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak {
					peak = m.HeapAlloc
				}
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	req := httptest.NewRequest("POST", "/api/v1/files", pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	a := s.do(t, req, co.Token)
	if a.Status != 201 {
		t.Fatalf("upload: %d %s", a.Status, a.Raw)
	}
	f := a.list()[0]
	if f["size"] != float64(size) || f["etag"] != hex.EncodeToString(sum.Sum(nil)) {
		t.Fatalf("stored %v bytes with etag %v", f["size"], f["etag"])
	}
	if peak > base && peak-base > ceiling {
		t.Fatalf("heap grew by %d MiB during a 100 MiB upload (ceiling %d MiB)", (peak-base)>>20, ceiling>>20)
	}
	t.Logf("heap growth during the upload: %.1f MiB", float64(peak-min(peak, base))/(1<<20))
	if counter, total := storageUsed(t, e, co.ID); counter != size || total != size {
		t.Fatalf("storage used %d, files %d", counter, total)
	}
}
