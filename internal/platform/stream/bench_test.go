package stream_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/stream"
	"github.com/crmhrm/crm/internal/testkit"
)

// pipeListener serves in-memory connections, so tens of thousands of
// streams need no file descriptors.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, errors.New("listener closed")
	}
}

func (l *pipeListener) Close() error { l.once.Do(func() { close(l.done) }); return nil }

func (l *pipeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1} }

func (l *pipeListener) dial() net.Conn {
	client, server := net.Pipe()
	l.conns <- server
	return client
}

// benchServer starts the service on in-memory connections and returns the
// listener and a member's token.
func benchServer(b *testing.B, o stream.Options) (*pipeListener, *app.Server, *testkit.Company, *testkit.Member) {
	e := testkit.New(b)
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := app.New(e.DB, app.Options{JWTSecret: testkit.Secret, BcryptCost: bcrypt.MinCost, MaxBodyBytes: 1 << 20,
		ListCap: 5000, Logger: o.Logger, Stream: o})
	if err != nil {
		b.Fatal(err)
	}
	l := newPipeListener()
	srv := httptest.NewUnstartedServer(s.Handler)
	srv.Listener = l
	srv.Start()
	b.Cleanup(srv.Close)
	co := e.NewCompany()
	return l, s, co, e.NewMember(co, authz.Perms{})
}

// openRaw opens a stream over c and reads up to the opening comment.
func openRaw(c net.Conn, token string) (*bufio.Reader, error) {
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: crm\r\nAuthorization: Bearer %s\r\n\r\n", stream.Path, token); err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(c, 512)
	status, err := r.ReadString('\n')
	if err != nil || !strings.Contains(status, " 200 ") {
		return nil, fmt.Errorf("stream: %q %v", status, err)
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(line, ": stream open") {
			return r, nil
		}
	}
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// BenchmarkIdleStreams measures the memory of 10,000 idle streams on one
// instance (server and client ends of each in-memory connection together).
// Run: go test ./internal/platform/stream -run '^$' -bench IdleStreams -benchtime 1x
func BenchmarkIdleStreams(b *testing.B) {
	const n = 10000
	l, s, _, m := benchServer(b, stream.Options{MaxPerUser: n, MaxTotal: n})
	for b.Loop() {
		before := heap()
		conns := make([]net.Conn, 0, n)
		for i := 0; i < n; i++ {
			c := l.dial()
			if _, err := openRaw(c, m.Token); err != nil {
				b.Fatalf("stream %d: %v", i, err)
			}
			conns = append(conns, c)
		}
		after := heap()
		if got := s.Stream.Streams(); got != n {
			b.Fatalf("open streams = %d", got)
		}
		b.ReportMetric(float64(after-before)/n, "B/stream")
		b.ReportMetric(float64(after-before)/(1<<20), "MiB/10k")
		for _, c := range conns {
			c.Close()
		}
		deadline := time.Now().Add(30 * time.Second)
		for s.Stream.Streams() > 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// BenchmarkFanout measures the delay from a write request's start (its
// commit is inside it) to the delivery of its event on each of 1,000
// streams of the recipient, and reports the 99th percentile.
// Run: go test ./internal/platform/stream -run '^$' -bench Fanout -benchtime 20x
func BenchmarkFanout(b *testing.B) {
	const n = 1000
	l, _, co, m := benchServer(b, stream.Options{MaxPerUser: n, MaxTotal: n})
	arrived := make(chan time.Time, n)
	for i := 0; i < n; i++ {
		c := l.dial()
		b.Cleanup(func() { c.Close() })
		r, err := openRaw(c, m.Token)
		if err != nil {
			b.Fatal(err)
		}
		go func() {
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if strings.HasPrefix(line, "id: ") {
					arrived <- time.Now()
				}
			}
		}()
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return l.dial(), nil
	}}}
	body := fmt.Sprintf(`{"chooseMember":%q,"message":"fan-out"}`, m.ID)
	var lat []time.Duration
	for b.Loop() {
		req, _ := http.NewRequest("POST", "http://crm/api/v1/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+co.Token)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 201 {
			b.Fatalf("send: %d", resp.StatusCode)
		}
		for i := 0; i < n; i++ {
			select {
			case at := <-arrived:
				lat = append(lat, at.Sub(t0))
			case <-time.After(30 * time.Second):
				b.Fatalf("only %d of %d streams got the event", i, n)
			}
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}
