package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Local stores objects as files under Dir: key K lives in Dir/K[:2]/K. A Put
// writes a temporary file in the same folder, syncs it and renames it into
// place, so a reader never sees half an object.
type Local struct {
	Dir string
}

// NewLocal creates dir (mode 0700) when missing and returns its store.
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Local{Dir: dir}, nil
}

// Kind is "local".
func (l *Local) Kind() string { return "local" }

func (l *Local) path(key string) (string, error) {
	if !ValidKey(key) || len(key) < 2 {
		return "", ErrBadKey
	}
	return filepath.Join(l.Dir, key[:2], key), nil
}

// Put streams r into a temporary file and renames it to the key's path.
func (l *Local) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	p, err := l.path(key)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	tr := &trackedReader{r: r}
	n, err := io.Copy(tmp, ctxReader{ctx, tr})
	if err != nil {
		if tr.err != nil {
			return n, tr.err
		}
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		return n, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if err := tmp.Sync(); err != nil {
		return n, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if err := tmp.Close(); err != nil {
		return n, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return n, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	done = true
	return n, nil
}

// Open opens the key's file.
func (l *Local) Open(ctx context.Context, key string) (Object, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return f, nil
}

// Delete removes the key's file.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return nil
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
