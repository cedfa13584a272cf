-- Batch jobs (pilot allocations), one row each; the batch job grain writes its row through on every change.
CREATE TABLE IF NOT EXISTS batch_jobs (
    id             bigint PRIMARY KEY,
    site_id        bigint NOT NULL,
    scheduler_id   bigint,
    project        text NOT NULL,
    queue          text NOT NULL,
    num_nodes      integer NOT NULL,
    wall_time_min  integer NOT NULL,
    job_mode       text NOT NULL,
    optional_params jsonb NOT NULL DEFAULT '{}',
    filter_tags    jsonb NOT NULL DEFAULT '{}',
    partitions     jsonb NOT NULL DEFAULT '[]',
    state          text NOT NULL,
    status_info    jsonb NOT NULL DEFAULT '{}',
    start_time     timestamptz,
    end_time       timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_update    timestamptz NOT NULL DEFAULT now()
);
-- The scheduler service lists its site's batch jobs that are not over yet, every sync period.
CREATE INDEX IF NOT EXISTS batch_jobs_site_state ON batch_jobs (site_id, state);
CREATE INDEX IF NOT EXISTS batch_jobs_scheduler_id ON batch_jobs (site_id, scheduler_id) WHERE scheduler_id IS NOT NULL;
