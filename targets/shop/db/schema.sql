-- The shop's schema. Browsing reads products; checkout inserts into orders (the hot table).
CREATE TABLE products (
    id          integer PRIMARY KEY,
    sku         text NOT NULL UNIQUE,
    name        text NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents > 0),
    stock       integer NOT NULL DEFAULT 100,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    id               bigserial PRIMARY KEY,
    product_id       integer NOT NULL REFERENCES products (id),
    quantity         integer NOT NULL CHECK (quantity > 0),
    amount_cents     integer NOT NULL,
    customer         text NOT NULL,
    payment_id       text,
    status           text NOT NULL DEFAULT 'paid',
    shipping_address text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_created_at_idx ON orders (created_at);
CREATE INDEX orders_customer_idx ON orders (customer);

-- Runtime knobs the API reads (cached a couple of seconds): payments_version pins the payments
-- response schema ('' = the provider's default).
CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);
