-- What each push lane has sent and not yet recorded: written before the call, crossed off with the local
-- commit that removes the rows. A lane's next holder finds what a failed call or a dead process left here and
-- queues again the current value of each SKU whose row no longer holds the value sent (that call may have
-- landed after the newer value was shown).
CREATE TABLE push_in_flight (
  lane              text NOT NULL,
  sku               text NOT NULL,
  quantity          integer NOT NULL,
  enqueued_at       timestamptz NOT NULL,
  owner             text NOT NULL,
  PRIMARY KEY (lane, sku)
);
