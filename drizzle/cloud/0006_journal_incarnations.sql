CREATE TABLE "edge_node_lives" (
	"node_id" text NOT NULL,
	"incarnation" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reported_seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "edge_node_lives_node_id_incarnation_pk" PRIMARY KEY("node_id","incarnation")
);
--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "incarnation" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" DROP CONSTRAINT "scans_node_id_seq_pk";--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_node_id_incarnation_seq_pk" PRIMARY KEY("node_id","incarnation","seq");--> statement-breakpoint
ALTER TABLE "edge_node_lives" ADD CONSTRAINT "edge_node_lives_node_id_edge_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."edge_nodes"("id") ON DELETE no action ON UPDATE no action;