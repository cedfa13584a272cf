-- Whether a job's app is one of Balsam's Python client (set at creation, as `hooks`): only Balsam's Python launcher runs
-- such a job, so our launcher's acquire leaves it (`NOT python_app`, a filter on the rows the runnable indexes give).
-- Jobs stored before this column count as C# jobs.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS python_app boolean NOT NULL DEFAULT false;
