import Foundation
import SwitchboardCore
import Vapor

/// `PUT /api/v1/tickets/{id}/estimate`, `POST /api/v1/tickets/{id}/requirement-routing`,
/// `GET /api/v1/tickets/{id}/requirement`, the report `GET /api/v1/requirements` and
/// `POST /api/v1/requirements/sync`.
struct RequirementsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.put("tickets", ":ticketID", "estimate", use: estimate)
        routes.post("tickets", ":ticketID", "requirement-routing", use: route)
        routes.get("tickets", ":ticketID", "requirement", use: assessment)
        routes.get("requirements", use: report)
        routes.post("requirements", "sync", use: sync)
    }

    struct EstimateInput: Content {
        var personDays: Double?
        var note: String?
    }

    struct RoutingInput: Content {
        /// `product-team` or `requirements-queue`.
        var to: String?
        /// The product team (a third-line unit's id or name), for `product-team`.
        var unit: String?
        var note: String?
    }

    func estimate(_ request: Request) async throws -> RequirementResponse {
        let input = try request.content.decode(EstimateInput.self)
        return RequirementResponse(try await request.helpdesk.requirements.estimate(
            ticketID: try request.pathID("ticketID"), personDays: input.personDays, note: input.note, by: try request.signedIn.acting))
    }

    func route(_ request: Request) async throws -> RequirementResponse {
        let input = try request.content.decode(RoutingInput.self)
        let id = try request.pathID("ticketID")
        let acting = try request.signedIn.acting
        let helpdesk = request.helpdesk
        switch try parseOptional(input.to, as: RequirementRoute.self, field: "to") {
        case .productTeam?:
            return RequirementResponse(try await helpdesk.requirements.routeToProductTeam(ticketID: id, unit: input.unit, note: input.note, by: acting))
        case .requirementsQueue?:
            if input.unit != nil { throw HelpdeskError.invalid("unit", "The requirements queue takes no unit; leave it out.") }
            return RequirementResponse(try await helpdesk.requirements.routeToRequirementsQueue(
                ticketID: id, note: input.note, tracker: request.application.requirementsTracker, by: acting))
        case nil:
            throw HelpdeskError.invalid("to", "Say where it goes: product-team or requirements-queue.")
        }
    }

    func assessment(_ request: Request) async throws -> RequirementResponse {
        RequirementResponse(try await request.helpdesk.requirements.assessment(ofTicket: try request.pathID("ticketID"), for: try request.signedIn.principal))
    }

    func report(_ request: Request) async throws -> [RequirementReportLine] {
        let stage = try parseOptional(request.query[String.self, at: "stage"], as: RequirementStage.self, field: "stage")
        let limit = try request.query.decode(LimitQuery.self).limit ?? 500
        guard (1...RequirementOperations.reportMaxRows).contains(limit) else {
            throw HelpdeskError.invalid("limit", "The limit is from 1 to \(RequirementOperations.reportMaxRows).")
        }
        return try await request.helpdesk.requirements.report(stage: stage, limit: limit, for: try request.signedIn.principal)
            .map(RequirementReportLine.init)
    }

    struct LimitQuery: Decodable { var limit: Int? }

    func sync(_ request: Request) async throws -> RequirementSyncResponse {
        RequirementSyncResponse(try await request.helpdesk.requirements.sync(
            tracker: request.application.requirementsTracker, by: try request.signedIn.acting))
    }
}

struct RequirementResponse: Content {
    var ticket: Int
    var personDays: Double?
    var estimatedAt: Date?
    var estimatedBy: String?
    var thresholdPersonDays: Double
    /// The route the estimate allows.
    var allowedRoute: RequirementRoute?
    var route: RequirementRoute?
    var routedAt: Date?
    var trackerId: String?
    var trackerUrl: String?
    var trackerStatus: String?
    var stage: RequirementStage

    init(_ assessment: RequirementAssessment) {
        ticket = assessment.ticketID
        personDays = assessment.personDays
        estimatedAt = assessment.estimatedAt
        estimatedBy = assessment.estimatedBy
        thresholdPersonDays = assessment.thresholdPersonDays
        allowedRoute = assessment.allowedRoute
        route = assessment.route
        routedAt = assessment.routedAt
        trackerId = assessment.trackerID
        trackerUrl = assessment.trackerURL
        trackerStatus = assessment.trackerStatus
        stage = assessment.stage
    }

    /// Every key, `null` when absent: the document says so.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(personDays, forKey: .personDays)
        try container.encode(estimatedAt, forKey: .estimatedAt)
        try container.encode(estimatedBy, forKey: .estimatedBy)
        try container.encode(thresholdPersonDays, forKey: .thresholdPersonDays)
        try container.encode(allowedRoute, forKey: .allowedRoute)
        try container.encode(route, forKey: .route)
        try container.encode(routedAt, forKey: .routedAt)
        try container.encode(trackerId, forKey: .trackerId)
        try container.encode(trackerUrl, forKey: .trackerUrl)
        try container.encode(trackerStatus, forKey: .trackerStatus)
        try container.encode(stage, forKey: .stage)
    }
}

struct RequirementReportLine: Content {
    var ticket: Int
    var subject: String
    var status: TicketStatus
    var unit: String
    var createdAt: Date
    var personDays: Double?
    var estimatedBy: String?
    var route: RequirementRoute?
    var routedAt: Date?
    var trackerId: String?
    var trackerUrl: String?
    var trackerStatus: String?
    var stage: RequirementStage

    init(_ row: RequirementReportRow) {
        ticket = row.ticketID
        subject = row.subject
        status = row.status
        unit = row.unitName
        createdAt = row.createdAt
        personDays = row.personDays
        estimatedBy = row.estimatedBy
        route = row.route
        routedAt = row.routedAt
        trackerId = row.trackerID
        trackerUrl = row.trackerURL
        trackerStatus = row.trackerStatus
        stage = row.stage
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(subject, forKey: .subject)
        try container.encode(status, forKey: .status)
        try container.encode(unit, forKey: .unit)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(personDays, forKey: .personDays)
        try container.encode(estimatedBy, forKey: .estimatedBy)
        try container.encode(route, forKey: .route)
        try container.encode(routedAt, forKey: .routedAt)
        try container.encode(trackerId, forKey: .trackerId)
        try container.encode(trackerUrl, forKey: .trackerUrl)
        try container.encode(trackerStatus, forKey: .trackerStatus)
        try container.encode(stage, forKey: .stage)
    }
}

struct RequirementSyncResponse: Content {
    var checked: Int
    var resolved: Int
    var rejected: Int
    var failures: [String]

    init(_ report: RequirementSyncReport) {
        checked = report.checked
        resolved = report.resolved
        rejected = report.rejected
        failures = report.failures
    }
}
