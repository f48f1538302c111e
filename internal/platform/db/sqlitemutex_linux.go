package db

import (
	"errors"
	"fmt"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite connections without their own mutex.
//
// The driver opens every connection with SQLITE_OPEN_FULLMUTEX, so SQLite takes
// the connection's recursive mutex on each call into it: several times for
// each column of each row a query returns. A profile of a 1,000-row list put
// 23% of its CPU time in those locks (README, "Lists: where the time goes").
// They protect nothing here: database/sql hands a connection to one goroutine
// at a time, and the driver's own per-connection state is not safe to share
// anyway (its documentation says so). So, before any connection is opened,
// the mutex methods SQLite uses are wrapped: a recursive mutex, which SQLite
// allocates only for a connection once it is initialised (and for the RBU
// extension, not built in), is a no-op, as with SQLITE_OPEN_NOMUTEX; every
// other mutex (the allocator, the page-cache groups, the VFS and its open-file
// table, the shared WAL index) is SQLite's own, unchanged.
//
// SQLite is initialised here with its default methods and shut down (the
// configuration may be read and changed only then); its default methods are
// read back, wrapped, and SQLite is initialised again, all before main runs.

var (
	// defaultMutex holds SQLite's own methods, which the wrappers call;
	// wrappedMutex the methods handed to SQLite.
	defaultMutex sqlite3.Tsqlite3_mutex_methods
	wrappedMutex sqlite3.Tsqlite3_mutex_methods
	// connMutex is what a connection gets for its mutex: a valid, never
	// dereferenced address that the wrappers recognise.
	connMutex uintptr
	// mutexErr is why the wrappers could not be installed: SQLite then keeps
	// its own methods, slower and just as correct.
	mutexErr = installMutexMethods()
)

// ConnMutexOff reports whether SQLite connections run without their mutex,
// or why not.
func ConnMutexOff() (bool, error) { return mutexErr == nil, mutexErr }

func installMutexMethods() error {
	tls := libc.NewTLS()
	defer tls.Close()
	if rc := sqlite3.Xsqlite3_initialize(tls); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("db: sqlite mutex: initialize: %d", rc)
	}
	va := libc.Xmalloc(tls, 8)
	if va == 0 {
		return errors.New("db: sqlite mutex: out of memory")
	}
	defer libc.Xfree(tls, va)
	if rc := sqlite3.Xsqlite3_shutdown(tls); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("db: sqlite mutex: shutdown: %d", rc)
	}
	if rc := sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_GETMUTEX, libc.VaList(va, uintptr(unsafe.Pointer(&defaultMutex)))); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("db: sqlite mutex: get mutex methods: %d", rc)
	}
	if defaultMutex.FxMutexAlloc == 0 || defaultMutex.FxMutexEnter == 0 || defaultMutex.FxMutexLeave == 0 {
		return errors.New("db: sqlite mutex: no default methods")
	}
	connMutex = libc.Xmalloc(tls, 8)
	if connMutex == 0 {
		return errors.New("db: sqlite mutex: out of memory")
	}
	// A package variable, not a local: the race detector's pointer checks
	// reject SQLite's reads of a heap object through the address it is given.
	m := &wrappedMutex
	*m = defaultMutex
	m.FxMutexAlloc = funcPtr(mutexAlloc)
	m.FxMutexFree = funcPtr(mutexFree)
	m.FxMutexEnter = funcPtr(mutexEnter)
	m.FxMutexTry = funcPtr(mutexTry)
	m.FxMutexLeave = funcPtr(mutexLeave)
	m.FxMutexHeld = funcPtr(mutexHeld)
	m.FxMutexNotheld = funcPtr(mutexNotheld)
	if rc := sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_MUTEX, libc.VaList(va, uintptr(unsafe.Pointer(m)))); rc != sqlite3.SQLITE_OK {
		// SQLite is shut down with its defaults still configured: the
		// next open initialises it as before.
		return fmt.Errorf("db: sqlite mutex: set mutex methods: %d", rc)
	}
	// Initialised now, in one goroutine: its own initialisation mutex is
	// recursive, hence a no-op from here on, and later calls return at once.
	if rc := sqlite3.Xsqlite3_initialize(tls); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("db: sqlite mutex: initialize again: %d", rc)
	}
	return nil
}

// funcPtr is a Go function as the translated C code calls it: the address of
// its code (see https://golang.org/s/go11func).
func funcPtr[F any](f F) uintptr { return *(*uintptr)(unsafe.Pointer(&struct{ f F }{f})) }

func call1(fp uintptr) func(*libc.TLS, uintptr) {
	return *(*func(*libc.TLS, uintptr))(unsafe.Pointer(&struct{ uintptr }{fp}))
}

func call1r(fp uintptr) func(*libc.TLS, uintptr) int32 {
	return *(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{fp}))
}

func mutexAlloc(tls *libc.TLS, typ int32) uintptr {
	if typ == sqlite3.SQLITE_MUTEX_RECURSIVE {
		return connMutex
	}
	return (*(*func(*libc.TLS, int32) uintptr)(unsafe.Pointer(&struct{ uintptr }{defaultMutex.FxMutexAlloc})))(tls, typ)
}

func mutexFree(tls *libc.TLS, p uintptr) {
	if p != connMutex {
		call1(defaultMutex.FxMutexFree)(tls, p)
	}
}

func mutexEnter(tls *libc.TLS, p uintptr) {
	if p != connMutex {
		call1(defaultMutex.FxMutexEnter)(tls, p)
	}
}

func mutexTry(tls *libc.TLS, p uintptr) int32 {
	if p == connMutex {
		return sqlite3.SQLITE_OK
	}
	return call1r(defaultMutex.FxMutexTry)(tls, p)
}

func mutexLeave(tls *libc.TLS, p uintptr) {
	if p != connMutex {
		call1(defaultMutex.FxMutexLeave)(tls, p)
	}
}

func mutexHeld(tls *libc.TLS, p uintptr) int32 {
	if p == connMutex || defaultMutex.FxMutexHeld == 0 {
		return 1
	}
	return call1r(defaultMutex.FxMutexHeld)(tls, p)
}

func mutexNotheld(tls *libc.TLS, p uintptr) int32 {
	if p == connMutex || defaultMutex.FxMutexNotheld == 0 {
		return 1
	}
	return call1r(defaultMutex.FxMutexNotheld)(tls, p)
}
