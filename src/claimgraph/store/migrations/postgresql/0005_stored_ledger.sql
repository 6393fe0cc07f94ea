-- claimgraph store on PostgreSQL, schema version 5: the stored ledger (../0005_stored_ledger.sql).

ALTER TABLE claims ADD COLUMN ledger_key text COLLATE "C";
CREATE INDEX claims_ledger_key ON claims (ledger_key);

CREATE TABLE ledger_entries (
    id          text COLLATE "C" PRIMARY KEY,
    group_key   text COLLATE "C" NOT NULL,
    type        text COLLATE "C" NOT NULL,
    documents   integer NOT NULL,
    sources     integer NOT NULL,
    contested   integer NOT NULL,
    first_said  text COLLATE "C",
    last_said   text COLLATE "C",
    event_time  text COLLATE "C",
    json        text COLLATE "C" NOT NULL,
    written_in  bigint NOT NULL
);
CREATE INDEX ledger_entries_group ON ledger_entries (group_key);
CREATE INDEX ledger_entries_order ON ledger_entries (documents DESC, sources DESC, type, id);
CREATE INDEX ledger_entries_type ON ledger_entries (type, documents DESC, sources DESC, id);
CREATE INDEX ledger_entries_contested ON ledger_entries (contested, documents DESC, sources DESC, type, id);

CREATE TABLE ledger_members (
    entry_id text COLLATE "C" NOT NULL REFERENCES ledger_entries (id) ON DELETE CASCADE,
    claim_id text COLLATE "C" NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, claim_id)
);
CREATE INDEX ledger_members_claim ON ledger_members (claim_id);

CREATE TABLE ledger_siblings (
    sib_key  text COLLATE "C" NOT NULL,
    entry_id text COLLATE "C" NOT NULL REFERENCES ledger_entries (id) ON DELETE CASCADE,
    PRIMARY KEY (sib_key, entry_id)
);
CREATE INDEX ledger_siblings_entry ON ledger_siblings (entry_id);

CREATE TABLE ledger_alternatives (
    entry_id text COLLATE "C" NOT NULL REFERENCES ledger_entries (id) ON DELETE CASCADE,
    other_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (entry_id, other_id)
);
CREATE INDEX ledger_alternatives_other ON ledger_alternatives (other_id);
