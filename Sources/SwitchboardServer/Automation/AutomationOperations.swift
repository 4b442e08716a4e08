import Fluent
import Foundation
import SQLKit
import SwitchboardCore

/// The automated processes (DESIGN.md §5): each pass carries out the timers that are due.
/// `serve` runs a pass every minute; `switchboard automation run` runs one by hand.
public struct AutomationOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var automation: AutomationOperations { AutomationOperations(helpdesk: self) }
}

extension AutomationOperations {
    /// One pass of the automated processes: takes the timers due at `asOf`, in batches, and acts
    /// on each in its own transaction with the timer's removal, so a timer is acted on once
    /// even when several instances run (PostgreSQL: FOR UPDATE SKIP LOCKED). The cost grows
    /// with the number of due timers, not with the number of tickets. Returns how many timers
    /// were handled.
    @discardableResult
    public func runAutomation(asOf: Date, batchSize: Int = 200) async throws -> Int {
        var handled = 0
        while true {
            let count = try await helpdesk.change(by: .system, at: asOf) { context -> Int in
                let timers = try await Self.claimDueTimers(asOf: asOf, limit: batchSize, on: context.database)
                guard !timers.isEmpty else { return 0 }
                let (bulk, oneByOne) = WaitingRemindersInBulk.split(timers)
                try await WaitingRemindersInBulk.send(bulk, in: context)
                for timer in oneByOne {
                    try await DueTimers.act(on: timer, asOf: asOf, in: context.at(timer.dueAt))
                }
                try await TimerModel.query(on: context.database).filter(\.$id ~~ timers.compactMap(\.id)).delete()
                return timers.count
            }
            handled += count
            // Acting may plan new timers that are already due (unsolved, then closed): go on
            // until a batch comes back empty.
            if count == 0 { return handled }
        }
    }

    /// The earliest due timers, locked for this transaction on PostgreSQL (others skip them),
    /// read as plain rows.
    static func claimDueTimers(asOf: Date, limit: Int, on database: any Database) async throws -> [TimerModel] {
        struct Row: Decodable {
            var id: UUID, ticket_id: Int, kind: TimerKind, sequence: Int, due_at: Date, created_at: Date
        }
        let sql = database as! any SQLDatabase
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await sql.raw("""
            SELECT id, ticket_id, kind, sequence, due_at, created_at FROM timers WHERE due_at <= \(bind: asOf) \
            ORDER BY due_at LIMIT \(bind: limit)\(lock)
            """).all(decoding: Row.self)
        return rows.map { row in
            let timer = TimerModel(ticketID: row.ticket_id, kind: row.kind, sequence: row.sequence, dueAt: row.due_at, createdAt: row.created_at)
            timer.id = row.id
            timer.$id.exists = true
            return timer
        }
    }
}
