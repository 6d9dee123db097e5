module.exports = class Data1796594714119 {
    name = 'Data1796594714119'

    async up(db) {
        await db.query(`CREATE TABLE "agent_action" ("id" character varying NOT NULL, "router_inference_id" numeric NOT NULL, "paid" numeric NOT NULL, "model_fee" numeric NOT NULL, "margin" numeric NOT NULL, "reclaimed" boolean NOT NULL, "refund" numeric, "reclaimed_at_block" integer, "block_number" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "tx_hash" text NOT NULL, "gas_used" numeric, "gas_price" numeric, "l1_fee" numeric, "agent_id" character varying, "caller_id" character varying, "inference_id" character varying, CONSTRAINT "REL_2d8a357ab52f2d3fd312db6522" UNIQUE ("inference_id"), CONSTRAINT "PK_46de9d737516a9ba48a3c727f85" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_eab550ebe6327a3bc6f4498b75" ON "agent_action" ("caller_id") `)
        await db.query(`CREATE UNIQUE INDEX "IDX_2d8a357ab52f2d3fd312db6522" ON "agent_action" ("inference_id") `)
        await db.query(`CREATE INDEX "IDX_d9eefe6aa6512e86352e4f5585" ON "agent_action" ("block_number") `)
        await db.query(`CREATE INDEX "IDX_9e9c3bdf4b93f436275fdc0d86" ON "agent_action" ("agent_id", "block_number") `)
        await db.query(`CREATE TABLE "agent" ("id" character varying NOT NULL, "bound_version" integer, "price_per_action" numeric, "paused" boolean NOT NULL, "metadata_uri" text, "action_count" integer NOT NULL, "revenue" numeric NOT NULL, "model_cost" numeric NOT NULL, "margin" numeric NOT NULL, "refunded" numeric NOT NULL, "reclaimed_count" integer NOT NULL, "created_at_block" integer, "created_at" TIMESTAMP WITH TIME ZONE, "created_tx" text, "owner_id" character varying, "operator_id" character varying, "model_id" character varying, CONSTRAINT "PK_1000e989398c5d4ed585cf9a46f" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_a447ee90098813c5fce5ae0a87" ON "agent" ("owner_id") `)
        await db.query(`CREATE INDEX "IDX_5671117f5ca40c33732a512346" ON "agent" ("operator_id") `)
        await db.query(`CREATE INDEX "IDX_58c9ced22787fddcaa8ad703f3" ON "agent" ("model_id") `)
        await db.query(`ALTER TABLE "agent_action" ADD CONSTRAINT "FK_ba053a99c1d39df6439727c4184" FOREIGN KEY ("agent_id") REFERENCES "agent"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "agent_action" ADD CONSTRAINT "FK_eab550ebe6327a3bc6f4498b754" FOREIGN KEY ("caller_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "agent_action" ADD CONSTRAINT "FK_2d8a357ab52f2d3fd312db65228" FOREIGN KEY ("inference_id") REFERENCES "inference"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "agent" ADD CONSTRAINT "FK_a447ee90098813c5fce5ae0a87d" FOREIGN KEY ("owner_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "agent" ADD CONSTRAINT "FK_5671117f5ca40c33732a512346f" FOREIGN KEY ("operator_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "agent" ADD CONSTRAINT "FK_58c9ced22787fddcaa8ad703f30" FOREIGN KEY ("model_id") REFERENCES "model"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "agent" DROP CONSTRAINT "FK_58c9ced22787fddcaa8ad703f30"`)
        await db.query(`ALTER TABLE "agent" DROP CONSTRAINT "FK_5671117f5ca40c33732a512346f"`)
        await db.query(`ALTER TABLE "agent" DROP CONSTRAINT "FK_a447ee90098813c5fce5ae0a87d"`)
        await db.query(`ALTER TABLE "agent_action" DROP CONSTRAINT "FK_2d8a357ab52f2d3fd312db65228"`)
        await db.query(`ALTER TABLE "agent_action" DROP CONSTRAINT "FK_eab550ebe6327a3bc6f4498b754"`)
        await db.query(`ALTER TABLE "agent_action" DROP CONSTRAINT "FK_ba053a99c1d39df6439727c4184"`)
        await db.query(`DROP INDEX "public"."IDX_58c9ced22787fddcaa8ad703f3"`)
        await db.query(`DROP INDEX "public"."IDX_5671117f5ca40c33732a512346"`)
        await db.query(`DROP INDEX "public"."IDX_a447ee90098813c5fce5ae0a87"`)
        await db.query(`DROP TABLE "agent"`)
        await db.query(`DROP INDEX "public"."IDX_9e9c3bdf4b93f436275fdc0d86"`)
        await db.query(`DROP INDEX "public"."IDX_d9eefe6aa6512e86352e4f5585"`)
        await db.query(`DROP INDEX "public"."IDX_2d8a357ab52f2d3fd312db6522"`)
        await db.query(`DROP INDEX "public"."IDX_eab550ebe6327a3bc6f4498b75"`)
        await db.query(`DROP TABLE "agent_action"`)
    }
}
