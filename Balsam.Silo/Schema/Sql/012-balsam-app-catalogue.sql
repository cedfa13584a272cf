-- App code and the app index.
-- app_assemblies: assembly images of ApplicationDefinition classes, stored once by SHA-256 content hash.
-- app_index: app id to (site, class name), so a job can name its app by id alone.
CREATE TABLE IF NOT EXISTS app_assemblies (
    content_hash  text PRIMARY KEY,
    assembly_name text NOT NULL,
    image         bytea NOT NULL,
    size_bytes    bigint NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS app_index (
    app_id  bigint PRIMARY KEY,
    site_id bigint NOT NULL,
    name    text NOT NULL
);
-- Not unique: the app grains keep (site, name) unique; a row left by a crash must not block a new registration.
CREATE INDEX IF NOT EXISTS app_index_site_name ON app_index (site_id, name);
