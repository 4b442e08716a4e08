import Foundation
import SwitchboardCore
import Vapor

/// The quarterly report page, the tickets behind a figure, and the table and figures as files.
struct ReportsWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.reports.pathComponents, use: reports)
        signedIn.get(SiteURL.reportTickets.pathComponents, use: tickets)
        signedIn.get(SiteURL.reportTable.pathComponents, use: table)
        signedIn.get(SiteURL.reportFigure(.key).pathComponents, use: figure)
        signedIn.get(SiteURL.reportBuilder.pathComponents, use: builder)
        signedIn.get(SiteURL.reportBuilderTable.pathComponents, use: builderTable)
        signedIn.get(SiteURL.reportCompliance.pathComponents, use: compliance)
        signedIn.get(SiteURL.reportComplianceTable.pathComponents, use: complianceTable)
    }

    func builder(_ request: Request) async throws -> Response {
        let model = try await BuilderPage.query(request.helpdesk, actor: try request.webSession().signedIn.principal,
                                                values: Self.builderValues(request))
        return request.render(BuilderPage.self, model)
    }

    func builderTable(_ request: Request) async throws -> Response {
        let model = try await BuilderPage.query(request.helpdesk, actor: try request.webSession().signedIn.principal,
                                                values: Self.builderValues(request))
        guard let answer = model.answer else { throw HelpdeskError.invalid("query", model.error ?? "The question cannot be answered.") }
        return Self.download(BuilderResponse.csv(answer), name: "report.csv")
    }

    func compliance(_ request: Request) async throws -> Response {
        let model = try await CompliancePage.query(request.helpdesk, actor: try request.webSession().signedIn.principal,
                                                   values: ReportsController.queryValues(request))
        return request.render(CompliancePage.self, model)
    }

    func complianceTable(_ request: Request) async throws -> Response {
        let model = try await CompliancePage.query(request.helpdesk, actor: try request.webSession().signedIn.principal,
                                                   values: ReportsController.queryValues(request))
        guard let report = model.report else { throw HelpdeskError.invalid("query", model.error ?? "The question cannot be answered.") }
        return Self.download(ComplianceResponse.csv(report), name: "sla-compliance.csv")
    }

    /// The page's query; a multiple select sends `groupBy` once per choice, the API takes a list.
    static func builderValues(_ request: Request) -> [String: String] {
        var values = ReportsController.queryValues(request)
        let items = URLComponents(string: request.url.string)?.queryItems ?? []
        let groupBy = items.filter { $0.name == "groupBy" }.compactMap(\.value).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        values["groupBy"] = groupBy.isEmpty ? nil : groupBy.joined(separator: ",")
        return values
    }

    static func download(_ csv: String, name: String) -> Response {
        let response = Response(status: .ok, body: .init(string: csv))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return response
    }

    func reports(_ request: Request) async throws -> Response {
        let model = try await ReportsPage.query(request.helpdesk, actor: try request.webSession().signedIn.principal, url: request.url)
        return request.render(ReportsPage.self, model)
    }

    func tickets(_ request: Request) async throws -> Response {
        let model = try await ReportTicketsPage.query(request.helpdesk, actor: try request.webSession().signedIn.principal, url: request.url)
        return request.render(ReportTicketsPage.self, model)
    }

    /// Table 1 as CSV, for the page's download link.
    func table(_ request: Request) async throws -> Response {
        let table = try await loadTable(request, splits: [])
        return Self.download(QuarterlyReportResponse.csv(table), name: "table-1.csv")
    }

    /// `figure-1.svg` (tickets assigned per month) or `figure-2.svg` (per week).
    func figure(_ request: Request) async throws -> Response {
        let name = request.parameters.get("figure") ?? ""
        guard name == "figure-1.svg" || name == "figure-2.svg" else { throw HelpdeskError.notFound("There is no figure '\(name)'.") }
        let table = try await loadTable(request, splits: [name == "figure-1.svg" ? .month : .week])
        let chart = name == "figure-1.svg" ? ReportsPage.monthlyChart(table) : ReportsPage.weeklyChart(table)
        let response = Response(status: .ok, body: .init(string: #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + chart.svg))
        response.headers.replaceOrAdd(name: .contentType, value: "image/svg+xml")
        return response
    }

    private func loadTable(_ request: Request, splits: [ReportSplit]) async throws -> QuarterlyTable {
        let principal = try request.webSession().signedIn.principal
        try ReportOperations.checkMayRead(principal)
        let range = try ReportRange.parse(from: request.query["from"], to: request.query["to"], zone: request.query["zone"],
                                          split: request.query["split"], now: request.helpdesk.clock.now())
        let unit = try await request.helpdesk.reports.reportUnit(request.query["unit"])
        return try await request.helpdesk.reports.quarterly(unit: unit, range: range, alsoSplitBy: splits, for: principal)
    }
}
