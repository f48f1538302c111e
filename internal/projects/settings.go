package projects

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Settings are a company's settings, held on its principal (client) row.
type Settings struct {
	CompanyID string `json:"company_id"`
	TimeZone  string `json:"time_zone"` // IANA name; "UTC" when unset
}

// ParseZone accepts an IANA time zone name ("" means UTC). "Local" is refused:
// it would mean the server's zone.
func ParseZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return time.UTC, nil
	}
	if name == "Local" || len(name) > 64 {
		return nil, fmt.Errorf("%q is not an IANA time zone", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IANA time zone", name)
	}
	return loc, nil
}

// CompanyLocation returns the time zone of company (UTC when unset).
func CompanyLocation(ctx context.Context, store *db.DB, company string) (*time.Location, error) {
	var tz *string
	err := store.Q(ctx).QueryRowContext(ctx, `SELECT time_zone FROM principals WHERE id = ? AND kind = ?`, company, auth.KindClient).Scan(&tz)
	if err != nil && !db.IsNoRows(err) {
		return nil, fmt.Errorf("projects: company time zone: %w", err)
	}
	if tz == nil {
		return time.UTC, nil
	}
	loc, err := ParseZone(*tz)
	if err != nil {
		return time.UTC, nil // only valid names are ever stored
	}
	return loc, nil
}

func (h *Handlers) settingsOf(ctx context.Context, company string) (*Settings, error) {
	loc, err := CompanyLocation(ctx, h.Deps.DB, company)
	if err != nil {
		return nil, err
	}
	return &Settings{CompanyID: company, TimeZone: loc.String()}, nil
}

// getSettings is GET /company-settings, for any member of a company.
func (h *Handlers) getSettings(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if p.CompanyID == "" {
		httpapi.WriteError(w, r, httpapi.Forbidden("You do not belong to a company"))
		return
	}
	s, err := h.settingsOf(r.Context(), p.CompanyID)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusOK, "Company settings fetched successfully", s)
}

// putSettings is PUT /company-settings, for the company owner only.
func (h *Handlers) putSettings(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if p.Kind != auth.KindClient || p.CompanyID != p.ID {
		httpapi.WriteError(w, r, httpapi.Forbidden("Only the company owner may change the company settings"))
		return
	}
	raw, err := httpapi.ReadObject(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	if in, ok := raw["time_zone"]; ok {
		var name *string
		if err := json.Unmarshal(in, &name); err != nil {
			httpapi.WriteError(w, r, httpapi.Invalid("time_zone", `"time_zone" must be a string`))
			return
		}
		var stored any
		if name != nil && strings.TrimSpace(*name) != "" {
			loc, err := ParseZone(*name)
			if err != nil {
				httpapi.WriteError(w, r, httpapi.Invalid("time_zone", `"time_zone" must be an IANA time zone such as Europe/Paris (`+err.Error()+`)`))
				return
			}
			stored = loc.String()
		}
		_, err := h.Deps.DB.Q(r.Context()).ExecContext(r.Context(), `UPDATE principals SET time_zone = ? WHERE id = ? AND kind = ?`,
			stored, p.ID, auth.KindClient)
		if err != nil {
			httpapi.WriteError(w, r, fmt.Errorf("projects: set time zone: %w", err))
			return
		}
	}
	s, err := h.settingsOf(r.Context(), p.CompanyID)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusOK, "Company settings updated successfully", s)
}
