package db

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"
)

// checkpointer runs SQLite's WAL checkpoints off the writer's path.
//
// SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past
// its threshold (1,000 pages by default): that COMMIT copies the pages into
// the database file and syncs it while every other write waits for the one
// writer. A job create writes about 20 pages to the WAL, so under a stream of
// creates every 50th commit stopped the writer for a checkpoint.
//
// So a commit kicks this goroutine, which after checkpointDelay (gathering
// the commits of a burst) runs a PASSIVE checkpoint on a reader connection:
// it copies what no reader still needs and never waits for readers or the
// writer, as the automatic one. The writer's own automatic checkpoint stays,
// at 4,000 pages, as the bound: a checkpoint made beside a busy writer is
// never complete when the writer next begins, and only then does SQLite
// start the WAL again from its beginning; the writer's checkpoint then finds
// most pages already copied.
type checkpointer struct {
	db    *sql.DB // a reader pool: a checkpoint may run on any connection
	delay time.Duration
	kick  chan struct{}
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// checkpointDelay gathers the commits of a burst into one checkpoint (read
// when the database is opened).
var checkpointDelay = 100 * time.Millisecond

func startCheckpointer(readers *sql.DB) *checkpointer {
	c := &checkpointer{db: readers, delay: checkpointDelay, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

// wrote tells the checkpointer that a commit added pages to the WAL.
func (c *checkpointer) wrote() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		select {
		case <-c.stop:
			return
		case <-time.After(c.delay):
		}
		c.run()
	}
}

func (c *checkpointer) run() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var busy, log, copied int
	if err := c.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &copied); err != nil {
		slog.Warn("db: sqlite checkpoint", "err", err)
	}
}

// shutdown stops the goroutine, letting a checkpoint under way finish;
// SQLite checkpoints the WAL itself when the last connection closes.
func (c *checkpointer) shutdown() {
	if c == nil {
		return
	}
	c.once.Do(func() { close(c.stop) })
	<-c.done
}
