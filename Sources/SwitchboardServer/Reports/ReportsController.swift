import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/reports/…`: the quarterly table (JSON, or CSV with `Accept: text/csv`), the tickets
/// behind a figure, and the third-line backlog. Supporters and administrators.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let reports = routes.grouped("reports")
        reports.get("quarterly", use: quarterly)
        reports.get("quarterly", "tickets", use: tickets)
        reports.get("third-line-backlog", use: backlog)
        reports.get("builder", use: builder)
        reports.get("sla-compliance", use: compliance)
    }

    static func wantsCSV(_ request: Request) -> Bool {
        request.headers.accept.mediaTypes.contains { $0.type == "text" && $0.subType == "csv" }
    }

    static func csv(_ text: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        return response
    }

    static func queryValues(_ request: Request) -> [String: String] { request.url.nonEmptyQueryValues }

    func builder(_ request: Request) async throws -> Response {
        let principal = try request.signedIn.principal
        try ReportOperations.checkMayRead(principal)
        let database = request.helpdesk.database
        let question = try await BuilderQuestion.parse(Self.queryValues(request), now: request.application.clock.now()) {
            try await UnitOperations.unit($0, on: database)
        }
        let answer = try await request.helpdesk.reports.build(question, for: principal)
        if Self.wantsCSV(request) { return Self.csv(BuilderResponse.csv(answer)) }
        return try await BuilderResponse(answer).encodeResponse(for: request)
    }

    func compliance(_ request: Request) async throws -> Response {
        let principal = try request.signedIn.principal
        try ReportOperations.checkMayRead(principal)
        let values = Self.queryValues(request)
        let range = try ReportRange.parse(from: values["from"], to: values["to"], zone: values["zone"], split: "none",
                                          now: request.application.clock.now())
        guard let priorityAt = BuilderQuestion.PriorityAt(rawValue: values["priorityAt"] ?? "filing") else {
            throw HelpdeskError.invalid("priorityAt", "priorityAt is filing or current.")
        }
        let report = try await request.helpdesk.reports.slaCompliance(range: range, priorityAt: priorityAt, for: principal)
        if Self.wantsCSV(request) { return Self.csv(ComplianceResponse.csv(report)) }
        return try await ComplianceResponse(report).encodeResponse(for: request)
    }

    func quarterly(_ request: Request) async throws -> Response {
        let principal = try request.signedIn.principal
        try ReportOperations.checkMayRead(principal)
        let range = try ReportRange.parse(
            from: request.query["from"], to: request.query["to"], zone: request.query["zone"], split: request.query["split"],
            now: request.application.clock.now())
        let unit = try await request.helpdesk.reports.reportUnit(request.query["unit"])
        let table = try await request.helpdesk.reports.quarterly(unit: unit, range: range, for: principal)
        if Self.wantsCSV(request) { return Self.csv(QuarterlyReportResponse.csv(table)) }
        return try await QuarterlyReportResponse(table).encodeResponse(for: request)
    }

    func tickets(_ request: Request) async throws -> ReportTicketsResponse {
        let principal = try request.signedIn.principal
        try ReportOperations.checkMayRead(principal)
        let range = try ReportRange.parse(
            from: request.query["from"], to: request.query["to"], zone: request.query["zone"], split: "none",
            now: request.application.clock.now())
        let text: String = request.query["row"] ?? ""
        guard let row = QuarterlyReport.Row(rawValue: text) else {
            throw HelpdeskError.invalid("row", "row is one of: \(QuarterlyReport.Row.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let unit = try await request.helpdesk.reports.reportUnit(request.query["unit"])
        return ReportTicketsResponse(
            try await request.helpdesk.reports.tickets(in: row, unit: unit, from: range.from, to: range.to, for: principal))
    }

    func backlog(_ request: Request) async throws -> ThirdLineBacklogResponse {
        let principal = try request.signedIn.principal
        let question = try BacklogQuestion.parse(
            at: request.query["at"], olderThanMonths: request.query["olderThanMonths"], zone: request.query["zone"],
            now: request.application.clock.now())
        let (backlog, units) = try await request.helpdesk.reports.thirdLineBacklog(
            at: question.at, olderThanMonths: question.olderThanMonths, calendar: question.calendar, for: principal)
        return ThirdLineBacklogResponse(backlog, olderThanMonths: question.olderThanMonths, units: units)
    }
}

/// The backlog's parameters: the instant (default now), the age limit in months (default 2,
/// from 1 to 120), and the zone months are counted in (default UTC).
struct BacklogQuestion: Sendable {
    var at: Date
    var olderThanMonths: Int
    var calendar: ReportCalendar

    static func parse(at: String?, olderThanMonths: String?, zone: String?, now: Date) throws(HelpdeskError) -> BacklogQuestion {
        var errors = FieldErrors()
        var question = BacklogQuestion(at: now, olderThanMonths: 2, calendar: .utc)
        if let zone = zone?.trimmingCharacters(in: .whitespaces), !zone.isEmpty {
            if let known = TimeZone(identifier: zone) { question.calendar = ReportCalendar(timeZone: known) } else {
                errors.add("zone", "'\(zone)' is not a known time zone; use an IANA name like Europe/Amsterdam.")
            }
        }
        if let text = at?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let date = LocalDate(text), text.count == 10, let midnight = question.calendar.midnight(of: date) {
                question.at = midnight
            } else if let instant = ISO8601.parseInstant(text) {
                question.at = instant
            } else {
                errors.add("at", "'\(text)' is neither a date (2013-06-15) nor an instant with an offset (2013-06-15T00:00:00Z).")
            }
        }
        if let text = olderThanMonths?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let months = Int(text), (1...120).contains(months) { question.olderThanMonths = months } else {
                errors.add("olderThanMonths", "olderThanMonths is a whole number of months from 1 to 120.")
            }
        }
        try HelpdeskError.check(errors)
        return question
    }
}
