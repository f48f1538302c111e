package hr

import (
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Resources lists the module's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Attendances, Leaves, Salaries, Trainings, Appreciations, Jobs, JobApplications,
		InterviewSchedules, Skills, Announcements, Events, Meetings}
}

// Handlers serves the module's hand-written endpoints.
type Handlers struct {
	Deps *crud.Deps
}

// Mount registers the hand-written routes.
func (h *Handlers) Mount(rt *httpapi.Router) {
	rt.HandleFunc("POST /api/v1/attendance/bulk", h.Deps.Auth.Require(h.bulkAttendance))
}

// Operations documents the hand-written routes for the OpenAPI document.
func Operations() []crud.Operation {
	str := map[string]any{"type": "string"}
	rowSchema := map[string]any{"type": "object", "required": bulkColumns[:6], "properties": map[string]any{
		"department": str, "employee": map[string]any{"type": "array", "items": str}, "startDate": map[string]any{"type": "string", "format": "date"},
		"startTime": str, "endDate": map[string]any{"type": "string", "format": "date"}, "endTime": str,
		"late": str, "halfDay": str, "working_from": str, "comment": str}}
	return []crud.Operation{
		{Method: "POST", Path: "/attendance/bulk", ID: "attendance-bulk", Tag: "HRM", Access: "token", Status: 201,
			Permission: "hrm.attendance.create",
			Summary:    "Import many attendance entries at once (JSON array, CSV or .xlsx upload)",
			Description: "The body is either a JSON array of attendance objects (each exactly as for POST /attendance), or a CSV " +
				"file sent as multipart/form-data in the field `file` (or as a text/csv body). The CSV's first row names the " +
				"columns department, employee, startDate, startTime, endDate, endTime, late, halfDay, working_from, comment " +
				"(any order; the first six are required; unknown columns are ignored); the employee cell holds " +
				"comma-separated employee ids. An Excel workbook (.xlsx) may be sent instead of the CSV file: its first sheet " +
				"is read the same way (header row first; date cells become YYYY-MM-DD and time cells HH:MM:SS whatever their " +
				"display format; other cells as Excel shows them; `line` is the sheet's row number). Old .xls workbooks are " +
				"refused (422). Every row is validated with the " +
				"rules of POST /attendance and the import runs in one transaction: either every row is stored (201, data = " +
				"the created rows) or none is (422, `errors` lists every failure as {row, line (CSV and .xlsx only), field, message}, " +
				"where row is the 1-based position among the data rows). At most 2000 rows per import. A super-admin " +
				"puts the company_id on every row.",
			Body: map[string]any{"type": "array", "items": rowSchema, "maxItems": MaxBulkRows}},
	}
}
