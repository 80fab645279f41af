CREATE TABLE "draft_reminders" (
	"procedure_id" uuid NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"days_before" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_reminders_procedure_id_closes_at_days_before_pk" PRIMARY KEY("procedure_id","closes_at","days_before")
);
--> statement-breakpoint
ALTER TABLE "procedures" DROP CONSTRAINT "procedures_reference_unique";--> statement-breakpoint
ALTER TABLE "draft_reminders" ADD CONSTRAINT "draft_reminders_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "procedures_draft_definition_idx" ON "procedures" USING btree ("definition_id") WHERE "procedures"."status" = 'draft';