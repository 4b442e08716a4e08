import Fluent
import SQLKit

/// Numbers for rows about to be written in one multi-row statement, taken in the open
/// transaction, for tables whose `id` the database numbers (tickets, ticket events): on
/// PostgreSQL from the column's sequence; on SQLite (one writer, which holds the lock) after the
/// highest number used so far (these tables are not AUTOINCREMENT: SQLite itself numbers a new
/// row after the highest).
enum ReservedIDs {
    static func take(_ count: Int, in table: String, on database: any Database) async throws -> [Int] {
        guard count > 0 else { return [] }
        let sql = database as! any SQLDatabase
        if DatabaseSetup.isSQLite(database) {
            struct Highest: Decodable { var highest: Int? }
            let highest = try await sql.raw("SELECT MAX(id) AS highest FROM \(ident: table)").first(decoding: Highest.self)?.highest ?? 0
            return Array((highest + 1)...(highest + count))
        }
        struct Row: Decodable { var id: Int }
        return try await sql.raw("""
            SELECT nextval(pg_get_serial_sequence(\(bind: table), 'id'))::bigint AS id FROM generate_series(1, \(bind: count))
            """).all(decoding: Row.self).map(\.id)
    }
}
