-- The posts service's own database (tongxin_posts): post types, posts, co-building units,
-- adoptions and service logs.

-- AIP-155: the first answer to each mutating request, stored with its change.
CREATE TABLE idempotency_keys (
  request_id  text PRIMARY KEY,
  fingerprint text NOT NULL,
  response    bytea,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Effects on the volunteer and points services, delivered at least once by the outbox relay.
CREATE TABLE outbox_events (
  seq             bigserial UNIQUE,
  event_id        uuid PRIMARY KEY,
  destination     text NOT NULL,
  method          text NOT NULL,
  payload         bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  last_error      text
);
CREATE INDEX outbox_events_due ON outbox_events (next_attempt_at, seq) WHERE delivered_at IS NULL;

CREATE FUNCTION epoch_micros(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;

CREATE TABLE post_types (
  code             text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
  name             text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 30),
  category         text NOT NULL DEFAULT '',
  suggested_skills text[] NOT NULL DEFAULT '{}',
  builtin          boolean NOT NULL DEFAULT false
);
-- The 32 post types of the catalogue that ships with the system (domain.md).
INSERT INTO post_types (code, name, category, suggested_skills, builtin) VALUES
  ('ENV_CLEANUP', '环境整治', '环境', '{}', true),
  ('POLICY_PUBLICITY', '政策宣传', '宣传', '{teaching}', true),
  ('AID_NEEDY', '帮扶助困', '帮扶', '{}', true),
  ('MEDICAL_SERVICE', '医疗服务', '医疗', '{medical,first_aid}', true),
  ('MEDIATION', '人民调解', '法治', '{legal,counselling}', true),
  ('CULTURE_SPORTS', '文体活动', '文体', '{calligraphy}', true),
  ('SAFETY_PATROL', '平安建设巡逻', '平安', '{}', true),
  ('NEWS_PUBLICITY', '新闻宣传', '宣传', '{computer}', true),
  ('LEGAL_CONSULT', '法律咨询', '法治', '{legal}', true),
  ('PUBLIC_PROPERTY', '公物维护', '维修', '{electrician,plumbing}', true),
  ('GREENING', '绿化养护', '环境', '{}', true),
  ('YOUTH_CARE', '少年关爱', '帮扶', '{teaching,counselling}', true),
  ('WATER_ELECTRIC', '水电维修', '维修', '{electrician,plumbing}', true),
  ('ELDERLY_CARE', '关爱空巢老人', '帮扶', '{first_aid}', true),
  ('LEFT_BEHIND_CHILDREN', '留守儿童关爱', '帮扶', '{teaching,counselling}', true),
  ('NEIGHBOR_WATCH', '邻里守望', '平安', '{}', true),
  ('ERRAND_PROXY', '民生代办', '帮扶', '{computer}', true),
  ('FREE_CLINIC', '义诊', '医疗', '{medical}', true),
  ('FREE_HAIRCUT', '爱心义剪', '帮扶', '{haircut}', true),
  ('CIVILITY_GUIDE', '文明劝导', '环境', '{}', true),
  ('GARBAGE_SORTING', '垃圾分类指导', '环境', '{}', true),
  ('FIRE_SAFETY', '消防安全检查', '平安', '{electrician}', true),
  ('ANTI_FRAUD', '防诈骗宣传', '宣传', '{computer,legal}', true),
  ('EMERGENCY_RESPONSE', '应急救援（铲雪、防汛）', '平安', '{first_aid}', true),
  ('TUTORING', '课业辅导', '文体', '{teaching}', true),
  ('PSYCH_COUNSEL', '心理疏导', '医疗', '{counselling}', true),
  ('INFO_COLLECTION', '网格信息采集', '治理', '{computer}', true),
  ('BUILDING_LEADER', '楼栋长', '治理', '{}', true),
  ('DISABLED_AID', '助残服务', '帮扶', '{first_aid}', true),
  ('EMPLOYMENT_GUIDE', '就业指导', '治理', '{teaching,computer}', true),
  ('TRADITIONAL_CULTURE', '传统文化（写春联等）', '文体', '{calligraphy}', true),
  ('RED_PROPERTY', '红色物业', '治理', '{plumbing,electrician}', true);

CREATE TABLE posts (
  post_id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id       text NOT NULL CHECK (community_id ~ '^[1-9][0-9]{11}$'),
  grid_id            text CHECK (grid_id ~ '^[1-9][0-9]{14}$'),
  type_code          text NOT NULL REFERENCES post_types,
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description        text NOT NULL DEFAULT '',
  place              text NOT NULL DEFAULT '',
  schedule           text NOT NULL DEFAULT '',
  weekdays           smallint[] NOT NULL DEFAULT '{}',
  start_time         text NOT NULL DEFAULT '',
  end_time           text NOT NULL DEFAULT '',
  capacity           integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  adopted            integer NOT NULL DEFAULT 0,
  volunteers_allowed boolean NOT NULL DEFAULT false,
  open               boolean NOT NULL DEFAULT true,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  -- Never past capacity, whatever arrives at once.
  CONSTRAINT posts_within_capacity CHECK (adopted BETWEEN 0 AND capacity),
  CONSTRAINT posts_grid_in_community CHECK (grid_id IS NULL OR left(grid_id, 12) = community_id)
);
CREATE INDEX posts_by_community ON posts (community_id, post_id);
CREATE INDEX posts_by_type ON posts (type_code, community_id);

CREATE TABLE units (
  unit_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id   text NOT NULL CHECK (community_id ~ '^[1-9][0-9]{11}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  agreement_date date NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT units_name_per_community UNIQUE (community_id, name)
);

-- adopter_kind: 1 volunteer, 2 unit. status: 1 active, 2 withdrawn.
CREATE TABLE adoptions (
  adoption_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  post_id      uuid NOT NULL REFERENCES posts,
  adopter_kind smallint NOT NULL CHECK (adopter_kind IN (1, 2)),
  adopter_id   text NOT NULL,
  adopter_name text NOT NULL DEFAULT '',
  party_member boolean NOT NULL DEFAULT false,
  status       smallint NOT NULL DEFAULT 1 CHECK (status IN (1, 2)),
  adopted_at   timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  CONSTRAINT adoptions_withdrawn_time CHECK ((status = 2) = (withdrawn_at IS NOT NULL))
);
-- Once per adopter per post (while active).
CREATE UNIQUE INDEX adoptions_once_per_post ON adoptions (post_id, adopter_kind, adopter_id)
  WHERE status = 1;
CREATE INDEX adoptions_by_adopter ON adoptions (adopter_id, adopted_at DESC);
CREATE INDEX adoptions_by_post ON adoptions (post_id, adopted_at DESC);

-- status: 1 submitted, 2 approved, 3 rejected.
CREATE TABLE service_logs (
  log_id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  adoption_id   uuid NOT NULL REFERENCES adoptions,
  post_id       uuid NOT NULL REFERENCES posts,
  community_id  text NOT NULL,
  adopter_id    text NOT NULL,
  service_date  date NOT NULL,
  hours         numeric(4, 2) NOT NULL CHECK (hours > 0 AND hours <= 24),
  summary       text NOT NULL CHECK (length(summary) BETWEEN 1 AND 1000),
  photos_before text[] NOT NULL DEFAULT '{}',
  photos_after  text[] NOT NULL DEFAULT '{}',
  status        smallint NOT NULL DEFAULT 1 CHECK (status IN (1, 2, 3)),
  reviewed_by   text NOT NULL DEFAULT '',
  review_reason text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  reviewed_at   timestamptz,
  CONSTRAINT service_logs_reviewed CHECK ((status = 1) = (reviewed_at IS NULL)),
  CONSTRAINT service_logs_reject_reason CHECK (status <> 3 OR review_reason <> '')
);
CREATE INDEX service_logs_by_community ON service_logs (community_id, status, created_at DESC);
CREATE INDEX service_logs_by_adopter ON service_logs (adopter_id, created_at DESC);
