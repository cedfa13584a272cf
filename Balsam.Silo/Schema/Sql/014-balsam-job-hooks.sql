-- The hooks a job's app overrode when the job was created, so the job grain decides which default hooks to skip
-- without asking the app on every RUN_DONE (an AppHooks bit set; NULL for jobs created before this column).
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS hooks smallint;
