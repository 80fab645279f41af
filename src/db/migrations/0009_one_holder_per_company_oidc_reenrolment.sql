DROP INDEX "devices_oidc_subject_idx";--> statement-breakpoint
-- Before one holder per company and scope is enforced: where several eSpaces hold a company's main
-- mandate, the first to have confirmed its code keeps it and the later ones end (no reason recorded).
UPDATE "mandates" SET "ended_at" = now() WHERE "kind" = 'holder' AND "ended_at" IS NULL AND EXISTS (
  SELECT 1 FROM "mandates" "first" WHERE "first"."kind" = 'holder' AND "first"."ended_at" IS NULL
    AND "first"."entity_id" = "mandates"."entity_id" AND "first"."scope_id" = "mandates"."scope_id"
    AND ("first"."created_at", "first"."id") < ("mandates"."created_at", "mandates"."id"));--> statement-breakpoint
CREATE UNIQUE INDEX "mandates_one_holder_per_entity_idx" ON "mandates" USING btree ("entity_id","scope_id") WHERE "mandates"."kind" = 'holder' and "mandates"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_oidc_subject_idx" ON "devices" USING btree ("oidc_issuer","oidc_subject") WHERE "devices"."revoked_at" is null;