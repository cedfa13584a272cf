-- The job store: jobs, their parent edges, their events and their transfer items.
-- Job rows are written by their grain (single writer); creation, acquisition (the session_id lease) and
-- deletion of whole sites or apps are the documented exceptions.

CREATE TABLE IF NOT EXISTS jobs (
    id                   bigint PRIMARY KEY,
    site_id              bigint NOT NULL,
    app_id               bigint NOT NULL,
    app_name             text NOT NULL,
    workdir              text NOT NULL,
    parameters           jsonb NOT NULL DEFAULT '{}',
    tags                 jsonb NOT NULL DEFAULT '{}',
    data                 jsonb NOT NULL DEFAULT '{}',
    return_code          integer,
    num_nodes            integer NOT NULL DEFAULT 1 CHECK (num_nodes >= 1),
    ranks_per_node       integer NOT NULL DEFAULT 1 CHECK (ranks_per_node >= 1),
    threads_per_rank     integer NOT NULL DEFAULT 1 CHECK (threads_per_rank >= 1),
    threads_per_core     integer NOT NULL DEFAULT 1 CHECK (threads_per_core >= 1),
    gpus_per_rank        double precision NOT NULL DEFAULT 0 CHECK (gpus_per_rank >= 0),
    node_packing_count   integer NOT NULL DEFAULT 1 CHECK (node_packing_count >= 1),
    wall_time_min        integer NOT NULL DEFAULT 0 CHECK (wall_time_min >= 0),
    launch_params        jsonb NOT NULL DEFAULT '{}',
    state                text NOT NULL,
    state_data           jsonb NOT NULL DEFAULT '{}',
    last_update          timestamptz NOT NULL,
    created_at           timestamptz NOT NULL,
    batch_job_id         bigint,
    session_id           bigint,
    pending_file_cleanup boolean NOT NULL DEFAULT true,
    return_value         text,
    exception            text,
    version              bigint NOT NULL DEFAULT 1
);

CREATE INDEX IF NOT EXISTS jobs_site_state ON jobs (site_id, state);
CREATE INDEX IF NOT EXISTS jobs_app ON jobs (app_id);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state);
CREATE INDEX IF NOT EXISTS jobs_last_update ON jobs (last_update);
CREATE INDEX IF NOT EXISTS jobs_batch_job ON jobs (batch_job_id) WHERE batch_job_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_session ON jobs (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_tags ON jobs USING gin (tags jsonb_path_ops);
-- No index on parameters: every index costs each state change a write, and parameter filters run within a site.
-- What launchers scan: unleased runnable jobs of a site, one index per acquisition order (SPEC §3), so taking
-- 100 jobs from 100,000 reads 100 index entries instead of sorting the backlog.
CREATE INDEX IF NOT EXISTS jobs_runnable_fifo ON jobs (site_id, id)
    WHERE state IN ('PREPROCESSED', 'RESTART_READY') AND session_id IS NULL;
CREATE INDEX IF NOT EXISTS jobs_runnable_small_first ON jobs (site_id, num_nodes, node_packing_count DESC, wall_time_min DESC, id)
    WHERE state IN ('PREPROCESSED', 'RESTART_READY') AND session_id IS NULL;
CREATE INDEX IF NOT EXISTS jobs_runnable_long_first ON jobs (site_id, wall_time_min DESC, num_nodes DESC, node_packing_count DESC, id)
    WHERE state IN ('PREPROCESSED', 'RESTART_READY') AND session_id IS NULL;
CREATE INDEX IF NOT EXISTS jobs_awaiting ON jobs (id) WHERE state = 'AWAITING_PARENTS';

-- Parent edges. A parent may be deleted: its edge stays, so the child keeps waiting (and shows as blocked).
CREATE TABLE IF NOT EXISTS job_parents (
    child_id  bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    parent_id bigint NOT NULL,
    PRIMARY KEY (child_id, parent_id)
);
CREATE INDEX IF NOT EXISTS job_parents_parent ON job_parents (parent_id);

CREATE TABLE IF NOT EXISTS job_events (
    id         bigserial PRIMARY KEY,
    job_id     bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    timestamp  timestamptz NOT NULL,
    from_state text NOT NULL,
    to_state   text NOT NULL,
    data       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS job_events_job ON job_events (job_id);
CREATE INDEX IF NOT EXISTS job_events_timestamp ON job_events (timestamp);
CREATE INDEX IF NOT EXISTS job_events_to_state ON job_events (to_state, timestamp);

CREATE TABLE IF NOT EXISTS transfer_items (
    id             bigserial PRIMARY KEY,
    job_id         bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    slot           text NOT NULL,
    direction      text NOT NULL CHECK (direction IN ('in', 'out')),
    local_path     text NOT NULL,
    remote_path    text NOT NULL,
    location_alias text NOT NULL,
    recursive      boolean NOT NULL DEFAULT false,
    state          text NOT NULL CHECK (state IN ('awaiting_job', 'pending', 'active', 'inactive', 'done', 'error')),
    task_id        text NOT NULL DEFAULT '',
    transfer_info  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS transfer_items_job ON transfer_items (job_id);
CREATE INDEX IF NOT EXISTS transfer_items_pending ON transfer_items (state) WHERE state IN ('pending', 'active');
