module.exports = class Data1796564403590 {
    name = 'Data1796564403590'

    async up(db) {
        // Hand-edited after generation: rows indexed before this migration get their log index from
        // their id ('<block>-<logIndex>') and the status its zero skip count, then NOT NULL holds.
        // DDL only (the USING rewrite fills the column), so a fresh database still defers its indexes.
        await db.query(`ALTER TABLE "indexing_anomaly" ADD "log_index" integer`)
        await db.query(`ALTER TABLE "indexing_anomaly" ALTER COLUMN "log_index" TYPE integer USING split_part("id", '-', 2)::integer`)
        await db.query(`ALTER TABLE "indexing_anomaly" ALTER COLUMN "log_index" SET NOT NULL`)
        await db.query(`ALTER TABLE "indexing_anomaly" ADD "field" text`)
        await db.query(`ALTER TABLE "indexing_anomaly" ADD "original" text`)
        await db.query(`ALTER TABLE "indexer_status" ADD "skipped_logs" integer NOT NULL DEFAULT 0`)
        await db.query(`ALTER TABLE "indexer_status" ALTER COLUMN "skipped_logs" DROP DEFAULT`)
        await db.query(`ALTER TABLE "indexer_status" ADD "last_skipped_block" integer`)
        await db.query(`ALTER TABLE "indexer_status" ADD "last_skip_reason" text`)
    }

    async down(db) {
        await db.query(`ALTER TABLE "indexer_status" DROP COLUMN "last_skip_reason"`)
        await db.query(`ALTER TABLE "indexer_status" DROP COLUMN "last_skipped_block"`)
        await db.query(`ALTER TABLE "indexer_status" DROP COLUMN "skipped_logs"`)
        await db.query(`ALTER TABLE "indexing_anomaly" DROP COLUMN "original"`)
        await db.query(`ALTER TABLE "indexing_anomaly" DROP COLUMN "field"`)
        await db.query(`ALTER TABLE "indexing_anomaly" DROP COLUMN "log_index"`)
    }
}
