-- Broadcasts (微广播) and call-outs: what an admin sent to a region's volunteers, its fan-out
-- into their inboxes (messages.broadcast_id), and the answers to a call-out.
--
-- kind: 1 announcement, 2 call-out. state: 1 fanning out, 2 delivered. reply: 1 coming, 2 cannot
-- (the proto's numbers). The audience's filters are '' / false when unused.
-- fanout_page_token: the volunteer service's ListAudience token of the next page to deliver (''
-- for the first); advanced in the transaction that inserts the page's messages, so a fan-out
-- that dies resumes where it stopped, and a page done twice (a lease that ran out) inserts
-- nothing twice: messages are UNIQUE (recipient_id, event_id). fanout_lease_until: a replica's
-- claim on the fan-out while it asks the volunteer service.
-- event_id is the broadcast's feed event; no foreign key to events, whose retention is the
-- feed's: the broadcast (and its answers) outlive its feed entry.
CREATE TABLE broadcasts (
  broadcast_id       uuid PRIMARY KEY,
  region_id          text COLLATE "C" NOT NULL
                       CHECK (region_id ~ '^[1-9][0-9]{8}([0-9]{3}){0,2}$'),
  kind               smallint NOT NULL CHECK (kind IN (1, 2)),
  title              text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 60),
  body               text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1000),
  party_members_only boolean NOT NULL DEFAULT false,
  team_id            text COLLATE "C" NOT NULL DEFAULT '',
  grid_id            text COLLATE "C" NOT NULL DEFAULT '',
  place              text,
  start_time         timestamptz,
  end_time           timestamptz,
  wanted             integer CHECK (wanted >= 0),
  sender_id          text COLLATE "C" NOT NULL,
  event_id           uuid NOT NULL UNIQUE,
  state              smallint NOT NULL DEFAULT 1 CHECK (state IN (1, 2)),
  fanout_page_token  text COLLATE "C" NOT NULL DEFAULT '',
  fanout_lease_until timestamptz,
  recipient_count    integer NOT NULL DEFAULT 0 CHECK (recipient_count >= 0),
  create_time        timestamptz NOT NULL,
  deliver_time       timestamptz,
  CONSTRAINT broadcasts_grid_in_region CHECK (grid_id = '' OR left(grid_id, length(region_id)) = region_id),
  -- A call-out has its place and times (start before end); an announcement none of them.
  CONSTRAINT broadcasts_call_out CHECK (
    (kind = 2 AND place <> '' AND start_time < end_time AND wanted IS NOT NULL)
    OR (kind = 1 AND place IS NULL AND start_time IS NULL AND end_time IS NULL AND wanted IS NULL)),
  CONSTRAINT broadcasts_delivered CHECK ((state = 2) = (deliver_time IS NOT NULL))
);
-- A region's broadcasts (and those of the regions inside it), newest first.
CREATE INDEX broadcasts_by_region ON broadcasts (region_id, create_time DESC, broadcast_id DESC);
-- The fan-out's queue: only broadcasts still fanning out are indexed.
CREATE INDEX broadcasts_fanning_out ON broadcasts (create_time) WHERE state = 1;

ALTER TABLE messages ADD CONSTRAINT messages_broadcast_id_fkey
  FOREIGN KEY (broadcast_id) REFERENCES broadcasts ON DELETE CASCADE;
-- A broadcast's recipients: counted at delivery and while fanning out, and "is this caller a
-- recipient" for an answer.
CREATE INDEX messages_by_broadcast ON messages (broadcast_id, recipient_id)
  WHERE broadcast_id IS NOT NULL;

-- One answer per recipient and call-out, changed in place until the call-out ends.
CREATE TABLE call_out_answers (
  broadcast_id uuid NOT NULL REFERENCES broadcasts ON DELETE CASCADE,
  volunteer_id text COLLATE "C" NOT NULL,
  reply        smallint NOT NULL CHECK (reply IN (1, 2)),
  answer_time  timestamptz NOT NULL,
  PRIMARY KEY (broadcast_id, volunteer_id)
);
-- Who answered, newest answer first (keyset: answer_time, volunteer_id); the counts by reply.
CREATE INDEX call_out_answers_newest
  ON call_out_answers (broadcast_id, answer_time DESC, volunteer_id DESC) INCLUDE (reply);
