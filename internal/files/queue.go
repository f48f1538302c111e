package files

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

var _ crud.FileHook = (*Service)(nil)

// Attach implements crud.FileHook: file id becomes attached to use's row.
// It must be a file of the row's company that the caller uploaded and that
// is not attached elsewhere, or a file already attached to this row.
func (s *Service) Attach(ctx context.Context, c *crud.Call, id string, use crud.FileUse) (crud.FileDoc, error) {
	refuse := httpapi.Invalid(use.Field, fmt.Sprintf("%q is not a file you uploaded (file %s)", use.Field, id))
	q := `SELECT ` + fileCols + ` FROM files WHERE id = ?`
	if s.DB.Dialect.Name() != "sqlite" {
		q += ` FOR UPDATE`
	}
	f, err := scanFile(s.DB.Q(ctx).QueryRowContext(ctx, q, id))
	if db.IsNoRows(err) {
		return crud.FileDoc{}, refuse
	}
	if err != nil {
		return crud.FileDoc{}, err
	}
	if f.companyID != use.CompanyID {
		return crud.FileDoc{}, refuse
	}
	if a := f.AttachedTo; a != nil {
		if a.Table == use.Table && a.ID == use.RowID {
			return f.doc(), nil
		}
		return crud.FileDoc{}, httpapi.Invalid(use.Field, fmt.Sprintf("%q: file %s is attached to another record", use.Field, id))
	}
	if f.UploadedBy != c.P.ID && !c.P.IsSuperAdmin() {
		return crud.FileDoc{}, refuse
	}
	res, err := s.DB.Q(ctx).ExecContext(ctx, `UPDATE files SET attached_table = ?, attached_id = ?, attached_field = ? WHERE id = ? AND attached_table IS NULL`,
		use.Table, use.RowID, use.Field, id)
	if err != nil {
		return crud.FileDoc{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return crud.FileDoc{}, httpapi.Invalid(use.Field, fmt.Sprintf("%q: file %s is attached to another record", use.Field, id))
	}
	return f.doc(), nil
}

// Release implements crud.FileHook: the files attached to use's row whose
// ids are not in keep are deleted (metadata and plan usage now, bytes after
// commit).
func (s *Service) Release(ctx context.Context, c *crud.Call, use crud.FileUse, keep []string) error {
	q := `SELECT ` + fileCols + ` FROM files WHERE attached_table = ? AND attached_id = ?`
	if s.DB.Dialect.Name() != "sqlite" {
		q += ` FOR UPDATE`
	}
	rows, err := s.DB.Q(ctx).QueryContext(ctx, q, use.Table, use.RowID)
	if err != nil {
		return err
	}
	kept := map[string]bool{}
	for _, id := range keep {
		kept[id] = true
	}
	var drop []*File
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			rows.Close()
			return err
		}
		if !kept[f.ID] {
			drop = append(drop, f)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(drop) == 0 {
		return nil
	}
	return s.deleteRows(ctx, drop)
}

func (s *Service) signal() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run drains the deletion queue every DrainInterval (and soon after a
// deletion) until ctx ends.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.o.DrainInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
			// The deletion's transaction commits just after the signal.
			select {
			case <-ctx.Done():
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
		if _, err := s.Drain(ctx); err != nil && ctx.Err() == nil {
			s.o.Logger.Warn("file deletion queue", "err", err)
		}
	}
}

// backoff is the wait before retry n of a deletion: 2^n seconds, at most an hour.
func backoff(n int) time.Duration {
	if n > 12 {
		return time.Hour
	}
	return min(time.Duration(1<<n)*time.Second, time.Hour)
}

// Drain deletes the bytes of every due entry of the queue and returns how
// many it removed. Each entry is claimed first (its attempt counted and its
// next try scheduled), so several instances never work on one at once, and
// a pending upload claimed here can no longer commit.
func (s *Service) Drain(ctx context.Context) (int, error) {
	now := int64(db.Now())
	rows, err := s.DB.Q(ctx).QueryContext(ctx, `SELECT id, store_key, attempts FROM file_deletions WHERE due_at <= ? ORDER BY due_at LIMIT 100`, now)
	if err != nil {
		return 0, err
	}
	type entry struct {
		id, key  string
		attempts int
	}
	var due []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.key, &e.attempts); err != nil {
			rows.Close()
			return 0, err
		}
		due = append(due, e)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	done := 0
	var lastErr error
	for _, e := range due {
		next := now + backoff(e.attempts+1).Milliseconds()
		res, err := s.exec(ctx, `UPDATE file_deletions SET attempts = attempts + 1, due_at = ? WHERE id = ? AND attempts = ? AND due_at <= ?`,
			next, e.id, e.attempts, now)
		if err != nil {
			return done, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue // taken by another instance, or committed meanwhile
		}
		if err := s.o.Store.Delete(ctx, e.key); err != nil {
			lastErr = err
			msg := err.Error()
			if len(msg) > 1000 {
				msg = msg[:1000]
			}
			_, _ = s.exec(ctx, `UPDATE file_deletions SET last_error = ? WHERE id = ?`, msg, e.id)
			continue
		}
		if _, err := s.exec(ctx, `DELETE FROM file_deletions WHERE id = ?`, e.id); err != nil {
			return done, err
		}
		done++
	}
	return done, lastErr
}

// Pending counts the queue's entries (due or not), for tests and metrics.
func (s *Service) Pending(ctx context.Context) (int, error) {
	var n int
	err := s.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM file_deletions`).Scan(&n)
	return n, err
}

// exec runs one statement through the write connection (in its own
// transaction, or in the caller's), as every write of the service does.
func (s *Service) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := s.DB.InTx(ctx, func(ctx context.Context) error {
		var err error
		res, err = s.DB.Q(ctx).ExecContext(ctx, q, args...)
		return err
	})
	return res, err
}
