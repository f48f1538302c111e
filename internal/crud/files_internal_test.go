package crud

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFileDocFitsAndRoundTrips(t *testing.T) {
	id := "Abcdefghijklmnopqrstuvw"
	for _, name := range []string{"a.png", strings.Repeat("é", 300), strings.Repeat(`<&>"`, 100), ""} {
		d := FileDoc{ID: id, Name: name, Size: 104857600, ContentType: "application/vnd.ms-fontobject"}
		enc := d.Encode()
		if n := utf8.RuneCountInString(enc); n > maxFileDoc {
			t.Fatalf("document of %d characters: %s", n, enc)
		}
		if fileDocID(enc) != id {
			t.Fatalf("stored document not recognised: %s", enc)
		}
		var back FileDoc
		if err := json.Unmarshal(FileRef(enc).mustJSON(t), &back); err != nil || back.URL != "/api/v1/files/"+id || !strings.HasPrefix(name, back.Name) {
			t.Fatalf("answered %s (%v)", enc, err)
		}
	}
	// Texts are strings, whatever they look like.
	for _, text := range []string{"https://example.com/a.png", `{"id":"x"}`, `{"id":"` + id + `","url":"https://evil.example/"}`, "<script>"} {
		var s string
		if err := json.Unmarshal(FileRef(text).mustJSON(t), &s); err != nil || s != text {
			t.Fatalf("text %q answered as %s", text, FileRef(text).mustJSON(t))
		}
	}
}

func (f FileRef) mustJSON(t *testing.T) []byte {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendFileRef(nil, string(f)); string(got) != string(b) {
		t.Fatalf("streamed encoder %s, encoding/json %s", got, b)
	}
	return b
}
