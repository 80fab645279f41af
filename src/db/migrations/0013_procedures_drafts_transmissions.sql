CREATE TABLE "procedure_counts" (
	"space_id" uuid NOT NULL,
	"status" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "procedure_counts_space_id_status_pk" PRIMARY KEY("space_id","status"),
	CONSTRAINT "procedure_counts_not_negative" CHECK ("procedure_counts"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "procedure_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"procedure_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"step" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"person_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "procedure_transmissions" (
	"procedure_id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"snapshot" text NOT NULL,
	"sha256" text NOT NULL,
	"token" text NOT NULL,
	"slip_file_id" uuid NOT NULL,
	"transmitted_by" uuid,
	"transmitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "procedure_transmissions_reference_unique" UNIQUE("reference"),
	CONSTRAINT "procedure_transmissions_sha256_hex" CHECK ("procedure_transmissions"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"space_id" uuid NOT NULL,
	"definition_id" uuid NOT NULL,
	"subject_entity_id" uuid,
	"name" text NOT NULL,
	"sort_name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"answers" jsonb NOT NULL,
	"certified" jsonb NOT NULL,
	"current_step" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"step_revisions" jsonb NOT NULL,
	"search_text" text NOT NULL,
	"reference" text,
	"transmitted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "procedures_reference_unique" UNIQUE("reference"),
	CONSTRAINT "procedures_revision_positive" CHECK ("procedures"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "reference_counters" (
	"administration_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "reference_counters_administration_id_year_pk" PRIMARY KEY("administration_id","year")
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "procedure_counts" ADD CONSTRAINT "procedure_counts_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_events" ADD CONSTRAINT "procedure_events_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_events" ADD CONSTRAINT "procedure_events_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_transmissions" ADD CONSTRAINT "procedure_transmissions_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_transmissions" ADD CONSTRAINT "procedure_transmissions_slip_file_id_files_id_fk" FOREIGN KEY ("slip_file_id") REFERENCES "public"."files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_transmissions" ADD CONSTRAINT "procedure_transmissions_transmitted_by_persons_id_fk" FOREIGN KEY ("transmitted_by") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_space_id_spaces_id_fk" FOREIGN KEY ("space_id") REFERENCES "public"."spaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_definition_id_procedure_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."procedure_definitions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_subject_entity_id_legal_entities_id_fk" FOREIGN KEY ("subject_entity_id") REFERENCES "public"."legal_entities"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_created_by_persons_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_updated_by_persons_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_counters" ADD CONSTRAINT "reference_counters_administration_id_administrations_id_fk" FOREIGN KEY ("administration_id") REFERENCES "public"."administrations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "procedure_events_procedure_idx" ON "procedure_events" USING btree ("procedure_id","at");--> statement-breakpoint
CREATE INDEX "procedures_space_changed_idx" ON "procedures" USING btree ("space_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "procedures_space_status_changed_idx" ON "procedures" USING btree ("space_id","status","updated_at","id");--> statement-breakpoint
CREATE INDEX "procedures_space_name_idx" ON "procedures" USING btree ("space_id","sort_name","id");--> statement-breakpoint
CREATE INDEX "procedures_space_reference_idx" ON "procedures" USING btree ("space_id","reference","id");--> statement-breakpoint
CREATE INDEX "procedures_search_idx" ON "procedures" USING gin (to_tsvector('simple', "search_text"));