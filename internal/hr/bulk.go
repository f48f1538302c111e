package hr

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// MaxBulkRows bounds one attendance import.
const MaxBulkRows = 2000

// bulkColumns are the CSV columns of an attendance import, as the original
// intended them for its Excel upload; department to endTime are required.
var bulkColumns = []string{"department", "employee", "startDate", "startTime", "endDate", "endTime", "late", "halfDay", "working_from", "comment"}

// RowError is one failure of a bulk import.
type RowError struct {
	Row     int    `json:"row"`            // 1-based position among the data rows
	Line    int    `json:"line,omitempty"` // line of the CSV file the row starts on
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// bulkRow is one create body of an import.
type bulkRow struct {
	raw  map[string]json.RawMessage
	line int // CSV line, 0 for JSON
}

var errRowsFailed = errors.New("hr: bulk import rows failed")

// bulkAttendance is POST /attendance/bulk: it imports every row or none.
func (h *Handlers) bulkAttendance(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !p.Can(Attendances.Perm, authz.Create) {
		httpapi.WriteError(w, r, httpapi.Forbidden("You are not authorized to perform this action"))
		return
	}
	if !p.IsSuperAdmin() && p.CompanyID == "" {
		httpapi.WriteError(w, r, httpapi.Forbidden("You do not belong to a company"))
		return
	}
	rows, err := readBulk(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	var failed []RowError
	var out []*Attendance
	err = h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		failed, out = nil, nil
		for i, in := range rows {
			row, err := Attendances.CreateWith(ctx, Attendances.NewCall(h.Deps, r, p, p.CompanyID), in.raw, nil)
			var he *httpapi.Error
			switch {
			case err == nil:
				out = append(out, row)
			case errors.As(err, &he) && he.Status < 500:
				if len(he.Fields) == 0 {
					failed = append(failed, RowError{Row: i + 1, Line: in.line, Message: he.Message})
				}
				for _, f := range he.Fields {
					failed = append(failed, RowError{Row: i + 1, Line: in.line, Field: f.Field, Message: f.Message})
				}
			default:
				return err
			}
		}
		if len(failed) > 0 {
			return errRowsFailed
		}
		return nil
	})
	if errors.Is(err, errRowsFailed) {
		httpapi.WriteJSON(w, http.StatusUnprocessableEntity, struct {
			Success bool       `json:"success"`
			Message string     `json:"message"`
			Errors  []RowError `json:"errors"`
		}{false, fmt.Sprintf("Row %d: %s; nothing was imported", failed[0].Row, failed[0].Message), failed})
		return
	}
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, fmt.Sprintf("%d attendance records imported", len(out)), out)
}

// readBulk reads the rows of an import: a JSON array of attendance objects,
// or a CSV file or Excel workbook (multipart field "file"; or a text/csv body).
func readBulk(r *http.Request) ([]bulkRow, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var rows []bulkRow
	var err error
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, &httpapi.Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"}
			}
			return nil, httpapi.BadRequest("Malformed multipart body")
		}
		defer r.MultipartForm.RemoveAll()
		f, _, ferr := r.FormFile("file")
		if ferr != nil {
			return nil, httpapi.Invalid("file", `Upload the CSV file or .xlsx workbook in the multipart field "file"`)
		}
		defer f.Close()
		b, rerr := io.ReadAll(f)
		if rerr != nil {
			return nil, httpapi.BadRequest("Could not read the uploaded file")
		}
		rows, err = parseCSV(b)
	case "text/csv", "application/csv", "text/plain":
		b, rerr := io.ReadAll(r.Body)
		if rerr != nil {
			var mbe *http.MaxBytesError
			if errors.As(rerr, &mbe) {
				return nil, &httpapi.Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"}
			}
			return nil, httpapi.BadRequest("Could not read request body")
		}
		rows, err = parseCSV(b)
	default:
		rows, err = parseJSONRows(r)
	}
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, httpapi.Invalid("rows", "The import holds no rows")
	}
	if len(rows) > MaxBulkRows {
		return nil, httpapi.Invalid("rows", fmt.Sprintf("An import may hold at most %d rows", MaxBulkRows))
	}
	return rows, nil
}

func parseJSONRows(r *http.Request) ([]bulkRow, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &httpapi.Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"}
		}
		return nil, httpapi.BadRequest("Could not read request body")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		if !json.Valid(b) {
			return nil, httpapi.BadRequest("Malformed JSON body")
		}
		return nil, httpapi.BadRequest(`The body must be a JSON array of attendance records, or a CSV upload in the multipart field "file"`)
	}
	rows := make([]bulkRow, len(items))
	for i, it := range items {
		if err := json.Unmarshal(it, &rows[i].raw); err != nil || rows[i].raw == nil {
			return nil, httpapi.BadRequest(fmt.Sprintf("Row %d is not a JSON object", i+1))
		}
	}
	return rows, nil
}

// parseCSV turns an attendance CSV into create bodies. The header row names
// the columns (any order, case and surrounding spaces ignored; unknown
// columns are ignored); the employee cell holds comma-separated ids. An Excel
// workbook (.xlsx) sent instead is read by parseXLSX.
func parseCSV(b []byte) ([]bulkRow, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return parseXLSX(b)
	}
	if bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, httpapi.Invalid("file", "Old Excel workbooks (.xls) are not supported; save the sheet as .xlsx or CSV and upload that")
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var recs [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, httpapi.Invalid("file", "The file is not valid CSV: "+err.Error())
		}
		line, _ := cr.FieldPos(0)
		recs, lines = append(recs, rec), append(lines, line)
		if len(recs) > MaxBulkRows+1 {
			return nil, httpapi.Invalid("rows", fmt.Sprintf("An import may hold at most %d rows", MaxBulkRows))
		}
	}
	return bulkRecords(recs, lines)
}

// bulkRecords turns a header row and data rows (of a CSV file or a sheet)
// into create bodies; lines are the records' line or sheet row numbers.
func bulkRecords(recs [][]string, lines []int) ([]bulkRow, error) {
	if len(recs) == 0 {
		return nil, httpapi.Invalid("file", "The file is empty; the first row must name the columns")
	}
	canon := map[string]string{}
	for _, c := range bulkColumns {
		canon[normHeader(c)] = c
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		if c, ok := canon[normHeader(h)]; ok {
			col[c] = i
		}
	}
	var missing []string
	for _, c := range bulkColumns[:6] {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, httpapi.Invalid("file", "The header row lacks the column(s) "+strings.Join(missing, ", ")+
			"; expected "+strings.Join(bulkColumns, ", "))
	}
	required := map[string]bool{}
	for _, c := range bulkColumns[:6] {
		required[c] = true
	}
	var rows []bulkRow
	for n, rec := range recs[1:] {
		if blank(rec) {
			continue
		}
		row := map[string]json.RawMessage{}
		for c, i := range col {
			v := ""
			if i < len(rec) {
				v = strings.TrimSpace(rec[i])
			}
			if c == "employee" {
				ids := []string{}
				for _, id := range strings.Split(v, ",") {
					if id = strings.TrimSpace(id); id != "" {
						ids = append(ids, id)
					}
				}
				row[c], _ = json.Marshal(ids)
				continue
			}
			if v == "" && !required[c] {
				continue // an empty optional cell is null
			}
			row[c], _ = json.Marshal(v)
		}
		rows = append(rows, bulkRow{raw: row, line: lines[n+1]})
	}
	return rows, nil
}

func normHeader(s string) string {
	return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(s)))
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
