//go:build !linux

package app

// pageOutStartup does nothing outside Linux.
func pageOutStartup() int64 { return 0 }
