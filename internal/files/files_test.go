package files_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/files"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/blob"
	"github.com/crmhrm/crm/internal/testkit"
)

var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

func TestUploadAndDownload(t *testing.T) {
	s := shared(t)
	e := testkit.New(t)
	co := e.NewCompany()
	a := s.upload(t, co.Token, part{name: "notes.txt", contentType: "application/pdf", body: []byte("hello world, plain text")},
		part{name: "pixel.png", body: pngHeader})
	if a.Status != 201 {
		t.Fatalf("upload: %d %s", a.Status, a.Raw)
	}
	got := a.list()
	if len(got) != 2 {
		t.Fatalf("want two files, got %s", a.Raw)
	}
	txt, img := got[0], got[1]
	if txt["name"] != "notes.txt" || txt["size"] != float64(23) || txt["contentType"] != "text/plain; charset=utf-8" {
		t.Fatalf("text file answered %v (the request's application/pdf must not be trusted)", txt)
	}
	if img["contentType"] != "image/png" || img["size"] != float64(len(pngHeader)) {
		t.Fatalf("png answered %v", img)
	}
	id := txt["id"].(string)
	if txt["url"] != "/api/v1/files/"+id || len(id) != 23 {
		t.Fatalf("url %v for id %q", txt["url"], id)
	}

	d := s.get(t, co.Token, "/api/v1/files/"+id, nil)
	if d.Status != 200 || string(d.Raw) != "hello world, plain text" {
		t.Fatalf("download: %d %q", d.Status, d.Raw)
	}
	if cd := d.Header.Get("Content-Disposition"); cd != `inline; filename=notes.txt` {
		t.Fatalf("Content-Disposition %q", cd)
	}
	if d.Header.Get("Content-Type") != "text/plain; charset=utf-8" || d.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("headers %v", d.Header)
	}
	etag := d.Header.Get("ETag")
	if etag == "" || etag != `"`+txt["etag"].(string)+`"` {
		t.Fatalf("ETag %q, answered etag %v", etag, txt["etag"])
	}
	if r := s.get(t, co.Token, "/api/v1/files/"+id, map[string]string{"If-None-Match": etag}); r.Status != 304 {
		t.Fatalf("If-None-Match: %d", r.Status)
	}
	r := s.get(t, co.Token, "/api/v1/files/"+id, map[string]string{"Range": "bytes=6-10"})
	if r.Status != 206 || string(r.Raw) != "world" || r.Header.Get("Content-Range") != "bytes 6-10/23" {
		t.Fatalf("range: %d %q %q", r.Status, r.Raw, r.Header.Get("Content-Range"))
	}
	counter, sum := storageUsed(t, e, co.ID)
	if counter != int64(23+len(pngHeader)) || counter != sum {
		t.Fatalf("storage used %d, files sum %d, want %d", counter, sum, 23+len(pngHeader))
	}

	if r := s.del(t, co.Token, "/api/v1/files/"+id); r.Status != 200 {
		t.Fatalf("delete: %d %s", r.Status, r.Raw)
	}
	if r := s.get(t, co.Token, "/api/v1/files/"+id, nil); r.Status != 404 {
		t.Fatalf("download after delete: %d", r.Status)
	}
	if counter, sum := storageUsed(t, e, co.ID); counter != int64(len(pngHeader)) || counter != sum {
		t.Fatalf("after delete: storage used %d, files sum %d", counter, sum)
	}
}

func TestActiveContentIsServedAsAttachment(t *testing.T) {
	s := shared(t)
	co := testkit.New(t).NewCompany()
	for _, c := range []struct {
		name, forged, want string
		body               string
	}{
		{`../../../etc/passwd/..\..\evil.html`, "image/png", "text/html; charset=utf-8", "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"},
		{"logo.svg", "image/png", "image/svg+xml", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`},
		{"plain.svg", "text/plain", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`},
	} {
		a := s.upload(t, co.Token, part{name: c.name, contentType: c.forged, body: []byte(c.body)})
		if a.Status != 201 {
			t.Fatalf("%s: %d %s", c.name, a.Status, a.Raw)
		}
		f := a.list()[0]
		if f["contentType"] != c.want {
			t.Fatalf("%s: sniffed %v, want %s", c.name, f["contentType"], c.want)
		}
		name := f["name"].(string)
		if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
			t.Fatalf("%s: stored name %q keeps a path", c.name, name)
		}
		d := s.get(t, co.Token, f["url"].(string), nil)
		if d.Status != 200 || string(d.Raw) != c.body {
			t.Fatalf("%s: download %d", c.name, d.Status)
		}
		if cd := d.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Fatalf("%s: Content-Disposition %q, want an attachment", c.name, cd)
		}
		if csp := d.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
			t.Fatalf("%s: CSP %q", c.name, csp)
		}
		if d.Header.Get("X-Content-Type-Options") != "nosniff" || d.Header.Get("Content-Type") != c.want {
			t.Fatalf("%s: headers %v", c.name, d.Header)
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":             "passwd",
		`..\..\windows\win.ini`:        "win.ini",
		"...hidden":                    "hidden",
		"a\x00b\x1fc\u202ed.txt":       "abcd.txt",
		"":                             "file",
		"/":                            "file",
		"  report 2025.pdf  ":          "report 2025.pdf",
		`quote"d.txt`:                  "quoted.txt",
		strings.Repeat("é", 300):       strings.Repeat("é", 127),
		"résumé (final).docx":          "résumé (final).docx",
		"C:\\Users\\me\\cv.pdf":        "cv.pdf",
		"dir/sub/../../x.tar.gz":       "x.tar.gz",
		"\u200bzero-width.txt":         "zero-width.txt",
		"ok-name_1.2.3.json":           "ok-name_1.2.3.json",
		"trailing-dot.":                "trailing-dot.",
		"..":                           "file",
		"./.env":                       "env",
		"spaces/  lead.txt":            "lead.txt",
		"tab\tname.txt":                "tabname.txt",
		"newline\nname.txt":            "newlinename.txt",
		"emoji-😀.png":                  "emoji-😀.png",
		"back\\slash\\name.txt":        "name.txt",
		"mixed/slash\\name.txt":        "name.txt",
		"\xff\xfeinvalid.txt":          "invalid.txt",
		"a" + strings.Repeat("b", 300): "a" + strings.Repeat("b", 254),
	} {
		if got := files.CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBadUploads(t *testing.T) {
	e := testkit.Warm(t)
	dir := t.TempDir()
	st, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, files.Options{Store: st, MaxBytes: 1000, MaxPerRequest: 3})
	co := e.NewCompany()
	before := countFiles(t, e, co.ID)
	check := func(what string, a *answer, status int, msg string) {
		t.Helper()
		if a.Status != status || a.Body["success"] != false || !strings.Contains(fmt.Sprint(a.Body["message"]), msg) {
			t.Fatalf("%s: %d %s, want %d with %q", what, a.Status, a.Raw, status, msg)
		}
	}
	check("too large", s.upload(t, co.Token, part{name: "ok.txt", body: []byte("fine")}, part{name: "big.bin", body: bytes.Repeat([]byte("x"), 1001)}),
		413, "larger than the limit of 1000 bytes")
	check("empty", s.upload(t, co.Token, part{name: "ok.txt", body: []byte("fine")}, part{name: "empty.txt"}), 422, `"file" "empty.txt" is empty`)
	check("no file part", s.upload(t, co.Token, part{field: "other", name: "x.txt", body: []byte("x")}), 422, `"file" is required`)
	check("too many", s.upload(t, co.Token, part{name: "1", body: []byte("1")}, part{name: "2", body: []byte("2")},
		part{name: "3", body: []byte("3")}, part{name: "4", body: []byte("4")}), 413, "At most 3 files")
	req := httptest.NewRequest("POST", "/api/v1/files", strings.NewReader(`{"file":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	check("JSON body", s.do(t, req, co.Token), 400, "multipart/form-data")
	check("no token", s.upload(t, "", part{name: "x", body: []byte("x")}), 401, "")

	if n := countFiles(t, e, co.ID); n != before {
		t.Fatalf("bad uploads recorded files: %d → %d", before, n)
	}
	if counter, sum := storageUsed(t, e, co.ID); counter != 0 || sum != 0 {
		t.Fatalf("bad uploads counted storage: %d / %d", counter, sum)
	}
	if _, err := s.files.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := objects(t, dir); n != 0 {
		t.Fatalf("bad uploads left %d objects in the store", n)
	}
}

// objects counts the stored objects under a local store's folder.
func objects(t testing.TB, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWhoMaySeeAFile(t *testing.T) {
	s := shared(t)
	e := testkit.New(t)
	co, other := e.NewCompany(), e.NewCompany()
	mate := e.NewMember(co, authz.All())
	id := s.uploadOne(t, co.Token, "private.txt", []byte("mine until attached"))
	for who, tok := range map[string]string{"a colleague": mate.Token, "another company": other.Token} {
		if r := s.get(t, tok, "/api/v1/files/"+id, nil); r.Status != 404 || r.Body["success"] != false {
			t.Fatalf("%s downloads an unattached file: %d %s", who, r.Status, r.Raw)
		}
		if r := s.del(t, tok, "/api/v1/files/"+id); r.Status != 404 {
			t.Fatalf("%s deletes an unattached file: %d", who, r.Status)
		}
	}
	if r := s.get(t, co.Token, "/api/v1/files/"+id, nil); r.Status != 200 {
		t.Fatalf("uploader: %d", r.Status)
	}
	for _, bad := range []string{"nope", "../../etc/passwd", strings.Repeat("A", 23)} {
		if r := s.get(t, co.Token, "/api/v1/files/"+bad, nil); r.Status != 404 {
			t.Fatalf("GET /files/%s: %d", bad, r.Status)
		}
	}
}

func TestStorageLimitUnderConcurrency(t *testing.T) {
	s := shared(t)
	e := testkit.New(t)
	co := e.NewCompany()
	// One mebibyte: five 200 KiB files fit, the sixth does not.
	e.Must(200, "PUT", "/api/v1/subscriptions/"+co.PlanID, e.SuperAdmin(), map[string]any{"storage_limit": 1})
	body := bytes.Repeat([]byte("z"), 200<<10)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	var ids []string
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := s.upload(t, co.Token, part{name: fmt.Sprintf("f%d.bin", i), body: body})
			mu.Lock()
			defer mu.Unlock()
			codes[a.Status]++
			if a.Status == 201 {
				ids = append(ids, a.list()[0]["id"].(string))
			} else if !strings.Contains(fmt.Sprint(a.Body["message"]), "Storage limit") {
				t.Errorf("refused upload: %d %s", a.Status, a.Raw)
			}
		}()
	}
	wg.Wait()
	if codes[201] != 5 || codes[413] != 3 {
		t.Fatalf("answers %v, want five 201 and three 413", codes)
	}
	if counter, sum := storageUsed(t, e, co.ID); counter != 5*200<<10 || counter != sum {
		t.Fatalf("storage used %d, files sum %d", counter, sum)
	}
	// Deletes and uploads at once: the counter stays the files' sum.
	small := bytes.Repeat([]byte("s"), 1000)
	for i, id := range ids {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if r := s.del(t, co.Token, "/api/v1/files/"+id); r.Status != 200 {
				t.Errorf("delete: %d %s", r.Status, r.Raw)
			}
		}()
		go func() {
			defer wg.Done()
			if a := s.upload(t, co.Token, part{name: fmt.Sprintf("s%d", i), body: small}); a.Status != 201 && a.Status != 413 {
				t.Errorf("upload: %d %s", a.Status, a.Raw)
			}
		}()
	}
	wg.Wait()
	counter, sum := storageUsed(t, e, co.ID)
	if counter != sum || counter < 5*1000 {
		t.Fatalf("after concurrent deletes and uploads: counter %d, files sum %d", counter, sum)
	}
}

func TestQueueRemovesUploadsThatNeverCommitted(t *testing.T) {
	e := testkit.Warm(t)
	dir := t.TempDir()
	st, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, files.Options{Store: st})
	ctx := t.Context()
	// What a process killed midway through an upload leaves: bytes in the
	// store and their pending entry, now due.
	key := "Crashed" + testkit.Unique()
	if _, err := st.Put(ctx, key, strings.NewReader("half an upload")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.Q(ctx).ExecContext(ctx, `INSERT INTO file_deletions (id, store_key, due_at, attempts, created_at) VALUES (?, ?, 1, 0, 1)`, key, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.files.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if n := objects(t, dir); n != 0 {
		t.Fatalf("%d objects left after the drain", n)
	}
	var left int
	if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM file_deletions WHERE id = ?`, key).Scan(&left); err != nil || left != 0 {
		t.Fatalf("entry left: %d %v", left, err)
	}
}
