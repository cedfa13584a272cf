-- Kept counts of jobs per site, state and tag set, so that counting a user's jobs by state and tags reads a few rows
-- instead of every job (a sequential scan of a million jobs took 200-350 ms; an index-only scan that checks the
-- tags of each, 160 ms).
--
-- The rows are deltas: every statement that inserts, updates or deletes jobs appends one row per (site, state, tags)
-- whose number it changed, in the same transaction, so a count sees exactly the jobs its snapshot sees and writers
-- never wait on one another for a counter row. A periodic fold (JobCountFold) sums each group's deltas into one row.
-- A count is sum(n) over the rows that match.
CREATE TABLE IF NOT EXISTS job_counts (
    site_id bigint NOT NULL,
    state   text   NOT NULL,
    tags    jsonb  NOT NULL,
    n       bigint NOT NULL,
    folded  boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS job_counts_site_state ON job_counts (site_id, state);

CREATE OR REPLACE FUNCTION balsam_job_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_counts (site_id, state, tags, n)
    SELECT site_id, state, tags, count(*) FROM new_jobs GROUP BY site_id, state, tags;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION balsam_job_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_counts (site_id, state, tags, n)
    SELECT site_id, state, tags, sum(n) FROM (
        SELECT site_id, state, tags, -1 AS n FROM old_jobs
        UNION ALL
        SELECT site_id, state, tags, 1 FROM new_jobs) changed
    GROUP BY site_id, state, tags
    HAVING sum(n) <> 0;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION balsam_job_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_counts (site_id, state, tags, n)
    SELECT site_id, state, tags, -count(*) FROM old_jobs GROUP BY site_id, state, tags;
    RETURN NULL;
END $$;

-- No job may change between the first count and the triggers (the lock lets readers through, not writers).
LOCK TABLE jobs IN SHARE ROW EXCLUSIVE MODE;

DROP TRIGGER IF EXISTS job_counts_inserted ON jobs;
DROP TRIGGER IF EXISTS job_counts_updated ON jobs;
DROP TRIGGER IF EXISTS job_counts_deleted ON jobs;
DELETE FROM job_counts;
-- About a second per million jobs.
INSERT INTO job_counts (site_id, state, tags, n, folded)
SELECT site_id, state, tags, count(*), true FROM jobs GROUP BY site_id, state, tags;

CREATE TRIGGER job_counts_inserted AFTER INSERT ON jobs
    REFERENCING NEW TABLE AS new_jobs FOR EACH STATEMENT EXECUTE FUNCTION balsam_job_counts_inserted();
CREATE TRIGGER job_counts_updated AFTER UPDATE ON jobs
    REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs FOR EACH STATEMENT EXECUTE FUNCTION balsam_job_counts_updated();
CREATE TRIGGER job_counts_deleted AFTER DELETE ON jobs
    REFERENCING OLD TABLE AS old_jobs FOR EACH STATEMENT EXECUTE FUNCTION balsam_job_counts_deleted();
