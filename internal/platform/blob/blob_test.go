package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/crmhrm/crm/internal/platform/blob"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// flaky is a transport that fails every request while down is set, as an
// unreachable S3 endpoint does.
type flaky struct {
	down atomic.Bool
}

func (f *flaky) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.down.Load() {
		return nil, errors.New("dial tcp: connection refused")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// fakeS3 serves an in-memory S3 for the test and returns a store on it.
func fakeS3(t *testing.T, partSize uint64) (*blob.S3, *flaky) {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	tr := &flaky{}
	st, err := blob.NewS3(blob.S3Config{Endpoint: srv.URL, Bucket: "crm-test", Region: "us-east-1", AccessKey: "key", SecretKey: "secret",
		PartSize: partSize, MaxRetries: 1, Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureBucket(context.Background(), "us-east-1"); err != nil {
		t.Fatal(err)
	}
	return st, tr
}

func stores(t *testing.T) map[string]blob.Store {
	local, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s3, _ := fakeS3(t, 5<<20)
	return map[string]blob.Store{"local": local, "s3": s3}
}

func TestStores(t *testing.T) {
	for name, st := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			// Larger than one 5 MiB part: a multipart upload on S3.
			data := bytes.Repeat([]byte("0123456789abcdef"), (6<<20)/16+3)
			n, err := st.Put(ctx, "Key1abc", bytes.NewReader(data))
			if err != nil || n != int64(len(data)) {
				t.Fatalf("put: %d %v", n, err)
			}
			obj, err := st.Open(ctx, "Key1abc")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := obj.Seek(int64(len(data))-5, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			tail, _ := io.ReadAll(obj)
			obj.Close()
			if string(tail) != string(data[len(data)-5:]) {
				t.Fatalf("tail %q", tail)
			}
			if _, err := st.Open(ctx, "Missing1"); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("open missing: %v", err)
			}
			if err := st.Delete(ctx, "Key1abc"); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Open(ctx, "Key1abc"); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("open deleted: %v", err)
			}
			if err := st.Delete(ctx, "Key1abc"); err != nil {
				t.Fatalf("deleting a missing object: %v", err)
			}
			for _, bad := range []string{"", "../x", "a/b", "a.b", strings.Repeat("k", 65)} {
				if _, err := st.Put(ctx, bad, strings.NewReader("x")); !errors.Is(err, blob.ErrBadKey) {
					t.Fatalf("put %q: %v", bad, err)
				}
			}
			// A reader that fails midway leaves no object, and its error is the caller's.
			boom := errors.New("client went away")
			_, err = st.Put(ctx, "Half1", io.MultiReader(bytes.NewReader(data[:1<<20]), errReader{boom}))
			if !errors.Is(err, boom) {
				t.Fatalf("failed reader: %v", err)
			}
			if _, err := st.Open(ctx, "Half1"); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("half-written object is readable: %v", err)
			}
		})
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestS3Down(t *testing.T) {
	st, tr := fakeS3(t, 5<<20)
	ctx := context.Background()
	if _, err := st.Put(ctx, "Kept1", strings.NewReader("kept")); err != nil {
		t.Fatal(err)
	}
	tr.down.Store(true)
	if _, err := st.Put(ctx, "New1", strings.NewReader("new")); !errors.Is(err, blob.ErrUnavailable) {
		t.Fatalf("put while down: %v", err)
	}
	if _, err := st.Open(ctx, "Kept1"); !errors.Is(err, blob.ErrUnavailable) {
		t.Fatalf("open while down: %v", err)
	}
	if err := st.Delete(ctx, "Kept1"); !errors.Is(err, blob.ErrUnavailable) {
		t.Fatalf("delete while down: %v", err)
	}
	tr.down.Store(false)
	if _, err := st.Open(ctx, "New1"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("an upload that failed left an object: %v", err)
	}
}
