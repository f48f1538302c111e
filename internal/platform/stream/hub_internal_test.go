package stream

import (
	"testing"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/events"
)

func TestASlowStreamIsDroppedInsteadOfBuffered(t *testing.T) {
	h := New(nil, &auth.Service{Secret: []byte("secret")}, Options{Buffer: 2})
	slow, err := h.subscribe(&auth.Principal{ID: "u", CompanyID: "c"})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := h.subscribe(&auth.Principal{ID: "v", CompanyID: "c"})
	var evs []events.Stored
	for i := 1; i <= 3; i++ {
		evs = append(evs, events.Stored{ID: int64(i), Event: events.Event{CompanyID: "c", Kind: events.Message, Recipients: []string{"u"}}})
	}
	h.deliver(evs)
	select {
	case <-slow.gone:
	default:
		t.Fatal("a stream that did not read 3 events with a buffer of 2 is still registered")
	}
	if slow.why != "slow" || len(slow.ch) != 2 || h.Streams() != 1 {
		t.Fatalf("why=%q queued=%d streams=%d", slow.why, len(slow.ch), h.Streams())
	}
	// Later events are not queued for it, and other streams are untouched.
	h.deliver([]events.Stored{{ID: 4, Event: events.Event{CompanyID: "c", Kind: events.Message, Recipients: []string{"u", "v"}}}})
	if len(slow.ch) != 2 || len(other.ch) != 1 {
		t.Fatalf("after the drop: slow queued %d, other %d", len(slow.ch), len(other.ch))
	}
	// An event for another company with the same recipient id is not delivered.
	h.deliver([]events.Stored{{ID: 5, Event: events.Event{CompanyID: "d", Kind: events.Message, Recipients: []string{"v"}}}})
	if len(other.ch) != 1 {
		t.Fatalf("an event of another company reached the stream")
	}
}
