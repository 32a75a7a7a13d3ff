-- Database roles, created the same way by .ci/run, docker-compose and `npm run demo`.
-- consentry_mandate reaches only the schema of data processed for insurers (see migrations).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'consentry_mandate') THEN
    CREATE ROLE consentry_mandate LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END $$;
