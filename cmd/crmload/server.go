package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Metric names read from the server's GET /metrics.
const (
	cpuMetric  = "process_cpu_seconds_total"              // the process collector's user and system time
	peakMetric = "crm_process_resident_memory_peak_bytes" // VmHWM, where the kernel reports it
)

// serverFigures are what the server's GET /metrics says of its process.
type serverFigures struct {
	CPUSeconds float64
	PeakRSS    float64 // bytes; 0 when the server does not report it
}

// serverFigures reads GET /metrics with the metrics token (the server's
// METRICS_TOKEN). Each call costs the server one rendering of its metrics.
func (c *client) serverFigures(ctx context.Context, token string) (serverFigures, error) {
	var f serverFigures
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+"/metrics", nil)
	if err != nil {
		return f, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.http.Do(req)
	if err != nil {
		return f, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return f, fmt.Errorf("GET /metrics: status %d (the server serves it only with METRICS_TOKEN set, to that token)", res.StatusCode)
	}
	cpu := false
	sc := bufio.NewScanner(io.LimitReader(res.Body, 32<<20))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		// "name value" or "name value timestamp"; both metrics have no labels.
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || (fields[0] != cpuMetric && fields[0] != peakMetric) {
			continue
		}
		name := fields[0]
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return f, fmt.Errorf("GET /metrics: %s: %v", name, err)
		}
		if name == cpuMetric {
			f.CPUSeconds, cpu = v, true
		} else {
			f.PeakRSS = v
		}
	}
	if err := sc.Err(); err != nil {
		return f, fmt.Errorf("GET /metrics: %v", err)
	}
	if !cpu {
		return f, fmt.Errorf("GET /metrics has no %s (its process collector reports it on Linux)", cpuMetric)
	}
	return f, nil
}
