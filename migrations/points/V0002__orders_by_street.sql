-- A street's overview counts the orders of its own store and of its communities' stores in a
-- month: left(region_id, 9) is the street of either kind of store.
CREATE INDEX orders_by_street ON orders (left(region_id, 9), created_at);
