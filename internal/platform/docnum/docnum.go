// Package docnum allocates human-readable document numbers (CON#12, CN#3,
// QUO#7, EST#2, INV#11): one sequence per company and document kind, bumped
// inside the transaction that creates the document, so a number is never
// reused and two documents never get the same one. A rolled-back create gives
// its number back with the rest of its transaction.
//
// The counters live in the table document_counters (migration 00008), one row
// per (company_id, kind) holding the last number allocated. The row is created
// and bumped by one upsert statement, which tolerates concurrent first uses:
//
//   - PostgreSQL and SQLite: INSERT … VALUES (…, 1) ON CONFLICT (company_id, kind)
//     DO UPDATE SET last_number = last_number + 1 RETURNING last_number;
//   - MySQL/MariaDB: INSERT … VALUES (…, LAST_INSERT_ID(1)) ON DUPLICATE KEY
//     UPDATE last_number = LAST_INSERT_ID(last_number + 1), then
//     SELECT LAST_INSERT_ID() on the same connection (the transaction's).
//
// The row stays locked until the creating transaction ends, so concurrent
// creates of one kind in one company queue on it and get consecutive numbers.
package docnum

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Document kinds and the prefixes their numbers are shown with, as in the
// original service.
const (
	Customer  = "customer"  // CN#
	Contract  = "contract"  // CON#
	Quotation = "quotation" // QUO#
	Estimate  = "estimate"  // EST#
	Invoice   = "invoice"   // INV#
	// SalesQuotation and SalesInvoice number the sales module's quotations
	// and invoices, each its own sequence.
	SalesQuotation = "sales_quotation" // SQUO#
	SalesInvoice   = "sales_invoice"   // SINV#
)

// Prefixes maps each kind to its prefix.
var Prefixes = map[string]string{
	Customer:  "CN#",
	Contract:  "CON#",
	Quotation: "QUO#",
	Estimate:  "EST#",
	Invoice:   "INV#",

	SalesQuotation: "SQUO#",
	SalesInvoice:   "SINV#",
}

// ErrNoTx is returned when Next is called outside a transaction.
var ErrNoTx = errors.New("docnum: Next must run inside store.InTx")

// Next allocates the next number (1, 2, 3, …) of kind in the company. It must
// run inside store.InTx, in the transaction that writes the document.
func Next(ctx context.Context, store *db.DB, companyID, kind string) (int64, error) {
	q := store.Q(ctx)
	if _, ok := q.(*db.Tx); !ok {
		return 0, ErrNoTx
	}
	if companyID == "" || kind == "" || len(companyID) > 64 || len(kind) > 32 {
		return 0, fmt.Errorf("docnum: bad company %q or kind %q", companyID, kind)
	}
	var n int64
	switch store.Dialect.Name() {
	case "mysql":
		if _, err := q.ExecContext(ctx, "INSERT INTO `document_counters` (`company_id`, `kind`, `last_number`) VALUES (?, ?, LAST_INSERT_ID(1)) "+
			"ON DUPLICATE KEY UPDATE `last_number` = LAST_INSERT_ID(`last_number` + 1)", companyID, kind); err != nil {
			return 0, fmt.Errorf("docnum: bump %s: %w", kind, err)
		}
		if err := q.QueryRowContext(ctx, "SELECT LAST_INSERT_ID()").Scan(&n); err != nil {
			return 0, fmt.Errorf("docnum: read %s: %w", kind, err)
		}
	default:
		err := q.QueryRowContext(ctx, `INSERT INTO "document_counters" ("company_id", "kind", "last_number") VALUES (?, ?, 1) `+
			`ON CONFLICT ("company_id", "kind") DO UPDATE SET "last_number" = "document_counters"."last_number" + 1 RETURNING "last_number"`,
			companyID, kind).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("docnum: bump %s: %w", kind, err)
		}
	}
	if n < 1 {
		return 0, fmt.Errorf("docnum: %s counter returned %d", kind, n)
	}
	return n, nil
}

// Format renders a number with its prefix: Format("INV#", 11) is "INV#11".
func Format(prefix string, n int64) string { return prefix + strconv.FormatInt(n, 10) }

// NextNumber allocates the next number of kind and formats it with the kind's
// prefix (see Prefixes).
func NextNumber(ctx context.Context, store *db.DB, companyID, kind string) (string, error) {
	p, ok := Prefixes[kind]
	if !ok {
		return "", fmt.Errorf("docnum: unknown kind %q", kind)
	}
	n, err := Next(ctx, store, companyID, kind)
	if err != nil {
		return "", err
	}
	return Format(p, n), nil
}
