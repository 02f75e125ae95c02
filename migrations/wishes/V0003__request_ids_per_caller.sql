-- AIP-155 request ids belong to their caller (issue 11 hole 8): another caller who uses or guesses
-- the same id gets their own first answer instead of being refused. Keys are kept for a stated
-- time (the service's idempotency_retention), then purged by a job, oldest first by created_at.
--
-- Keys stored before this change keep caller '' until purged: the store still honours them when
-- the same caller retries the same request (the fingerprint covers the caller), so a retry that
-- straddles the upgrade is not applied twice.
ALTER TABLE idempotency_keys ADD COLUMN caller text NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ALTER COLUMN caller DROP DEFAULT;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (caller, request_id);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
