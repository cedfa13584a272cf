-- Users created by the operator (balsam-silo user add) and the bearer tokens they log in for. Passwords are stored as
-- PBKDF2 hashes with their algorithm, iterations and salt, so the cost can be raised later; tokens only as SHA-256.
CREATE TABLE IF NOT EXISTS balsam_users (
    name          text PRIMARY KEY,
    password_algorithm  text NOT NULL,
    password_iterations integer NOT NULL,
    password_salt bytea NOT NULL,
    password_hash bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now());

CREATE TABLE IF NOT EXISTS balsam_tokens (
    token_hash bytea PRIMARY KEY,
    user_name  text NOT NULL REFERENCES balsam_users (name) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz);

CREATE INDEX IF NOT EXISTS balsam_tokens_user ON balsam_tokens (user_name);
