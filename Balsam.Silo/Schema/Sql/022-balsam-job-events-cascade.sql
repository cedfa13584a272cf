-- A job's events were tied to it by a foreign key, so PostgreSQL looked up and locked the job of every event written:
-- half the cost of copying a bulk create's events (about 10 us a job of the 45 us PostgreSQL spends), and a lookup
-- more in every state change. The check can never fail: a bulk create writes events in the transaction that inserts
-- their jobs, and a group write inserts events only for the rows its own UPDATE wrote (GroupWriteSql).
-- What the key did besides, taking a job's events with it when the job is deleted, a statement trigger now does, in
-- one statement for all the jobs a DELETE removed. It is planned at each run (EXECUTE): a saved plan made for one job
-- would be used for a site's million, and one made for a million (a scan of every event) for one job.
ALTER TABLE job_events DROP CONSTRAINT IF EXISTS job_events_job_id_fkey;

CREATE OR REPLACE FUNCTION balsam_job_events_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'DELETE FROM job_events e USING old_jobs o WHERE e.job_id = o.id';
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS job_events_deleted ON jobs;
CREATE TRIGGER job_events_deleted AFTER DELETE ON jobs
    REFERENCING OLD TABLE AS old_jobs FOR EACH STATEMENT EXECUTE FUNCTION balsam_job_events_deleted();
