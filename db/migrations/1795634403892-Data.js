module.exports = class Data1795634403892 {
    name = 'Data1795634403892'

    async up(db) {
        await db.query(`DROP INDEX "public"."IDX_b13bb0ac1338578cb6dfa9aafe"`)
        await db.query(`DROP INDEX "public"."IDX_3c47b9b649ff8e9ab9d92fbdf1"`)
        await db.query(`DROP INDEX "public"."IDX_65ac069b9b7ae9249bb40e8941"`)
        await db.query(`DROP INDEX "public"."IDX_1a2ccaded5af244bdd4aa1da3e"`)
        await db.query(`CREATE INDEX "IDX_2074224702ed6d0d879828eb49" ON "inference" ("caller_id", "requested_at_block") `)
        await db.query(`CREATE INDEX "IDX_ebd672848929b8ffdf96d2de56" ON "inference" ("model_id", "status", "requested_at_block") `)
        await db.query(`CREATE INDEX "IDX_cebb1dc4dc132f3b25a7d27682" ON "settlement" ("validator_id", "block_number") `)
        await db.query(`CREATE INDEX "IDX_4b8a9d4ad645f3e58e243b7c38" ON "contribution" ("datanet_id", "status", "submitted_at_block") `)
    }

    async down(db) {
        await db.query(`DROP INDEX "public"."IDX_4b8a9d4ad645f3e58e243b7c38"`)
        await db.query(`DROP INDEX "public"."IDX_cebb1dc4dc132f3b25a7d27682"`)
        await db.query(`DROP INDEX "public"."IDX_ebd672848929b8ffdf96d2de56"`)
        await db.query(`DROP INDEX "public"."IDX_2074224702ed6d0d879828eb49"`)
        await db.query(`CREATE INDEX "IDX_1a2ccaded5af244bdd4aa1da3e" ON "contribution" ("datanet_id") `)
        await db.query(`CREATE INDEX "IDX_65ac069b9b7ae9249bb40e8941" ON "settlement" ("validator_id") `)
        await db.query(`CREATE INDEX "IDX_3c47b9b649ff8e9ab9d92fbdf1" ON "inference" ("caller_id") `)
        await db.query(`CREATE INDEX "IDX_b13bb0ac1338578cb6dfa9aafe" ON "inference" ("model_id") `)
    }
}
