-- Database roles, created the same way by .ci/run, docker-compose and `npm run demo` (and by the
-- test setup). Roles are cluster-wide; the privileges they hold are granted per database by the
-- migrations. The owner (the DATABASE_URL user, a superuser) only runs migrations.
--
--   consentry_app      the application at run time: DML on the main (public) schema, no privilege
--                      at all on schema `mandate`.
--   consentry_mandate  data processed on insurers' behalf: schema `mandate` only, under row-level
--                      security by mandate; no privilege on the main schema.
--   consentry_sealer   the record of operations' sealer: reads entries, writes seals and the
--                      sealer's state; the only role that may insert seals.
--
-- None may log in with a password until one is set: `npm run demo` / `migration:run` set it from
-- APP_DATABASE_URL, MANDATE_DATABASE_URL and SEALER_DATABASE_URL when those URLs carry one
-- (docker-compose).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'consentry_app') THEN
    CREATE ROLE consentry_app LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'consentry_mandate') THEN
    CREATE ROLE consentry_mandate LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'consentry_sealer') THEN
    CREATE ROLE consentry_sealer LOGIN;
  END IF;
  -- Whatever an earlier version of this file or an operator left: plain roles, no way around RLS.
  ALTER ROLE consentry_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
  ALTER ROLE consentry_mandate LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
  ALTER ROLE consentry_sealer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
END $$;
