-- Balsam.NET: Orleans reminders schema for
-- Microsoft.Orleans.Reminders.AdoNet 10.4.2 on PostgreSQL.
--
-- Requires 001-orleans-main.sql (OrleansQuery). Idempotent.
--
-- Contract notes:
--  * GrainHash is the grain's uniform hash (uint) passed as a signed int;
--    range reads compare it as a signed integer (see ReadRangeRows1/2Key).
--  * Period is in milliseconds; the provider binds int or long depending on
--    size, so the query casts it to bigint.
--  * Version is the reminder ETag: 0 on first insert, +1 on every upsert;
--    a delete must present the current version.
--  * Routine and parameter names match the upstream Orleans scripts so that
--    CREATE OR REPLACE also works on a database created by those scripts.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(150)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName
        PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Insert or replace a reminder; returns its new version in column "version".
CREATE OR REPLACE FUNCTION upsert_reminder_row(
    ServiceIdArg    OrleansRemindersTable.ServiceId%TYPE,
    GrainIdArg      OrleansRemindersTable.GrainId%TYPE,
    ReminderNameArg OrleansRemindersTable.ReminderName%TYPE,
    StartTimeArg    OrleansRemindersTable.StartTime%TYPE,
    PeriodArg       OrleansRemindersTable.Period%TYPE,
    GrainHashArg    OrleansRemindersTable.GrainHash%TYPE)
RETURNS TABLE(version integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    VersionVar integer := 0;
BEGIN
    -- "version" is also this function's output column, so table columns are
    -- qualified wherever the name could be ambiguous.
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    SELECT ServiceIdArg, GrainIdArg, ReminderNameArg, StartTimeArg, PeriodArg, GrainHashArg, 0
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime,
            Period    = EXCLUDED.Period,
            GrainHash = EXCLUDED.GrainHash,
            Version   = r.Version + 1
    RETURNING r.Version INTO STRICT VersionVar;

    RETURN QUERY SELECT VersionVar;
END
$fn$;

-- Delete one reminder if its version still matches. Returns the number of
-- rows deleted (1 = success, 0 = missing or version mismatch).
CREATE OR REPLACE FUNCTION delete_reminder_row(
    ServiceIdArg    OrleansRemindersTable.ServiceId%TYPE,
    GrainIdArg      OrleansRemindersTable.GrainId%TYPE,
    ReminderNameArg OrleansRemindersTable.ReminderName%TYPE,
    VersionArg      OrleansRemindersTable.Version%TYPE)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    RowCountVar integer := 0;
BEGIN
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId = ServiceIdArg AND ServiceIdArg IS NOT NULL
       AND GrainId = GrainIdArg AND GrainIdArg IS NOT NULL
       AND ReminderName = ReminderNameArg AND ReminderNameArg IS NOT NULL
       AND Version = VersionArg AND VersionArg IS NOT NULL;

    GET DIAGNOSTICS RowCountVar = ROW_COUNT;
    RETURN QUERY SELECT RowCountVar;
END
$fn$;

-- Stored queries. Parameter names (@...) and result column names are what the
-- provider binds to; do not rename them.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'UpsertReminderRowKey', $q$
    SELECT * FROM upsert_reminder_row(
        @ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash);
$q$
),
(
    'ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
       AND GrainId = @GrainId AND @GrainId IS NOT NULL;
$q$
),
(
    'ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
       AND GrainId = @GrainId AND @GrainId IS NOT NULL
       AND ReminderName = @ReminderName AND @ReminderName IS NOT NULL;
$q$
),
(
    -- Used when (int)@BeginHash < (int)@EndHash: the range does not wrap.
    'ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
       AND GrainHash > @BeginHash AND @BeginHash IS NOT NULL
       AND GrainHash <= @EndHash AND @EndHash IS NOT NULL;
$q$
),
(
    -- Used otherwise: the range wraps around the end of the signed int space.
    'ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
       AND ((GrainHash > @BeginHash AND @BeginHash IS NOT NULL)
            OR (GrainHash <= @EndHash AND @EndHash IS NOT NULL));
$q$
),
(
    'DeleteReminderRowKey', $q$
    SELECT * FROM delete_reminder_row(@ServiceId, @GrainId, @ReminderName, @Version);
$q$
),
(
    'DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
