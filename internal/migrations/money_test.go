package migrations_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/migrations"
	"github.com/crmhrm/crm/internal/platform/db"
)

// TestMoneyUnitsMigration: 00017 turns stored decimal text into BIGINT units
// of 10^-4 exactly, whatever the number of decimals (USD, JPY, KWD, CLF) and
// up to the largest amount accepted, and its Down turns them back into text
// the previous code reads as the same amounts.
func TestMoneyUnitsMigration(t *testing.T) {
	store, _, _ := freshDB(t)
	ctx := context.Background()
	if _, err := migrations.Up(ctx, store); err != nil {
		t.Fatal(err)
	}
	if err := migrations.DownTo(ctx, store, 16); err != nil {
		t.Fatalf("down to 16: %v", err)
	}
	amounts := []struct{ text, currency, units, back string }{
		{"80.30", "USD", "803000", "80.3000"},
		{"1099", "JPY", "10990000", "1099.0000"},
		{"12.345", "KWD", "123450", "12.3450"},
		{"1.2345", "CLF", "12345", "1.2345"},
		{"0.05", "USD", "500", "0.0500"},
		{"9999999999999.99", "USD", "99999999999999900", "9999999999999.9900"}, // just below 10^15 cents
		{"99999999999999", "JPY", "999999999999990000", "99999999999999.0000"}, // just below 10^14 yen
	}
	for i, a := range amounts {
		mustExec(t, store, fmt.Sprintf(`INSERT INTO payments (id, company_id, created_at, updated_at, related_id, project, invoice, paid_on,
			amount, currency, payment_method) VALUES ('pay%020d', 'co', %d, %d, 'p', 'p', 'inv', 0, '%s', '%s', 'cash')`, i, i, i, a.text, a.currency))
	}
	mustExec(t, store, `INSERT INTO invoices (id, company_id, created_at, updated_at, related_id, invoice_number, project, client, issue_date,
		due_date, currency, items, discount_rate, subtotal, discount, tax, calculated_tax, total, paid_amount, credited_amount, amount_due, status)
		VALUES ('inv', 'co', 1, 1, 'p', 'INV#1', 'p', 'Globex', 0, 0, 'USD', '[]', '10', '77.54', '7.75', '10.51', '10.51', '80.30', '0.30', '0', '80.00', 'partially paid')`)
	if _, err := migrations.Up(ctx, store); err != nil {
		t.Fatalf("up: %v", err)
	}
	var want []string
	for i, a := range amounts {
		want = append(want, fmt.Sprintf("pay%020d | %s", i, a.units))
	}
	if got := rowsText(t, store, `SELECT id, amount_e4 FROM payments ORDER BY id`); !reflect.DeepEqual(got, want) {
		t.Fatalf("payments after 00017:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := rowsText(t, store, `SELECT subtotal_e4, discount_e4, tax_e4, calculated_tax_e4, total_e4, paid_amount_e4, credited_amount_e4, amount_due_e4 FROM invoices`); len(got) != 1 ||
		got[0] != "775400 | 77500 | 105100 | 105100 | 803000 | 3000 | 0 | 800000" {
		t.Fatalf("invoice after 00017: %v", got)
	}
	if got := rowsText(t, store, `SELECT id FROM payments ORDER BY amount_e4 DESC, id`); got[0] != "pay00000000000000000006" || got[len(got)-1] != "pay00000000000000000004" {
		t.Fatalf("amounts do not sort as numbers: %v", got)
	}

	if err := migrations.DownTo(ctx, store, 16); err != nil {
		t.Fatalf("down to 16 again: %v", err)
	}
	want = want[:0]
	for i, a := range amounts {
		want = append(want, fmt.Sprintf("pay%020d | %s", i, a.back))
	}
	if got := rowsText(t, store, `SELECT id, amount FROM payments ORDER BY id`); !reflect.DeepEqual(got, want) {
		t.Fatalf("payments after 00017's down:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := migrations.Up(ctx, store); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if got := rowsText(t, store, `SELECT amount_e4 FROM payments WHERE id = 'pay00000000000000000002'`); len(got) != 1 || got[0] != "123450" {
		t.Fatalf("KWD amount after down and up: %v", got)
	}
}

// TestMySQLDataMoveGuard: an INSERT/UPDATE/DELETE that reads a column a later
// statement of its section drops is skipped once that column is gone, so a
// MySQL file that moves a column's data and drops it can be run again after
// an interruption anywhere; a file that would add the column back is refused.
func TestMySQLDataMoveGuard(t *testing.T) {
	src := "-- +goose Up\n" +
		"ALTER TABLE `mv` ADD COLUMN `price_e4` BIGINT NOT NULL DEFAULT 0;\n" +
		"UPDATE `mv` SET `price_e4` = CAST(ROUND(CAST(`price` AS DECIMAL(40,4)) * 10000) AS SIGNED);\n" +
		"UPDATE `mv` SET `note` = 'price';\n" +
		"ALTER TABLE `mv` DROP COLUMN `price`;\n" +
		"-- +goose Down\nALTER TABLE `mv` DROP COLUMN `price_e4`;\n"
	guards, err := migrations.GuardsOf(src)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{nil, {"mv.price"}, nil, nil}; !reflect.DeepEqual(guards, want) {
		t.Fatalf("guards %v, want %v (a string literal naming the column is no read)", guards, want)
	}
	readd := strings.Replace(src, "-- +goose Down", "ALTER TABLE `mv` ADD COLUMN `price` BIGINT;\n-- +goose Down", 1)
	if err := migrations.CheckFile("mysql", "00099_x.sql", readd); err == nil {
		t.Fatal("a section that adds back a column it dropped was accepted")
	}

	store, dialect, _ := freshDB(t)
	if dialect != "mysql" {
		t.Skip("runs the guarded statements on MySQL/MariaDB")
	}
	ctx := context.Background()
	mustExec(t, store, "CREATE TABLE `mv` (`id` INT NOT NULL PRIMARY KEY, `price` VARCHAR(255) NOT NULL, `note` VARCHAR(255))")
	mustExec(t, store, "INSERT INTO `mv` (`id`, `price`) VALUES (1, '80.30'), (2, '1099')")
	// Interrupted after the move, before the drop: the run starts again.
	mustExec(t, store, "ALTER TABLE `mv` ADD COLUMN `price_e4` BIGINT NOT NULL DEFAULT 0")
	for run := 1; run <= 3; run++ { // a full run, then runs after a completed one
		if err := migrations.RunMySQLUp(ctx, store, src); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if got := rowsText(t, store, "SELECT id, price_e4 FROM mv ORDER BY id"); !reflect.DeepEqual(got, []string{"1 | 803000", "2 | 10990000"}) {
			t.Fatalf("run %d: %v", run, got)
		}
	}
}

func mustExec(t *testing.T, store *db.DB, q string) {
	t.Helper()
	if _, err := store.Write.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
