package billing

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// Invoice statuses.
const (
	Unpaid        = "unpaid"
	PartiallyPaid = "partially paid"
	Paid          = "paid"
	Overdue       = "overdue"
	Cancelled     = "cancelled"
)

// Balance is the settlement state of an invoice: server-computed decimal
// strings with the currency's digits, and the status derived from them.
type Balance struct {
	PaidAmount     crud.Amount `db:"paid_amount_e4" json:"paid_amount" v:"readonly"`
	CreditedAmount crud.Amount `db:"credited_amount_e4" json:"credited_amount" v:"readonly"`
	AmountDue      crud.Amount `db:"amount_due_e4" json:"amount_due" v:"readonly,sort"`
	Status         string      `db:"status" json:"status" v:"readonly"`
}

// BalanceDoc documents the balance, for a resource's Doc.
const BalanceDoc = " `paid_amount`, `credited_amount` and `amount_due` (= total − paid − credited) are computed by the server " +
	"and read-only, as is `status`: `cancelled` when credit notes cover the whole amount and nothing was paid, `paid` " +
	"when nothing is due, `overdue` when something is due after the due day (UTC) has ended, `partially paid` when " +
	"something was paid or credited, else `unpaid`. A change of the items or discount that would bring the total " +
	"below what is already paid and credited is a 409 naming `items`, and so is a change of `currency` once " +
	"anything was paid or credited. `amount_due` is a sort key, ordered by value."

// settle recomputes the balance from the total and the paid and credited
// amounts (minor units); it answers 409 naming field when they exceed total.
// apply adds (sign 1) or takes back (sign −1) amount, sent in currency sent,
// to the paid (toPaid) or credited part of a document of the given currency,
// total and number. Adding more than is due is a 409 naming "amount"; adding
// in another currency is a 422.
func (b *Balance) apply(currency string, total crud.Amount, number, sent string, amount crud.Amount, sign int64, toPaid bool) error {
	if sign > 0 && currency != sent {
		return httpapi.Invalid("currency", fmt.Sprintf(`"currency" must be the invoice's currency, %s`, currency))
	}
	cur, err := money.ParseCurrency(currency)
	if err != nil {
		return err
	}
	amt, err := minor(cur, amount)
	if err != nil {
		return err
	}
	tot, err1 := minor(cur, total)
	paid, err2 := minor(cur, b.PaidAmount)
	credited, err3 := minor(cur, b.CreditedAmount)
	if err := firstErr(err1, err2, err3); err != nil {
		return err
	}
	due := tot - paid - credited
	if sign > 0 && amt > due {
		return &httpapi.Error{Status: 409, Message: fmt.Sprintf(`"amount" %s exceeds the amount due on %s, %s %s`, amount, number, cur.Format(due), cur.Code),
			Fields: []httpapi.FieldError{{Field: "amount", Message: "exceeds the amount due (" + cur.Format(due) + ")"}}}
	}
	if toPaid {
		paid += sign * amt
	} else {
		credited += sign * amt
	}
	if paid < 0 || credited < 0 {
		return fmt.Errorf("billing: %s would have paid %d and credited %d", number, paid, credited)
	}
	return b.settle(cur, tot, paid, credited, "amount")
}

func (b *Balance) settle(cur money.Currency, total, paid, credited int64, field string) error {
	due := total - paid - credited
	if due < 0 {
		return &httpapi.Error{Status: 409, Message: fmt.Sprintf("%q would bring the total (%s) below what is already paid and credited (%s)",
			field, cur.Format(total), cur.Format(paid+credited)), Fields: []httpapi.FieldError{{Field: field, Message: "below the amount paid and credited"}}}
	}
	b.PaidAmount, b.CreditedAmount, b.AmountDue = crud.Amount(cur.Format(paid)), crud.Amount(cur.Format(credited)), crud.Amount(cur.Format(due))
	switch {
	case due == 0 && credited > 0 && paid == 0:
		b.Status = Cancelled
	case due == 0:
		b.Status = Paid
	case paid > 0 || credited > 0:
		b.Status = PartiallyPaid
	default:
		b.Status = Unpaid
	}
	return nil
}

// shown is the status as answered at time now: an invoice with something
// due is overdue once its due day (UTC) has ended.
func (b *Balance) shown(due db.Time, now time.Time) string {
	if (b.Status == Unpaid || b.Status == PartiallyPaid) && now.UnixMilli() >= int64(due)+24*3600*1000 {
		return Overdue
	}
	return b.Status
}

// minor reads a stored amount in minor units of cur (0 when empty).
func minor(cur money.Currency, a crud.Amount) (int64, error) {
	s := string(a)
	if s == "" {
		return 0, nil
	}
	r, err := money.ParseDecimal(json.RawMessage(strconv.Quote(s)), cur.Digits)
	if err != nil {
		return 0, fmt.Errorf("billing: stored amount %q: %v", s, err)
	}
	m, ok := cur.Minor(r)
	if !ok || !m.IsInt64() {
		return 0, fmt.Errorf("billing: stored amount %q out of range", s)
	}
	return m.Int64(), nil
}

// parseCurrency answers 422 naming field unless code is an ISO 4217 code.
func parseCurrency(field, code string) (money.Currency, error) {
	cur, err := money.ParseCurrency(code)
	if err != nil {
		return cur, httpapi.Invalid(field, quoted(field)+" must be an ISO 4217 currency code such as USD, EUR or INR")
	}
	return cur, nil
}

// parseAmount reads the body's field as a positive amount in cur, with at
// most cur's decimals and below 10^15 minor units, in minor units.
func parseAmount(c *crud.Call, field string, cur money.Currency) (int64, error) {
	raw, ok := c.Raw[field]
	if !ok || string(raw) == "null" {
		return 0, httpapi.Invalid(field, quoted(field)+" is required")
	}
	r, err := money.ParseDecimal(raw, cur.Digits)
	if err != nil {
		msg := err.Error()
		if cur.Digits < 2 || msg != "must have at most 2 decimal places" {
			msg += " in " + cur.Code
		}
		return 0, httpapi.Invalid(field, quoted(field)+" "+msg)
	}
	if r.Sign() <= 0 {
		return 0, httpapi.Invalid(field, quoted(field)+" must be greater than 0")
	}
	m, _ := cur.Minor(r)
	if m.Cmp(big.NewInt(cur.Limit())) >= 0 {
		return 0, httpapi.Invalid(field, fmt.Sprintf("%s must be less than %s", quoted(field), cur.Format(cur.Limit())))
	}
	return m.Int64(), nil
}

// optionalText reads an optional string-or-number body field (the original's
// INT transactionId) as text of at most 255 characters.
func optionalText(c *crud.Call, field string, dst **string) error {
	raw, ok := c.Raw[field]
	if !ok {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return httpapi.Invalid(field, quoted(field)+" must be a string or a number")
	}
	switch x := v.(type) {
	case nil:
		*dst = nil
	case string:
		if len(x) > 255 {
			return httpapi.Invalid(field, quoted(field)+" length must be less than or equal to 255 characters long")
		}
		if x == "" {
			*dst = nil
		} else {
			*dst = &x
		}
	case json.Number:
		s := x.String()
		if len(s) > 40 {
			return httpapi.Invalid(field, quoted(field)+" must be a number of at most 40 characters")
		}
		*dst = &s
	default:
		return httpapi.Invalid(field, quoted(field)+" must be a string or a number")
	}
	return nil
}

func quoted(name string) string { return `"` + name + `"` }

// exists runs a one-row existence query.
func exists(ctx context.Context, c *crud.Call, q string, args ...any) (bool, error) {
	var one int
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, q, args...).Scan(&one)
	if db.IsNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("billing: %w", err)
	}
	return true, nil
}

// ids lists the ids a query returns.
func ids(ctx context.Context, c *crud.Call, q string, args ...any) ([]string, error) {
	rows, err := c.Deps.DB.Q(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("billing: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("billing: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
