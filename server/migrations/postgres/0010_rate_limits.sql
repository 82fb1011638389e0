-- Abuse limits (issue 18): how many times each client address, each account email and
-- everyone together did an action (register, sign in, post, report) in each window of
-- time. In the database, so that every server instance counts the same hits.
--
-- `bucket` names the limit (`register/address`, `sign_in/global`, …), `key` what it
-- counts for (an address or /64 network, a lower-cased email, '' for everyone),
-- `window_start` the window's first second (unix seconds, a multiple of its length).
-- A sliding window is estimated from the current window's hits and the previous
-- one's, so a row is needed until two windows have passed: `expires_at`, after which
-- any instance deletes it (the index below finds them).
CREATE TABLE rate_limits (
    bucket       TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL CHECK (hits > 0),
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (bucket, key, window_start)
);

CREATE INDEX rate_limits_by_expiry ON rate_limits (expires_at);
