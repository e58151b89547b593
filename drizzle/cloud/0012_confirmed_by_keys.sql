ALTER TABLE "orders" DROP CONSTRAINT "orders_confirmed_by_users_id_fk";
