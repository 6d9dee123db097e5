module.exports = class Data1796596107895 {
    name = 'Data1796596107895'

    async up(db) {
        await db.query(`CREATE TABLE "contract_upgrade" ("id" character varying NOT NULL, "contract" text NOT NULL, "implementation" text NOT NULL, "previous_implementation" text, "block_number" integer NOT NULL, "log_index" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "tx_hash" text NOT NULL, "proxy_id" character varying, "proposal_id" character varying, CONSTRAINT "PK_e2ec2c9006049577b764a2fc435" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_59cc0a239b5d7432a08101421f" ON "contract_upgrade" ("proxy_id") `)
        await db.query(`CREATE INDEX "IDX_cbb39469a008216560ad375dd0" ON "contract_upgrade" ("contract") `)
        await db.query(`CREATE INDEX "IDX_7349995a93ad56a1cb0ab2b760" ON "contract_upgrade" ("implementation") `)
        await db.query(`CREATE INDEX "IDX_dc8bc8f264c21d763c917bd05e" ON "contract_upgrade" ("proposal_id") `)
        await db.query(`CREATE INDEX "IDX_0cdca60a73067f3d16e25ba1e9" ON "contract_upgrade" ("block_number") `)
        await db.query(`CREATE TABLE "upgradeable_contract" ("id" character varying NOT NULL, "contract" text NOT NULL, "implementation" text NOT NULL, "upgrade_count" integer NOT NULL, "deployed_at_block" integer NOT NULL, "last_upgraded_at_block" integer NOT NULL, CONSTRAINT "PK_586ba4cb31e60dd441ed0710c89" PRIMARY KEY ("id"))`)
        await db.query(`CREATE UNIQUE INDEX "IDX_e72809987ab1f0e23cc81dd339" ON "upgradeable_contract" ("contract") `)
        await db.query(`CREATE TABLE "inference_rating" ("id" character varying NOT NULL, "score" integer NOT NULL, "block_number" integer NOT NULL, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "tx_hash" text NOT NULL, "inference_id" character varying, "rater_id" character varying, CONSTRAINT "PK_4bdc8227266ee80f8755c818088" PRIMARY KEY ("id"))`)
        await db.query(`CREATE INDEX "IDX_3998a737b907e2b96ab5f0f2c7" ON "inference_rating" ("inference_id") `)
        await db.query(`CREATE INDEX "IDX_847044a5ee4c346183bf918fcf" ON "inference_rating" ("rater_id") `)
        await db.query(`CREATE INDEX "IDX_aab3560e60ae304ce095e35e51" ON "inference_rating" ("block_number") `)
        await db.query(`ALTER TABLE "contract_upgrade" ADD CONSTRAINT "FK_59cc0a239b5d7432a08101421f8" FOREIGN KEY ("proxy_id") REFERENCES "upgradeable_contract"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "contract_upgrade" ADD CONSTRAINT "FK_dc8bc8f264c21d763c917bd05ea" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "inference_rating" ADD CONSTRAINT "FK_3998a737b907e2b96ab5f0f2c7f" FOREIGN KEY ("inference_id") REFERENCES "inference"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
        await db.query(`ALTER TABLE "inference_rating" ADD CONSTRAINT "FK_847044a5ee4c346183bf918fcfa" FOREIGN KEY ("rater_id") REFERENCES "account"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "inference_rating" DROP CONSTRAINT "FK_847044a5ee4c346183bf918fcfa"`)
        await db.query(`ALTER TABLE "inference_rating" DROP CONSTRAINT "FK_3998a737b907e2b96ab5f0f2c7f"`)
        await db.query(`ALTER TABLE "contract_upgrade" DROP CONSTRAINT "FK_dc8bc8f264c21d763c917bd05ea"`)
        await db.query(`ALTER TABLE "contract_upgrade" DROP CONSTRAINT "FK_59cc0a239b5d7432a08101421f8"`)
        await db.query(`DROP INDEX "public"."IDX_aab3560e60ae304ce095e35e51"`)
        await db.query(`DROP INDEX "public"."IDX_847044a5ee4c346183bf918fcf"`)
        await db.query(`DROP INDEX "public"."IDX_3998a737b907e2b96ab5f0f2c7"`)
        await db.query(`DROP TABLE "inference_rating"`)
        await db.query(`DROP INDEX "public"."IDX_e72809987ab1f0e23cc81dd339"`)
        await db.query(`DROP TABLE "upgradeable_contract"`)
        await db.query(`DROP INDEX "public"."IDX_0cdca60a73067f3d16e25ba1e9"`)
        await db.query(`DROP INDEX "public"."IDX_dc8bc8f264c21d763c917bd05e"`)
        await db.query(`DROP INDEX "public"."IDX_7349995a93ad56a1cb0ab2b760"`)
        await db.query(`DROP INDEX "public"."IDX_cbb39469a008216560ad375dd0"`)
        await db.query(`DROP INDEX "public"."IDX_59cc0a239b5d7432a08101421f"`)
        await db.query(`DROP TABLE "contract_upgrade"`)
    }
}
