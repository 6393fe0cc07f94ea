-- claimgraph store, schema version 5: the ledger, stored and kept up to date at ingest.
-- `claims.ledger_key` is a claim's group (claimgraph.model.ledger.ledger_key: its type and the entities in the
-- type's key roles). `ledger_entries` holds one row per entry (the entry without its claims as JSON, plus the
-- columns lookups sort and filter on); `ledger_members` its claims; `ledger_siblings` the keys that find
-- possible rival entries (alternatives, model.ledger.rival_keys) without reading every entry, and
-- `ledger_alternatives` the rivals each entry names.
-- `written_in` is the documents.seq of the ingest that last wrote the row (0: built when the database was
-- opened or rebuilt). The keys and entries of claims stored before this version are filled in by Store.open.

ALTER TABLE claims ADD COLUMN ledger_key TEXT;
CREATE INDEX claims_ledger_key ON claims (ledger_key);

CREATE TABLE ledger_entries (
    id          TEXT PRIMARY KEY,
    group_key   TEXT NOT NULL,
    type        TEXT NOT NULL,
    documents   INTEGER NOT NULL,
    sources     INTEGER NOT NULL,
    contested   INTEGER NOT NULL,
    first_said  TEXT,
    last_said   TEXT,
    event_time  TEXT,
    json        TEXT NOT NULL,
    written_in  INTEGER NOT NULL
);
CREATE INDEX ledger_entries_group ON ledger_entries (group_key);
CREATE INDEX ledger_entries_order ON ledger_entries (documents DESC, sources DESC, type, id);
CREATE INDEX ledger_entries_type ON ledger_entries (type, documents DESC, sources DESC, id);
CREATE INDEX ledger_entries_contested ON ledger_entries (contested, documents DESC, sources DESC, type, id);

CREATE TABLE ledger_members (
    entry_id TEXT NOT NULL REFERENCES ledger_entries (id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, claim_id)
) WITHOUT ROWID;
CREATE INDEX ledger_members_claim ON ledger_members (claim_id);

CREATE TABLE ledger_siblings (
    sib_key  TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES ledger_entries (id) ON DELETE CASCADE,
    PRIMARY KEY (sib_key, entry_id)
) WITHOUT ROWID;
CREATE INDEX ledger_siblings_entry ON ledger_siblings (entry_id);

CREATE TABLE ledger_alternatives (
    entry_id TEXT NOT NULL REFERENCES ledger_entries (id) ON DELETE CASCADE,
    other_id TEXT NOT NULL,                      -- the rival entry it names
    PRIMARY KEY (entry_id, other_id)
) WITHOUT ROWID;
CREATE INDEX ledger_alternatives_other ON ledger_alternatives (other_id);
