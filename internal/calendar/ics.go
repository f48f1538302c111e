package calendar

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteICS renders items as an RFC 5545 VCALENDAR: CRLF line ends, content
// lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values
// escaped, a UID and DTSTAMP on every VEVENT, VALUE=DATE for all-day items
// (DTEND exclusive, as in the JSON answer) and UTC instants otherwise.
func WriteICS(items []Item, name string, now time.Time) []byte {
	var b bytes.Buffer
	line := func(s string) { fold(&b, s) }
	stampNow := now.UTC().Format("20060102T150405Z")
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//crmhrm//CRM calendar//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(name))
	for _, it := range items {
		line("BEGIN:VEVENT")
		line("UID:" + it.Type + "-" + it.SourceID + "@crm")
		line("DTSTAMP:" + stampNow)
		if it.AllDay {
			line("DTSTART;VALUE=DATE:" + strings.ReplaceAll(it.Start, "-", ""))
			line("DTEND;VALUE=DATE:" + strings.ReplaceAll(it.End, "-", ""))
		} else {
			line("DTSTART:" + it.start.UTC().Format("20060102T150405Z"))
			line("DTEND:" + it.end.UTC().Format("20060102T150405Z"))
		}
		line("SUMMARY:" + escapeText(it.Title))
		line("CATEGORIES:" + escapeText(it.Type))
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and line breaks; other control characters are dropped.
func escapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			b.WriteString(`\n`)
		default:
			if c < 0x20 || c == 0x7f {
				continue
			}
			b.WriteByte(c)
		}
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

// fold writes one content line, folded so that no physical line exceeds 75
// octets (RFC 5545 §3.1): continuation lines begin with a space, and a fold
// never splits a UTF-8 sequence.
func fold(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
