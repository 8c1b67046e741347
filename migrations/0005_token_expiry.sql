-- 0005_token_expiry: bearer tokens get an expiry and a last-used time.
-- expires_at NULL means "never expires" (tokens issued before this migration keep working; an
-- admin can revoke them with `yardstick-server revoke-token`). last_used_at is updated at most
-- once a minute per token (see server/src/auth/token.service.ts).
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS expires_at TIMESTAMPTZ;
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMPTZ;
