-- A number for each user, as Balsam's REST API shows a user ({id, username} from /auth/password/me).
ALTER TABLE balsam_users ADD COLUMN IF NOT EXISTS id bigint GENERATED ALWAYS AS IDENTITY;
