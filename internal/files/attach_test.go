package files_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestFileFieldsAttachExpandAndDelete(t *testing.T) {
	s := shared(t)
	e := testkit.New(t)
	co, other := e.NewCompany(), e.NewCompany()
	emp := e.NewEmployee(co)
	photo := s.uploadOne(t, co.Token, "award.png", pngHeader)

	r := e.Must(201, "POST", "/api/v1/appreciations", co.Token, map[string]any{"award": "Star", "givenTo": emp, "date": "2025-01-31", "photo": photo})
	row := r.ID()
	want := map[string]any{"id": photo, "name": "award.png", "size": float64(len(pngHeader)), "contentType": "image/png", "url": "/api/v1/files/" + photo}
	if got, _ := r.Data()["photo"].(map[string]any); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("created row's photo: %v, want %v", r.Data()["photo"], want)
	}
	g := e.Must(200, "GET", "/api/v1/appreciations/"+row, co.Token, nil)
	if fmt.Sprint(g.Data()["photo"]) != fmt.Sprint(want) {
		t.Fatalf("read row's photo: %v", g.Data()["photo"])
	}
	list := e.Must(200, "GET", "/api/v1/appreciations?limit=100", co.Token, nil)
	found := false
	for _, it := range list.List() {
		if it["id"] == row {
			found = fmt.Sprint(it["photo"]) == fmt.Sprint(want)
		}
	}
	if !found {
		t.Fatalf("listed row lacks its photo: %s", list.Raw)
	}

	// Attached: whoever may read the row may download; nobody else.
	viewer := e.NewMember(co, authz.Perms{"hrm": {"appreciation": {"view": true}}})
	outsider := e.NewMember(co, authz.Perms{"hrm": {"training": {"view": true}}})
	if d := s.get(t, viewer.Token, "/api/v1/files/"+photo, nil); d.Status != 200 || string(d.Raw) != string(pngHeader) {
		t.Fatalf("viewer of the row: %d", d.Status)
	}
	if d := s.get(t, outsider.Token, "/api/v1/files/"+photo, nil); d.Status != 403 {
		t.Fatalf("member without the row's permission: %d %s", d.Status, d.Raw)
	}
	if d := s.get(t, other.Token, "/api/v1/files/"+photo, nil); d.Status != 404 {
		t.Fatalf("another company: %d", d.Status)
	}
	// An attached file is not deleted on its own.
	if d := s.del(t, co.Token, "/api/v1/files/"+photo); d.Status != 409 {
		t.Fatalf("DELETE of an attached file: %d %s", d.Status, d.Raw)
	}

	// Bad ids: another company's file, someone else's unattached file, a file on another row.
	foreign := s.uploadOne(t, other.Token, "theirs.txt", []byte("theirs"))
	mates := s.uploadOne(t, viewer.Token, "mates.txt", []byte("mates"))
	for what, id := range map[string]string{"another company's file": foreign, "a colleague's unattached file": mates,
		"a file attached elsewhere": photo, "no file at all": strings.Repeat("Q", 23)} {
		before := e.Must(200, "GET", "/api/v1/appreciations?limit=1000", co.Token, nil)
		r := e.Do("POST", "/api/v1/appreciations", co.Token, map[string]any{"award": "Dup", "givenTo": emp, "date": "2025-02-01", "photo": id})
		testkit.MustInvalid(t, r, "photo")
		after := e.Must(200, "GET", "/api/v1/appreciations?limit=1000", co.Token, nil)
		if len(after.List()) != len(before.List()) {
			t.Fatalf("%s: a refused create wrote a row", what)
		}
	}
	// A text shaped like a stored file cannot pose as one.
	forged := `{"id":"` + foreign + `","name":"x","size":1,"contentType":"text/html","url":"/api/v1/files/` + foreign + `"}`
	testkit.MustInvalid(t, e.Do("PUT", "/api/v1/appreciations/"+row, co.Token, map[string]any{"photo": forged}), "photo")
	if d := s.get(t, other.Token, "/api/v1/files/"+foreign, nil); d.Status != 200 {
		t.Fatalf("the refused attach changed the other company's file: %d", d.Status)
	}

	// Sending the row back as read keeps the file; a URL replaces it (and deletes it).
	e.Must(200, "PUT", "/api/v1/appreciations/"+row, co.Token, map[string]any{"photo": g.Data()["photo"], "award": "Star of the month"})
	if d := s.get(t, co.Token, "/api/v1/files/"+photo, nil); d.Status != 200 {
		t.Fatalf("file after a round-trip update: %d", d.Status)
	}
	u := e.Must(200, "PUT", "/api/v1/appreciations/"+row, co.Token, map[string]any{"photo": "https://example.com/a.png"})
	if u.Data()["photo"] != "https://example.com/a.png" {
		t.Fatalf("a URL is kept as text: %v", u.Data()["photo"])
	}
	if d := s.get(t, co.Token, "/api/v1/files/"+photo, nil); d.Status != 404 {
		t.Fatalf("replaced file still served: %d", d.Status)
	}

	// Deleting a row deletes its files, and gives their storage back.
	second := s.uploadOne(t, co.Token, "second.png", pngHeader)
	row2 := e.Must(201, "POST", "/api/v1/appreciations", co.Token, map[string]any{"award": "Again", "givenTo": emp, "date": "2025-03-01", "photo": second}).ID()
	used, _ := storageUsed(t, e, co.ID)
	e.Must(200, "DELETE", "/api/v1/appreciations/"+row2, co.Token, nil)
	if d := s.get(t, co.Token, "/api/v1/files/"+second, nil); d.Status != 404 {
		t.Fatalf("file of a deleted row: %d", d.Status)
	}
	if now, sum := storageUsed(t, e, co.ID); now != used-int64(len(pngHeader)) || now != sum {
		t.Fatalf("storage after the row's delete: %d (was %d), files sum %d", now, used, sum)
	}
	if _, err := s.files.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	var queued int
	if err := e.DB.Q(t.Context()).QueryRowContext(t.Context(), `SELECT COUNT(*) FROM file_deletions WHERE store_key IN (?, ?)`, photo, second).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued != 0 {
		t.Fatalf("%d deletions still queued after the drain", queued)
	}
	if _, err := s.files.Store().Open(t.Context(), second); err == nil {
		t.Fatal("bytes of a deleted row's file remain in the store")
	}
}

func TestFilesDocumentsAndProfilePictures(t *testing.T) {
	s := shared(t)
	e := testkit.New(t)
	co := e.NewCompany()
	spec := s.uploadOne(t, co.Token, "spec.txt", []byte("the spec"))
	p := e.Must(201, "POST", "/api/v1/projects", co.Token, map[string]any{"project_name": "Files " + testkit.Unique(),
		"project_category": "Fit-out", "startDate": "2025-01-01", "endDate": "2025-06-30", "budget": "10000.00", "estimatedmonths": 6,
		"estimatedhours": 900, "project_description": "Office fit-out", "currency": "USD"})
	r := e.Do("PUT", "/api/v1/projects/"+p.ID(), co.Token, map[string]any{"files": []any{spec, map[string]any{"fileName": "old", "url": "https://example.com/old.pdf"}}})
	if r.Status != 200 {
		t.Fatalf("project files: %d %s", r.Status, r.Raw)
	}
	arr, _ := r.Data()["files"].([]any)
	if len(arr) != 2 {
		t.Fatalf("files %v", r.Data()["files"])
	}
	first, _ := arr[0].(map[string]any)
	second, _ := arr[1].(map[string]any)
	if first["id"] != spec || first["url"] != "/api/v1/files/"+spec || first["contentType"] != "text/plain; charset=utf-8" || second["fileName"] != "old" {
		t.Fatalf("files expanded as %v", arr)
	}
	// Dropping the file from the list deletes it.
	e.Must(200, "PUT", "/api/v1/projects/"+p.ID(), co.Token, map[string]any{"files": []any{second}})
	if d := s.get(t, co.Token, "/api/v1/files/"+spec, nil); d.Status != 404 {
		t.Fatalf("file dropped from the list: %d", d.Status)
	}

	// An employee's picture.
	pic := s.uploadOne(t, co.Token, "me.png", pngHeader)
	emp := e.NewEmployee(co)
	r = e.Do("PUT", "/api/v1/employees/"+emp, co.Token, map[string]any{"profilePic": pic})
	if r.Status != 200 {
		t.Fatalf("profilePic: %d %s", r.Status, r.Raw)
	}
	if m, _ := r.Data()["profilePic"].(map[string]any); m["id"] != pic || m["contentType"] != "image/png" {
		t.Fatalf("profilePic answered %v", r.Data()["profilePic"])
	}
	if d := s.get(t, co.Token, "/api/v1/files/"+pic, nil); d.Status != 200 {
		t.Fatalf("the employee's picture: %d", d.Status)
	}
	e.Must(200, "DELETE", "/api/v1/employees/"+emp, co.Token, nil)
	if d := s.get(t, co.Token, "/api/v1/files/"+pic, nil); d.Status != 404 {
		t.Fatalf("picture of a deleted employee: %d", d.Status)
	}
}
