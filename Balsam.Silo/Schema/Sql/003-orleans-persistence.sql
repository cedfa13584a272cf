-- Balsam.NET: Orleans grain state storage schema for
-- Microsoft.Orleans.Persistence.AdoNet 10.4.2 on PostgreSQL.
--
-- Requires 001-orleans-main.sql (OrleansQuery). Idempotent.
--
-- Contract notes:
--  * A grain state row is found by the two hash columns (indexed) and then
--    pinned down exactly by N0/N1, the type string, the optional key
--    extension string and the service id (hashes may collide).
--  * The state is stored in PayloadBinary only: the 10.x provider serializes
--    with its configured IGrainStorageSerializer and binds @PayloadBinary.
--  * Version is the ETag. Writes and clears must present the version that was
--    read (@GrainStateVersion, NULL for a grain never stored) and report the
--    new version as NewGrainStateVersion. If the returned value equals the
--    version sent, or nothing comes back while a version was sent, the
--    provider raises InconsistentStateException.
--  * Routine and parameter names match the upstream Orleans scripts so that
--    CREATE OR REPLACE also works on a database created by those scripts.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash            integer                NOT NULL,
    grainidn0              bigint                 NOT NULL,
    grainidn1              bigint                 NOT NULL,
    graintypehash          integer                NOT NULL,
    graintypestring        character varying(512) NOT NULL,
    grainidextensionstring character varying(512),
    serviceid              character varying(150) NOT NULL,
    payloadbinary          bytea,
    modifiedon             timestamp without time zone NOT NULL,  -- UTC
    version                integer
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage
    ON OrleansStorage USING btree (grainidhash, graintypehash);

-- Insert-or-update of one grain state with optimistic concurrency.
-- Returns a single row (newgrainstateversion):
--   * _grainstateversion NULL and no row yet  -> row created, returns 1
--   * _grainstateversion NULL but row exists  -> nothing written, returns NULL
--   * _grainstateversion = current version    -> row updated, returns version + 1
--   * _grainstateversion stale                -> nothing written, returns it unchanged
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash            integer,
    _grainidn0              bigint,
    _grainidn1              bigint,
    _graintypehash          integer,
    _graintypestring        character varying,
    _grainidextensionstring character varying,
    _serviceid              character varying,
    _grainstateversion      integer,
    _payloadbinary          bytea)
RETURNS TABLE(newgrainstateversion integer)
LANGUAGE plpgsql
AS $fn$
DECLARE
    _newgrainstateversion integer := _grainstateversion;
    _rows integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage
           SET PayloadBinary = _payloadbinary,
               ModifiedOn = (now() AT TIME ZONE 'utc'),
               Version = Version + 1
         WHERE GrainIdHash = _grainidhash AND _grainidhash IS NOT NULL
           AND GrainTypeHash = _graintypehash AND _graintypehash IS NOT NULL
           AND GrainIdN0 = _grainidn0 AND _grainidn0 IS NOT NULL
           AND GrainIdN1 = _grainidn1 AND _grainidn1 IS NOT NULL
           AND GrainTypeString = _graintypestring AND _graintypestring IS NOT NULL
           AND ((_grainidextensionstring IS NOT NULL AND GrainIdExtensionString IS NOT NULL
                 AND GrainIdExtensionString = _grainidextensionstring)
                OR (_grainidextensionstring IS NULL AND GrainIdExtensionString IS NULL))
           AND ServiceId = _serviceid AND _serviceid IS NOT NULL
           AND Version IS NOT NULL AND Version = _grainstateversion;

        GET DIAGNOSTICS _rows = ROW_COUNT;
        IF _rows > 0 THEN
            _newgrainstateversion := _grainstateversion + 1;
        END IF;
    ELSE
        -- First write of this grain. Serialize concurrent first writes of the
        -- same (id hash, type hash) so that only one of them can insert; the
        -- lock is released when the provider's implicit transaction commits.
        PERFORM pg_advisory_xact_lock(_grainidhash, _graintypehash);

        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring,
               _grainidextensionstring, _serviceid, _payloadbinary, (now() AT TIME ZONE 'utc'), 1
         WHERE NOT EXISTS
               (SELECT 1
                  FROM OrleansStorage
                 WHERE GrainIdHash = _grainidhash AND _grainidhash IS NOT NULL
                   AND GrainTypeHash = _graintypehash AND _graintypehash IS NOT NULL
                   AND GrainIdN0 = _grainidn0 AND _grainidn0 IS NOT NULL
                   AND GrainIdN1 = _grainidn1 AND _grainidn1 IS NOT NULL
                   AND GrainTypeString = _graintypestring AND _graintypestring IS NOT NULL
                   AND ((_grainidextensionstring IS NOT NULL AND GrainIdExtensionString IS NOT NULL
                         AND GrainIdExtensionString = _grainidextensionstring)
                        OR (_grainidextensionstring IS NULL AND GrainIdExtensionString IS NULL))
                   AND ServiceId = _serviceid AND _serviceid IS NOT NULL);

        GET DIAGNOSTICS _rows = ROW_COUNT;
        IF _rows > 0 THEN
            _newgrainstateversion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newgrainstateversion;
END
$fn$;

-- Stored queries. Parameter names (@...) and result column names are what the
-- provider binds to; do not rename them.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'WriteToStorageKey', $q$
    SELECT * FROM writetostorage(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$q$
),
(
    -- The provider reads PayloadBinary and Version by name; the middle column
    -- is kept for parity with the upstream result shape.
    'ReadFromStorageKey', $q$
    SELECT PayloadBinary,
           (now() AT TIME ZONE 'utc'),
           Version
      FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
       AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
       AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
       AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
       AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
       AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
             AND GrainIdExtensionString = @GrainIdExtensionString)
            OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
       AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
$q$
),
(
    -- ClearStateAsync with DeleteStateOnClear = false (default): keep the row,
    -- drop the payload, bump the version and return the new one.
    'ClearStorageKey', $q$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           ModifiedOn = (now() AT TIME ZONE 'utc'),
           Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
       AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
       AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
       AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
       AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
       AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
             AND GrainIdExtensionString = @GrainIdExtensionString)
            OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
       AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
       AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version AS NewGrainStateVersion;
$q$
),
(
    -- ClearStateAsync with DeleteStateOnClear = true: remove the row. Returns
    -- old version + 1 (any value different from the ETag sent means success).
    'DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
       AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
       AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
       AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
       AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
       AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
             AND GrainIdExtensionString = @GrainIdExtensionString)
            OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
       AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
       AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version + 1 AS NewGrainStateVersion;
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
