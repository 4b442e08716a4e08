import Fluent
import Foundation
import SwitchboardCore

/// Which recorded violations to show: one unit or all, a period of due instants, how many.
public struct ResponseViolationFilter: Sendable, Equatable {
    public var unitID: UUID?
    /// Due at or after.
    public var from: Date?
    /// Due before.
    public var to: Date?
    public var limit = 100

    public static let maxLimit = 1000

    public init(unitID: UUID? = nil, from: Date? = nil, to: Date? = nil, limit: Int = 100) {
        self.unitID = unitID
        self.from = from
        self.to = to
        self.limit = limit
    }

    /// From query parameters (API and web page alike); empty values are absent.
    public static func parse(unit: String?, from: String?, to: String?, limit: String?) throws -> ResponseViolationFilter {
        var filter = ResponseViolationFilter()
        var errors = FieldErrors()
        func present(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        if let text = present(unit) {
            if let id = UUID(uuidString: text) { filter.unitID = id } else { errors.add("supportUnit", "'\(text)' is not a unit id.") }
        }
        for (name, text) in [("from", present(from)), ("to", present(to))] {
            guard let text else { continue }
            guard let instant = ISO8601.parse(text) else {
                errors.add(name, "'\(text)' is not an ISO 8601 date or instant.")
                continue
            }
            if name == "from" { filter.from = instant } else { filter.to = instant }
        }
        if let text = present(limit) {
            if let number = Int(text), (1...maxLimit).contains(number) { filter.limit = number } else {
                errors.add("limit", "limit is a number from 1 to \(maxLimit).")
            }
        }
        if let from = filter.from, let to = filter.to, to <= from { errors.add("to", "'to' must be later than 'from'.") }
        try HelpdeskError.check(errors)
        return filter
    }
}

/// The recorded violations of response targets, and how many each unit had in the period.
public struct ResponseViolationReport: Sendable {
    public var violations: [ResponseClockModel]
    /// Every violation in the period per unit name (not cut by the limit), most first.
    public var countsByUnit: [(unit: String, count: Int)]
    public var total: Int
}

extension ServiceLevelOperations {
    /// Violations, newest due first; for supporters and administrators.
    public func responseViolations(_ filter: ResponseViolationFilter, for actor: Principal) async throws -> ResponseViolationReport {
        guard actor.isSupporter || actor.isAdmin else { throw HelpdeskError.forbidden("Response violations are for supporters.") }
        func query() -> QueryBuilder<ResponseClockModel> {
            let query = ResponseClockModel.query(on: helpdesk.database).filter(\.$violatedAt != nil)
            if let unitID = filter.unitID { query.filter(\.$unit.$id == unitID) }
            if let from = filter.from { query.filter(\.$dueAt >= from) }
            if let to = filter.to { query.filter(\.$dueAt < to) }
            return query
        }
        let violations = try await query().sort(\.$dueAt, .descending).sort(\.$id).limit(filter.limit).all()
        let names = try await query().field(\.$id).field(\.$unitName).all().map(\.unitName)
        var perUnit: [String: Int] = [:]
        for name in names { perUnit[name, default: 0] += 1 }
        let counts: [(unit: String, count: Int)] = perUnit
            .map { (unit: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.unit < $1.unit }
        return ResponseViolationReport(violations: violations, countsByUnit: counts, total: names.count)
    }
}
