import Fluent
import Foundation
import SwitchboardCore

/// One line of the requirement report.
public struct RequirementReportRow: Sendable {
    public var ticketID: Int
    public var subject: String
    public var status: TicketStatus
    public var unitName: String
    public var createdAt: Date
    public var personDays: Double?
    public var estimatedBy: String?
    public var route: RequirementRoute?
    public var routedAt: Date?
    public var trackerID: String?
    public var trackerURL: String?
    public var trackerStatus: String?
    public var stage: RequirementStage
}

extension RequirementOperations {
    public static let reportMaxRows = 1000

    /// The requirement report (supporters and administrators): the requirement tickets, newest
    /// first, with their estimate, where they went and where they stand; at most `limit`.
    public func report(stage: RequirementStage? = nil, limit: Int = 500, for principal: Principal) async throws -> [RequirementReportRow] {
        guard principal.isSupporter || principal.isAdmin else { throw HelpdeskError.forbidden("The requirement report is for supporters.") }
        let limit = min(max(limit, 1), Self.reportMaxRows)
        let database = helpdesk.database
        var rows: [RequirementReportRow] = []
        var before: Int?
        // Pages of tickets until `limit` rows of the stage asked for are found (or none are left).
        while rows.count < limit {
            var query = TicketModel.query(on: database).filter(\.$category == .requirement).sort(\.$id, .descending).limit(200)
            if let before { query = query.filter(\.$id < before) }
            let tickets = try await query.all()
            guard let last = tickets.last else { break }
            before = last.id
            let ids = tickets.compactMap(\.id)
            let requirements = Dictionary(try await RequirementModel.query(on: database).filter(\.$ticket.$id ~~ ids).all().map { ($0.$ticket.id, $0) },
                                          uniquingKeysWith: { first, _ in first })
            let unitIDs = Set(tickets.map { $0.$supportUnit.id })
            let units = Dictionary(uniqueKeysWithValues: try await SupportUnitModel.query(on: database).filter(\.$id ~~ Array(unitIDs)).all()
                .map { ($0.id!, $0.name) })
            for ticket in tickets {
                let requirement = requirements[ticket.id!]
                let row = RequirementReportRow(
                    ticketID: ticket.id!, subject: ticket.subject, status: ticket.status, unitName: units[ticket.$supportUnit.id] ?? "?",
                    createdAt: ticket.createdAt, personDays: requirement?.personDays, estimatedBy: requirement?.estimatedBy, route: requirement?.route,
                    routedAt: requirement?.routedAt, trackerID: requirement?.trackerID, trackerURL: requirement?.trackerURL,
                    trackerStatus: requirement?.trackerStatus,
                    stage: RequirementStage(estimated: requirement != nil, route: requirement?.route, outcome: requirement?.outcome))
                if stage == nil || row.stage == stage { rows.append(row) }
                if rows.count == limit { break }
            }
        }
        return rows
    }
}
