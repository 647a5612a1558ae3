/*
 * shop_model.h - a small synthetic shop monolith for decomposer tests.
 *
 * Three obvious domains, plus the usual glue:
 *   orders     src/orders.c+h, src/cart.c      write orders, order_items,
 *                                              cart_items, audit_log (SQL only)
 *   inventory  src/inventory.c+h, src/products.c  write stock, products
 *   customers  src/customers.c+h, src/addresses.c write customers, addresses
 *   src/log.c+h   called by everyone          (shared library)
 *   src/db.c+h    the db wrapper, called by every domain module (shared library)
 *   src/main.c    dispatches to everyone      (entry point)
 *   src/types.h   types only, no functions    (isolated)
 * Tables nobody's code touches: coupons (FK to orders), legacy_stuff (no FK).
 * reviews is written once by customers and once by products, read by
 * products: a tie on writes broken by reads.
 *
 * Hand counts (see test_decomposer.c): calls between non-shared modules:
 * internal 11, cross-service 3 (orders -> customers 1, orders -> inventory 2).
 */
#ifndef SEAM_TEST_SHOP_MODEL_H
#define SEAM_TEST_SHOP_MODEL_H

#include "synth.h"

#define R SEAM_READ
#define W SEAM_WRITE

static void shop_model(seam_model *m)
{
    seam_model_init(m);
    const char *files[] = {
        "src/addresses.c", "src/cart.c",      "src/customers.c", "src/customers.h", "src/db.c",
        "src/db.h",        "src/inventory.c", "src/inventory.h", "src/log.c",       "src/log.h",
        "src/main.c",      "src/orders.c",    "src/orders.h",    "src/products.c",  "src/types.h"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        synth_file(m, files[i]);

    synth_fn(m, "src/addresses.c", "addresses_add");
    synth_fn(m, "src/addresses.c", "addresses_list");
    synth_fn(m, "src/cart.c", "cart_add");
    synth_fn(m, "src/cart.c", "cart_checkout");
    synth_fn(m, "src/customers.c", "customers_create");
    synth_fn(m, "src/customers.c", "customers_get");
    synth_fn(m, "src/db.c", "db_exec");
    synth_fn(m, "src/db.c", "db_open");
    synth_fn(m, "src/inventory.c", "inventory_reserve");
    synth_fn(m, "src/inventory.c", "inventory_restock");
    synth_fn(m, "src/inventory.c", "inventory_level");
    synth_fn(m, "src/log.c", "log_info");
    synth_fn(m, "src/log.c", "log_error");
    synth_fn(m, "src/main.c", "main");
    synth_fn(m, "src/orders.c", "orders_create");
    synth_fn(m, "src/orders.c", "orders_cancel");
    synth_fn(m, "src/orders.c", "orders_total");
    synth_fn(m, "src/products.c", "products_add");
    synth_fn(m, "src/products.c", "products_price");

    /* Inside domains: 2+1+1+1 (orders) + 2+1 (inventory) + 1+2 (customers) = 11. */
    synth_call(m, "cart_checkout", "orders_create", 2);
    synth_call(m, "cart_checkout", "orders_total", 1);
    synth_call(m, "orders_create", "orders_total", 1);
    synth_call(m, "orders_cancel", "orders_total", 1);
    synth_call(m, "products_add", "inventory_restock", 2);
    synth_call(m, "inventory_reserve", "products_price", 1);
    synth_call(m, "customers_create", "addresses_add", 1);
    synth_call(m, "addresses_list", "customers_get", 2);
    /* Across domains: 1 + 2 = 3. */
    synth_call(m, "orders_create", "customers_get", 1);
    synth_call(m, "orders_create", "inventory_reserve", 2);
    /* Glue: the logger, the db wrapper, main. */
    const char *loggers[] = {"addresses_add",     "cart_checkout", "customers_create",
                             "inventory_reserve", "orders_create", "products_add"};
    for (size_t i = 0; i < sizeof loggers / sizeof loggers[0]; i++)
        synth_call(m, loggers[i], "log_info", 1);
    synth_call(m, "db_open", "log_error", 1);
    const char *db_users[] = {"addresses_add",     "addresses_list",  "cart_add",
                              "customers_create",  "customers_get",   "inventory_reserve",
                              "inventory_restock", "inventory_level", "orders_create",
                              "orders_cancel",     "products_add",    "products_price"};
    for (size_t i = 0; i < sizeof db_users / sizeof db_users[0]; i++)
        synth_call(m, db_users[i], "db_exec", 1);
    const char *dispatch[] = {"cart_checkout", "orders_cancel",   "customers_create",
                              "products_add",  "inventory_level", "db_open",
                              "log_info"};
    for (size_t i = 0; i < sizeof dispatch / sizeof dispatch[0]; i++)
        synth_call(m, "main", dispatch[i], 1);

    synth_sql(m, "orders_create", "INSERT INTO orders ...", "orders", W, NULL);
    synth_sql(m, "orders_create", "INSERT INTO order_items ...", "order_items", W, NULL);
    synth_sql(m, "orders_create", "SELECT price FROM products ...", "products", R, NULL);
    synth_sql(m, "orders_create", "INSERT INTO audit_log ...", "audit_log", W, NULL);
    synth_sql(m, "orders_create", "SELECT * FROM cart_items ...", "cart_items", R, NULL);
    synth_sql(m, "orders_cancel", "UPDATE orders ...", "orders", W, NULL);
    synth_sql(m, "orders_cancel", "SELECT * FROM order_items ...", "order_items", R, NULL);
    synth_sql(m, "orders_total", "SELECT sum(...) FROM order_items", "order_items", R, NULL);
    synth_sql(m, "cart_add", "INSERT INTO cart_items ...", "cart_items", W, NULL);
    synth_sql(m, "cart_checkout", "SELECT * FROM cart_items", "cart_items", R, NULL);
    synth_sql(m, "cart_checkout", "DELETE FROM cart_items", "cart_items", W, NULL);
    synth_sql(m, "products_add", "INSERT INTO products ...", "products", W, NULL);
    synth_sql(m, "products_add", "INSERT INTO reviews ...", "reviews", W, NULL);
    synth_sql(m, "products_price", "SELECT price FROM products", "products", R, NULL);
    synth_sql(m, "products_price", "SELECT avg(stars) FROM reviews", "reviews", R, NULL);
    synth_sql(m, "inventory_reserve", "UPDATE stock ...", "stock", W, NULL);
    synth_sql(m, "inventory_restock", "UPDATE stock ...", "stock", W, NULL);
    synth_sql(m, "inventory_level", "SELECT qty FROM stock JOIN products ...", "products", R,
              "stock", R, NULL);
    synth_sql(m, "customers_create", "INSERT INTO customers ...", "customers", W, NULL);
    synth_sql(m, "customers_create", "INSERT INTO reviews ...", "reviews", W, NULL);
    synth_sql(m, "customers_get", "SELECT * FROM customers", "customers", R, NULL);
    synth_sql(m, "addresses_add", "INSERT INTO addresses ...", "addresses", W, NULL);
    synth_sql(m, "addresses_list", "SELECT * FROM addresses", "addresses", R, NULL);

    const char *tables[] = {"addresses",   "cart_items", "coupons",  "customers", "legacy_stuff",
                            "order_items", "orders",     "products", "reviews",   "stock"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        synth_table(m, tables[i]);
    synth_fk(m, "fk_addresses_customer", "addresses", "customer_id", "customers", "id");
    synth_fk(m, "fk_cart_items_product", "cart_items", "product_id", "products", "id");
    synth_fk(m, "fk_coupons_order", "coupons", "order_id", "orders", "id");
    synth_fk(m, "fk_order_items_order", "order_items", "order_id", "orders", "id");
    synth_fk(m, "fk_order_items_product", "order_items", "product_id", "products", "id");
    synth_fk(m, "fk_orders_customer", "orders", "customer_id", "customers", "id");
    synth_fk(m, "fk_stock_product", "stock", "product_id", "products", "id");
}

#undef R
#undef W

#endif
