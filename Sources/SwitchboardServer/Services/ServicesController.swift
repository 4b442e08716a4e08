import AsyncHTTPClient
import Foundation
import SwitchboardCore
import Vapor

/// `/api/v1/services` (catalogue, availability, OLA reports), `/api/v1/monitoring` (results in,
/// endpoints' month) and `/api/v1/downtimes`.
struct ServicesController: RouteCollection {
    /// Monitoring batches, ARGO documents and GOCDB files may be large.
    static let importBodyLimit: ByteCount = "64mb"

    func boot(routes: any RoutesBuilder) throws {
        let services = routes.grouped("services")
        services.get(use: list)
        services.post(use: create)
        services.get(":service", use: show)
        services.put(":service", use: update)
        services.get(":service", "availability", use: availability)
        services.get(":service", "availability", "days", use: availabilityDays)
        services.get(":service", "ola-report", use: olaReport)
        services.put(":service", "ola-report", use: saveNarrative)
        services.post(":service", "ola-report", "publish", use: publish)
        let monitoring = routes.grouped("monitoring")
        monitoring.post(["results"], acceptingBodiesUpTo: Self.importBodyLimit, use: recordResults)
        monitoring.post(["argo"], acceptingBodiesUpTo: Self.importBodyLimit, use: importARGO)
        monitoring.get("endpoints", use: endpointsMonth)
        let downtimes = routes.grouped("downtimes")
        downtimes.get(use: listDowntimes)
        downtimes.post(use: createDowntime)
        downtimes.post(["gocdb"], acceptingBodiesUpTo: Self.importBodyLimit, use: importGOCDB)
        downtimes.delete(":downtimeID", use: deleteDowntime)
    }

    private func reference(_ request: Request) -> String { request.parameters.get("service") ?? "" }

    func list(_ request: Request) async throws -> [ServiceResponse] {
        try await request.helpdesk.services.all(for: try request.signedIn.principal).map(ServiceResponse.init)
    }

    func show(_ request: Request) async throws -> ServiceResponse {
        try ServiceResponse(try await request.helpdesk.services.find(reference(request), for: try request.signedIn.principal))
    }

    func create(_ request: Request) async throws -> Response {
        let service = try await request.helpdesk.services.create(try request.content.decode(ServiceInput.self), by: try request.signedIn.acting)
        let response = try await ServiceResponse(service).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/services/\(try service.requireID())")
        return response
    }

    func update(_ request: Request) async throws -> ServiceResponse {
        try ServiceResponse(try await request.helpdesk.services.update(reference(request), with: try request.content.decode(ServiceInput.self),
                                                                       by: try request.signedIn.acting))
    }

    func availability(_ request: Request) async throws -> [AvailabilityRowResponse] {
        let principal = try request.signedIn.principal
        let range = try MonthRange.parse(from: request.query["from"], to: request.query["to"], now: request.helpdesk.clock.now())
        let service = try await request.helpdesk.services.find(reference(request), for: principal)
        return try await request.helpdesk.availability.monthly(service, range: range, for: principal).map {
            AvailabilityRowResponse(month: $0.month.description, durations: $0.durations)
        }
    }

    func availabilityDays(_ request: Request) async throws -> [AvailabilityRowResponse] {
        let principal = try request.signedIn.principal
        let month = try Self.month(request)
        let service = try await request.helpdesk.services.find(reference(request), for: principal)
        return try await request.helpdesk.availability.daily(service, month: month, for: principal).map {
            AvailabilityRowResponse(day: $0.day.description, durations: $0.durations)
        }
    }

    /// `month=YYYY-MM`, by default the last full month.
    static func month(_ request: Request) throws -> YearMonth {
        guard let text = request.query[String.self, at: "month"], !text.isEmpty else {
            return YearMonth(containing: Int64(request.helpdesk.clock.now().timeIntervalSince1970)).previous
        }
        guard let month = YearMonth(text) else { throw HelpdeskError.invalid("month", "month is YYYY-MM.") }
        return month
    }

    /// JSON, or Markdown with `Accept: text/markdown`, or the performance table with `Accept: text/csv`.
    func olaReport(_ request: Request) async throws -> Response {
        let range = try MonthRange.parse(from: request.query["from"], to: request.query["to"], now: request.helpdesk.clock.now())
        let report = try await request.helpdesk.olaReports.report(service: reference(request), range: range, for: try request.signedIn.principal)
        let accept = request.headers.first(name: .accept) ?? ""
        if accept.contains("text/markdown") { return Self.text(OLAReportDocument.markdown(report), type: "text/markdown; charset=utf-8") }
        if accept.contains("text/csv") { return Self.text(OLAReportDocument.csv(report), type: "text/csv; charset=utf-8") }
        return try await OLAReportResponse(report).encodeResponse(for: request)
    }

    static func text(_ body: String, type: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: type)
        return response
    }

    func saveNarrative(_ request: Request) async throws -> OLAReportResponse {
        let range = try MonthRange.parse(from: request.query["from"], to: request.query["to"], now: request.helpdesk.clock.now())
        let narrative = try request.content.decode(OLANarrative.self)
        return try OLAReportResponse(try await request.helpdesk.olaReports.saveNarrative(narrative, service: reference(request), range: range,
                                                                                         by: try request.signedIn.acting))
    }

    func publish(_ request: Request) async throws -> OLAReportResponse {
        let range = try MonthRange.parse(from: request.query["from"], to: request.query["to"], now: request.helpdesk.clock.now())
        return try OLAReportResponse(try await request.helpdesk.olaReports.publish(service: reference(request), range: range, by: try request.signedIn.acting))
    }

    /// A batch (a JSON array) or one result (an object).
    func recordResults(_ request: Request) async throws -> MonitoringSummary {
        let first = request.body.data?.readableBytesView.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let results = first == UInt8(ascii: "[") ? try request.content.decode([MonitoringResultInput].self)
            : [try request.content.decode(MonitoringResultInput.self)]
        return try await request.helpdesk.monitoring.record(results, by: try request.signedIn.acting)
    }

    func importARGO(_ request: Request) async throws -> MonitoringSummary {
        try await request.helpdesk.monitoring.importARGO(Self.body(request), by: try request.signedIn.acting)
    }

    /// A `true`/`false` query parameter, false when absent.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        switch request.query[String.self, at: name] {
        case nil, "", "false": false
        case "true": true
        default: throw HelpdeskError.invalid(name, "\(name) is true or false.")
        }
    }

    static func body(_ request: Request) throws -> Data {
        guard let buffer = request.body.data, buffer.readableBytes > 0 else { throw HelpdeskError.invalid("body", "The request has no body.") }
        return Data(buffer.readableBytesView)
    }

    func endpointsMonth(_ request: Request) async throws -> [EndpointAvailabilityResponse] {
        let principal = try request.signedIn.principal
        let month = try Self.month(request)
        return try await request.helpdesk.availability.endpoints(in: month, for: principal).map {
            EndpointAvailabilityResponse(endpoint: $0.endpoint.reference, service: $0.endpoint.service.name,
                                         row: AvailabilityRowResponse(month: month.description, durations: $0.durations))
        }
    }

    func listDowntimes(_ request: Request) async throws -> [DowntimeResponse] {
        var bounds: [Int64?] = []
        for name in ["from", "to"] {
            guard let text = request.query[String.self, at: name], !text.isEmpty else { bounds.append(nil); continue }
            guard let instant = ISOInstant.parse(text) else { throw HelpdeskError.invalid(name, "\(name) is an ISO 8601 instant.") }
            bounds.append(Int64(instant.timeIntervalSince1970))
        }
        return try await request.helpdesk.downtimes.list(service: request.query[String.self, at: "service"], from: bounds[0], to: bounds[1],
                                                         for: try request.signedIn.principal).map(DowntimeResponse.init)
    }

    func createDowntime(_ request: Request) async throws -> Response {
        let downtime = try await request.helpdesk.downtimes.create(try request.content.decode(DowntimeInput.self), by: try request.signedIn.acting)
        return try await DowntimeResponse(downtime).encodeResponse(status: .created, for: request)
    }

    func importGOCDB(_ request: Request) async throws -> DowntimeImportSummary {
        let onlyKnown = try Self.flag(request, "onlyKnownEndpoints")
        return try await request.helpdesk.downtimes.importGOCDB(Self.body(request), onlyKnownEndpoints: onlyKnown, by: try request.signedIn.acting)
    }

    func deleteDowntime(_ request: Request) async throws -> HTTPStatus {
        guard let id = request.parameters.get("downtimeID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no downtime '\(request.parameters.get("downtimeID") ?? "")'.")
        }
        try await request.helpdesk.downtimes.delete(id, by: try request.signedIn.acting)
        return .noContent
    }
}
