package projects_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// BenchmarkListProjectTasks1000 is GET /api/v1/tasks/{projectId} on a project
// holding 1,000 tasks (all rows, unpaged), through the complete HTTP stack in
// process. The tasks are written with bulk INSERTs, not through the API. Run
// it with
//
//	go test -run '^$' -bench . -benchmem ./internal/projects/
func BenchmarkListProjectTasks1000(b *testing.B) {
	e := testkit.New(b)
	co := e.NewCompany()
	emp := e.Must(201, "POST", api+"/employees", co.Token, map[string]any{"username": "b" + testkit.Unique(),
		"email": "b" + testkit.Unique() + "@example.com", "password": testkit.Password}).ID()
	p := newProject(e, co, "1000")
	const n = 1000
	base := int64(db.Stamp()) - n*1000
	err := e.DB.InTx(context.Background(), func(ctx context.Context) error {
		for done := 0; done < n; done += 250 {
			var sb strings.Builder
			sb.WriteString(`INSERT INTO tasks (id, company_id, created_by, updated_by, created_at, updated_at, related_id, task_name, category, project, start_date, due_date, assign_to, status, priority, description) VALUES `)
			var args []any
			for i := 0; i < 250; i++ {
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				at := base + int64(done+i)*1000
				args = append(args, db.NewID(), co.ID, "seed", "seed", at, at, p, fmt.Sprintf("Task %d", done+i), "Build", "HQ",
					"2025-01-01", "2025-01-31", `["`+emp+`"]`, []string{"todo", "doing", "done"}[i%3], "high", "Seeded task")
			}
			if _, err := e.DB.Q(ctx).ExecContext(ctx, sb.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	h := e.Server.Handler
	path := api + "/tasks/" + p
	check := func() int {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+co.Token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
		return rec.Body.Len()
	}
	if got := len(e.Must(200, "GET", path, co.Token, nil).List()); got != n {
		b.Fatalf("%d tasks listed, want %d", got, n)
	}
	b.ResetTimer()
	for b.Loop() {
		check()
	}
}
