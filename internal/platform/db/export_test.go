package db

import "time"

// GroupCommits counts the commits InTx attempted on SQLite, lone and batched.
func GroupCommits(d *DB) int64 { return d.group.commits.Load() }

// QueuedUnits counts the InTx units waiting for SQLite's writer.
func QueuedUnits(d *DB) int {
	d.group.mu.Lock()
	defer d.group.mu.Unlock()
	return len(d.group.queue)
}

// BeforeGroupCommit makes f run before each batch's COMMIT; an error from f
// fails that COMMIT. It returns the function that undoes it.
func BeforeGroupCommit(f func() error) (undo func()) {
	old := beforeGroupCommit
	beforeGroupCommit = f
	return func() { beforeGroupCommit = old }
}

// WaitWarm waits for the statements being prepared in the background.
func WaitWarm() { warming.Wait() }

// BatchTime sets how long a batch takes units; it returns the function that
// undoes it.
func BatchTime(d time.Duration) (undo func()) {
	old := maxBatchTime
	maxBatchTime = d
	return func() { maxBatchTime = old }
}

// CheckpointDelay sets how long the SQLite checkpointer waits after a
// commit; it returns the function that undoes it.
func CheckpointDelay(d time.Duration) (undo func()) {
	old := checkpointDelay
	checkpointDelay = d
	return func() { checkpointDelay = old }
}
