package files

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes bounds a stored file name.
const maxNameBytes = 255

// CleanName turns the file name a client sent into a plain name: the last
// element of any path (with / or \ separators), without control or format
// characters, leading dots or surrounding space, at most 255 bytes. The name
// is only ever shown (Content-Disposition, answers); objects are stored under
// the file's id, so no name reaches a file system path.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	name = strings.TrimLeft(name, ". ")
	for len(name) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		return "file"
	}
	return name
}

// Sniff names the content type of a file from its first bytes (at most
// 512), as browsers would (http.DetectContentType), and recognises SVG,
// which that function reports as XML or text.
func Sniff(head []byte) string {
	ct := http.DetectContentType(head)
	if strings.HasPrefix(ct, "text/xml") || strings.HasPrefix(ct, "text/plain") || strings.HasPrefix(ct, "text/html") {
		if bytes.Contains(bytes.ToLower(head), []byte("<svg")) {
			return "image/svg+xml"
		}
	}
	return ct
}

// inlineTypes are the content types a browser may display in place; every
// other file (HTML, SVG, XML, scripts, archives…) is served as an attachment.
var inlineTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/bmp": true,
	"application/pdf": true, "text/plain": true, "audio/mpeg": true, "audio/wave": true, "audio/ogg": true,
	"video/mp4": true, "video/webm": true, "video/ogg": true,
}

// Disposition is the Content-Disposition of a download: inline only for the
// types in inlineTypes, with the name encoded per RFC 6266/2231.
func Disposition(contentType, name string) string {
	kind := "attachment"
	mt, _, _ := mime.ParseMediaType(contentType)
	if inlineTypes[mt] {
		kind = "inline"
	}
	if v := mime.FormatMediaType(kind, map[string]string{"filename": name}); v != "" {
		return v
	}
	return kind
}

// Inline reports whether files of contentType are displayed in place.
func Inline(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return inlineTypes[mt]
}
