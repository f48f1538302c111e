package crm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/activity"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/sales"
)

// Conversion is the answer of POST /leads/{id}/convert.
type Conversion struct {
	Lead     *Lead           `json:"lead"`
	Deal     *Deal           `json:"deal"`
	Customer *sales.Customer `json:"customer"`
}

const convertDoc = "Converts a lead into a deal and, when asked, a customer, in one transaction. The body is a deal " +
	"create body (as for POST /deals, validated the same way, 422 naming the field) whose missing fields come from " +
	"the lead: `dealName` from `leadTitle`, `pipeline` from the lead's pipeline, `phoneNumber` from `telephone`, " +
	"`category` from `category`; `leadTitle` is always the converted lead. `stage` (a deal stage of the pipeline) and " +
	"`price` are required. `createCustomer: true`, or a `customer` object (a customer create body, as for POST " +
	"/customers), also creates a customer: missing fields come from the lead (`name` from `company_name`, else first " +
	"and last name; `contact` from `telephone`; `email` from `email`) and its errors name the field as " +
	"`customer.<field>`. The lead is then marked `converted` and its read-only `deal_id` and `customer_id` point at " +
	"the new rows; the deal's `leadTitle` points back at the lead (customers have no lead field). Activity entries: " +
	"`converted` on the lead and `converted_from_lead` on the deal, besides the rows' own `created`. A lead already " +
	"converted answers 409 (concurrent conversions of one lead: exactly one succeeds). Needs the `crm.lead` update and " +
	"`crm.deal` create permissions, and `crm.customer` create when a customer is asked for (403). Another company's " +
	"lead is 404. Answers 201 with data {lead, deal, customer} (customer null when none was created)."

// Operations documents the module's hand-written routes for the OpenAPI document.
func Operations() []crud.Operation {
	obj := map[string]any{"type": "object"}
	str := map[string]any{"type": "string"}
	return []crud.Operation{
		{Method: "POST", Path: "/leads/{id}/convert", ID: "leads-convert", Tag: "CRM", Access: "token", Status: 201,
			Permission:  "crm.lead.update",
			Summary:     "Convert a lead into a deal (and optionally a customer)",
			Description: convertDoc,
			Body: map[string]any{"type": "object", "required": []string{"stage", "price"}, "properties": map[string]any{
				"dealName": str, "pipeline": str, "stage": str, "price": map[string]any{"type": []string{"string", "number"}},
				"currency": str, "closedDate": map[string]any{"type": "string", "format": "date"}, "category": str,
				"project": str, "phoneNumber": str, "status": map[string]any{"type": "string", "enum": []string{"open", "won", "lost"}},
				"createCustomer": map[string]any{"type": "boolean"}, "customer": obj}}},
	}
}

// convert serves POST /leads/{id}/convert.
func (h *Handlers) convert(w http.ResponseWriter, r *http.Request) {
	out, err := h.Convert(r, r.PathValue("id"))
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "Lead converted successfully", out)
}

// Convert converts lead id for the request's caller (see convertDoc).
func (h *Handlers) Convert(r *http.Request, id string) (*Conversion, error) {
	p := auth.From(r.Context())
	forbidden := httpapi.Forbidden("You are not authorized to perform this action")
	if !p.Can(Leads.Perm, authz.Update) || !p.Can(Deals.Perm, authz.Create) {
		return nil, forbidden
	}
	if !p.IsSuperAdmin() && p.CompanyID == "" {
		return nil, httpapi.Forbidden("You do not belong to a company")
	}
	raw, err := httpapi.ReadObject(r)
	if err != nil {
		return nil, err
	}
	custRaw, wantCustomer, err := customerBody(raw)
	if err != nil {
		return nil, err
	}
	if wantCustomer && !p.Can(sales.Customers.Perm, authz.Create) {
		return nil, forbidden
	}
	var out *Conversion
	err = h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		out = nil
		lc := Leads.NewCall(h.Deps, r, p, p.CompanyID)
		lead, err := Leads.Find(ctx, lc, id, true)
		if err != nil {
			return err
		}
		if lead.Converted {
			return &httpapi.Error{Status: http.StatusConflict, Message: "Lead is already converted"}
		}
		company := lead.CompanyID
		deal, err := Deals.CreateWith(ctx, Deals.NewCall(h.Deps, r, p, company), dealBody(raw, lead, p), nil)
		if err != nil {
			return err
		}
		var cust *sales.Customer
		if wantCustomer {
			cust, err = sales.Customers.CreateWith(ctx, sales.Customers.NewCall(h.Deps, r, p, company), customerDefaults(custRaw, lead, p), nil)
			if err != nil {
				return underCustomer(err)
			}
		}
		old := *lead
		lead.Converted = true
		lead.DealID = &deal.ID
		if cust != nil {
			lead.CustomerID = &cust.ID
		}
		lead.UpdatedAt = db.Stamp()
		if lead.UpdatedAt <= old.UpdatedAt {
			lead.UpdatedAt = old.UpdatedAt + 1
		}
		by := p.Username
		lead.UpdatedBy = &by
		if err := Leads.Write(ctx, lc, lead); err != nil {
			return err
		}
		msg := fmt.Sprintf("Lead %s converted to deal %s (%s)", lead.LeadTitle, deal.DealName, deal.ID)
		if cust != nil {
			msg += fmt.Sprintf(" and customer %s (%s)", cust.Name, cust.ID)
		}
		if err := activity.Record(ctx, h.Deps.DB, activity.Entry{CompanyID: company, RelatedID: lead.ID, From: "lead",
			EntityID: lead.ID, Action: "converted", PerformedBy: p.Username, Message: msg}); err != nil {
			return err
		}
		if err := activity.Record(ctx, h.Deps.DB, activity.Entry{CompanyID: company, RelatedID: deal.ID, From: "deal",
			EntityID: deal.ID, Action: "converted_from_lead", PerformedBy: p.Username,
			Message: fmt.Sprintf("Deal %s created from lead %s (%s)", deal.DealName, lead.LeadTitle, lead.ID)}); err != nil {
			return err
		}
		out = &Conversion{Lead: lead, Deal: deal, Customer: cust}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// customerBody reads createCustomer and customer from the body: whether a
// customer is wanted, and the customer fields sent.
func customerBody(raw map[string]json.RawMessage) (map[string]json.RawMessage, bool, error) {
	want := false
	if b, ok := raw["createCustomer"]; ok && string(b) != "null" {
		if err := json.Unmarshal(b, &want); err != nil {
			return nil, false, httpapi.Invalid("createCustomer", `"createCustomer" must be true or false`)
		}
	}
	c, ok := raw["customer"]
	if !ok || string(c) == "null" {
		return map[string]json.RawMessage{}, want, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(c, &obj); err != nil || obj == nil {
		return nil, false, httpapi.Invalid("customer", `"customer" must be an object`)
	}
	if b, sent := raw["createCustomer"]; sent && !want && string(b) != "null" {
		return nil, false, httpapi.Invalid("createCustomer", `"createCustomer" is false but a "customer" was sent`)
	}
	return obj, true, nil
}

// dealBody is the deal create body: the request's fields, with what is
// missing taken from the lead, and the lead as the deal's lead.
func dealBody(raw map[string]json.RawMessage, lead *Lead, p *auth.Principal) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range raw {
		if k != "createCustomer" && k != "customer" {
			out[k] = v
		}
	}
	def := func(name string, v *string) {
		if _, ok := out[name]; !ok && v != nil && strings.TrimSpace(*v) != "" {
			out[name] = mustJSON(*v)
		}
	}
	def("dealName", &lead.LeadTitle)
	def("pipeline", lead.Pipeline)
	def("phoneNumber", lead.Telephone)
	def("category", lead.Category)
	out["leadTitle"] = mustJSON(lead.ID)
	if p.IsSuperAdmin() {
		out["company_id"] = mustJSON(lead.CompanyID)
	}
	return out
}

// customerDefaults fills the customer body's missing fields from the lead.
func customerDefaults(raw map[string]json.RawMessage, lead *Lead, p *auth.Principal) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range raw {
		out[k] = v
	}
	def := func(name string, v *string) {
		if _, ok := out[name]; !ok && v != nil && strings.TrimSpace(*v) != "" {
			out[name] = mustJSON(*v)
		}
	}
	name := strings.TrimSpace(lead.FirstName + " " + lead.LastName)
	if lead.CompanyName != nil && strings.TrimSpace(*lead.CompanyName) != "" {
		name = *lead.CompanyName
	}
	def("name", &name)
	def("contact", lead.Telephone)
	def("email", lead.Email)
	if p.IsSuperAdmin() {
		out["company_id"] = mustJSON(lead.CompanyID)
	}
	return out
}

// underCustomer names the customer's field errors customer.<field>.
func underCustomer(err error) error {
	var he *httpapi.Error
	if !errors.As(err, &he) || len(he.Fields) == 0 {
		return err
	}
	e := *he
	e.Fields = make([]httpapi.FieldError, len(he.Fields))
	for i, f := range he.Fields {
		f.Field = "customer." + f.Field
		e.Fields[i] = f
	}
	e.Message = "customer: " + he.Message
	return &e
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
