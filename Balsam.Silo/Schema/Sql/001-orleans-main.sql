-- Balsam.NET: Orleans ADO.NET shared schema (PostgreSQL 15, Invariant "Npgsql").
--
-- The Orleans clustering, persistence and reminders providers never issue
-- hand-written SQL of their own: at start-up each one reads
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- and afterwards runs the stored text for each operation, binding @Name
-- parameters by name and reading result columns by name.
-- Scripts 002..004 fill this table; they must run after this one.
--
-- Idempotent: safe to run again on a database that already has the table.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
