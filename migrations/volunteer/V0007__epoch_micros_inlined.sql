-- epoch_micros was declared IMMUTABLE around extract(epoch FROM timestamptz), which PostgreSQL
-- marks STABLE, so the planner never inlined it: every statement that read a timestamp ran it
-- as an SQL function, parsed and planned once per call site per execution (~11% of the
-- database's CPU in a Redeem). The difference of two timestamptz is an interval and extracting
-- from an interval is immutable, so this body is inlined; its value is the same for every
-- instant (migrations_test compares them).
CREATE OR REPLACE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (extract(epoch FROM t - '1970-01-01 00:00:00+00'::timestamptz) * 1000000)::bigint $$;
