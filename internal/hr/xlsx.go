package hr

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/xuri/excelize/v2"
)

// Bounds of an uploaded workbook once unzipped: a small .xlsx can expand
// enormously (a zip bomb), so excelize stops reading beyond these.
const (
	xlsxUnzipLimit    = 64 << 20
	xlsxUnzipXMLLimit = 16 << 20
)

// parseXLSX reads the first sheet of an Excel workbook as parseCSV reads a
// CSV file: a header row naming the columns, then one attendance per row.
// Cells show what Excel shows, except the date and time columns: a date
// cell becomes YYYY-MM-DD and a time cell HH:MM:SS, whatever their display
// format. Errors name the sheet's row number as the line.
func parseXLSX(b []byte) ([]bulkRow, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxUnzipXMLLimit})
	if err != nil {
		return nil, httpapi.Invalid("file", "The file is not a readable .xlsx workbook: "+err.Error())
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, httpapi.Invalid("file", "The workbook has no sheet")
	}
	shown, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, httpapi.Invalid("file", "The workbook's first sheet cannot be read: "+err.Error())
	}
	raw, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, httpapi.Invalid("file", "The workbook's first sheet cannot be read: "+err.Error())
	}
	if len(shown) > MaxBulkRows+1 {
		return nil, httpapi.Invalid("rows", fmt.Sprintf("An import may hold at most %d rows", MaxBulkRows))
	}
	// GetRows keeps empty rows before the last filled one, so index i is
	// the sheet's row i+1.
	var recs [][]string
	var lines []int
	kind := map[int]string{}
	for i, rec := range shown {
		if len(recs) == 0 {
			if blank(rec) {
				continue
			}
			for j, h := range rec {
				switch normHeader(h) {
				case "startdate", "enddate":
					kind[j] = "date"
				case "starttime", "endtime":
					kind[j] = "time"
				}
			}
		} else {
			rec = append([]string(nil), rec...)
			for j := range rec {
				if k := kind[j]; k != "" && i < len(raw) && j < len(raw[i]) {
					rec[j] = excelCell(k, raw[i][j], rec[j])
				}
			}
		}
		recs, lines = append(recs, rec), append(lines, i+1)
	}
	return bulkRecords(recs, lines)
}

// excelCell renders a date or time cell whose raw value is an Excel serial
// number; any other cell keeps what Excel shows.
func excelCell(kind, raw, shown string) string {
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 2958465 { // up to 9999-12-31
		return shown
	}
	switch kind {
	case "date":
		t, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return shown
		}
		return t.Format("2006-01-02")
	default:
		secs := int(math.Round((v - math.Floor(v)) * 86400))
		if secs >= 86400 {
			secs = 86399
		}
		return fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	}
}
