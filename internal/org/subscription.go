package org

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Plan is a subscription plan of the platform catalogue.
type Plan struct {
	crud.Base
	Name         string   `db:"name" json:"name" v:"required,search,sort"`
	Currency     string   `db:"currency" json:"currency" v:"required,max=10"`
	Price        db.Money `db:"price" json:"price" v:"required,sort"`
	Duration     string   `db:"duration" json:"duration" v:"required,enum=Lifetime|Per Month|Per Year,filter"`
	TrialPeriod  int64    `db:"trial_period" json:"trial_period" v:"max=3650"`
	MaxUsers     int64    `db:"max_users" json:"max_users" v:"required,max=1000000"`
	MaxClients   int64    `db:"max_clients" json:"max_clients" v:"required,max=1000000"`
	StorageLimit int64    `db:"storage_limit" json:"storage_limit" v:"required"`
	Features     db.JSON  `db:"features" json:"features" v:"shape=object"`
	Status       string   `db:"status" json:"status" v:"enum=active|inactive,default=active,filter"`
}

// Plans is /subscriptions: the super-admin's plan catalogue. A plan that a
// company still subscribes to cannot be deleted.
var Plans = planResource("/subscriptions", "")

// PlansAtClientPath serves the same catalogue (same table, rules and answers)
// at /subscriptions/plans, the path the web client's plan page calls. The
// engine mounts a resource at its one Path, so the catalogue is declared
// twice from one constructor rather than routed by hand.
var PlansAtClientPath = planResource("/subscriptions/plans",
	"The same plan catalogue as /subscriptions (the path the web client's plan page uses); either path reads and writes the same plans.")

func planResource(path, doc string) *crud.Resource[Plan] {
	return &crud.Resource[Plan]{
		Name: "Subscription plan", Path: path, Table: "subscription_plans", Tag: "Subscriptions", Scope: crud.Platform,
		Doc: strings.TrimSpace(doc + " Rules: a plan that still has an active or trial subscription cannot be deleted (409). " +
			"Unknown fields the web client sends (max_customers, max_vendors, description, trial) are ignored."),
		Example: map[string]any{"name": "Starter", "currency": "USD", "price": 9.99, "duration": "Per Month", "trial_period": 14,
			"max_users": 10, "max_clients": 5, "storage_limit": 1024, "features": map[string]any{"hrm": true}, "status": "active"},
		Title:        func(p *Plan) string { return p.Name },
		BeforeDelete: refuseLivePlan,
	}
}

func refuseLivePlan(ctx context.Context, c *crud.Call, row *Plan) error {
	var n int
	if err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM client_subscriptions WHERE plan_id = ? AND status IN ('active','trial')`, row.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return httpapi.Conflict(fmt.Sprintf("The plan has %d live subscription(s); cancel them first", n))
	}
	return nil
}

// Subscription is a company's plan assignment and its usage counters. Its
// company_id is the client (company) it belongs to.
type Subscription struct {
	crud.Base
	ClientID            string   `db:"client_id" json:"client_id" v:"readonly,filter"`
	PlanID              string   `db:"plan_id" json:"plan_id" v:"readonly,filter"`
	StartDate           db.Time  `db:"start_date" json:"start_date" v:"required,sort"`
	EndDate             *db.Time `db:"end_date" json:"end_date"`
	Status              string   `db:"status" json:"status" v:"required,enum=active|trial|expired|cancelled,filter"`
	CurrentStorageUsed  int64    `db:"current_storage_used" json:"current_storage_used" v:"readonly"`
	CurrentUsersCount   int64    `db:"current_users_count" json:"current_users_count" v:"readonly"`
	CurrentClientsCount int64    `db:"current_clients_count" json:"current_clients_count" v:"readonly"`
	PaymentStatus       string   `db:"payment_status" json:"payment_status" v:"enum=pending|completed|failed,default=pending,filter"`
	LastPaymentDate     *db.Time `db:"last_payment_date" json:"last_payment_date"`
}

// ClientSubscriptions is /client-subscriptions: the super-admin's view of
// every assignment (made with POST /subscriptions/assign), where a
// subscription can be cancelled or its dates and payment state corrected.
var ClientSubscriptions = &crud.Resource[Subscription]{
	Name: "Subscription", Path: "/client-subscriptions", Table: "client_subscriptions", Tag: "Subscriptions", Scope: crud.Platform,
	Ops: crud.OpList | crud.OpGet | crud.OpUpdate | crud.OpDelete,
}

// Seat is a counted plan resource.
type Seat string

// The seats a plan limits.
const (
	SeatUser   Seat = "users"   // employees and signed-up users, against max_users
	SeatClient Seat = "clients" // sub-clients, against max_clients
)

// liveSub is the condition of a subscription that allows new seats.
const liveSub = `company_id = ? AND status IN ('active','trial') AND (end_date IS NULL OR end_date > ?)`

// TakeSeat counts one more user or sub-client against the company's live
// subscription, atomically: the conditional UPDATE refuses when the plan's
// limit is reached, so concurrent creates cannot exceed it. It must run in the
// transaction that creates the account.
func TakeSeat(ctx context.Context, store *db.DB, companyID string, seat Seat) error {
	col, max := "current_users_count", "max_users"
	if seat == SeatClient {
		col, max = "current_clients_count", "max_clients"
	}
	now := int64(db.Now())
	res, err := store.Q(ctx).ExecContext(ctx,
		`UPDATE client_subscriptions SET `+col+` = `+col+` + 1
		 WHERE `+liveSub+` AND `+col+` < (SELECT `+max+` FROM subscription_plans WHERE subscription_plans.id = client_subscriptions.plan_id)`,
		companyID, now)
	if err != nil {
		return fmt.Errorf("org: take seat: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var live int
	if err := store.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM client_subscriptions WHERE `+liveSub, companyID, now).Scan(&live); err != nil {
		return fmt.Errorf("org: take seat: %w", err)
	}
	if live == 0 {
		return httpapi.Forbidden("No active subscription found")
	}
	if seat == SeatClient {
		return httpapi.Forbidden("Maximum client limit reached for your subscription plan")
	}
	return httpapi.Forbidden("Maximum user limit reached for your subscription plan")
}

// FreeSeat gives a seat back when an account is deleted.
func FreeSeat(ctx context.Context, store *db.DB, companyID string, seat Seat) error {
	col := "current_users_count"
	if seat == SeatClient {
		col = "current_clients_count"
	}
	_, err := store.Q(ctx).ExecContext(ctx,
		`UPDATE client_subscriptions SET `+col+` = `+col+` - 1 WHERE company_id = ? AND status IN ('active','trial') AND `+col+` > 0`, companyID)
	if err != nil {
		return fmt.Errorf("org: free seat: %w", err)
	}
	return nil
}

// assignInput is the body of POST /subscriptions/assign.
type assignInput struct {
	ClientID  string  `json:"client_id"`
	PlanID    string  `json:"plan_id"`
	StartDate any     `json:"start_date"`
	EndDate   any     `json:"end_date"`
	Status    string  `json:"status"`
	Payment   *string `json:"payment_status"`
}

func (h *Handlers) assign(w http.ResponseWriter, r *http.Request) {
	var in assignInput
	if err := httpapi.Decode(r, &in); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	var errs httpapi.FieldErrors
	if in.ClientID == "" {
		errs.Add("client_id", `"client_id" is required`)
	}
	if in.PlanID == "" {
		errs.Add("plan_id", `"plan_id" is required`)
	}
	start, ok := timeArg(in.StartDate)
	if !ok || start == 0 {
		errs.Add("start_date", `"start_date" must be a valid date`)
	}
	var end *db.Time
	if in.EndDate != nil && in.EndDate != "" {
		e, ok := timeArg(in.EndDate)
		if !ok {
			errs.Add("end_date", `"end_date" must be a valid date`)
		} else if e <= start {
			errs.Add("end_date", `"end_date" must be after "start_date"`)
		} else {
			end = &e
		}
	}
	if in.Status != "active" && in.Status != "trial" {
		errs.Add("status", `"status" must be one of [active, trial]`)
	}
	if err := errs.Err(); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	p := auth.From(r.Context())
	var out *Subscription
	err := h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		q := h.Deps.DB.Q(ctx)
		var one int
		if err := q.QueryRowContext(ctx, `SELECT 1 FROM principals WHERE id = ? AND kind = 'client'`, in.ClientID).Scan(&one); err != nil {
			if db.IsNoRows(err) {
				return httpapi.Invalid("client_id", `"client_id" is not an existing client`)
			}
			return err
		}
		var planStatus string
		if err := q.QueryRowContext(ctx, `SELECT status FROM subscription_plans WHERE id = ?`, in.PlanID).Scan(&planStatus); err != nil {
			if db.IsNoRows(err) {
				return httpapi.Invalid("plan_id", `"plan_id" is not an existing plan`)
			}
			return err
		}
		if planStatus != "active" {
			return httpapi.Invalid("plan_id", "The plan is inactive")
		}
		var live int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM client_subscriptions WHERE company_id = ? AND status IN ('active','trial') AND (end_date IS NULL OR end_date > ?)`,
			in.ClientID, int64(db.Now())).Scan(&live); err != nil {
			return err
		}
		if live > 0 {
			return httpapi.Conflict("Client already has an active subscription")
		}
		// Older assignments that ran out are marked expired so they never count again.
		if _, err := q.ExecContext(ctx, `UPDATE client_subscriptions SET status = 'expired' WHERE company_id = ? AND status IN ('active','trial')`, in.ClientID); err != nil {
			return err
		}
		var users, clients int64
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM principals WHERE company_id = ? AND kind = 'employee'`, in.ClientID).Scan(&users); err != nil {
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM principals WHERE company_id = ? AND kind = 'sub-client'`, in.ClientID).Scan(&clients); err != nil {
			return err
		}
		storage, err := storageUsed(ctx, h.Deps.DB, in.ClientID)
		if err != nil {
			return err
		}
		s := &Subscription{ClientID: in.ClientID, PlanID: in.PlanID, StartDate: start, EndDate: end, Status: in.Status,
			CurrentUsersCount: users, CurrentClientsCount: clients, CurrentStorageUsed: storage, PaymentStatus: "pending"}
		s.CompanyID = in.ClientID
		if in.Payment != nil {
			switch *in.Payment {
			case "pending", "completed", "failed":
				s.PaymentStatus = *in.Payment
			default:
				return httpapi.Invalid("payment_status", `"payment_status" must be one of [pending, completed, failed]`)
			}
		}
		out = s
		return ClientSubscriptions.Insert(ctx, ClientSubscriptions.NewCall(h.Deps, r, p, in.ClientID), s)
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "Plan assigned successfully", out)
}

func timeArg(v any) (db.Time, bool) {
	switch x := v.(type) {
	case string:
		t, err := db.ParseTime(x)
		return t, err == nil
	case float64:
		return db.Time(int64(x)), x > 0
	}
	return 0, false
}
