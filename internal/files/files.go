// Package files serves uploaded files: POST /api/v1/files streams uploads
// into a blob store (local disk or S3), GET /api/v1/files/{id} downloads,
// DELETE /api/v1/files/{id} removes an unattached file. It implements the
// engine's crud.FileHook, through which resource fields declared `v:"file"`
// or `v:"files"` attach files, and it drains the queue of stored objects to
// delete (file_deletions) in the background.
//
// Nothing is half-written: an upload's bytes go to the store first under a
// fresh key, recorded beforehand in file_deletions as a pending upload; the
// transaction that records the file's metadata, counts its size against the
// plan and removes that pending entry commits last. An upload that fails or
// never commits leaves its entry due, and the worker deletes its bytes.
// Deleted files leave an entry too, drained after commit and retried with
// backoff while the store is down.
package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/blob"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Path is the collection's path.
const Path = "/api/v1/files"

// Defaults of Options.
const (
	DefaultMaxBytes      = 25 << 20
	DefaultMaxPerRequest = 20
	DefaultPendingTTL    = 6 * time.Hour
	DefaultDrainInterval = 2 * time.Second
)

// Options configure the service.
type Options struct {
	Store         blob.Store
	MaxBytes      int64         // largest file (FILES_MAX_BYTES)
	MaxPerRequest int           // files in one upload request (FILES_MAX_PER_REQUEST)
	PendingTTL    time.Duration // an upload not committed by then is deleted
	DrainInterval time.Duration // how often the deletion queue is drained
	Logger        *slog.Logger
}

// Service is the file service.
type Service struct {
	DB   *db.DB
	Deps *crud.Deps
	o    Options
	kick chan struct{}
}

// New builds the service; Run drains its deletion queue.
func New(store *db.DB, deps *crud.Deps, o Options) *Service {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxPerRequest <= 0 {
		o.MaxPerRequest = DefaultMaxPerRequest
	}
	if o.PendingTTL <= 0 {
		o.PendingTTL = DefaultPendingTTL
	}
	if o.DrainInterval <= 0 {
		o.DrainInterval = DefaultDrainInterval
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return &Service{DB: store, Deps: deps, o: o, kick: make(chan struct{}, 1)}
}

// Store is the blob store in use.
func (s *Service) Store() blob.Store { return s.o.Store }

// MaxRequestBytes bounds the body of one upload request.
func (s *Service) MaxRequestBytes() int64 {
	return s.o.MaxBytes*int64(s.o.MaxPerRequest) + 1<<20
}

// File is a file's metadata as the API answers it.
type File struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Size        int64   `json:"size"`
	ContentType string  `json:"contentType"`
	URL         string  `json:"url"`
	ETag        string  `json:"etag"`
	UploadedBy  string  `json:"uploadedBy"`
	CreatedAt   db.Time `json:"createdAt"`
	// AttachedTo names the row holding the file ({table, id, field}), null
	// while it is not attached.
	AttachedTo *Attachment `json:"attachedTo"`

	companyID string
}

// Attachment is the row a file is attached to.
type Attachment struct {
	Table string `json:"table"`
	ID    string `json:"id"`
	Field string `json:"field"`
}

func (f *File) doc() crud.FileDoc {
	return crud.FileDoc{ID: f.ID, Name: f.Name, Size: f.Size, ContentType: f.ContentType, URL: crud.FileURL(f.ID)}
}

// Mount registers the routes.
func (s *Service) Mount(rt *httpapi.Router) {
	a := s.Deps.Auth
	rt.HandleFunc("POST "+Path, a.Require(s.upload))
	rt.HandleFunc("GET "+Path+"/{id}", a.Require(s.download))
	rt.HandleFunc("DELETE "+Path+"/{id}", a.Require(s.remove))
}

// Operations documents the routes.
func Operations() []crud.Operation {
	return []crud.Operation{
		{Method: "POST", Path: "/files", ID: "files-upload", Tag: "Files", Access: "token", Status: http.StatusCreated,
			Summary: "Upload one or more files (multipart/form-data, field `file`)",
			Description: "Streams each part named `file` into the file store and answers, in the order sent, each file's " +
				"`id`, `name` (the client's file name without any path), `size`, `contentType` (sniffed from the bytes; the " +
				"request's type is ignored), `url` (GET /files/{id}) and `etag`. A file larger than FILES_MAX_BYTES is 413, " +
				"as is an upload that would pass the plan's `storage_limit` (MB); an empty file or a request without a " +
				"`file` part is 422; more than FILES_MAX_PER_REQUEST files is 413; a store that cannot be reached is 503. " +
				"The request is all or nothing. A new file is visible only to its uploader until it is attached to a row " +
				"through a file field (photo, profilePic, cv_path, receipt, bill, paymentReceipt, message file, e_signature, " +
				"files of projects, products and tickets). Idempotency-Key is ignored on this path."},
		{Method: "GET", Path: "/files/{id}", ID: "files-download", Tag: "Files", Access: "token",
			Summary: "Download a file",
			Description: "Answers the bytes with the sniffed Content-Type, Content-Disposition (inline for images, PDF, " +
				"plain text, audio and video; attachment for everything else, HTML and SVG included), an ETag " +
				"(If-None-Match → 304) and range requests (206). The caller must belong to the file's company; an " +
				"unattached file is served to its uploader only, an attached one to whoever may read its row (404 " +
				"otherwise). 503 when the store cannot be reached."},
		{Method: "DELETE", Path: "/files/{id}", ID: "files-delete", Tag: "Files", Access: "token",
			Summary: "Delete an unattached file",
			Description: "Only the uploader may delete an unattached file (404 for anyone else); a file attached to a row " +
				"is deleted with that row or when the row's field drops it (409 here). Its size is given back to the plan " +
				"at once; its bytes are removed after commit, retried while the store is down."},
	}
}

// maxBytesError is an upload over the size limit.
type maxBytesError struct{ limit int64 }

func (e *maxBytesError) Error() string { return "file too large" }

// limitReader fails with maxBytesError once more than limit bytes are read.
type limitReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.limit {
		return n, &maxBytesError{l.limit}
	}
	return n, err
}

// headWriter keeps the first 512 bytes written, for sniffing.
type headWriter struct{ b []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if room := 512 - len(h.b); room > 0 {
		if len(p) < room {
			room = len(p)
		}
		h.b = append(h.b, p[:room]...)
	}
	return len(p), nil
}

func unavailable() error {
	return &httpapi.Error{Status: http.StatusServiceUnavailable, Message: "File storage is unavailable, please retry shortly",
		RetryAfter: httpapi.RetryAfterSeconds}
}

func tooLarge(limit int64) error {
	return &httpapi.Error{Status: http.StatusRequestEntityTooLarge,
		Message: fmt.Sprintf("The file is larger than the limit of %s", humanBytes(limit))}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (s *Service) upload(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if p.CompanyID == "" {
		httpapi.WriteError(w, r, httpapi.Forbidden("Files belong to a company; you do not belong to one"))
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		httpapi.WriteError(w, r, httpapi.BadRequest(`Send the files as multipart/form-data, in parts named "file"`))
		return
	}
	// A large upload may take longer than the server's read timeout.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.o.PendingTTL))
	mr, err := r.MultipartReader()
	if err != nil {
		httpapi.WriteError(w, r, httpapi.BadRequest("Malformed multipart body: "+err.Error()))
		return
	}
	ctx := r.Context()
	var stored []*File
	fail := func(err error) {
		s.discard(stored)
		httpapi.WriteError(w, r, err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				fail(&httpapi.Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"})
				return
			}
			fail(httpapi.BadRequest("Malformed multipart body"))
			return
		}
		if part.FormName() != "file" {
			_, _ = io.Copy(io.Discard, part)
			part.Close()
			continue
		}
		if len(stored) == s.o.MaxPerRequest {
			fail(&httpapi.Error{Status: http.StatusRequestEntityTooLarge,
				Message: fmt.Sprintf("At most %d files may be sent in one request", s.o.MaxPerRequest)})
			return
		}
		f, err := s.put(ctx, p, part)
		part.Close()
		if f != nil {
			stored = append(stored, f)
		}
		if err != nil {
			fail(err)
			return
		}
	}
	if len(stored) == 0 {
		httpapi.WriteError(w, r, httpapi.Invalid("file", `"file" is required: send one or more files in multipart parts named "file"`))
		return
	}
	for _, f := range stored {
		if f.Size == 0 {
			fail(httpapi.Invalid("file", fmt.Sprintf(`"file" %q is empty`, f.Name)))
			return
		}
	}
	if err := s.commit(ctx, p, stored); err != nil {
		fail(err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "Files uploaded successfully", stored)
}

// put streams one part into the store under a new id, recorded first as a
// pending upload. It returns the file (with its bytes stored) even on error
// once anything may have reached the store, so that the caller discards it.
func (s *Service) put(ctx context.Context, p *auth.Principal, part io.Reader) (*File, error) {
	name := ""
	if fp, ok := part.(interface{ FileName() string }); ok {
		name = fp.FileName()
	}
	f := &File{ID: db.NewID(), Name: CleanName(name), UploadedBy: p.ID, companyID: p.CompanyID, CreatedAt: db.Stamp()}
	if _, err := s.exec(ctx, `INSERT INTO file_deletions (id, store_key, due_at, attempts, created_at) VALUES (?, ?, ?, 0, ?)`,
		f.ID, f.ID, int64(db.Now())+s.o.PendingTTL.Milliseconds(), int64(db.Now())); err != nil {
		return nil, err
	}
	head := &headWriter{}
	sum := sha256.New()
	lr := &limitReader{r: part, limit: s.o.MaxBytes}
	n, err := s.o.Store.Put(ctx, f.ID, io.TeeReader(lr, io.MultiWriter(head, hashWriter{sum})))
	f.Size = n
	if err != nil {
		var mb *maxBytesError
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mb):
			return f, tooLarge(mb.limit)
		case errors.As(err, &mbe):
			return f, &httpapi.Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"}
		case errors.Is(err, blob.ErrUnavailable):
			s.o.Logger.Warn("file store unavailable", "err", err)
			return f, unavailable()
		}
		return f, err
	}
	f.ContentType = Sniff(head.b)
	f.ETag = hex.EncodeToString(sum.Sum(nil))
	f.URL = crud.FileURL(f.ID)
	return f, nil
}

type hashWriter struct{ h hash.Hash }

func (w hashWriter) Write(p []byte) (int, error) { return w.h.Write(p) }

// commit records the files and counts them against the plan in one
// transaction, taking their pending-upload entries back.
func (s *Service) commit(ctx context.Context, p *auth.Principal, files []*File) error {
	var total int64
	for _, f := range files {
		total += f.Size
	}
	return s.DB.InTx(ctx, func(ctx context.Context) error {
		q := s.DB.Q(ctx)
		for _, f := range files {
			// attempts = 0 and not yet due: the worker has not claimed it.
			res, err := q.ExecContext(ctx, `DELETE FROM file_deletions WHERE id = ? AND attempts = 0 AND due_at > ?`, f.ID, int64(db.Now()))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return &httpapi.Error{Status: http.StatusRequestTimeout, Message: "The upload took too long; send it again"}
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO files (id, company_id, uploaded_by, created_at, name, size, content_type, etag)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, f.companyID, f.UploadedBy, int64(f.CreatedAt), f.Name, f.Size, f.ContentType, f.ETag); err != nil {
				return err
			}
		}
		return org.TakeStorage(ctx, s.DB, p.CompanyID, total)
	})
}

// discard removes the stored bytes of uploads that will not be committed;
// what fails here stays in the queue, due now, for the worker.
func (s *Service) discard(files []*File) {
	if len(files) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, f := range files {
		if err := s.o.Store.Delete(ctx, f.ID); err == nil {
			_, _ = s.exec(ctx, `DELETE FROM file_deletions WHERE id = ?`, f.ID)
			continue
		}
		_, _ = s.exec(ctx, `UPDATE file_deletions SET due_at = ? WHERE id = ? AND attempts = 0`, int64(db.Now()), f.ID)
		s.signal()
	}
}

const fileCols = `id, company_id, uploaded_by, created_at, name, size, content_type, etag, attached_table, attached_id, attached_field`

func scanFile(row interface{ Scan(...any) error }) (*File, error) {
	f := &File{}
	var table, id, field *string
	var created int64
	if err := row.Scan(&f.ID, &f.companyID, &f.UploadedBy, &created, &f.Name, &f.Size, &f.ContentType, &f.ETag, &table, &id, &field); err != nil {
		return nil, err
	}
	f.CreatedAt = db.Time(created)
	f.URL = crud.FileURL(f.ID)
	if table != nil && *table != "" {
		f.AttachedTo = &Attachment{Table: *table, ID: deref(id), Field: deref(field)}
	}
	return f, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// find loads a file of the caller's company (any company for a super-admin).
func (s *Service) find(ctx context.Context, p *auth.Principal, id string, lock bool) (*File, error) {
	if !db.ValidID(id) {
		return nil, httpapi.NotFound("File not found")
	}
	q := `SELECT ` + fileCols + ` FROM files WHERE id = ?`
	args := []any{id}
	if !p.IsSuperAdmin() {
		q += ` AND company_id = ?`
		args = append(args, p.CompanyID)
	}
	if lock && s.DB.Dialect.Name() != "sqlite" {
		q += ` FOR UPDATE`
	}
	f, err := scanFile(s.DB.Q(ctx).QueryRowContext(ctx, q, args...))
	if db.IsNoRows(err) {
		return nil, httpapi.NotFound("File not found")
	}
	return f, err
}

// visible checks the caller may read f: its uploader while it is not
// attached, whoever may read its row once it is.
func (s *Service) visible(ctx context.Context, r *http.Request, p *auth.Principal, f *File) error {
	if f.AttachedTo == nil {
		if f.UploadedBy != p.ID && !p.IsSuperAdmin() {
			return httpapi.NotFound("File not found")
		}
		return nil
	}
	return crud.CanViewRow(ctx, s.Deps, r, f.AttachedTo.Table, f.AttachedTo.ID)
}

func (s *Service) download(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	ctx := r.Context()
	f, err := s.find(ctx, p, r.PathValue("id"), false)
	if err == nil {
		err = s.visible(ctx, r, p, f)
	}
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	obj, err := s.o.Store.Open(ctx, f.ID)
	switch {
	case errors.Is(err, blob.ErrNotFound):
		s.o.Logger.Error("file bytes missing", "file", f.ID)
		httpapi.WriteError(w, r, httpapi.NotFound("File content not found"))
		return
	case errors.Is(err, blob.ErrUnavailable):
		s.o.Logger.Warn("file store unavailable", "err", err)
		httpapi.WriteError(w, r, unavailable())
		return
	case err != nil:
		httpapi.WriteError(w, r, err)
		return
	}
	defer obj.Close()
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.o.PendingTTL))
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", Disposition(f.ContentType, f.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	// Even a file opened in place runs nothing and loads nothing.
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'")
	h.Set("ETag", `"`+f.ETag+`"`)
	h.Set("Cache-Control", "private, no-cache")
	http.ServeContent(w, r, f.Name, f.CreatedAt.Std(), obj)
}

func (s *Service) remove(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	var gone *File
	err := s.DB.InTx(r.Context(), func(ctx context.Context) error {
		f, err := s.find(ctx, p, r.PathValue("id"), true)
		if err != nil {
			return err
		}
		if f.AttachedTo != nil {
			if err := s.visible(ctx, r, p, f); err != nil {
				return err
			}
			return httpapi.Conflict(fmt.Sprintf("The file is attached to a %s record (field %q); remove it there or delete that record",
				strings.ReplaceAll(f.AttachedTo.Table, "_", " "), f.AttachedTo.Field))
		}
		if f.UploadedBy != p.ID && !p.IsSuperAdmin() {
			return httpapi.NotFound("File not found")
		}
		gone = f
		return s.deleteRows(ctx, []*File{f})
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	s.removeBytes(r.Context(), gone.ID)
	httpapi.OK(w, http.StatusOK, "File deleted successfully", gone)
}

// deleteRows deletes files' metadata, gives their sizes back to their
// companies' plans and queues their bytes, in the caller's transaction.
func (s *Service) deleteRows(ctx context.Context, files []*File) error {
	q := s.DB.Q(ctx)
	byCompany := map[string]int64{}
	now := int64(db.Now())
	for _, f := range files {
		res, err := q.ExecContext(ctx, `DELETE FROM files WHERE id = ?`, f.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // deleted meanwhile by another transaction
		}
		byCompany[f.companyID] += f.Size
		if _, err := q.ExecContext(ctx, `INSERT INTO file_deletions (id, store_key, due_at, attempts, created_at) VALUES (?, ?, ?, 0, ?)`,
			f.ID, f.ID, now, now); err != nil {
			return err
		}
	}
	for company, n := range byCompany {
		if err := org.FreeStorage(ctx, s.DB, company, n); err != nil {
			return err
		}
	}
	s.signal()
	return nil
}

// removeBytes deletes a committed deletion's bytes at once; on failure the
// queue entry stays for the worker.
func (s *Service) removeBytes(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.o.Store.Delete(ctx, key); err != nil {
		s.o.Logger.Warn("file bytes not deleted yet; queued", "file", key, "err", err)
		return
	}
	_, _ = s.exec(ctx, `DELETE FROM file_deletions WHERE id = ? AND attempts = 0`, key)
}
