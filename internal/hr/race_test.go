package hr_test

import (
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// TestConcurrentWritesKeepTheRules sends the same conflicting requests at
// once: exactly one overlapping leave and one salary per employee survive.
func TestConcurrentWritesKeepTheRules(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	emp := e.NewEmployee(co)
	const n = 6
	statuses := func(path string, body map[string]any) map[int]int {
		var mu sync.Mutex
		out := map[int]int{}
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.Do("POST", path, co.Token, body)
				mu.Lock()
				out[r.Status]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		return out
	}
	if got := statuses(api+"/leaves", leaveBody(emp, "2025-11-03", "2025-11-04")); got[201] != 1 || got[422] != n-1 {
		t.Fatalf("concurrent overlapping leaves: %v, want one 201 and %d 422", got, n-1)
	}
	if got := statuses(api+"/employeeSalary", map[string]any{"employee_id": emp, "currency": "INR", "annual_CTC": 100}); got[201] != 1 || got[409] != n-1 {
		t.Fatalf("concurrent salaries for one employee: %v, want one 201 and %d 409", got, n-1)
	}
}
