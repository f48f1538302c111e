package metrics

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
)

// PeakRSSName is the gauge of the process's peak resident set size, which the
// process collector does not give: the figure a memory budget is judged by.
const PeakRSSName = "crm_process_resident_memory_peak_bytes"

// peakRSS returns the process's peak resident set size in bytes (VmHWM in
// /proc/self/status), or false where the kernel does not report it.
func peakRSS() (float64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.HasPrefix(line, []byte("VmHWM:")) {
			continue
		}
		// "VmHWM:	   59812 kB"
		fields := bytes.Fields(line[len("VmHWM:"):])
		if len(fields) != 2 || string(fields[1]) != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseUint(string(fields[0]), 10, 64)
		if err != nil {
			return 0, false
		}
		return float64(kb) * 1024, true
	}
	return 0, false
}
