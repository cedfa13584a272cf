-- The secret every silo of the service stamps on its own grain calls (Auth/InternalCallStamp.cs): a call that does not
-- carry it is a client's, whatever caller id it names. One row, written by the first silo that needs it; only the
-- silos can read it (clients have no database access).
CREATE TABLE IF NOT EXISTS balsam_cluster_secret (
    id     smallint PRIMARY KEY CHECK (id = 1),
    secret bytea NOT NULL CHECK (length(secret) = 32));
