// Package messaging implements /messages: direct messages between the
// accounts of one company, stored one row per sender and recipient. The
// resource is declared through the engine (visibility as a RowScope, sender
// and recipients in hooks); the conversation views, which are not CRUD, are
// hand-written queries (conversations.go). Every change emits a live event
// (package events) in its transaction.
package messaging

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// MaxRecipients bounds the ids one POST may address.
const MaxRecipients = 100

// Message is one message from a sender to one recipient.
type Message struct {
	crud.Base
	Sender       string        `db:"sender_id" json:"sender" v:"readonly,filter"`
	ChooseMember string        `db:"choose_member" json:"chooseMember" v:"readonly,filter"`
	Message      string        `db:"message" json:"message" v:"required,text,max=5000"`
	File         *crud.FileRef `db:"file" json:"file" v:"file,max=1000"`
	IsRead       bool          `db:"is_read" json:"isRead" v:"filter"`
}

const doc = "Rules: the sender is the caller (from the token); `chooseMember` (one account id, or an array of up to " +
	"100) names the recipients, each an account of the caller's company (422 otherwise); a message to several " +
	"recipients is stored once per recipient and the answer is the first. A message is visible to its sender and " +
	"its recipient only (any other id is 404), also through `?chooseMember=`. Only the sender may change " +
	"`message` or `file` or delete a message (403; deleting removes it for both); only the recipient may set " +
	"`isRead` (the sender's `isRead` is ignored). `chooseMember` cannot be changed. `message` holds at most 5000 " +
	"characters and `file` 1000 (422). `file` may be a file id from POST /files (attached to the message, answered " +
	"as the file's metadata, deleted with the message; only for a message to one recipient, 422 otherwise) or a text " +
	"such as a URL. See also GET /messages/conversations and GET /messages/with/{principalId}."

// Messages is /messages.
var Messages = &crud.Resource[Message]{
	Name: "Message", Path: "/messages", Table: "messages", Tag: "Messaging",
	Doc: doc,
	Sample: func(f crud.Fixturer) map[string]any {
		u := "mate" + f.Unique()
		to := f.Create("/employees", map[string]any{"username": u, "email": u + "@example.com", "password": "Tidal-Orbit-Canvas-47"})
		return map[string]any{"chooseMember": to, "message": "Hello there", "file": "https://example.com/a.pdf"}
	},
	// No Title: the company's activity log must not quote private messages.
	RowScope: func(c *crud.Call) (string, []any) {
		return `(sender_id = ? OR choose_member = ?)`, []any{c.P.ID, c.P.ID}
	},
	Validate: func(ctx context.Context, c *crud.Call, row, old *Message) error {
		if old != nil {
			return checkEdit(c, old, row)
		}
		if c.P.CompanyID == "" {
			return httpapi.Forbidden("Messages are sent between the accounts of one company")
		}
		ids, err := recipients(c.Raw)
		if err != nil {
			return err
		}
		if err := requireMembers(ctx, c, ids); err != nil {
			return err
		}
		if len(ids) > 1 && row.File != nil && db.ValidID(string(*row.File)) {
			// An uploaded file is attached to one row, which one recipient sees.
			return httpapi.Invalid("file", `"file" may hold an uploaded file only in a message to one recipient`)
		}
		row.Sender, row.ChooseMember, row.IsRead = c.P.ID, ids[0], false
		return nil
	},
	AfterUpdate: func(ctx context.Context, c *crud.Call, old, row *Message) error {
		if row.IsRead && !old.IsRead {
			if err := emit(ctx, c, row, events.MessageRead); err != nil {
				return err
			}
		}
		if row.Message != old.Message || !sameStr(row.File, old.File) {
			return emit(ctx, c, row, events.Message)
		}
		return nil
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Message) error {
		if row.Sender != c.P.ID {
			return httpapi.Forbidden("Only the sender may delete a message")
		}
		return nil
	},
	AfterDelete: func(ctx context.Context, c *crud.Call, row *Message) error {
		return emit(ctx, c, row, events.MessageDeleted)
	},
}

func init() { Messages.AfterCreate = afterCreate }

// afterCreate emits the message's event and, for the first row of a POST to
// several recipients, inserts one copy per further recipient.
func afterCreate(ctx context.Context, c *crud.Call, row *Message) error {
	if err := emit(ctx, c, row, events.Message); err != nil {
		return err
	}
	if c.Raw == nil {
		return nil // a copy for a further recipient, inserted below
	}
	ids, err := recipients(c.Raw)
	if err != nil {
		return err
	}
	cc := Messages.NewCall(c.Deps, c.Request, c.P, row.CompanyID)
	for _, id := range ids[1:] {
		cp := *row
		cp.Base = crud.Base{CompanyID: row.CompanyID}
		cp.ChooseMember = id
		if err := Messages.Insert(ctx, cc, &cp); err != nil {
			return err
		}
	}
	return nil
}

// checkEdit applies the edit rules: the sender edits the content, the
// recipient the read flag, nobody the parties.
func checkEdit(c *crud.Call, old, row *Message) error {
	me := c.P.ID
	if (row.Message != old.Message || !sameStr(row.File, old.File)) && old.Sender != me {
		return httpapi.Forbidden("Only the sender may edit a message")
	}
	if old.ChooseMember != me {
		row.IsRead = old.IsRead
	}
	if c.Present("chooseMember") {
		var s string
		if json.Unmarshal(c.Raw["chooseMember"], &s) != nil || strings.TrimSpace(s) != old.ChooseMember {
			return httpapi.Invalid("chooseMember", `"chooseMember" cannot be changed; send a new message instead`)
		}
	}
	return nil
}

func emit(ctx context.Context, c *crud.Call, row *Message, kind string) error {
	return events.Emit(ctx, c.Deps.DB, events.Event{CompanyID: row.CompanyID, Kind: kind, RefID: row.ID,
		Recipients: parties(row)})
}

func parties(row *Message) []string {
	if row.Sender == row.ChooseMember {
		return []string{row.Sender}
	}
	return []string{row.Sender, row.ChooseMember}
}

// recipients reads chooseMember: one id, or an array of ids (duplicates
// dropped, order kept).
func recipients(raw map[string]json.RawMessage) ([]string, error) {
	in, ok := raw["chooseMember"]
	if !ok || string(in) == "null" {
		return nil, httpapi.Invalid("chooseMember", `"chooseMember" is required`)
	}
	var list []string
	var one string
	if err := json.Unmarshal(in, &one); err == nil {
		list = []string{one}
	} else if err := json.Unmarshal(in, &list); err != nil {
		return nil, httpapi.Invalid("chooseMember", `"chooseMember" must be an account id or an array of account ids`)
	}
	if len(list) > MaxRecipients {
		return nil, httpapi.Invalid("chooseMember", fmt.Sprintf(`"chooseMember" may hold at most %d ids`, MaxRecipients))
	}
	seen := map[string]bool{}
	var ids []string
	for _, id := range list {
		id = strings.TrimSpace(id)
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, httpapi.Invalid("chooseMember", `"chooseMember" is not allowed to be empty`)
	}
	return ids, nil
}

// requireMembers answers 422 unless every id is an account of the caller's company.
func requireMembers(ctx context.Context, c *crud.Call, ids []string) error {
	var valid []any
	for _, id := range ids {
		if db.ValidID(id) {
			valid = append(valid, id)
		}
	}
	found := map[string]bool{}
	if len(valid) > 0 {
		q := `SELECT id FROM principals WHERE company_id = ? AND id IN (?` + strings.Repeat(", ?", len(valid)-1) + `)`
		rows, err := c.Deps.DB.Q(ctx).QueryContext(ctx, q, append([]any{c.P.CompanyID}, valid...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			found[id] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	var bad []string
	for _, id := range ids {
		if !found[id] {
			bad = append(bad, short(id))
		}
	}
	if len(bad) > 0 {
		return httpapi.Invalid("chooseMember", "these are not accounts of your company: "+strings.Join(bad, ", "))
	}
	return nil
}

func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func sameStr[T ~string](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Resources lists the package's resources.
func Resources() []crud.Mountable { return []crud.Mountable{Messages} }
