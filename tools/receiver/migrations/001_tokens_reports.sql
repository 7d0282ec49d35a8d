-- Monitors' bearer tokens (only their SHA-256 is stored) and the reports they sent.

CREATE TABLE tokens (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('monitor', 'reviewer')),
  hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE reports (
  -- The report's own id, which is also its Idempotency-Key: the primary key is the dedupe.
  id uuid PRIMARY KEY,
  token_id integer NOT NULL REFERENCES tokens (id),
  received_at timestamptz NOT NULL DEFAULT now(),
  schema_version integer NOT NULL,
  site text NOT NULL,
  category text NOT NULL,
  -- SHA-256 of the body as received, stamped with received_at: what the server got, and when.
  body_sha256 text NOT NULL,
  body jsonb NOT NULL
);

CREATE INDEX reports_token_id ON reports (token_id);
CREATE INDEX reports_received_at ON reports (received_at);
