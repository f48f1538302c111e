package testkit

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Proxy is a TCP proxy in front of the server of the package's test database
// (PostgreSQL or MySQL). Tests freeze or cut it to play a stuck or unreachable
// database without touching the shared server; see OpenDB.
type Proxy struct {
	t      testing.TB
	target string // the database server, host:port
	addr   string // where the proxy listens, 127.0.0.1:port

	mu     sync.Mutex
	cond   *sync.Cond
	ln     net.Listener // nil while cut
	frozen bool
	closed bool
	pairs  map[*proxyPair]struct{}
}

// proxyPair is one client connection and its connection to the server.
type proxyPair struct {
	client, server net.Conn
	done           bool
}

// NewProxy starts a proxy to the package database's server on 127.0.0.1:0.
// It stops when the test ends. It needs a database server: on SQLite the test
// fails (skip before calling it).
func NewProxy(t testing.TB) *Proxy {
	t.Helper()
	DB(t)
	target, err := serverAddr(Dialect(), sharedDSN)
	if err != nil {
		t.Fatalf("testkit: proxy: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("testkit: proxy: %v", err)
	}
	p := &Proxy{t: t, target: target, addr: ln.Addr().String(), ln: ln, pairs: map[*proxyPair]struct{}{}}
	p.cond = sync.NewCond(&p.mu)
	go p.accept(ln)
	t.Cleanup(p.shutdown)
	return p
}

// Addr is the proxy's listening address.
func (p *Proxy) Addr() string { return p.addr }

// Freeze stops forwarding bytes in both directions; connections stay open and
// new ones are accepted, so the database looks alive but never answers.
func (p *Proxy) Freeze() {
	p.mu.Lock()
	p.frozen = true
	p.mu.Unlock()
}

// Cut closes every connection and refuses new ones (connection refused).
func (p *Proxy) Cut() {
	p.mu.Lock()
	ln := p.ln
	p.ln = nil
	pairs := p.takePairs()
	p.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
	for _, pr := range pairs {
		pr.close()
	}
}

// Restore undoes Freeze and Cut: held bytes flow again and new connections
// are accepted on the same address.
func (p *Proxy) Restore() {
	p.t.Helper()
	p.mu.Lock()
	p.frozen = false
	p.cond.Broadcast()
	listening := p.ln != nil || p.closed
	p.mu.Unlock()
	if listening {
		return
	}
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port was just released; it is normally free at once
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("testkit: proxy: listen again on %s: %v", p.addr, err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go p.accept(ln)
}

func (p *Proxy) shutdown() {
	p.mu.Lock()
	p.closed = true
	p.frozen = false
	p.cond.Broadcast()
	p.mu.Unlock()
	p.Cut()
}

// takePairs empties the pair set; p.mu is held.
func (p *Proxy) takePairs() []*proxyPair {
	out := make([]*proxyPair, 0, len(p.pairs))
	for pr := range p.pairs {
		pr.done = true
		out = append(out, pr)
	}
	clear(p.pairs)
	p.cond.Broadcast()
	return out
}

func (pr *proxyPair) close() {
	pr.client.Close()
	pr.server.Close()
}

func (p *Proxy) accept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go p.serve(ln, c)
	}
}

func (p *Proxy) serve(ln net.Listener, c net.Conn) {
	s, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		c.Close()
		return
	}
	pr := &proxyPair{client: c, server: s}
	p.mu.Lock()
	if p.ln != ln || p.closed { // cut meanwhile
		p.mu.Unlock()
		pr.close()
		return
	}
	p.pairs[pr] = struct{}{}
	p.mu.Unlock()
	go p.pipe(pr, c, s)
	go p.pipe(pr, s, c)
}

// pipe copies from one side to the other, holding each chunk while frozen.
func (p *Proxy) pipe(pr *proxyPair, from, to net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if n > 0 {
			p.mu.Lock()
			for p.frozen && !pr.done {
				p.cond.Wait()
			}
			done := pr.done
			p.mu.Unlock()
			if done {
				break
			}
			if _, werr := to.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	p.mu.Lock()
	if !pr.done {
		pr.done = true
		delete(p.pairs, pr)
		p.cond.Broadcast()
	}
	p.mu.Unlock()
	pr.close()
}

// serverAddr is the host:port of the server in a PostgreSQL URL or MySQL DSN.
func serverAddr(dialect, dsn string) (string, error) {
	switch dialect {
	case "postgres":
		u, err := url.Parse(dsn)
		if err != nil {
			return "", err
		}
		if u.Port() == "" {
			return net.JoinHostPort(u.Hostname(), "5432"), nil
		}
		return u.Host, nil
	case "mysql":
		c, err := mysql.ParseDSN(dsn)
		if err != nil {
			return "", err
		}
		return c.Addr, nil
	}
	return "", fmt.Errorf("the %s test database has no server", dialect)
}

// OpenDB opens a second *db.DB on the package's test database (already
// migrated), through p when it is not nil. It is closed when the test ends.
// On SQLite p must be nil: the second DB opens the same file with its own
// pools.
func OpenDB(t testing.TB, p *Proxy) *db.DB {
	t.Helper()
	DB(t)
	dsn := sharedDSN
	if p != nil {
		switch Dialect() {
		case "postgres":
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatalf("testkit: %v", err)
			}
			u.Host = p.addr
			dsn = u.String()
		case "mysql":
			dsn = strings.Replace(dsn, "tcp("+p.target+")", "tcp("+p.addr+")", 1)
		default:
			t.Fatal("testkit: OpenDB: no proxy on SQLite")
		}
	}
	store, err := db.Open(Dialect(), dsn)
	if err != nil {
		t.Fatalf("testkit: open a second database: %v", err)
	}
	t.Cleanup(func() {
		if p != nil {
			p.shutdown() // closing pools through a frozen proxy would wait for nothing
		}
		store.Close()
	})
	return store
}
