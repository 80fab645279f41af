CREATE TABLE "procedure_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"administration_id" uuid NOT NULL,
	"audience" text NOT NULL,
	"scope_id" uuid,
	"theme" text NOT NULL,
	"definition" jsonb NOT NULL,
	"sha256" text NOT NULL,
	"search_text" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"closes_at" timestamp with time zone,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "procedure_definitions_code_version_unique" UNIQUE("code","version"),
	CONSTRAINT "procedure_definitions_version_positive" CHECK ("procedure_definitions"."version" >= 1),
	CONSTRAINT "procedure_definitions_sha256_hex" CHECK ("procedure_definitions"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "procedure_definitions" ADD CONSTRAINT "procedure_definitions_administration_id_administrations_id_fk" FOREIGN KEY ("administration_id") REFERENCES "public"."administrations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_definitions" ADD CONSTRAINT "procedure_definitions_scope_id_certification_scopes_id_fk" FOREIGN KEY ("scope_id") REFERENCES "public"."certification_scopes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_definitions" ADD CONSTRAINT "procedure_definitions_published_by_persons_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "procedure_definitions_search_idx" ON "procedure_definitions" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "procedure_definitions_administration_idx" ON "procedure_definitions" USING btree ("administration_id","code","version");--> statement-breakpoint
CREATE INDEX "procedure_definitions_demo_idx" ON "procedure_definitions" USING btree ("id") WHERE "procedure_definitions"."demo";