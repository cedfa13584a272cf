-- Balsam's id sequences: one per resource kind, shared by every silo of the cluster.
CREATE SEQUENCE IF NOT EXISTS balsam_site_id_seq;
CREATE SEQUENCE IF NOT EXISTS balsam_app_id_seq;
CREATE SEQUENCE IF NOT EXISTS balsam_job_id_seq;
CREATE SEQUENCE IF NOT EXISTS balsam_batch_job_id_seq;
CREATE SEQUENCE IF NOT EXISTS balsam_session_id_seq;
