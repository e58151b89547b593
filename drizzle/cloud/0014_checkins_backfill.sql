-- Hand-written. Migration 0011 created ticket_checkins empty: a ticket admitted before it
-- read as never used until its next scan. The ingest now relies on "a ticket admitted at its
-- venue has a row" (a row it creates has no history but its own batch: src/cloud/checkins),
-- so the rows of those tickets are computed here, from their whole history, the way
-- src/cloud/checkins/checkin-state.ts walks it: admissions of the venue's own nodes in HLC
-- order, then node, then seq (byte order, as JavaScript compares the strings). Kept as a
-- function so a test can check it against what the ingest computes.
CREATE FUNCTION tixmo_checkins_backfill() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r record;
  cur text := NULL;
  cur_event text;
  cur_tier text;
  entries timestamptz[] := '{}';
  is_inside boolean := false;
  last_at timestamptz := NULL;
  created integer := 0;
BEGIN
  FOR r IN
    SELECT s.ticket_id, t.event_id, t.tier_id, s.direction, s.kind, s.at
    FROM scans s
    JOIN tickets t ON t.id = s.ticket_id
    JOIN edge_nodes n ON n.id = s.node_id AND n.venue_id = t.venue_id
    WHERE s.decision = 'admit' AND coalesce(s.kind, 'scan') <> 'direction'
      AND NOT EXISTS (SELECT 1 FROM ticket_checkins c WHERE c.ticket_id = s.ticket_id)
    ORDER BY s.ticket_id, s.hlc COLLATE "C", s.node_id COLLATE "C", s.seq
  LOOP
    IF cur IS DISTINCT FROM r.ticket_id THEN
      IF cur IS NOT NULL THEN
        INSERT INTO ticket_checkins (ticket_id, event_id, tier_id, checked_in_at, last_scan_at, inside)
        VALUES (cur, cur_event, cur_tier, entries[1], last_at, is_inside);
        created := created + 1;
      END IF;
      cur := r.ticket_id;
      cur_event := r.event_id;
      cur_tier := r.tier_id;
      entries := '{}';
      is_inside := false;
      last_at := NULL;
    END IF;
    IF r.kind = 'annul' THEN
      -- An annulled entry: the person did not go in. An annulled exit: still inside.
      IF r.direction = 'entry' AND cardinality(entries) > 0 THEN
        entries := entries[1:cardinality(entries) - 1];
      END IF;
      is_inside := r.direction <> 'entry';
    ELSE
      last_at := r.at;
      IF r.direction = 'entry' THEN
        entries := entries || r.at;
      END IF;
      is_inside := r.direction = 'entry';
    END IF;
  END LOOP;
  IF cur IS NOT NULL THEN
    INSERT INTO ticket_checkins (ticket_id, event_id, tier_id, checked_in_at, last_scan_at, inside)
    VALUES (cur, cur_event, cur_tier, entries[1], last_at, is_inside);
    created := created + 1;
  END IF;
  RETURN created;
END $$;
--> statement-breakpoint
SELECT tixmo_checkins_backfill();
