module.exports = class Data1796594648623 {
    name = 'Data1796594648623'

    async up(db) {
        await db.query(`CREATE TABLE "upstream_royalty" ("id" character varying NOT NULL, "level" integer NOT NULL, "version" integer NOT NULL, "amount" numeric NOT NULL, "kept" numeric NOT NULL, "paid" numeric NOT NULL, "block_number" integer NOT NULL, "log_index" integer NOT NULL, "tx_hash" text NOT NULL, "settlement_id" character varying, "inference_id" character varying, "model_id" character varying, "model_version_id" character varying, "fine_tuned_model_id" character varying, CONSTRAINT "PK_c096bedfcfcb37cfe401ba4d46a" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_966383d5183327e9812d16d8da" ON "upstream_royalty" ("settlement_id") `)
        await db.query(`CREATE INDEX "IDX_7d2f77a6a3c598a18641790286" ON "upstream_royalty" ("inference_id") `)
        await db.query(`CREATE INDEX "IDX_748f224348576c6a41db75ce8f" ON "upstream_royalty" ("model_id") `)
        await db.query(`CREATE INDEX "IDX_f23864bebc28e79afd74c640ea" ON "upstream_royalty" ("model_version_id") `)
        await db.query(`CREATE INDEX "IDX_9671e01c3130e8ff73cb9545aa" ON "upstream_royalty" ("block_number") `)
        await db.query(`CREATE INDEX "IDX_2b95292fc29c8a912dacdf1008" ON "upstream_royalty" ("fine_tuned_model_id", "level") `)
        await db.query(`CREATE TABLE "upstream_share_policy" ("id" character varying NOT NULL, "upstream_share_bps" integer NOT NULL, "from_block" integer NOT NULL, "from_log_index" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "tx_hash" text NOT NULL, CONSTRAINT "PK_f8b598f2b4e0d683efe98bfd97e" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_49c8e881c4f7915f472c67d277" ON "upstream_share_policy" ("from_block") `)
        await db.query(`ALTER TABLE "model_version" ADD "lineage_depth" integer`)
        await db.query(`ALTER TABLE "model_version" ADD "base_id" character varying`)
        // Hand-edited after generation: models indexed before this migration start at zero (no
        // lineage settlement existed before it), then NOT NULL holds. The upstream share policy and
        // lineage are only known from the logs: a database indexed before this needs a re-index for them.
        await db.query(`ALTER TABLE "model" ADD "upstream_received" numeric NOT NULL DEFAULT 0`)
        await db.query(`ALTER TABLE "model" ADD "upstream_paid" numeric NOT NULL DEFAULT 0`)
        await db.query(`ALTER TABLE "model" ALTER COLUMN "upstream_received" DROP DEFAULT`)
        await db.query(`ALTER TABLE "model" ALTER COLUMN "upstream_paid" DROP DEFAULT`)
        await db.query(`CREATE INDEX "IDX_bba31f4f597cf1194255928d0c" ON "model_version" ("base_id") `)
        await db.query(`ALTER TABLE "upstream_royalty" ADD CONSTRAINT "FK_966383d5183327e9812d16d8da5" FOREIGN KEY ("settlement_id") REFERENCES "settlement"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "upstream_royalty" ADD CONSTRAINT "FK_7d2f77a6a3c598a186417902869" FOREIGN KEY ("inference_id") REFERENCES "inference"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "upstream_royalty" ADD CONSTRAINT "FK_748f224348576c6a41db75ce8f6" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "upstream_royalty" ADD CONSTRAINT "FK_f23864bebc28e79afd74c640ea5" FOREIGN KEY ("model_version_id") REFERENCES "model_version"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "upstream_royalty" ADD CONSTRAINT "FK_ed3f2013b6ab398fcb12086b921" FOREIGN KEY ("fine_tuned_model_id") REFERENCES "model"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "model_version" ADD CONSTRAINT "FK_bba31f4f597cf1194255928d0c1" FOREIGN KEY ("base_id") REFERENCES "model_version"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "model_version" DROP CONSTRAINT "FK_bba31f4f597cf1194255928d0c1"`)
        await db.query(`ALTER TABLE "upstream_royalty" DROP CONSTRAINT "FK_ed3f2013b6ab398fcb12086b921"`)
        await db.query(`ALTER TABLE "upstream_royalty" DROP CONSTRAINT "FK_f23864bebc28e79afd74c640ea5"`)
        await db.query(`ALTER TABLE "upstream_royalty" DROP CONSTRAINT "FK_748f224348576c6a41db75ce8f6"`)
        await db.query(`ALTER TABLE "upstream_royalty" DROP CONSTRAINT "FK_7d2f77a6a3c598a186417902869"`)
        await db.query(`ALTER TABLE "upstream_royalty" DROP CONSTRAINT "FK_966383d5183327e9812d16d8da5"`)
        await db.query(`DROP INDEX "public"."IDX_bba31f4f597cf1194255928d0c"`)
        await db.query(`ALTER TABLE "model" DROP COLUMN "upstream_paid"`)
        await db.query(`ALTER TABLE "model" DROP COLUMN "upstream_received"`)
        await db.query(`ALTER TABLE "model_version" DROP COLUMN "base_id"`)
        await db.query(`ALTER TABLE "model_version" DROP COLUMN "lineage_depth"`)
        await db.query(`DROP INDEX "public"."IDX_49c8e881c4f7915f472c67d277"`)
        await db.query(`DROP TABLE "upstream_share_policy"`)
        await db.query(`DROP INDEX "public"."IDX_2b95292fc29c8a912dacdf1008"`)
        await db.query(`DROP INDEX "public"."IDX_9671e01c3130e8ff73cb9545aa"`)
        await db.query(`DROP INDEX "public"."IDX_f23864bebc28e79afd74c640ea"`)
        await db.query(`DROP INDEX "public"."IDX_748f224348576c6a41db75ce8f"`)
        await db.query(`DROP INDEX "public"."IDX_7d2f77a6a3c598a18641790286"`)
        await db.query(`DROP INDEX "public"."IDX_966383d5183327e9812d16d8da"`)
        await db.query(`DROP TABLE "upstream_royalty"`)
    }
}
