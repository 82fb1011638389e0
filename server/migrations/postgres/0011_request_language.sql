-- The language a request's title and description are written in (issue 19), when the
-- agency set it: a BCP 47 tag the domain crate accepts (`en`, `es`:
-- porchlight_domain::RequestLanguage). NULL for every request and submission from
-- before, and for those whose agency did not set it. A published request's language
-- is part of its public-log entry only when set, so the entries of older requests are
-- unchanged. Adding a nullable column without a default rewrites no row (the
-- requests' refuse-update trigger does not fire).
ALTER TABLE requests ADD COLUMN language TEXT CHECK (language IN ('en', 'es'));
ALTER TABLE submissions ADD COLUMN language TEXT CHECK (language IN ('en', 'es'));
