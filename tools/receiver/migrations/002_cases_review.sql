-- Cases: one per post (the post key Netra's flags use), however many monitors reported it; and
-- the reviewers' decisions on them, an append-only audit log.

CREATE TABLE cases (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_key text NOT NULL UNIQUE,
  site text NOT NULL,
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'verified', 'rejected', 'forwarded')),
  reason text,
  forwarded_to text,
  -- The earliest and latest evidence.detectedAt among its reports.
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cases_status ON cases (status, last_seen_at);

-- Reports filed before this migration get their case when the receiver starts (store.ts).
ALTER TABLE reports ADD COLUMN case_id integer REFERENCES cases (id);
CREATE INDEX reports_case_id ON reports (case_id);

CREATE TABLE decisions (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id integer NOT NULL REFERENCES cases (id),
  reviewer_id integer NOT NULL REFERENCES tokens (id),
  decision text NOT NULL CHECK (decision IN ('verified', 'rejected', 'forwarded')),
  reason text,
  forwarded_to text,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX decisions_case_id ON decisions (case_id, id);

CREATE FUNCTION decisions_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'decisions is an append-only audit log';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION decisions_append_only();
