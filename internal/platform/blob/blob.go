// Package blob stores the bytes of uploaded files: on local disk (the
// default) or in any S3-compatible object store. Callers name objects with
// keys they generate (letters and digits only), never with user input.
package blob

import (
	"context"
	"errors"
	"io"
)

// Store keeps objects by key.
type Store interface {
	// Put streams r into the object key and returns the bytes written. The
	// object appears whole or not at all: a failed Put leaves no object
	// readable under key (though a store may keep an incomplete upload,
	// which a later Delete of the key removes).
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open returns the object for reading and seeking.
	Open(ctx context.Context, key string) (Object, error)
	// Delete removes the object; a missing object is not an error.
	Delete(ctx context.Context, key string) error
	// Kind names the backend ("local" or "s3").
	Kind() string
}

// Object is an open stored object.
type Object interface {
	io.ReadSeekCloser
}

var (
	// ErrNotFound is returned by Open for a missing object.
	ErrNotFound = errors.New("blob: object not found")
	// ErrUnavailable wraps failures of the store itself (unreachable,
	// refusing requests): the caller answers 503 and may retry later.
	ErrUnavailable = errors.New("blob: store unavailable")
	// ErrBadKey is returned for a key that is not 1 to 64 letters and digits.
	ErrBadKey = errors.New("blob: invalid key")
)

// ValidKey reports a key of 1 to 64 ASCII letters and digits.
func ValidKey(k string) bool {
	if len(k) == 0 || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// trackedReader remembers the first error of the reader a store consumes,
// so that a store can tell the caller's error (a size limit, a client that
// went away) from its own.
type trackedReader struct {
	r   io.Reader
	n   int64
	err error
}

func (t *trackedReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += int64(n)
	if err != nil && err != io.EOF && t.err == nil {
		t.err = err
	}
	return n, err
}
