DROP INDEX "memberships_space_role_idx";--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "sort_name" text;--> statement-breakpoint
UPDATE "memberships" SET "sort_name" = lower(p."surname" || ' ' || p."first_name") FROM "persons" p WHERE p."id" = "memberships"."person_id";--> statement-breakpoint
ALTER TABLE "memberships" ALTER COLUMN "sort_name" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "memberships_space_name_idx" ON "memberships" USING btree ("space_id","sort_name","id");--> statement-breakpoint
CREATE INDEX "memberships_active_admins_idx" ON "memberships" USING btree ("space_id") WHERE "memberships"."role" = 'administrator' and "memberships"."status" = 'active';
