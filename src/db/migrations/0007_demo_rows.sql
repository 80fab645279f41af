ALTER TABLE "administrations" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certification_scopes" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "legal_entities" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "legal_entities_demo_idx" ON "legal_entities" USING btree ("id") WHERE "legal_entities"."demo";--> statement-breakpoint
CREATE INDEX "persons_demo_idx" ON "persons" USING btree ("demo") WHERE "persons"."demo" is not null;