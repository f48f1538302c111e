package db_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

var errDeadlock = errors.New("deadlock detected")

// deadlockDialect is SQLite whose IsRetryable also knows errDeadlock.
type deadlockDialect struct{ db.Dialect }

func (d deadlockDialect) IsRetryable(err error) bool {
	return errors.Is(err, errDeadlock) || d.Dialect.IsRetryable(err)
}

// TestRetryableFailureOfNestedTx: a retryable failure of a nested InTx that
// the caller turned into an answer (as a handler writes a 500) is reported by
// RetryableFailure, so the outermost InTx can retry the whole unit.
func TestRetryableFailureOfNestedTx(t *testing.T) {
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	store.Dialect = deadlockDialect{store.Dialect}
	ctx := context.Background()
	if db.RetryableFailure(ctx) != nil {
		t.Fatal("failure reported outside a transaction")
	}
	attempts := 0
	err = store.InTx(ctx, func(ctx context.Context) error {
		attempts++
		if db.RetryableFailure(ctx) != nil {
			t.Error("a fresh attempt starts with a failure")
		}
		inner := store.InTx(ctx, func(ctx context.Context) error {
			if attempts < 3 {
				return errDeadlock
			}
			return nil
		})
		_ = inner // swallowed, as a handler answering 500 does
		return db.RetryableFailure(ctx)
	})
	if err != nil || attempts != 3 {
		t.Fatalf("err %v after %d attempts, want success on the third", err, attempts)
	}
	attempts = 0
	err = store.InTx(ctx, func(ctx context.Context) error {
		attempts++
		_ = store.InTx(ctx, func(ctx context.Context) error { return errors.New("not retryable") })
		return db.RetryableFailure(ctx)
	})
	if err != nil || attempts != 1 {
		t.Fatalf("a plain failure was recorded as retryable: %v, %d attempts", err, attempts)
	}
}
