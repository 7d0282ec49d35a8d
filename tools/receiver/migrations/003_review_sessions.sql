-- Reviewers' login sessions for the review UI, in the database so any receiver process can
-- serve any request. Only the SHA-256 of the session cookie is stored.

CREATE TABLE review_sessions (
  id_hash text PRIMARY KEY,
  token_id integer NOT NULL REFERENCES tokens (id),
  csrf text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE INDEX review_sessions_expires_at ON review_sessions (expires_at);
