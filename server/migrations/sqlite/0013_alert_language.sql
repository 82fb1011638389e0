-- The language a subscription's emails are written in (issue 19: every email in
-- English and Spanish): `en` or `es`, as the subscriber asked (the app sends its
-- reader's); subscriptions made before this are English.
ALTER TABLE alert_subscriptions
    ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es'));
