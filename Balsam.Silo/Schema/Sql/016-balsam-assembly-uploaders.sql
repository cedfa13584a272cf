-- Who uploaded which app assembly image. An image is stored once by content hash, but a site only registers and runs
-- an image that its own owner uploaded. Images stored before this script have no known uploader and stay usable by
-- every user ('*'), as they were.
CREATE TABLE IF NOT EXISTS app_assembly_uploaders (
    content_hash text NOT NULL REFERENCES app_assemblies (content_hash) ON DELETE CASCADE,
    user_name    text NOT NULL,
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (content_hash, user_name));

INSERT INTO app_assembly_uploaders (content_hash, user_name)
SELECT content_hash, '*' FROM app_assemblies a
WHERE NOT EXISTS (SELECT 1 FROM app_assembly_uploaders u WHERE u.content_hash = a.content_hash);
