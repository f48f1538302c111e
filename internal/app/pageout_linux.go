package app

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// madvPageout is Linux's MADV_PAGEOUT (since 5.4): reclaim these pages now.
const madvPageout = 21

// pageOutStartup asks the kernel to reclaim the pages of the server's own
// executable that are resident when it is about to serve. Start-up (package
// initialisation, the migrations through the embedded SQLite engine, the API
// description) runs code and reads data that serving never touches again;
// those clean file-backed pages otherwise stay counted in the process's
// resident memory until the machine runs short. Pages that requests use come
// back from the page cache at their first use. The advice is a hint: on an
// older kernel it fails and nothing changes. It returns the bytes advised.
func pageOutStartup() int64 {
	exe, err := os.Executable()
	if err != nil {
		return 0
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0
	}
	defer f.Close()
	var total int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 00400000-00452000 r-xp 00000000 08:02 173521   /usr/bin/crm
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[5] != exe {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start || strings.Contains(fields[1], "w") {
			continue
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, uintptr(start), uintptr(end-start), madvPageout); errno == 0 {
			total += int64(end - start)
		}
	}
	return total
}
