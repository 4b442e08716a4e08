import Fluent
import Foundation
import SwitchboardCore

/// Requirement assessment (seed 000, "Requirement assessment"; the rules are
/// `RequirementRules` in the core): second line estimates a requirement's effort; below the
/// threshold it goes to a product team as a `less urgent` ticket, at or above it it is spawned
/// into the requirements queue (Request Tracker), and the queue's decision comes back by sync.
public struct RequirementOperations: Sendable {
    let helpdesk: Helpdesk
}

extension Helpdesk {
    public var requirements: RequirementOperations { RequirementOperations(helpdesk: self) }
}

/// A requirement ticket's assessment as pages and the API show it.
public struct RequirementAssessment: Sendable {
    public var ticketID: Int
    public var personDays: Double?
    public var estimatedAt: Date?
    public var estimatedBy: String?
    public var route: RequirementRoute?
    public var routedAt: Date?
    public var trackerID: String?
    public var trackerURL: String?
    public var trackerStatus: String?
    public var checkedAt: Date?
    public var outcome: TrackedRequirementOutcome?
    /// The route the estimate allows; nil until estimated.
    public var allowedRoute: RequirementRoute?
    public var thresholdPersonDays: Double

    init(ticketID: Int, requirement: RequirementModel?, threshold: Double) {
        self.ticketID = ticketID
        personDays = requirement?.personDays
        estimatedAt = requirement?.estimatedAt
        estimatedBy = requirement?.estimatedBy
        route = requirement?.route
        routedAt = requirement?.routedAt
        trackerID = requirement?.trackerID
        trackerURL = requirement?.trackerURL
        trackerStatus = requirement?.trackerStatus
        checkedAt = requirement?.checkedAt
        outcome = requirement?.outcome
        allowedRoute = requirement.map { RequirementRules.route(forEstimate: $0.personDays, threshold: threshold) }
        thresholdPersonDays = threshold
    }

    public var stage: RequirementStage { RequirementStage(estimated: personDays != nil, route: route, outcome: outcome) }
}

extension RequirementOperations {
    var threshold: Double { helpdesk.configuration.requirements.thresholdPersonDays }

    /// A requirement ticket's assessment, for whoever may read the ticket; the estimate is
    /// second line's work and shown to supporters only.
    public func assessment(ofTicket ticketID: Int, for principal: Principal) async throws -> RequirementAssessment {
        let (ticket, access) = try await TicketLookup.readable(ticketID, by: principal, on: helpdesk.database)
        guard ticket.category == .requirement else {
            throw HelpdeskError.notFound("Ticket #\(ticketID) is not a requirement.")
        }
        guard Permissions.allows(principal, .seeInternal, on: access) else {
            throw HelpdeskError.forbidden("The assessment of a requirement is for supporters.")
        }
        return try await assessment(ofReadTicket: ticketID)
    }

    /// The assessment of a requirement ticket the caller has read, and found the reader may see
    /// internal work on (the ticket page).
    func assessment(ofReadTicket ticketID: Int) async throws -> RequirementAssessment {
        RequirementAssessment(ticketID: ticketID, requirement: try await Self.requirement(ofTicket: ticketID, on: helpdesk.database), threshold: threshold)
    }

    static func requirement(ofTicket ticketID: Int, on database: any Database) async throws -> RequirementModel? {
        try await RequirementModel.query(on: database).filter(\.$ticket.$id == ticketID).first()
    }

    static func checkAssessor(_ principal: Principal) throws {
        guard RequirementRules.mayAssess(principal) else {
            throw HelpdeskError.forbidden("Only second line (members of a second-line unit) and administrators assess requirements.")
        }
    }

    /// Second line's effort estimate; it may change until the requirement is routed. The event
    /// is internal: the assessment is the supporters' work.
    @discardableResult
    public func estimate(ticketID: Int, personDays: Double?, note: String?, by acting: Acting) async throws -> RequirementAssessment {
        try Self.checkAssessor(acting.principal)
        var errors = FieldErrors()
        let days = RequirementRules.validateEstimate(personDays, into: &errors)
        let noteText = TicketRules.validateText(note, field: "note", required: false, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        let threshold = self.threshold
        return try await helpdesk.change(by: acting) { context in
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            guard ticket.category == .requirement else {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is of category \(ticket.category.rawValue); only requirements are estimated.")
            }
            guard ticket.status.isOpen else {
                throw HelpdeskError.conflict("Ticket #\(ticketID) is \(ticket.status.rawValue); only open requirements are estimated.")
            }
            let existing = try await Self.requirement(ofTicket: ticketID, on: context.database)
            if let route = existing?.route {
                throw HelpdeskError.conflict("The requirement went to the \(route == .productTeam ? "product team" : "requirements queue") already; its estimate stays.")
            }
            let requirement = existing ?? RequirementModel()
            let before = existing.map { "\(RequirementRules.format($0.personDays)) person-days" }
            if existing == nil {
                requirement.id = UUID()
                requirement.$ticket.id = ticketID
            }
            requirement.personDays = days!
            requirement.estimatedAt = context.now
            requirement.estimatedBy = context.acting.name
            try await requirement.save(on: context.database)
            try await TicketLifecycle.touch(ticket, in: context)
            try await EventRecorder.record(
                TicketEventRecord(kind: .fieldChanged, visibility: .internal,
                                  changes: [FieldChange(field: "estimate", before: before, after: "\(RequirementRules.format(days!)) person-days")],
                                  note: noteText),
                on: ticket, in: context)
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: false, in: context)
            return RequirementAssessment(ticketID: ticketID, requirement: requirement, threshold: threshold)
        }
    }

    /// "Assign to product team as requirement": below the threshold, the ticket goes to the
    /// chosen third-line unit with priority `less urgent`, in one change.
    @discardableResult
    public func routeToProductTeam(ticketID: Int, unit unitReference: String?, note: String?, by acting: Acting) async throws -> RequirementAssessment {
        try Self.checkAssessor(acting.principal)
        var errors = FieldErrors()
        if (unitReference ?? "").isEmpty { errors.add("unit", "Choose the product team (a third-line unit).") }
        let noteText = TicketRules.validateText(note, field: "note", required: false, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        let threshold = self.threshold
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            guard let unit = try await UnitOperations.unit(unitReference!, on: database) else {
                throw HelpdeskError.invalid("unit", "There is no support unit '\(unitReference!)'.")
            }
            guard unit.tier == .thirdLine else {
                throw HelpdeskError.invalid("unit", "\(unit.name) is a \(unit.tier.rawValue) unit; a requirement goes to a product team (third line).")
            }
            let requirement = try await Self.requirement(ofTicket: ticketID, on: database)
            if let refusal = RequirementRules.refusal(route: .productTeam, category: ticket.category, status: ticket.status, estimate: requirement?.personDays,
                                                     threshold: threshold, alreadySpawned: requirement?.route != nil) {
                throw HelpdeskError.conflict(refusal)
            }
            let days = RequirementRules.format(requirement!.personDays)
            if ticket.priority != RequirementRules.productTeamPriority {
                let previous = ticket.priority
                ticket.setPriority(RequirementRules.productTeamPriority)
                try await EventRecorder.record(
                    TicketEventRecord(kind: .priorityChanged,
                                      changes: [FieldChange(field: "priority", before: previous.rawValue, after: ticket.priority.rawValue)],
                                      note: "A requirement of \(days) person-days goes to the product team as a less urgent ticket.",
                                      rule: "requirement-routing"),
                    on: ticket, in: context)
            }
            if ticket.$supportUnit.id != unit.id {
                let previousAssignee = try await ticket.$assignee.current(on: database)?.displayName
                try await TicketOperations.route(ticket, to: unit, assignee: nil, previousAssignee: previousAssignee, rule: "requirement-routing", in: context)
            } else {
                try await TicketLifecycle.touch(ticket, in: context)
                try await ResponseClocks.retarget(ticket, in: context)
            }
            if let noteText {
                try await TicketLifecycle.appendComment(noteText, visibility: .public, to: ticket, in: context)
            }
            requirement!.route = .productTeam
            requirement!.routedAt = context.now
            try await requirement!.save(on: database)
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: false, in: context)
            return RequirementAssessment(ticketID: ticketID, requirement: requirement, threshold: threshold)
        }
    }
}
