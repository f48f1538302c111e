package clientip

import (
	"net/http/httptest"
	"testing"
)

func TestParse(t *testing.T) {
	p, err := Parse(" 10.0.0.0/8, 192.0.2.7 ,,fd00::/8, ::ffff:172.16.0.0/108, 2001:db8::1 ")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "fd00::/8", "172.16.0.0/12", "2001:db8::1/128"}
	if len(p) != len(want) {
		t.Fatalf("got %v", p)
	}
	for i, w := range want {
		if p[i].String() != w {
			t.Errorf("entry %d = %s, want %s", i, p[i], w)
		}
	}
	if p, err := Parse(""); err != nil || len(p) != 0 {
		t.Fatalf("empty: %v %v", p, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "not-an-ip", "10.0.0.1:80", "1.2.3", "10.0.0.0/8,foo"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestIP(t *testing.T) {
	trusted, err := Parse("10.0.0.0/8, 2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	r := New(trusted)
	for _, c := range []struct {
		name   string
		res    *Resolver
		remote string
		xff    []string
		want   string
	}{
		{"no proxy trusted: the header is ignored", New(nil), "203.0.113.5:4000", []string{"198.51.100.1"}, "203.0.113.5"},
		{"nil resolver", nil, "203.0.113.5:4000", []string{"198.51.100.1"}, "203.0.113.5"},
		{"spoofing from an untrusted peer", r, "203.0.113.5:4000", []string{"10.1.1.1, 198.51.100.1"}, "203.0.113.5"},
		{"trusted peer without header", r, "10.0.0.2:4000", nil, "10.0.0.2"},
		{"trusted peer forwards its client", r, "10.0.0.2:4000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"forged left entries are skipped", r, "10.0.0.2:4000", []string{"1.1.1.1, 2.2.2.2, 198.51.100.1"}, "198.51.100.1"},
		{"chain of trusted proxies", r, "10.0.0.2:4000", []string{"198.51.100.1, 10.9.9.9, 10.8.8.8"}, "198.51.100.1"},
		{"several header lines are one list", r, "10.0.0.2:4000", []string{"7.7.7.7, 198.51.100.1", "10.3.3.3"}, "198.51.100.1"},
		{"all hops trusted: the left-most", r, "10.0.0.2:4000", []string{"10.5.5.5, 10.6.6.6"}, "10.5.5.5"},
		{"entry with a port", r, "10.0.0.2:4000", []string{"198.51.100.1:5555"}, "198.51.100.1"},
		{"IPv6 peer and client", r, "[2001:db8:ffff::2]:443", []string{"2001:db8:1::7"}, "2001:db8:1::7"},
		{"IPv6 client with port and zone", r, "10.0.0.2:1", []string{"[fe80::1%eth0]:80"}, "fe80::1"},
		{"untrusted IPv6 peer", r, "[2001:db8:1::1]:443", []string{"198.51.100.1"}, "2001:db8:1::1"},
		{"IPv4-mapped peer is trusted as IPv4", r, "[::ffff:10.0.0.2]:4000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"malformed entry stops at the trusted hop that wrote it", r, "10.0.0.2:4000", []string{"198.51.100.1, garbage"}, "10.0.0.2"},
		{"malformed after a trusted hop", r, "10.0.0.2:4000", []string{"nonsense, 10.4.4.4"}, "10.4.4.4"},
		{"malformed left of the client is irrelevant", r, "10.0.0.2:4000", []string{"garbage, 198.51.100.1"}, "198.51.100.1"},
		{"empty header", r, "10.0.0.2:4000", []string{""}, "10.0.0.2"},
		{"blank entries", r, "10.0.0.2:4000", []string{" , "}, "10.0.0.2"},
		{"peer without port", r, "198.51.100.9", nil, "198.51.100.9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = c.remote
			for _, v := range c.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if got := c.res.IP(req); got != c.want {
				t.Fatalf("IP = %q, want %q", got, c.want)
			}
		})
	}
}
