CREATE TABLE "access_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"code_hash" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"expires_at" timestamp with time zone,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	"issued_by_space_id" uuid,
	"used_at" timestamp with time zone,
	"used_by_space_id" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "access_codes_reference_unique" UNIQUE("reference"),
	CONSTRAINT "access_codes_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "administrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"names" jsonb NOT NULL,
	"address_lines" jsonb NOT NULL,
	"contact_lines" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "administrations_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "certification_scopes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"administration_id" uuid NOT NULL,
	"names" jsonb NOT NULL,
	"category" text NOT NULL,
	"source_names" jsonb NOT NULL,
	"valid_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certification_scopes_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "legal_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scheme" text NOT NULL,
	"value" text NOT NULL,
	"name" text NOT NULL,
	"address" jsonb NOT NULL,
	"lang" text NOT NULL,
	"attributes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_entities_identifier_unique" UNIQUE("scheme","value")
);
--> statement-breakpoint
CREATE TABLE "mandates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"scope_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sort_name" text NOT NULL,
	"access_code_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"valid_until" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"ended_by" uuid,
	CONSTRAINT "mandates_access_code_id_unique" UNIQUE("access_code_id")
);
--> statement-breakpoint
CREATE TABLE "officers" (
	"person_id" uuid NOT NULL,
	"administration_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "officers_person_id_administration_id_pk" PRIMARY KEY("person_id","administration_id")
);
--> statement-breakpoint
ALTER TABLE "access_codes" ADD CONSTRAINT "access_codes_scope_id_certification_scopes_id_fk" FOREIGN KEY ("scope_id") REFERENCES "public"."certification_scopes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_codes" ADD CONSTRAINT "access_codes_entity_id_legal_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_codes" ADD CONSTRAINT "access_codes_issued_by_persons_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_codes" ADD CONSTRAINT "access_codes_issued_by_space_id_spaces_id_fk" FOREIGN KEY ("issued_by_space_id") REFERENCES "public"."spaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_codes" ADD CONSTRAINT "access_codes_used_by_space_id_spaces_id_fk" FOREIGN KEY ("used_by_space_id") REFERENCES "public"."spaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_scopes" ADD CONSTRAINT "certification_scopes_administration_id_administrations_id_fk" FOREIGN KEY ("administration_id") REFERENCES "public"."administrations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandates" ADD CONSTRAINT "mandates_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandates" ADD CONSTRAINT "mandates_scope_id_certification_scopes_id_fk" FOREIGN KEY ("scope_id") REFERENCES "public"."certification_scopes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandates" ADD CONSTRAINT "mandates_entity_id_legal_entities_id_fk" FOREIGN KEY ("entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandates" ADD CONSTRAINT "mandates_access_code_id_access_codes_id_fk" FOREIGN KEY ("access_code_id") REFERENCES "public"."access_codes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandates" ADD CONSTRAINT "mandates_created_by_persons_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mandates" ADD CONSTRAINT "mandates_ended_by_persons_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officers" ADD CONSTRAINT "officers_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officers" ADD CONSTRAINT "officers_administration_id_administrations_id_fk" FOREIGN KEY ("administration_id") REFERENCES "public"."administrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_codes_scope_idx" ON "access_codes" USING btree ("scope_id","issued_at");--> statement-breakpoint
CREATE INDEX "access_codes_entity_idx" ON "access_codes" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "certification_scopes_category_idx" ON "certification_scopes" USING btree ("category","code");--> statement-breakpoint
CREATE UNIQUE INDEX "mandates_one_holder_idx" ON "mandates" USING btree ("space_id","scope_id") WHERE "mandates"."kind" = 'holder' and "mandates"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "mandates_one_per_entity_idx" ON "mandates" USING btree ("space_id","scope_id","entity_id") WHERE "mandates"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "mandates_space_idx" ON "mandates" USING btree ("space_id","scope_id","kind","sort_name","id") WHERE "mandates"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "mandates_entity_idx" ON "mandates" USING btree ("entity_id","scope_id") WHERE "mandates"."kind" = 'agent' and "mandates"."ended_at" is null;