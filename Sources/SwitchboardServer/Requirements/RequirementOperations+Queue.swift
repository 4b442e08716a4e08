import Fluent
import Foundation
import SwitchboardCore

/// What one sync of the requirements queue found.
public struct RequirementSyncReport: Sendable, Equatable {
    /// Requirements whose status was read.
    public var checked = 0
    public var resolved = 0
    public var rejected = 0
    /// The requirements whose status could not be read, with why (tried again next time).
    public var failures: [String] = []
}

extension RequirementOperations {
    /// "Open in the requirements queue": at or above the threshold, the requirement is spawned as
    /// a ticket of the queue with its subject, description and a link back, and the link is kept
    /// on our ticket, which waits on hold until the queue decides.
    ///
    /// The queue is called outside any transaction (it can be slow or down): first it is asked
    /// whether a ticket with this link exists already (a retry after a failure half-way finds
    /// the first one instead of spawning a second), then our ticket is changed in one change.
    /// When the queue cannot be reached, nothing is changed here and the error says so.
    @discardableResult
    public func routeToRequirementsQueue(
        ticketID: Int, note: String?, tracker: (any RequirementsTracker)?, by acting: Acting
    ) async throws -> RequirementAssessment {
        try Self.checkAssessor(acting.principal)
        var errors = FieldErrors()
        let noteText = TicketRules.validateText(note, field: "note", required: false, maxLength: TicketRules.commentMaxLength, into: &errors)
        try HelpdeskError.check(errors)
        let threshold = self.threshold
        let (ticket, _) = try await TicketLookup.readable(ticketID, by: acting.principal, on: helpdesk.database)
        let before = try await Self.requirement(ofTicket: ticketID, on: helpdesk.database)
        if let refusal = RequirementRules.refusal(route: .requirementsQueue, category: ticket.category, status: ticket.status, estimate: before?.personDays,
                                                 threshold: threshold, alreadySpawned: before?.route != nil) {
            throw HelpdeskError.conflict(refusal)
        }
        guard let tracker else {
            throw HelpdeskError.conflict(
                "This installation has no requirements queue (SWITCHBOARD_RT_URL, SWITCHBOARD_RT_QUEUE, SWITCHBOARD_RT_TOKEN); nothing was changed.")
        }
        let link = helpdesk.configuration.publicURL + SiteURL.ticket(.value(ticketID)).path
        let tracked: TrackedRequirement
        do {
            if let found = try await tracker.find(referringTo: link) {
                tracked = found
            } else {
                tracked = try await tracker.spawn(
                    subject: "\(ticket.subject) [\(helpdesk.configuration.subjectPrefix) #\(ticketID)]",
                    description: Self.trackerDescription(ticket, personDays: before!.personDays, link: link), link: link)
            }
        } catch {
            throw HelpdeskError.unavailable("The requirements queue could not take the requirement: \(error). Nothing was changed here; try again.")
        }
        return try await helpdesk.change(by: acting) { context in
            let database = context.database
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            let requirement = try await Self.requirement(ofTicket: ticketID, on: database)
            // Someone may have routed it while the queue answered; the queue's ticket carries the
            // link back and is found again by a later retry, never spawned twice.
            if let refusal = RequirementRules.refusal(route: .requirementsQueue, category: ticket.category, status: ticket.status,
                                                     estimate: requirement?.personDays, threshold: threshold, alreadySpawned: requirement?.route != nil) {
                throw HelpdeskError.conflict(refusal)
            }
            requirement!.route = .requirementsQueue
            requirement!.routedAt = context.now
            requirement!.trackerID = tracked.id
            requirement!.trackerURL = tracked.url
            requirement!.trackerStatus = "new"
            try await requirement!.save(on: database)
            try await TicketLifecycle.touch(ticket, in: context)
            try await EventRecorder.record(
                TicketEventRecord(kind: .fieldChanged, changes: [FieldChange(field: "requirementsQueue", before: nil, after: "#\(tracked.id) \(tracked.url)")],
                                  rule: "requirement-routing"),
                on: ticket, in: context)
            let told = "The requirement (about \(RequirementRules.format(requirement!.personDays)) person-days of work) is in EGI's requirements queue "
                + "as ticket #\(tracked.id): \(tracked.url)\nThis ticket waits on hold until the requirement is decided there."
            try await TicketLifecycle.appendComment(told + (noteText.map { "\n\n\($0)" } ?? ""), visibility: .public, to: ticket, in: context)
            if ticket.status != .onHold {
                try await TicketLifecycle.setStatus(ticket, to: .onHold, note: nil, rule: "requirement-routing", in: context)
            }
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: false, in: context)
            return RequirementAssessment(ticketID: ticketID, requirement: requirement, threshold: threshold)
        }
    }

    static func trackerDescription(_ ticket: TicketModel, personDays: Double, link: String) -> String {
        var lines = [ticket.description, "", "--", "Estimated effort: \(RequirementRules.format(personDays)) person-days (assessed by software support)."]
        if let component = ticket.component { lines.append("Component: \(component)\(ticket.componentVersion.map { " \($0)" } ?? "")") }
        if let vo = ticket.virtualOrganisation { lines.append("VO: \(vo)") }
        lines.append("Helpdesk ticket: \(link)")
        return lines.joined(separator: "\n")
    }

    /// Reads back the status of every requirement in the queue that is not decided yet: resolved
    /// or rejected there solves our ticket with a public note that points to it. A requirement
    /// whose status cannot be read is tried again next time; the others go on.
    public func sync(tracker: any RequirementsTracker) async throws -> RequirementSyncReport {
        let pending = try await RequirementModel.query(on: helpdesk.database)
            .filter(\.$route == .requirementsQueue).filter(\.$decidedAt == nil).filter(\.$trackerID != nil)
            .sort(\.$routedAt).all()
        var report = RequirementSyncReport()
        for requirement in pending {
            let ticketID = requirement.$ticket.id
            let status: String
            do {
                status = try await tracker.status(of: requirement.trackerID!)
            } catch {
                report.failures.append("ticket #\(ticketID) (queue #\(requirement.trackerID!)): \(error)")
                continue
            }
            report.checked += 1
            let outcome = try await helpdesk.change(by: .system) { context in
                try await Self.record(status: status, ofRequirementFor: ticketID, in: context)
            }
            switch outcome {
            case .resolved?: report.resolved += 1
            case .rejected?: report.rejected += 1
            case .pending?, nil: break
            }
        }
        return report
    }

    /// A sync asked for by a person (second line, administrators), e.g. after the queue was down.
    public func sync(tracker: (any RequirementsTracker)?, by acting: Acting) async throws -> RequirementSyncReport {
        try Self.checkAssessor(acting.principal)
        guard let tracker else {
            throw HelpdeskError.conflict("This installation has no requirements queue (SWITCHBOARD_RT_URL, SWITCHBOARD_RT_QUEUE, SWITCHBOARD_RT_TOKEN).")
        }
        return try await sync(tracker: tracker)
    }

    /// Inside a change: the queue's status of one requirement; when the queue decided, our
    /// ticket is solved (if still open) with the note that says how. Returns the outcome
    /// recorded, nil when it had been recorded before.
    static func record(status: String, ofRequirementFor ticketID: Int, in context: ChangeContext) async throws -> TrackedRequirementOutcome? {
        try await TicketLookup.lock(ticketID, on: context.database)
        guard let requirement = try await requirement(ofTicket: ticketID, on: context.database), requirement.decidedAt == nil,
              let trackerID = requirement.trackerID, let ticket = try await TicketModel.find(ticketID, on: context.database) else { return nil }
        requirement.trackerStatus = status
        requirement.checkedAt = context.now
        let outcome = TrackedRequirementOutcome(trackerStatus: status)
        if let note = outcome.note(trackerID: trackerID, url: requirement.trackerURL ?? "") {
            requirement.decidedAt = context.now
            if ticket.status.isOpen {
                try await TicketLifecycle.setStatus(ticket, to: .solved, note: note, rule: "requirements-queue",
                                                    alsoChanging: [FieldChange(field: "requirement", before: nil, after: outcome.rawValue)], in: context)
            } else {
                try await TicketLifecycle.appendComment(note, visibility: .public, to: ticket, in: context)
            }
        }
        try await requirement.save(on: context.database)
        return outcome
    }
}
