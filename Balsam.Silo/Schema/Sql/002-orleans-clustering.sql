-- Balsam.NET: Orleans membership (clustering) schema for
-- Microsoft.Orleans.Clustering.AdoNet 10.4.2 on PostgreSQL.
--
-- Requires 001-orleans-main.sql (OrleansQuery). Idempotent.
--
-- Contract notes:
--  * The table version row (OrleansMembershipVersionTable.Version) is the
--    membership ETag. Every insert/update of a silo row must present the
--    version it read (@Version); the write succeeds only if that version is
--    still current, and then bumps it by one in the same sub-transaction.
--  * Write routines return one row with one column: > 0 means success,
--    0 means "lost the race / nothing changed". A failed attempt is rolled
--    back inside the routine via a caught exception (not ASSERT, which can be
--    switched off with plpgsql.check_asserts).
--  * Status values are Orleans SiloStatus numbers (3 = Active, 6 = Dead).
--  * Routine and parameter names match the upstream Orleans scripts so that
--    CREATE OR REPLACE also works on a database created by those scripts.

-- One row per cluster (DeploymentId = ClusterId); Version is the table ETag.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId
        PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Heartbeat. Never reports failure; the timestamp only moves forward.
CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id   OrleansMembershipTable.DeploymentId%TYPE,
    address_arg     OrleansMembershipTable.Address%TYPE,
    port_arg        OrleansMembershipTable.Port%TYPE,
    generation_arg  OrleansMembershipTable.Generation%TYPE,
    i_am_alive_time OrleansMembershipTable.IAmAliveTime%TYPE)
RETURNS void
LANGUAGE plpgsql
AS $fn$
BEGIN
    UPDATE OrleansMembershipTable AS m
       SET IAmAliveTime = GREATEST(m.IAmAliveTime, i_am_alive_time)
     WHERE m.DeploymentId = deployment_id AND deployment_id IS NOT NULL
       AND m.Address = address_arg       AND address_arg IS NOT NULL
       AND m.Port = port_arg             AND port_arg IS NOT NULL
       AND m.Generation = generation_arg AND generation_arg IS NOT NULL;
END
$fn$;

-- Creates the version row for a cluster. Returns 1 if created, 0 if it already existed.
CREATE OR REPLACE FUNCTION insert_membership_version(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    RowCountVar integer := 0;
BEGIN
    BEGIN
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        SELECT DeploymentIdArg
        ON CONFLICT (DeploymentId) DO NOTHING;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;
        IF RowCountVar = 0 THEN
            RAISE EXCEPTION 'no rows affected, rollback' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT RowCountVar;
    EXCEPTION WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;
END
$fn$;

-- Adds a silo row. The table version is claimed first (optimistic check on
-- VersionArg, guarded against integer overflow); the row is inserted only if
-- that succeeded, and both changes are undone together when either fails.
CREATE OR REPLACE FUNCTION insert_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg      OrleansMembershipTable.Address%TYPE,
    PortArg         OrleansMembershipTable.Port%TYPE,
    GenerationArg   OrleansMembershipTable.Generation%TYPE,
    SiloNameArg     OrleansMembershipTable.SiloName%TYPE,
    HostNameArg     OrleansMembershipTable.HostName%TYPE,
    StatusArg       OrleansMembershipTable.Status%TYPE,
    ProxyPortArg    OrleansMembershipTable.ProxyPort%TYPE,
    StartTimeArg    OrleansMembershipTable.StartTime%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg      OrleansMembershipVersionTable.Version%TYPE)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    RowCountVar integer := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Timestamp = now(),
               Version = Version + 1
         WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
           AND Version = VersionArg AND VersionArg IS NOT NULL
           AND Version < 2147483647;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName,
             Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg,
               StatusArg, ProxyPortArg, StartTimeArg, IAmAliveTimeArg
         WHERE RowCountVar > 0
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;
        IF RowCountVar = 0 THEN
            RAISE EXCEPTION 'no rows affected, rollback' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT RowCountVar;
    EXCEPTION WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;
END
$fn$;

-- Updates status / suspicions / heartbeat of a silo row under the same
-- optimistic version check as insert_membership.
CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg      OrleansMembershipTable.Address%TYPE,
    PortArg         OrleansMembershipTable.Port%TYPE,
    GenerationArg   OrleansMembershipTable.Generation%TYPE,
    StatusArg       OrleansMembershipTable.Status%TYPE,
    SuspectTimesArg OrleansMembershipTable.SuspectTimes%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg      OrleansMembershipVersionTable.Version%TYPE)
RETURNS TABLE(row_count integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    RowCountVar integer := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Timestamp = now(),
               Version = Version + 1
         WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
           AND Version = VersionArg AND VersionArg IS NOT NULL
           AND Version < 2147483647;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        UPDATE OrleansMembershipTable
           SET Status = StatusArg,
               SuspectTimes = SuspectTimesArg,
               IAmAliveTime = GREATEST(IAmAliveTime, IAmAliveTimeArg)
         WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
           AND Address = AddressArg AND AddressArg IS NOT NULL
           AND Port = PortArg AND PortArg IS NOT NULL
           AND Generation = GenerationArg AND GenerationArg IS NOT NULL
           AND RowCountVar > 0;

        GET DIAGNOSTICS RowCountVar = ROW_COUNT;
        IF RowCountVar = 0 THEN
            RAISE EXCEPTION 'no rows affected, rollback' USING ERRCODE = 'assert_failure';
        END IF;

        RETURN QUERY SELECT RowCountVar;
    EXCEPTION WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;
END
$fn$;

-- Stored queries. Parameter names (@...) and result column names are what the
-- provider binds to; do not rename them.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'UpdateIAmAlivetimeKey', $q$
    SELECT * FROM update_i_am_alive_time(
        @DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
$q$
),
(
    'InsertMembershipVersionKey', $q$
    SELECT * FROM insert_membership_version(@DeploymentId);
$q$
),
(
    'InsertMembershipKey', $q$
    SELECT * FROM insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$
),
(
    'UpdateMembershipKey', $q$
    SELECT * FROM update_membership(
        @DeploymentId, @Address, @Port, @Generation, @Status,
        @SuspectTimes, @IAmAliveTime, @Version);
$q$
),
(
    -- The version row is always returned, with NULL silo columns when the silo row is absent.
    'MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT OUTER JOIN OrleansMembershipTable m
        ON v.DeploymentId = m.DeploymentId
       AND m.Address = @Address AND @Address IS NOT NULL
       AND m.Port = @Port AND @Port IS NOT NULL
       AND m.Generation = @Generation AND @Generation IS NOT NULL
     WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
$q$
),
(
    'MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
           m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT OUTER JOIN OrleansMembershipTable m
        ON v.DeploymentId = m.DeploymentId
     WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
$q$
),
(
    'DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
    DELETE FROM OrleansMembershipVersionTable
     WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
$q$
),
(
    -- Called with @Status = 3 (Active); only silos that expose a gateway port.
    'GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
       AND Status = @Status AND @Status IS NOT NULL
       AND ProxyPort > 0;
$q$
),
(
    -- Bulk pruning of Dead rows older than @IAmAliveTime. Required at start-up,
    -- but 10.4.2 only runs it when CleanupDefunctSiloEntryKey below is missing.
    'CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
       AND IAmAliveTime < @IAmAliveTime
       AND StartTime < @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = ''
       AND Status = 6;
$q$
),
(
    -- Optional key: per-row pruning. The provider reads all rows, picks Dead
    -- ones past the cutoff and deletes each only if it is still exactly as read.
    'CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = 6
       AND Address = @Address AND Port = @Port AND Generation = @Generation
       AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime
       AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
