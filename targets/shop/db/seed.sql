-- Seed data, loaded once into a fresh volume: enough orders that rewriting the table is heavy.
INSERT INTO products (id, sku, name, price_cents, stock)
SELECT i,
       'SKU-' || lpad(i::text, 5, '0'),
       (ARRAY['Mug', 'Shirt', 'Sticker', 'Hoodie', 'Notebook', 'Cap', 'Poster', 'Bottle'])[1 + i % 8]
           || ' #' || i,
       199 + (i * 37) % 9800,
       50 + i % 200
FROM generate_series(1, 1000) AS i;

INSERT INTO orders (product_id, quantity, amount_cents, customer, payment_id, status,
                    shipping_address, created_at)
SELECT p,
       q,
       q * (199 + (p * 37) % 9800),
       'customer' || (i % 25000),
       'ch_seed' || i,
       CASE WHEN i % 50 = 0 THEN 'refunded' ELSE 'paid' END,
       (i % 999) || ' Staging Street, Testville',
       now() - make_interval(mins => i % 525600)
FROM generate_series(1, 300000) AS i,
     LATERAL (SELECT (1 + (i::bigint * 7919) % 1000)::int AS p, 1 + i % 3 AS q) AS x;

INSERT INTO settings (key, value) VALUES ('payments_version', '');
ANALYZE products, orders, settings;
