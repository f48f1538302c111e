package files_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/crmhrm/crm/internal/files"
	"github.com/crmhrm/crm/internal/platform/blob"
	"github.com/crmhrm/crm/internal/testkit"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// flaky fails every request while down is set, as an unreachable endpoint.
type flaky struct{ down atomic.Bool }

func (f *flaky) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.down.Load() {
		return nil, errors.New("dial tcp: connection refused")
	}
	return http.DefaultTransport.RoundTrip(r)
}

func s3Server(t *testing.T) (*server, *blob.S3, *flaky) {
	t.Helper()
	fake := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(fake.Close)
	tr := &flaky{}
	st, err := blob.NewS3(blob.S3Config{Endpoint: fake.URL, Bucket: "crm-files", Region: "us-east-1", AccessKey: "k", SecretKey: "s",
		MaxRetries: 1, Transport: tr})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.EnsureBucket(context.Background(), "us-east-1"); err != nil {
		t.Fatal(err)
	}
	return newServer(t, files.Options{Store: st}), st, tr
}

func TestS3Store(t *testing.T) {
	e := testkit.Warm(t)
	s, st, tr := s3Server(t)
	co := e.NewCompany()
	id := s.uploadOne(t, co.Token, "report.txt", []byte("quarterly numbers"))
	d := s.get(t, co.Token, "/api/v1/files/"+id, map[string]string{"Range": "bytes=10-"})
	if d.Status != 206 || string(d.Raw) != "numbers" {
		t.Fatalf("ranged download from S3: %d %q", d.Status, d.Raw)
	}
	if _, err := st.Open(t.Context(), id); err != nil {
		t.Fatalf("object under the file id: %v", err)
	}

	// The store goes down: uploads answer 503 and record nothing.
	tr.down.Store(true)
	before := countFiles(t, e, co.ID)
	used, _ := storageUsed(t, e, co.ID)
	a := s.upload(t, co.Token, part{name: "during-outage.txt", body: []byte("lost?")})
	if a.Status != 503 || a.Body["success"] != false || a.Header.Get("Retry-After") == "" {
		t.Fatalf("upload while S3 is down: %d %s", a.Status, a.Raw)
	}
	if n := countFiles(t, e, co.ID); n != before {
		t.Fatalf("failed upload recorded a file: %d → %d", before, n)
	}
	if u, _ := storageUsed(t, e, co.ID); u != used {
		t.Fatalf("failed upload counted storage: %d → %d", used, u)
	}
	if r := s.get(t, co.Token, "/api/v1/files/"+id, nil); r.Status != 503 || r.Body["success"] != false {
		t.Fatalf("download while S3 is down: %d %s", r.Status, r.Raw)
	}
	// A delete while down commits; the bytes wait in the queue.
	if r := s.del(t, co.Token, "/api/v1/files/"+id); r.Status != 200 {
		t.Fatalf("delete while S3 is down: %d %s", r.Status, r.Raw)
	}
	if n, err := s.files.Drain(t.Context()); err == nil || n != 0 {
		t.Fatalf("drain while down: %d removed, err %v", n, err)
	}
	tr.down.Store(false)
	if _, err := st.Open(t.Context(), id); err != nil {
		t.Fatalf("bytes went before the store came back: %v", err)
	}
	// The retry is scheduled with backoff; make it due now.
	if _, err := e.DB.Q(t.Context()).ExecContext(t.Context(), `UPDATE file_deletions SET due_at = 0 WHERE store_key = ?`, id); err != nil {
		t.Fatal(err)
	}
	if n, err := s.files.Drain(t.Context()); err != nil || n < 1 {
		t.Fatalf("drain after recovery: %d, %v", n, err)
	}
	if _, err := st.Open(t.Context(), id); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("bytes of a deleted file remain: %v", err)
	}
}
