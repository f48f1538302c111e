package crud

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Text search (?q=). Every resource with fields tagged `v:"search"` has a
// search index on its table, built from those fields (SearchDDL) by a
// migration; a test in internal/migrations fails when a table lacks it or
// its columns differ from the declaration. The list query then matches q
// through the index (searchCond):
//
//   - SQLite: an FTS5 table <table>_search with the trigram tokenizer, over
//     the searchable columns, its content read from the table itself
//     (external content) and kept in step by three triggers on the table,
//     so every write (the engine's or a business package's own SQL) updates
//     it in its transaction: a changed or deleted row at once, an inserted
//     row when its transaction commits (SearchQueue). q of 3 characters or
//     more is an FTS5 phrase: a case-insensitive substring of one of the
//     columns.
//   - PostgreSQL: a GIN index idx_<table>_search over the searchable columns
//     with pg_trgm's gin_trgm_ops, which serves the same col ILIKE '%q%'
//     conditions a plain scan would evaluate.
//   - MySQL/MariaDB: a FULLTEXT index idx_<table>_search over the searchable
//     columns. q's words of 3 characters or more that are not InnoDB
//     stopwords become required word prefixes (MATCH … AGAINST ('+word*' IN
//     BOOLEAN MODE)), and the row must still hold q as a substring of one
//     column (col LIKE '%q%'), so the answer is what the scan gives minus
//     the rows where a word of q starts inside a word of the text.
//
// Shorter q (or, on MariaDB, q without such a word) falls back to the
// substring scan of the company's rows, through its company_id index.

// MinSearchLen is the length (in characters) from which q is looked up in
// the search index; the trigram indexes cannot look up less.
const MinSearchLen = 3

// SearchColumns returns the columns of m's searchable fields, in declaration
// order: the columns q is looked for in.
func (m *Meta) SearchColumns() []string {
	var out []string
	for _, f := range m.Fields {
		if f.Search {
			out = append(out, f.Column)
		}
	}
	return out
}

// searchIndexes maps a table to the columns of its search index: the union
// of the searchable columns of the resources declared over it, in the order
// they were first declared (resources sharing a table, such as the account
// kinds over principals, search the same columns; a resource may search a
// subset of them).
var searchIndexes = struct {
	sync.Mutex
	cols map[string][]string
}{cols: map[string][]string{}}

// registerSearch adds m's searchable columns to its table's search index.
func registerSearch(m *Meta) {
	searchIndexes.Lock()
	defer searchIndexes.Unlock()
	have := searchIndexes.cols[m.Table]
	for _, c := range m.SearchColumns() {
		if !slices.Contains(have, c) {
			have = append(have, c)
		}
	}
	searchIndexes.cols[m.Table] = have
}

// indexColumns returns the columns of m's table's search index.
func (m *Meta) indexColumns() []string {
	searchIndexes.Lock()
	defer searchIndexes.Unlock()
	return searchIndexes.cols[m.Table]
}

// SearchIndexName is the name of table's search index: the FTS5 table on
// SQLite (whose triggers are named after it), the index elsewhere.
func SearchIndexName(dialect, table string) string {
	if dialect == "sqlite" {
		return table + "_search"
	}
	return "idx_" + table + "_search"
}

// SearchDDL returns the statements that create m's search index on dialect
// and fill it from the rows already there, one statement per element
// (without the final ';'), in the order to run them; none when no resource
// declared over m's table has a searchable field. Migrations hold exactly
// these statements (on SQLite the triggers as migration 00032 rewrote them);
// the PostgreSQL ones assume the pg_trgm extension (CREATE EXTENSION pg_trgm).
func SearchDDL(dialect string, m *Meta) []string {
	cols := m.indexColumns()
	if len(cols) == 0 {
		return nil
	}
	q := func(s string) string {
		if dialect == "mysql" {
			return "`" + s + "`"
		}
		return `"` + s + `"`
	}
	name := SearchIndexName(dialect, m.Table)
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = q(c)
	}
	list := strings.Join(quoted, ", ")
	switch dialect {
	case "postgres":
		ops := make([]string, len(cols))
		for i, c := range quoted {
			ops[i] = c + " gin_trgm_ops"
		}
		return []string{fmt.Sprintf("CREATE INDEX %s ON %s USING gin (%s)", q(name), q(m.Table), strings.Join(ops, ", "))}
	case "mysql":
		return []string{fmt.Sprintf("CREATE FULLTEXT INDEX %s ON %s (%s)", q(name), q(m.Table), list)}
	}
	with := func(prefix string) string {
		out := make([]string, len(cols))
		for i, c := range quoted {
			out[i] = prefix + c
		}
		return strings.Join(out, ", ")
	}
	var changed []string
	for _, c := range quoted {
		changed = append(changed, "old."+c+" IS NOT new."+c)
	}
	fts, t := q(name), q(m.Table)
	// A new row is queued (SearchQueue) and indexed at COMMIT; a row still
	// queued is left to that (its current values are indexed then), one
	// already indexed is changed in the index at once.
	// The trigger texts stay short: every new connection parses them all
	// (the schema), which the race detector makes slow.
	notQueued := fmt.Sprintf("NOT EXISTS (SELECT 1 FROM %s WHERE \"tbl\" = '%s' AND \"rid\" = old.rowid)", q(SearchQueue), m.Table)
	del := fmt.Sprintf("INSERT INTO %s (%s, rowid, %s) VALUES ('delete', old.rowid, %s);", fts, fts, list, with("old."))
	ins := fmt.Sprintf("INSERT INTO %s (rowid, %s) VALUES (new.rowid, %s);", fts, list, with("new."))
	delIndexed := fmt.Sprintf("INSERT INTO %s (%s, rowid, %s) SELECT 'delete', old.rowid, %s WHERE %s;", fts, fts, list, with("old."), notQueued)
	queue := fmt.Sprintf("INSERT OR IGNORE INTO %s (\"tbl\", \"rid\") VALUES ('%s', new.rowid);", q(SearchQueue), m.Table)
	unqueue := fmt.Sprintf("DELETE FROM %s WHERE \"tbl\" = '%s' AND \"rid\" = old.rowid;", q(SearchQueue), m.Table)
	return []string{
		fmt.Sprintf("CREATE VIRTUAL TABLE %s USING fts5(%s, content='%s', tokenize='trigram')", fts, list, m.Table),
		fmt.Sprintf("CREATE TRIGGER %s AFTER INSERT ON %s BEGIN\n    %s\nEND", q(name+"_insert"), t, queue),
		fmt.Sprintf("CREATE TRIGGER %s AFTER DELETE ON %s BEGIN\n    %s\n    %s\nEND", q(name+"_delete"), t, delIndexed, unqueue),
		fmt.Sprintf("CREATE TRIGGER %s AFTER UPDATE OF %s ON %s WHEN (%s) AND %s BEGIN\n    %s\n    %s\nEND",
			q(name+"_update"), list, t, strings.Join(changed, " OR "), notQueued, del, ins),
		fmt.Sprintf("INSERT INTO %s (%s) VALUES ('rebuild')", fts, fts),
	}
}

// searchProbe is how many index matches make q common on SQLite (see
// searchCond).
var searchProbe = 1000

// probes keeps for probeTTL what the probe said of a q on a table (common or
// not), so that the same q asked again (its next pages, other clients)
// skips the probe: under a load of one q the probe was 45% of SQLite's
// search time. The answer only picks the plan, and both plans find the same
// rows, so one that writes have made stale costs time, never results. At
// most probeMax entries; a full cache starts again empty.
var probes = probeCache{m: map[probeKey]probeEntry{}}

const (
	probeTTL = 30 * time.Second
	probeMax = 1024
)

var searchProbes atomic.Int64 // probes run, for tests

type probeKey struct {
	table, phrase string
	limit         int
}

type probeEntry struct {
	common bool
	at     time.Time
}

type probeCache struct {
	sync.Mutex
	m map[probeKey]probeEntry
}

func (c *probeCache) get(table, phrase string) (common, ok bool) {
	c.Lock()
	defer c.Unlock()
	e, ok := c.m[probeKey{table, phrase, searchProbe}]
	if !ok || time.Since(e.at) > probeTTL {
		return false, false
	}
	return e.common, true
}

func (c *probeCache) put(table, phrase string, common bool) {
	c.Lock()
	defer c.Unlock()
	if len(c.m) >= probeMax {
		clear(c.m)
	}
	c.m[probeKey{table, phrase, searchProbe}] = probeEntry{common, time.Now()}
}

// qCond is the search condition of a list: rows filters the page, count the
// total, with the same matches (two forms when one is faster for each).
type qCond struct {
	rows, count         string
	rowsArgs, countArgs []any
}

func same(cond string, args []any) qCond { return qCond{cond, cond, args, args} }

// searchCond returns the conditions (with '?' placeholders) and arguments
// that keep the rows matching q (trimmed, not empty) in a list of m, sorted
// by the client or not (newest first). On SQLite it first counts q's matches
// in the index, up to searchProbe, when store has a connection.
func (m *Meta) searchCond(ctx context.Context, store *db.DB, q string, sorted bool) (qCond, error) {
	d := store.Dialect
	cols := m.SearchColumns()
	indexed := utf8.RuneCountInString(q) >= MinSearchLen
	switch d.Name() {
	case "sqlite":
		if !indexed || strings.ContainsRune(q, 0) {
			break
		}
		fts := d.Quote(SearchIndexName("sqlite", m.Table))
		// One FTS5 phrase: its trigrams in a row, within one column (of
		// m's own when the index covers more).
		phrase := `"` + strings.ReplaceAll(q, `"`, `""`) + `"`
		if !slices.Equal(cols, m.indexColumns()) {
			phrase = "{" + strings.Join(cols, " ") + "} : " + phrase
		}
		matches := "(SELECT rowid FROM " + fts + " WHERE " + fts + " MATCH ?)"
		// A rare q: the rows are read by rowid from the matches, then
		// sorted.
		rare := same("rowid IN "+matches, []any{phrase})
		if store.Read == nil {
			return rare, nil
		}
		isCommon, ok := probes.get(m.Table, phrase)
		if !ok {
			var n int
			err := store.Q(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM "+fts+" WHERE "+fts+" MATCH ? LIMIT ?)", phrase, searchProbe).Scan(&n)
			if err != nil {
				return qCond{}, fmt.Errorf("crud: search %s: %w", m.Table, err)
			}
			searchProbes.Add(1)
			isCommon = n >= searchProbe
			probes.put(m.Table, phrase, isCommon)
		}
		if !isCommon {
			return rare, nil
		}
		// A common q (searchProbe matches or more, in any company):
		// "+rowid" keeps SQLite from looking the matches up one by one; it
		// reads the company's entries of the list index and keeps those
		// among the matches. The newest-first page of an ASCII q is faster
		// still without the index: the company's rows are read newest
		// first and the first that hold q end it, after a few hundred rows
		// when one in ten matches (LIKE folds the same letters as the
		// index: ASCII ones, q has no others). Not so in a client's sort,
		// which may put the matches together far down (sort=title, q=a
		// word of some titles): the index entries are cheaper to read.
		common := same("+rowid IN "+matches, []any{phrase})
		if isASCII(q) && !sorted {
			common.rows, common.rowsArgs = scanCond(d, cols, q)
		}
		return common, nil
	case "postgres":
		// ILIKE's default escape character is '\', as LikePattern writes;
		// the trigram index serves the conditions as they are. Under 3
		// characters it could only read all of itself: "|| ''" keeps the
		// planner off it, to the company's rows.
		col := func(c string) string { return d.Quote(c) }
		if !indexed {
			col = func(c string) string { return "(" + d.Quote(c) + " || '')" }
		}
		ors := make([]string, len(cols))
		args := make([]any, len(cols))
		for i, c := range cols {
			ors[i] = col(c) + " ILIKE ?"
			args[i] = db.LikePattern(q)
		}
		return same("("+strings.Join(ors, " OR ")+")", args), nil
	case "mysql":
		like, args := scanCond(d, cols, q)
		words := fulltextWords(q)
		if len(words) == 0 {
			return same(like, args), nil
		}
		// MATCH names the index's columns (MySQL wants all of them); the
		// substring condition keeps to m's.
		index := m.indexColumns()
		quoted := make([]string, len(index))
		for i, c := range index {
			quoted[i] = d.Quote(c)
		}
		return same("MATCH ("+strings.Join(quoted, ", ")+") AGAINST (? IN BOOLEAN MODE) AND "+like,
			append([]any{"+" + strings.Join(words, "* +") + "*"}, args...)), nil
	}
	return same(scanCond(d, cols, q)), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// scanCond is the substring match without an index: one of the columns
// contains q, ignoring case.
func scanCond(d db.Dialect, cols []string, q string) (string, []any) {
	ors := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		ors[i] = d.ILike(d.Quote(c))
		args[i] = db.LikePattern(q)
	}
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// innodbStopwords is InnoDB's default full-text stopword list: words its
// FULLTEXT indexes leave out, so a search must not require them.
var innodbStopwords = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(`a about an are as at be by com de en for from how i in is it la of on or
		that the this to was what when where who will with und www`) {
		out[w] = true
	}
	return out
}()

// fulltextWords returns the words of q that a MariaDB FULLTEXT index holds
// (letters, digits and '_'; 3 to 84 characters; not a stopword), lower-cased.
func fulltextWords(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && r != '_'
	}) {
		if n := utf8.RuneCountInString(w); n < MinSearchLen || n > 84 || innodbStopwords[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// A MariaDB page of a common word. MATCH … AGAINST reads every match of the
// word in the FULLTEXT index, then each matching row, before the page can be
// cut: 10,000 rows for a word in one row of ten of 100,000. The first page
// of a newest-first list is the first 51 matches from the newest, which the
// list index reaches after about 500 rows. So mariadbWalk walks the list's
// rows in its order with the same rule written without the index, and stops
// at the page's last row or after searchWalkFactor rows per row wanted,
// whichever comes first; only when it cannot answer does the page use MATCH.
//
// The rule without the index: a column holds q (the same LIKE), and each
// word of q begins a word of one of the index's columns, written as a
// regular expression (a word is a run of letters, digits and '_', at most
// 84 characters, as InnoDB's parser cuts them). That is exact on text in
// ASCII: for other text the collation's equivalences (accents, ligatures)
// are the index's and not the expression's, so a walk meeting such a row
// gives way to MATCH. So do words that begin a stopword (InnoDB leaves the
// stopword out of its index, where the expression would find it).
var (
	searchWalkRows   = 501 // the most rows (offset, page and one more) walked for
	searchWalkFactor = 20  // rows read per row wanted, at most
	searchWalks      atomic.Int64
)

// longStopwords are the stopwords a word of q of MinSearchLen or more
// characters may begin.
var longStopwords = func() []string {
	var out []string
	for w := range innodbStopwords {
		if len(w) >= MinSearchLen {
			out = append(out, w)
		}
	}
	return out
}()

// mariadbWalk returns the ids of the first n rows of a list of m holding q,
// in its order (all of them when fewer match), or ok false when the walk
// cannot tell (see above). where and args are the list's other conditions.
func (m *Meta) mariadbWalk(ctx context.Context, store *db.DB, q, hint, where string, args []any, order string, n int) (ids []any, ok bool, err error) {
	if !store.MariaDB || n > searchWalkRows || !isASCII(q) || db.HasTx(ctx) {
		return nil, false, nil
	}
	words := fulltextWords(q)
	if len(words) == 0 {
		return nil, false, nil
	}
	for _, w := range words {
		for _, s := range longStopwords {
			if strings.HasPrefix(s, w) {
				return nil, false, nil
			}
		}
	}
	d := store.Dialect
	index := m.indexColumns()
	ascii := make([]string, len(index))
	for i, c := range index {
		c = d.Quote(c)
		ascii[i] = "COALESCE(LENGTH(" + c + ") = CHAR_LENGTH(" + c + "), TRUE)"
	}
	allASCII := "(" + strings.Join(ascii, " AND ") + ")"
	like, likeArgs := scanCond(d, m.SearchColumns(), q)
	conds := []string{like}
	args = append(slices.Clone(args), likeArgs...)
	for _, w := range words {
		// w is ASCII letters, digits and '_': nothing to escape.
		re := `(?i)(?<![[:alnum:]_])` + w + `[[:alnum:]_]{0,` + strconv.Itoa(84-len(w)) + `}(?![[:alnum:]_])`
		ors := make([]string, len(index))
		for i, c := range index {
			ors[i] = d.Quote(c) + " REGEXP ?"
			args = append(args, re)
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	cond := "(NOT " + allASCII + " OR (" + strings.Join(conds[1:], " AND ") + "))"
	if where == "" {
		where = " WHERE "
	} else {
		where += " AND "
	}
	// Each walk reads at most its bound; ROWS EXAMINED names the bound in
	// the SQL text, an integer of ours.
	sqlText := "SELECT " + d.Quote("id") + ", " + allASCII + " FROM " + d.Quote(m.Table) + hint + where + like + " AND " + cond +
		" ORDER BY " + order + " LIMIT " + strconv.Itoa(n) + " ROWS EXAMINED " + strconv.Itoa(n*searchWalkFactor)
	conn, err := store.Read.Conn(ctx)
	if err != nil {
		return nil, false, err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, sqlText, args...)
	if db.IsExaminedLimit(err) {
		return nil, false, nil // cut while sorting
	}
	if err != nil {
		if db.IsUnknownIndex(err) {
			store.ForgetIndexes() // see planRows
		}
		return nil, false, fmt.Errorf("crud: search walk %s: %w", m.Table, err)
	}
	defer rows.Close()
	ok = true
	for rows.Next() {
		var id string
		var plain bool
		if err := rows.Scan(&id, &plain); err != nil {
			return nil, false, fmt.Errorf("crud: search walk %s: %w", m.Table, err)
		}
		ok = ok && plain
		ids = append(ids, id)
	}
	if err := rows.Err(); db.IsExaminedLimit(err) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("crud: search walk %s: %w", m.Table, err)
	}
	rows.Close()
	if !ok {
		return nil, false, nil
	}
	if len(ids) < n {
		// Fewer rows than wanted: all of them, unless the bound cut the
		// walk, which MariaDB reports as a warning of the statement.
		cut, err := walkCut(ctx, conn)
		if err != nil {
			return nil, false, fmt.Errorf("crud: search walk %s: %w", m.Table, err)
		}
		if cut {
			return nil, false, nil
		}
	}
	searchWalks.Add(1)
	return ids, true, nil
}

// walkCut reports whether the last statement on conn stopped at its LIMIT …
// ROWS EXAMINED bound (MariaDB's warning 1931).
func walkCut(ctx context.Context, conn *sql.Conn) (bool, error) {
	rows, err := conn.QueryContext(ctx, "SHOW WARNINGS")
	if err != nil {
		return false, err
	}
	defer rows.Close()
	cut := false
	for rows.Next() {
		var level, message string
		var code int
		if err := rows.Scan(&level, &code, &message); err != nil {
			return false, err
		}
		cut = cut || code == 1931
	}
	return cut, rows.Err()
}

// SearchQueue is the SQLite table where the search triggers queue the rows
// inserted by a transaction, to index them all at its COMMIT
// (DrainSearchQueue) instead of one by one. FTS5 writes what it has pending
// to disk at every savepoint, and on SQLite a group commit runs each request
// in its own savepoint (as a statement with triggers does inside a
// transaction): indexing each row as it was inserted wrote a new index
// segment per row, and merged them, a fifth of the server's time under
// job creates.
const SearchQueue = "search_queue"

// SearchQueueDDL creates SearchQueue (migration 00032 holds it).
const SearchQueueDDL = `CREATE TABLE "search_queue" ("tbl" TEXT NOT NULL, "rid" INTEGER NOT NULL, PRIMARY KEY ("tbl", "rid")) WITHOUT ROWID`

// drainSQL caches, per table, the statement that indexes its queued rows.
var drainSQL sync.Map // table -> string

// DrainSearchQueue indexes the rows queued in tx's transaction and empties
// the queue: on SQLite the store runs it just before each COMMIT
// (db.DB.BeforeCommit), so a committed row is always in the index. Rows
// inserted earlier in the same transaction are not found by q until then.
func DrainSearchQueue(ctx context.Context, tx *db.Tx) error {
	for {
		var table string
		err := tx.QueryRowContext(ctx, `SELECT "tbl" FROM "search_queue" LIMIT 1`).Scan(&table)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("search queue: %w", err)
		}
		ins, err := drainStatement(ctx, tx, table)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, ins, table); err != nil {
			return fmt.Errorf("search queue: index %s: %w", table, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM "search_queue" WHERE "tbl" = ?`, table); err != nil {
			return fmt.Errorf("search queue: %w", err)
		}
	}
}

// drainStatement returns the INSERT that copies table's queued rows into its
// search index, with the index's own columns.
func drainStatement(ctx context.Context, tx *db.Tx, table string) (string, error) {
	if s, ok := drainSQL.Load(table); ok {
		return s.(string), nil
	}
	fts := SearchIndexName("sqlite", table)
	rows, err := tx.QueryContext(ctx, `SELECT "name" FROM pragma_table_info(?)`, fts)
	if err != nil {
		return "", fmt.Errorf("search queue: columns of %s: %w", fts, err)
	}
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return "", err
		}
		cols = append(cols, `"`+strings.ReplaceAll(c, `"`, `""`)+`"`)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(cols) == 0 {
		return "", fmt.Errorf("search queue: rows of %q are queued but %s has no columns", table, fts)
	}
	list := strings.Join(cols, ", ")
	s := fmt.Sprintf(`INSERT INTO "%s" (rowid, %s) SELECT rowid, %s FROM "%s" WHERE rowid IN (SELECT "rid" FROM "search_queue" WHERE "tbl" = ?)`,
		fts, list, list, table)
	drainSQL.Store(table, s)
	return s, nil
}
