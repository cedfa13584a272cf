-- The listing a user runs most (a site's jobs in one state, often filtered on tags, ORDER BY id LIMIT n) walks this
-- index in id order and stops after n matches; with (site_id, state) alone PostgreSQL either sorted every job of the
-- site and state or walked the primary key through every other site's jobs. It replaces jobs_site_state, which it
-- covers, so a job's write maintains no more indexes than before.
CREATE INDEX IF NOT EXISTS jobs_site_state_id ON jobs (site_id, state, id);
DROP INDEX IF EXISTS jobs_site_state;

-- Most jobs of a site share a state's tags; the planner's row estimate for (site_id, state) together is otherwise the
-- product of two independent guesses.
CREATE STATISTICS IF NOT EXISTS jobs_site_state_stats (dependencies, ndistinct) ON site_id, state FROM jobs;
