// Package clientip resolves the address of the client behind a request,
// taking X-Forwarded-For into account only when the TCP peer is a trusted
// proxy (TRUSTED_PROXIES).
package clientip

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Resolver picks a request's client address. The zero value and nil trust no
// proxy: every request is attributed to its TCP peer.
type Resolver struct {
	trusted []netip.Prefix
}

// Parse reads a comma-separated list of CIDRs or single addresses
// ("10.0.0.0/8, 192.0.2.7, fd00::/8"). Blank entries are skipped.
func Parse(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if strings.Contains(part, "/") {
			p, err := netip.ParsePrefix(part)
			if err != nil {
				return nil, fmt.Errorf("%q is not a CIDR or an IP address", part)
			}
			if p.Addr().Is4In6() {
				// ::ffff:10.0.0.0/104 means 10.0.0.0/8; addresses are compared unmapped.
				if p.Bits() < 96 {
					return nil, fmt.Errorf("%q is not a CIDR or an IP address", part)
				}
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR or an IP address", part)
		}
		a = a.Unmap().WithZone("")
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// New returns a resolver trusting the given networks.
func New(trusted []netip.Prefix) *Resolver {
	return &Resolver{trusted: append([]netip.Prefix(nil), trusted...)}
}

// IP returns the client address of r: the TCP peer, unless the peer is a
// trusted proxy and the request carries X-Forwarded-For, in which case the
// right-most address of that header that is not a trusted proxy (every proxy
// appends the address it received the request from, so entries to the left
// of an untrusted one may be forged). A malformed entry stops the walk at the
// trusted hop that wrote it; a chain of trusted proxies only yields its
// left-most entry.
func (r *Resolver) IP(req *http.Request) string {
	peer, ok := parseHost(req.RemoteAddr)
	if !ok {
		return req.RemoteAddr
	}
	if r == nil || len(r.trusted) == 0 || !r.trusts(peer) {
		return peer.String()
	}
	var hops []string
	for _, h := range req.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHost(strings.TrimSpace(hops[i]))
		if !ok {
			break
		}
		client = a
		if !r.trusts(a) {
			break
		}
	}
	return client.String()
}

func (r *Resolver) trusts(a netip.Addr) bool {
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHost reads an address with or without a port ("192.0.2.1",
// "192.0.2.1:80", "[2001:db8::1]:80", "2001:db8::1"), unmapped and without zone.
func parseHost(s string) (netip.Addr, bool) {
	if s == "" {
		return netip.Addr{}, false
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	host, _, err := net.SplitHostPort(s)
	if err != nil {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}
